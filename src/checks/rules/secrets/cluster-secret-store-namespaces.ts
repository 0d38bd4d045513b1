import { isEsoObject } from './_eso';
import { isRecord } from '../../_path';
import { kindRule } from '../../_rule';
import { Severity } from '../../finding';

/** True when a condition selects something: a namespace name, a regex, or a selector with labels or expressions. */
function limits(c: unknown): boolean {
  if (!isRecord(c)) return false;
  const sel = c.namespaceSelector;
  return (Array.isArray(c.namespaces) && c.namespaces.length > 0)
    || (Array.isArray(c.namespaceRegexes) && c.namespaceRegexes.length > 0)
    || (isRecord(sel) && ((isRecord(sel.matchLabels) && Object.keys(sel.matchLabels).length > 0)
      || (Array.isArray(sel.matchExpressions) && sel.matchExpressions.length > 0)));
}

export const clusterSecretStoreNamespaces = kindRule({
  id: 'CS406',
  title: 'ClusterSecretStore usable from every namespace',
  severity: Severity.WARNING,
  description: 'Warns when a ClusterSecretStore has no spec.conditions that limit it to namespaces (by name, label selector or regex).',
  rationale: 'Without conditions an ExternalSecret in any namespace can read any secret the store\'s identity can read: whoever can create an ExternalSecret in one namespace gets the secrets of every team.',
  fix: 'Add spec.conditions with namespaces, namespaceSelector or namespaceRegexes (ClusterSecretStore props namespaces / namespaceLabels / namespaceRegexes), or use a namespaced SecretStore per team.',
  references: ['External Secrets Operator: multi-tenancy', 'NSA: Secrets'],
}, ['ClusterSecretStore'], (obj) => {
  if (!isEsoObject(obj)) return [];
  const conditions = obj.spec?.conditions;
  if (Array.isArray(conditions) && conditions.some(limits)) return [];
  return [{ path: ['spec', 'conditions'], message: 'the ClusterSecretStore is not limited to any namespace, so ExternalSecrets in every namespace may use it' }];
});
