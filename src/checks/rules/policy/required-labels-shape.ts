import { CONSTRAINTS_GROUP, groupOf, REQUIRED_LABELS_KINDS } from './_admission';
import { isRecord } from '../../_path';
import { kindRule, RawFinding } from '../../_rule';
import { Severity } from '../../finding';

export const requiredLabelsShape = kindRule({
  id: 'CS610',
  title: 'Required-labels constraint in the old labels shape',
  severity: Severity.ERROR,
  description: 'Fails when a K8sRequiredLabels (gatekeeper-library) or SecureRequiredLabels constraint has no labels, or gives them as strings (labels: ["owner"]) instead of objects (labels: [{key: owner}]).',
  rationale: 'The template reads labels[].key: a list of strings is rejected by the constraint CRD, or on older Gatekeeper versions accepted and matched against nothing, so no label is ever required.',
  fix: 'Write spec.parameters.labels as [{key: owner}] (optionally with allowedRegex), or use RequiredLabels / LibraryRequiredLabels.',
  references: ['gatekeeper-library: k8srequiredlabels'],
}, REQUIRED_LABELS_KINDS, (obj) => {
  if (groupOf(obj.apiVersion) !== CONSTRAINTS_GROUP) return [];
  const labels = obj.spec?.parameters?.labels;
  const path = ['spec', 'parameters', 'labels'];
  if (!Array.isArray(labels) || labels.length === 0) return [{ path, message: 'the constraint lists no labels, so it requires nothing' }];
  const out: RawFinding[] = [];
  labels.forEach((l: unknown, i: number) => {
    if (typeof l === 'string') out.push({ path: [...path, i], message: `labels[${i}] is the string "${l}"; write {key: "${l}"}` });
    else if (!isRecord(l) || typeof l.key !== 'string' || l.key === '') out.push({ path: [...path, i], message: `labels[${i}] has no key` });
  });
  return out;
});
