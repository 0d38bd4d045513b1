import { podRule } from '../../_rule';
import { Severity } from '../../finding';

export const automountToken = podRule({
  id: 'CS211',
  title: 'Service account token mounted',
  severity: Severity.ERROR,
  description: 'Fails when the pod does not set automountServiceAccountToken: false.',
  rationale: 'Most applications never call the Kubernetes API; a mounted token is a credential an attacker gets for free.',
  fix: 'Set spec.automountServiceAccountToken: false, or mount a projected token only in the pod that needs it.',
  references: ['CIS 5.1.6', 'NSA: Pod security', 'Polaris: automountServiceAccountToken', 'Trivy: KSV-0036'],
}, (pod) => pod.spec.automountServiceAccountToken === false ? [] : [{
  path: [...pod.path, 'automountServiceAccountToken'],
  message: pod.spec.automountServiceAccountToken === true ? 'the pod sets automountServiceAccountToken: true' : 'the pod does not set automountServiceAccountToken: false',
}]);
