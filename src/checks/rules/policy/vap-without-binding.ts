import { collectVap, VapSummary } from './_admission';
import { SetRule } from '../../_rule';
import { Severity } from '../../finding';

export const vapWithoutBinding: SetRule<VapSummary> = {
  id: 'CS601',
  title: 'ValidatingAdmissionPolicy without a binding',
  severity: Severity.ERROR,
  description: 'Fails when a ValidatingAdmissionPolicy has no ValidatingAdmissionPolicyBinding with its name as policyName in the same input.',
  rationale: 'A policy does nothing until a binding names it and says what to do on a failure (Deny, Warn, Audit): without one the control only looks enforced.',
  fix: 'Add a ValidatingAdmissionPolicyBinding with spec.policyName set to the policy name and spec.validationActions (e.g. [Deny]), or use CatalogAdmissionPolicies, which emits both.',
  references: ['Kubernetes: ValidatingAdmissionPolicy (admissionregistration.k8s.io/v1, GA in 1.30)'],
  scope: 'set',
  appliesTo: kind => kind === 'ValidatingAdmissionPolicy',
  collect: collectVap,
  findingPath: () => ['metadata', 'name'],
  finish(summaries) {
    const bound = new Set(summaries.flatMap(s => (s.type === 'binding' ? [s.policyName] : [])));
    return summaries.flatMap((s, at) => s.type === 'policy' && !bound.has(s.name)
      ? [{ at, finding: { path: ['metadata', 'name'], message: `no ValidatingAdmissionPolicyBinding in the input names the policy "${s.name}", so it is never enforced` } }]
      : []);
  },
};
