import { policyDirections } from './network-policy-coverage';
import { isRecord } from '../../_path';
import { SetRule } from '../../_rule';
import { isEmptySelector } from '../../_selector';
import { Severity } from '../../finding';

type Summary =
  | { readonly type: 'namespace'; readonly name: string }
  | { readonly type: 'policy'; readonly ns: string; readonly ingress: boolean; readonly egress: boolean };

export const namespaceDefaultDeny: SetRule<Summary> = {
  id: 'CS307',
  title: 'Namespace without default deny',
  severity: Severity.ERROR,
  description: 'Fails when a Namespace in the input has no NetworkPolicy with an empty podSelector isolating ingress and one isolating egress.',
  rationale: 'Without a namespace-wide default deny, every new workload starts open until someone remembers its policy.',
  fix: 'Add a NetworkPolicy with podSelector: {} and policyTypes: [Ingress, Egress] (SecureNamespace does), plus the DNS egress it needs.',
  references: ['CIS 5.3.2', 'NSA: Network separation and hardening'],
  scope: 'set',
  appliesTo: kind => kind === 'Namespace',
  collect(obj) {
    if (obj.kind === 'Namespace' && typeof obj.metadata?.name === 'string') return { type: 'namespace', name: obj.metadata.name };
    if (obj.kind === 'NetworkPolicy' && isRecord(obj.spec)) {
      const sel = isRecord(obj.spec.podSelector) ? obj.spec.podSelector : {};
      if (!isEmptySelector(sel)) return undefined;
      return { type: 'policy', ns: typeof obj.metadata?.namespace === 'string' ? obj.metadata.namespace : '', ...policyDirections(obj.spec) };
    }
    return undefined;
  },
  findingPath: () => ['metadata', 'name'],
  finish(summaries) {
    const out = [];
    for (let at = 0; at < summaries.length; at++) {
      const s = summaries[at];
      if (s.type !== 'namespace') continue;
      const policies = summaries.filter((p): p is Extract<Summary, { type: 'policy' }> => p.type === 'policy' && p.ns === s.name);
      const missing = [...(policies.some(p => p.ingress) ? [] : ['ingress']), ...(policies.some(p => p.egress) ? [] : ['egress'])];
      if (missing.length > 0) out.push({ at, finding: { path: ['metadata', 'name'], message: `namespace "${s.name}" has no default-deny NetworkPolicy for ${missing.join(' and ')}` } });
    }
    return out;
  },
};
