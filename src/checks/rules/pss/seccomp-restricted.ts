import { containerRule, where } from '../../_rule';
import { Severity } from '../../finding';

export const seccompRestricted = containerRule({
  id: 'CS125',
  title: 'No seccomp profile',
  severity: Severity.ERROR,
  description: 'Fails when a container has no seccomp profile of type RuntimeDefault or Localhost, set on itself or inherited from the pod (Linux pods).',
  rationale: "The runtime's default seccomp profile blocks syscalls that containers never need and many kernel exploits use.",
  fix: 'Set spec.securityContext.seccompProfile.type: RuntimeDefault.',
  references: ['PSS restricted: Seccomp', 'Polaris: linuxHardening', 'Trivy: KSV-0030', 'NSA: Pod security'],
}, (c, pod) => {
  if (pod.spec.os?.name === 'windows') return [];
  const t = c.effective.seccompType;
  if (t === 'RuntimeDefault' || t === 'Localhost') return [];
  return [{
    path: c.effective.from.seccompType,
    message: t === undefined ? `${where(c)} has no seccomp profile` : `${where(c)} has seccomp profile ${t}`,
  }];
});
