import { grantedVerbs, inGroup, matchingResource, policyRules, quoted } from './_rbac';
import { kindRule, RawFinding } from '../../_rule';
import { Severity } from '../../finding';

const READ = ['get', 'list', 'watch'];

/**
 * A ClusterRole is judged on its own, bound or not: a ClusterRoleBinding anywhere (in another input, or
 * applied later) makes it cluster-wide, and a RoleBinding to it in each namespace does the same piecemeal.
 * `get` limited by resourceNames is accepted (it reads the named secrets only); `list` and `watch` are
 * not, as they return the data of every secret.
 */
export const secretsClusterRead = kindRule({
  id: 'CS503',
  title: 'ClusterRole reads secrets',
  severity: Severity.ERROR,
  description: 'Fails when a ClusterRole grants get (without resourceNames), list or watch on secrets of the core group, including through "*". The ClusterRole is reported whether or not a binding is in the input.',
  rationale: 'Bound by a ClusterRoleBinding, the role reads every Secret of the cluster: service account tokens, TLS keys and credentials of every team. Whether it is bound is decided by objects that may not be in the input, so the role itself is judged.',
  fix: 'Use a namespaced Role limited with resourceNames to the Secrets the subject needs, or suppress with the reason this controller must read secrets cluster-wide.',
  references: ['CIS 5.1.2', 'kube-linter: access-to-secrets'],
}, ['ClusterRole'], (obj) => {
  const out: RawFinding[] = [];
  for (const rule of policyRules(obj)) {
    if (!inGroup(rule, '')) continue;
    const resource = matchingResource(rule, 'secrets');
    if (resource === undefined) continue;
    const verbs = grantedVerbs(rule, READ).filter(v => v !== 'get' || rule.resourceNames.length === 0);
    if (verbs.length > 0) out.push({ path: ['rules', rule.index, 'verbs'], message: `rule ${rule.index} lets the ClusterRole ${quoted(verbs)} secrets (resources: "${resource}") in every namespace it is bound to` });
  }
  return out;
});
