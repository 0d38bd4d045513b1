import { inGroup, matchingResource, policyRules } from './_rbac';
import { kindRule, RawFinding } from '../../_rule';
import { Severity } from '../../finding';

export const nodeProxy = kindRule({
  id: 'CS507',
  title: 'RBAC grants nodes/proxy',
  severity: Severity.ERROR,
  description: 'Fails when a Role or ClusterRole grants any verb on nodes/proxy of the core group (also through "nodes/*" or "*" resources).',
  rationale: 'nodes/proxy reaches the kubelet API of every node: with it a subject can run commands in any pod on the node, and the requests bypass the audit log and admission of the API server.',
  fix: 'Remove nodes/proxy; monitoring agents can read metrics through nodes/metrics or the metrics API.',
  references: ['Kubernetes: RBAC good practices (nodes/proxy)'],
}, ['Role', 'ClusterRole'], (obj) => {
  const out: RawFinding[] = [];
  for (const rule of policyRules(obj)) {
    if (!inGroup(rule, '') || rule.verbs.length === 0) continue;
    const resource = matchingResource(rule, 'nodes/proxy');
    if (resource !== undefined) out.push({ path: ['rules', rule.index, 'resources'], message: `rule ${rule.index} grants ${rule.verbs.map(v => `"${v}"`).join(', ')} on nodes/proxy (resources: "${resource}")` });
  }
  return out;
});
