import { containerRule, where } from '../../_rule';
import { Severity } from '../../finding';

export const privileged = containerRule({
  id: 'CS103',
  title: 'Privileged container',
  severity: Severity.ERROR,
  description: 'Fails when a container sets securityContext.privileged to true.',
  rationale: 'A privileged container has every capability and all host devices: it is root on the node.',
  fix: 'Set securityContext.privileged to false (or leave it out) and grant only the capability the process needs.',
  references: ['PSS baseline: Privileged Containers', 'CIS 5.2.1', 'Polaris: runAsPrivileged', 'kube-linter: privileged-container', 'Trivy: KSV-0017', 'Checkov: CKV_K8S_16'],
}, (c) => c.spec.securityContext?.privileged === true
  ? [{ path: [...c.path, 'securityContext', 'privileged'], message: `${where(c)} is privileged` }]
  : []);
