import { podRule, RawFinding, where } from '../../_rule';
import { Severity } from '../../finding';

const validType = (t: unknown) => t === undefined || t === null || t === 'RuntimeDefault' || t === 'Localhost';

export const seccompBaseline = podRule({
  id: 'CS110',
  title: 'Seccomp explicitly Unconfined',
  severity: Severity.ERROR,
  description: 'Fails when the pod or a container sets seccompProfile.type to anything other than RuntimeDefault or Localhost (Unconfined, or any other value).',
  rationale: 'Unconfined turns off syscall filtering, which blocks many kernel exploits.',
  fix: 'Set seccompProfile.type to RuntimeDefault (or Localhost with a profile).',
  references: ['PSS baseline: Seccomp', 'Trivy: KSV-0104'],
}, (pod) => {
  const out: RawFinding[] = [];
  const podType = pod.spec.securityContext?.seccompProfile?.type;
  if (!validType(podType)) {
    out.push({ path: [...pod.path, 'securityContext', 'seccompProfile', 'type'], message: `the pod sets seccompProfile.type ${podType}` });
  }
  for (const c of pod.containers) {
    const t = c.spec.securityContext?.seccompProfile?.type;
    if (!validType(t)) {
      out.push({ path: [...c.path, 'securityContext', 'seccompProfile', 'type'], container: c.name, message: `${where(c)} sets seccompProfile.type ${t}` });
    }
  }
  return out;
});
