import { grantedVerbs, inGroup, matchingResource, policyRules, PolicyRule, quoted, RBAC_GROUP } from './_rbac';
import { kindRule, RawFinding } from '../../_rule';
import { Severity } from '../../finding';

/** Resources each verb acts on: a "*" verb is reported only where it reaches one of them. */
const TARGETS: Record<string, Array<{ group: string; resources: string[] }>> = {
  escalate: [{ group: RBAC_GROUP, resources: ['roles', 'clusterroles'] }],
  bind: [{ group: RBAC_GROUP, resources: ['roles', 'clusterroles'] }],
  impersonate: [
    { group: '', resources: ['users', 'groups', 'serviceaccounts'] },
    { group: 'authentication.k8s.io', resources: ['uids', 'userextras'] },
  ],
};

function reaches(rule: PolicyRule, verb: string): boolean {
  return TARGETS[verb].some(t => inGroup(rule, t.group) && t.resources.some(r => matchingResource(rule, r) !== undefined));
}

export const escalationVerbs = kindRule({
  id: 'CS506',
  title: 'RBAC grants escalate, bind or impersonate',
  severity: Severity.ERROR,
  description: 'Fails when a Role or ClusterRole lists the verb escalate, bind or impersonate, or grants "*" verbs on the resources they act on (roles and clusterroles; users, groups, serviceaccounts, uids, userextras).',
  rationale: 'escalate lets a subject write a role with more rights than it has, bind lets it bind any role to itself, and impersonate lets it act as any user, group or service account: each is a way to cluster-admin.',
  fix: 'Remove the verb; a controller that manages RBAC should get it with resourceNames and a suppression stating the reason.',
  references: ['CIS 5.1.8', 'Kubernetes: RBAC good practices (escalate, bind and impersonate verbs)'],
}, ['Role', 'ClusterRole'], (obj) => {
  const out: RawFinding[] = [];
  for (const rule of policyRules(obj)) {
    const verbs = grantedVerbs(rule, ['escalate', 'bind', 'impersonate']).filter(v => rule.verbs.includes(v) || reaches(rule, v));
    if (verbs.length > 0) out.push({ path: ['rules', rule.index, 'verbs'], message: `rule ${rule.index} grants ${quoted(verbs)}${rule.verbs.includes('*') ? ' (through "*")' : ''}` });
  }
  return out;
});
