import { podRule, RawFinding, where } from '../../_rule';
import { Severity } from '../../finding';

export const hostProcess = podRule({
  id: 'CS101',
  title: 'Windows HostProcess containers',
  severity: Severity.ERROR,
  description: 'Fails when the pod or a container sets securityContext.windowsOptions.hostProcess to true.',
  rationale: 'A HostProcess container runs directly on the Windows node with full access to it.',
  fix: 'Remove windowsOptions.hostProcess (or set it to false).',
  references: ['PSS baseline: HostProcess'],
}, (pod) => {
  const out: RawFinding[] = [];
  if (pod.spec.securityContext?.windowsOptions?.hostProcess === true) {
    out.push({ path: [...pod.path, 'securityContext', 'windowsOptions', 'hostProcess'], message: 'the pod sets windowsOptions.hostProcess: true' });
  }
  for (const c of pod.containers) {
    if (c.spec.securityContext?.windowsOptions?.hostProcess === true) {
      out.push({ path: [...c.path, 'securityContext', 'windowsOptions', 'hostProcess'], container: c.name, message: `${where(c)} sets windowsOptions.hostProcess: true` });
    }
  }
  return out;
});
