import { ADMISSION_GROUP, groupOf, VAP_KINDS } from './_admission';
import { kindRule } from '../../_rule';
import { Severity } from '../../finding';

export const vapApiVersion = kindRule({
  id: 'CS604',
  title: 'ValidatingAdmissionPolicy on a pre-GA API version',
  severity: Severity.ERROR,
  description: 'Fails when a ValidatingAdmissionPolicy or ValidatingAdmissionPolicyBinding uses admissionregistration.k8s.io/v1alpha1 or v1beta1.',
  rationale: 'New beta APIs are off by default (KEP-3136) and v1alpha1 needs a feature gate: on most clusters the API server rejects the object, and the policy is never in force. v1 is GA since Kubernetes 1.30.',
  fix: 'Change apiVersion to admissionregistration.k8s.io/v1; the fields are the same.',
  references: ['Kubernetes 1.30: ValidatingAdmissionPolicy GA', 'KEP-3136: beta APIs off by default'],
}, VAP_KINDS, (obj) => groupOf(obj.apiVersion) === ADMISSION_GROUP && obj.apiVersion !== `${ADMISSION_GROUP}/v1`
  ? [{ path: ['apiVersion'], message: `the ${obj.kind} uses ${obj.apiVersion}; use ${ADMISSION_GROUP}/v1` }]
  : []);
