import { pssMinor, userNamespacePod } from './_version';
import { podRule, RawFinding, where } from '../../_rule';
import { Severity } from '../../finding';

export const runAsNonRoot = podRule({
  id: 'CS123',
  title: 'Not required to run as non-root',
  severity: Severity.ERROR,
  description: 'Fails when a container is not required to run as non-root: runAsNonRoot must be true on the pod or on every container, and false nowhere. From v1.35 pods with hostUsers: false are exempt.',
  rationale: 'With runAsNonRoot the kubelet refuses to start a container whose user is root, whatever the image says.',
  fix: 'Set spec.securityContext.runAsNonRoot: true (and a numeric runAsUser above 10000).',
  references: ['PSS restricted: Running as Non-root', 'CIS 5.2.7', 'Polaris: runAsRootAllowed', 'Trivy: KSV-0012', 'NSA: Pod security'],
}, (pod, ctx) => {
  // From v1.35 admission skips this control for pods in their own user namespace (root there is not root on the node).
  if (userNamespacePod(pod.spec, pssMinor(ctx))) return [];
  const out: RawFinding[] = [];
  const podValue = pod.spec.securityContext?.runAsNonRoot;
  if (podValue === false) {
    out.push({ path: [...pod.path, 'securityContext', 'runAsNonRoot'], message: 'the pod sets runAsNonRoot: false' });
  }
  for (const c of pod.containers) {
    const own = c.spec.securityContext?.runAsNonRoot;
    if (own === false) {
      out.push({ path: [...c.path, 'securityContext', 'runAsNonRoot'], container: c.name, message: `${where(c)} sets runAsNonRoot: false` });
    } else if (own !== true && podValue !== true) {
      out.push({ path: [...c.path, 'securityContext', 'runAsNonRoot'], container: c.name, message: `${where(c)} is not required to run as non-root (runAsNonRoot is not set on it or on the pod)` });
    }
  }
  return out;
});
