import { podRule, RawFinding, where } from '../../_rule';
import { Severity } from '../../finding';

export const lowIds = podRule({
  id: 'CS213',
  title: 'uid or gid at or below 10000',
  severity: Severity.WARNING,
  description: 'Warns when runAsUser (1-10000), runAsGroup or fsGroup (0-10000) is set to a low id.',
  rationale: 'Low ids may collide with real users on the node; if the container escapes, it acts as that user. uid 0 is reported by CS124.',
  fix: 'Use an id above 10000 (e.g. 65532, the distroless "nonroot" user).',
  references: ['Trivy: KSV-0020, KSV-0021', 'kube-score: container-security-context-user-group-id'],
}, (pod) => {
  const out: RawFinding[] = [];
  const low = (v: unknown, min: number) => typeof v === 'number' && v >= min && v <= 10000;
  const podSc = pod.spec.securityContext ?? {};
  if (low(podSc.runAsUser, 1)) out.push({ path: [...pod.path, 'securityContext', 'runAsUser'], message: `the pod sets runAsUser ${podSc.runAsUser}` });
  if (low(podSc.runAsGroup, 0)) out.push({ path: [...pod.path, 'securityContext', 'runAsGroup'], message: `the pod sets runAsGroup ${podSc.runAsGroup}` });
  if (low(podSc.fsGroup, 0)) out.push({ path: [...pod.path, 'securityContext', 'fsGroup'], message: `the pod sets fsGroup ${podSc.fsGroup}` });
  for (const c of pod.containers) {
    const sc = c.spec.securityContext ?? {};
    if (low(sc.runAsUser, 1)) out.push({ path: [...c.path, 'securityContext', 'runAsUser'], container: c.name, message: `${where(c)} sets runAsUser ${sc.runAsUser}` });
    if (low(sc.runAsGroup, 0)) out.push({ path: [...c.path, 'securityContext', 'runAsGroup'], container: c.name, message: `${where(c)} sets runAsGroup ${sc.runAsGroup}` });
  }
  return out;
});
