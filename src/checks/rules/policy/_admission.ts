/** Shared facts about admission policy objects, for the CS6xx rules. */

export const ADMISSION_GROUP = 'admissionregistration.k8s.io';
export const VAP_KINDS = ['ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding'];
export const CONSTRAINTS_GROUP = 'constraints.gatekeeper.sh';
export const TEMPLATES_GROUP = 'templates.gatekeeper.sh';
/** Constraint kinds whose template takes `labels: [{key, allowedRegex?}]`. */
export const REQUIRED_LABELS_KINDS = ['K8sRequiredLabels', 'SecureRequiredLabels'];

/** The API group of an apiVersion (`""` for the core group). */
export function groupOf(apiVersion: unknown): string {
  return typeof apiVersion === 'string' && apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
}

/** True for a ValidatingAdmissionPolicy or Binding of admissionregistration.k8s.io. */
export function isVapObject(obj: Record<string, any>): boolean {
  return groupOf(obj.apiVersion) === ADMISSION_GROUP && VAP_KINDS.includes(obj.kind);
}

/** Policy names and binding references, kept by the set rules CS601 and CS602. */
export type VapSummary =
  | { readonly type: 'policy'; readonly name: string }
  | { readonly type: 'binding'; readonly name: string; readonly policyName: string };

export function collectVap(obj: Record<string, any>): VapSummary | undefined {
  if (!isVapObject(obj)) return undefined;
  const name = typeof obj.metadata?.name === 'string' ? obj.metadata.name : '';
  if (obj.kind === 'ValidatingAdmissionPolicy') return { type: 'policy', name };
  return { type: 'binding', name, policyName: typeof obj.spec?.policyName === 'string' ? obj.spec.policyName : '' };
}
