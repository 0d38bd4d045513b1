import { podRule } from '../../_rule';
import { Severity } from '../../finding';

export const defaultServiceAccount = podRule({
  id: 'CS212',
  title: 'Runs as the default ServiceAccount',
  severity: Severity.ERROR,
  description: 'Fails when the pod has no serviceAccountName or uses "default".',
  rationale: 'Every pod in the namespace shares the default ServiceAccount, so a permission granted to one is granted to all.',
  fix: 'Create a ServiceAccount for the workload and set spec.serviceAccountName.',
  references: ['CIS 5.1.5', 'kube-linter: default-service-account', 'Checkov: CKV_K8S_41'],
}, (pod) => {
  const sa = pod.spec.serviceAccountName ?? pod.spec.serviceAccount;
  return sa && sa !== 'default' ? [] : [{ path: [...pod.path, 'serviceAccountName'], message: sa ? 'the pod uses the "default" ServiceAccount' : 'the pod sets no serviceAccountName and so uses "default"' }];
});
