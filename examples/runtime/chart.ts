// Runtime security for the hardening guide's shop: Falco rules, shipped as a ConfigMap that Falco mounts
// at /etc/falco/rules.d (this chart) and as values for the falco Helm chart (see main.ts).
// In an app repo the import is `from 'cdk8s-secure'`.
import { Chart, ChartProps } from 'cdk8s';
import { Construct } from 'constructs';
import { FalcoPresets, FalcoPriority, FalcoRules } from '../../src';

export class RuntimeChart extends Chart {
  /** The shop's Falco rules file. */
  public readonly falcoRules: FalcoRules;

  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, props);

    this.falcoRules = new FalcoRules(this, 'falco-rules', {
      fileName: 'shop-rules.yaml',
      rules: [
        // The guide's "Detect shell in container", on the default spawned_process macro (execve and execveat).
        FalcoPresets.shellInContainer(),
        FalcoPresets.writeBelowEtc(),
        FalcoPresets.packageManagementInContainer(),
        FalcoPresets.readSensitiveFile(),
      ],
    });

    // Our own list, macro and rule: each is validated as it is added (names, syntax, references).
    this.falcoRules.addList({ list: 'shop_network_tools', items: ['nc', 'ncat', 'socat', 'nmap', 'tcpdump'] });
    this.falcoRules.addMacro({ macro: 'shop_network_tool_procs', condition: 'proc.name in (shop_network_tools)' });
    this.falcoRules.addRule({
      rule: 'Network tool in shop container',
      desc: 'A network tool ran in a container of the shop namespace.',
      condition: 'spawned_process and container and k8s.ns.name = shop and shop_network_tool_procs',
      output: 'Network tool in shop container (tool=%proc.name cmdline=%proc.cmdline pod=%k8s.pod.name image=%container.image.repository)',
      priority: FalcoPriority.NOTICE,
      tags: ['shop', 'network', 'mitre_discovery'],
    });
  }
}
