import { containerRule, where } from '../../_rule';
import { Severity } from '../../finding';

export const privilegeEscalation = containerRule({
  id: 'CS122',
  title: 'Privilege escalation allowed',
  severity: Severity.ERROR,
  description: 'Fails when a container does not set securityContext.allowPrivilegeEscalation to false (Linux pods).',
  rationale: 'Without it, setuid binaries or file capabilities let a process gain more privileges than its parent (no_new_privs is off).',
  fix: 'Set securityContext.allowPrivilegeEscalation: false on every container.',
  references: ['PSS restricted: Privilege Escalation', 'CIS 5.2.6', 'Polaris: privilegeEscalationAllowed', 'Trivy: KSV-0001', 'NSA: Pod security'],
}, (c, pod) => {
  if (pod.spec.os?.name === 'windows') return [];
  const v = c.spec.securityContext?.allowPrivilegeEscalation;
  return v === false ? [] : [{
    path: [...c.path, 'securityContext', 'allowPrivilegeEscalation'],
    message: v === true ? `${where(c)} sets allowPrivilegeEscalation: true` : `${where(c)} does not set allowPrivilegeEscalation: false`,
  }];
});
