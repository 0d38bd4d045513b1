import { collectVap, VapSummary } from './_admission';
import { SetRule } from '../../_rule';
import { Severity } from '../../finding';

export const bindingWithoutPolicy: SetRule<VapSummary> = {
  id: 'CS602',
  title: 'Binding to a ValidatingAdmissionPolicy not in the input',
  severity: Severity.WARNING,
  description: 'Warns when a ValidatingAdmissionPolicyBinding names a policyName that no ValidatingAdmissionPolicy in the same input has.',
  rationale: 'The API server accepts a binding to a policy that does not exist and enforces nothing; a typo in policyName silently turns the control off.',
  fix: 'Correct spec.policyName, or add the policy to the manifests (suppress with a reason when the policy is managed elsewhere).',
  references: ['Kubernetes: ValidatingAdmissionPolicyBinding'],
  scope: 'set',
  appliesTo: kind => kind === 'ValidatingAdmissionPolicyBinding',
  collect: collectVap,
  findingPath: () => ['spec', 'policyName'],
  finish(summaries) {
    const policies = new Set(summaries.flatMap(s => (s.type === 'policy' ? [s.name] : [])));
    return summaries.flatMap((s, at) => s.type === 'binding' && !policies.has(s.policyName)
      ? [{
        at,
        finding: {
          path: ['spec', 'policyName'],
          message: s.policyName
            ? `the binding names the policy "${s.policyName}", which is not in the input`
            : 'the binding names no policy (spec.policyName is empty)',
        },
      }]
      : []);
  },
};
