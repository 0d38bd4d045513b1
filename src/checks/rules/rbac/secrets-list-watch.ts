import { grantedVerbs, inGroup, matchingResource, policyRules, quoted } from './_rbac';
import { kindRule, RawFinding } from '../../_rule';
import { Severity } from '../../finding';

/** ClusterRoles are left to CS503, which already reports list and watch on secrets; this rule covers Roles. */
export const secretsListWatch = kindRule({
  id: 'CS504',
  title: 'Role lists or watches secrets',
  severity: Severity.ERROR,
  description: 'Fails when a Role grants list or watch on secrets of the core group, including through "*" (a ClusterRole that does so is reported by CS503).',
  rationale: 'list and watch return the full data of every Secret of the namespace, not their names only, and resourceNames does not narrow a plain list; a subject that needs one Secret should get it by name.',
  fix: 'Grant get on secrets with resourceNames naming the Secrets the subject needs.',
  references: ['CIS 5.1.2', 'kube-linter: access-to-secrets'],
}, ['Role'], (obj) => {
  const out: RawFinding[] = [];
  for (const rule of policyRules(obj)) {
    if (!inGroup(rule, '')) continue;
    const resource = matchingResource(rule, 'secrets');
    const verbs = resource === undefined ? [] : grantedVerbs(rule, ['list', 'watch']);
    if (verbs.length > 0) out.push({ path: ['rules', rule.index, 'verbs'], message: `rule ${rule.index} lets the Role ${quoted(verbs)} secrets (resources: "${resource}")` });
  }
  return out;
});
