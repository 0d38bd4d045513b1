import { podRule } from '../../_rule';
import { Severity } from '../../finding';

export const hostNamespaces = podRule({
  id: 'CS102',
  title: 'Host namespaces shared',
  severity: Severity.ERROR,
  description: 'Fails when the pod sets hostNetwork, hostPID or hostIPC to true.',
  rationale: "Sharing the node's network, process or IPC namespace lets the pod see and reach the node and every other pod on it.",
  fix: 'Remove hostNetwork, hostPID and hostIPC from the pod spec.',
  references: ['PSS baseline: Host Namespaces', 'Polaris: hostNetworkSet, hostPIDSet, hostIPCSet', 'Trivy: KSV-0008, KSV-0009, KSV-0010', 'NSA: Pod security'],
}, (pod) => (['hostNetwork', 'hostPID', 'hostIPC'] as const)
  .filter(f => pod.spec[f] === true)
  .map(f => ({ path: [...pod.path, f], message: `the pod sets ${f}: true` })));
