import { grantedVerbs, inGroup, matchingResource, policyRules, quoted } from './_rbac';
import { kindRule, RawFinding } from '../../_rule';
import { Severity } from '../../finding';

export const podExecAttach = kindRule({
  id: 'CS505',
  title: 'RBAC allows exec or attach into pods',
  severity: Severity.ERROR,
  description: 'Fails when a Role or ClusterRole grants create or get on pods/exec or pods/attach (also through "pods/*", "*" resources or "*" verbs).',
  rationale: 'exec and attach run commands in, or take over the terminal of, a running container: the subject gets the container\'s files, mounted secrets and service account token.',
  fix: 'Remove pods/exec and pods/attach; grant them only to break-glass roles, suppressed with the reason.',
  references: ['Polaris: clusterrolePodExecAttach, rolePodExecAttach'],
}, ['Role', 'ClusterRole'], (obj) => {
  const out: RawFinding[] = [];
  for (const rule of policyRules(obj)) {
    if (!inGroup(rule, '')) continue;
    const verbs = grantedVerbs(rule, ['create', 'get']);
    if (verbs.length === 0) continue;
    const subs = ['pods/exec', 'pods/attach'].filter(s => matchingResource(rule, s) !== undefined);
    if (subs.length > 0) out.push({ path: ['rules', rule.index, 'resources'], message: `rule ${rule.index} grants ${quoted(verbs)} on ${subs.join(' and ')}` });
  }
  return out;
});
