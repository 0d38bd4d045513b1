import { kindRule, RawFinding } from '../../_rule';
import { Severity } from '../../finding';

export const rbacWildcards = kindRule({
  id: 'CS501',
  title: 'RBAC wildcard',
  severity: Severity.ERROR,
  description: 'Fails when a Role or ClusterRole rule uses "*" in apiGroups, resources or verbs.',
  rationale: 'A wildcard grants every present and future resource or verb, including secrets and escalation paths such as bind and impersonate.',
  fix: 'List the apiGroups, resources and verbs the subject needs.',
  references: ['CIS 5.1.3', 'Trivy: KSV-0044, KSV-0045, KSV-0046'],
}, ['Role', 'ClusterRole'], (obj) => {
  const out: RawFinding[] = [];
  const rules = Array.isArray(obj.rules) ? obj.rules : [];
  rules.forEach((r: any, i: number) => {
    for (const f of ['apiGroups', 'resources', 'verbs']) {
      if (Array.isArray(r?.[f]) && r[f].includes('*')) out.push({ path: ['rules', i, f], message: `rule ${i} grants "*" in ${f}` });
    }
  });
  return out;
});
