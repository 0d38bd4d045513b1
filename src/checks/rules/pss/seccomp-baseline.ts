import { podRule, RawFinding, where } from '../../_rule';
import { Severity } from '../../finding';

export const seccompBaseline = podRule({
  id: 'CS110',
  title: 'Seccomp explicitly Unconfined',
  severity: Severity.ERROR,
  description: 'Fails when the pod or a container sets seccompProfile.type to Unconfined.',
  rationale: 'Unconfined turns off syscall filtering, which blocks many kernel exploits.',
  fix: 'Set seccompProfile.type to RuntimeDefault (or Localhost with a profile).',
  references: ['PSS baseline: Seccomp', 'Trivy: KSV-0104'],
}, (pod) => {
  const out: RawFinding[] = [];
  if (pod.spec.securityContext?.seccompProfile?.type === 'Unconfined') {
    out.push({ path: [...pod.path, 'securityContext', 'seccompProfile', 'type'], message: 'the pod sets seccompProfile.type Unconfined' });
  }
  for (const c of pod.containers) {
    if (c.spec.securityContext?.seccompProfile?.type === 'Unconfined') {
      out.push({ path: [...c.path, 'securityContext', 'seccompProfile', 'type'], container: c.name, message: `${where(c)} sets seccompProfile.type Unconfined` });
    }
  }
  return out;
});
