import { pssMinor, userNamespacePod } from './_version';
import { podRule, RawFinding, where } from '../../_rule';
import { Severity } from '../../finding';

export const runAsUserRoot = podRule({
  id: 'CS124',
  title: 'Runs as uid 0',
  severity: Severity.ERROR,
  description: 'Fails when the pod or a container sets runAsUser: 0. From v1.35 pods with hostUsers: false are exempt.',
  rationale: 'uid 0 is root; a root process that escapes the container is root on the node.',
  fix: 'Set runAsUser to a numeric id above 10000 (e.g. 65532).',
  references: ['PSS restricted: Running as Non-root user', 'Trivy: KSV-0105'],
}, (pod, ctx) => {
  // From v1.35 admission skips this control for pods in their own user namespace (root there is not root on the node).
  if (userNamespacePod(pod.spec, pssMinor(ctx))) return [];
  const out: RawFinding[] = [];
  if (pod.spec.securityContext?.runAsUser === 0) {
    out.push({ path: [...pod.path, 'securityContext', 'runAsUser'], message: 'the pod sets runAsUser: 0' });
  }
  for (const c of pod.containers) {
    if (c.spec.securityContext?.runAsUser === 0) {
      out.push({ path: [...c.path, 'securityContext', 'runAsUser'], container: c.name, message: `${where(c)} sets runAsUser: 0` });
    }
  }
  return out;
});
