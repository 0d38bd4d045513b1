import { isRecord } from '../../_path';
import { isPodBearing, podOf } from '../../_pod';
import { SetRule } from '../../_rule';
import { SelectorIndex, selectorMatches } from '../../_selector';
import { Severity } from '../../finding';

type Summary =
  | { readonly type: 'workload'; readonly ns: string; readonly labels: Record<string, string>; readonly labelsPath: Array<string | number> }
  | { readonly type: 'policy'; readonly ns: string; readonly selector: unknown; readonly ingress: boolean; readonly egress: boolean };

/** Which directions a NetworkPolicy isolates, as Kubernetes defaults policyTypes. */
export function policyDirections(spec: Record<string, any>): { ingress: boolean; egress: boolean } {
  if (Array.isArray(spec.policyTypes) && spec.policyTypes.length > 0) {
    return { ingress: spec.policyTypes.includes('Ingress'), egress: spec.policyTypes.includes('Egress') };
  }
  // Kubernetes defaults policyTypes to [Ingress], plus Egress only when the egress list is non-empty
  // (`len(spec.Egress) != 0`): `egress: []` without policyTypes does not isolate egress.
  return { ingress: true, egress: Array.isArray(spec.egress) && spec.egress.length > 0 };
}

export const networkPolicyCoverage: SetRule<Summary> = {
  id: 'CS301',
  title: 'Workload not isolated by NetworkPolicy',
  severity: Severity.ERROR,
  description: 'Fails when the pods of a workload are not selected by a NetworkPolicy in their namespace that isolates ingress, and by one that isolates egress. Only the policies in the same input are seen.',
  rationale: 'Pods not selected by any policy accept traffic from, and send traffic to, every pod in the cluster: one compromised pod can reach them all.',
  fix: 'Add a NetworkPolicy (policyTypes: [Ingress, Egress]) that selects the pods and allows only the flows they need, or a namespace default-deny.',
  references: ['CIS 5.3.2', 'NSA: Network separation and hardening', 'Polaris: (missingNetworkPolicy)', 'Trivy: KSV-0038'],
  scope: 'set',
  appliesTo: isPodBearing,
  collect(obj) {
    const ns = typeof obj.metadata?.namespace === 'string' ? obj.metadata.namespace : '';
    if (obj.kind === 'NetworkPolicy' && isRecord(obj.spec)) {
      return { type: 'policy', ns, selector: obj.spec.podSelector ?? {}, ...policyDirections(obj.spec) };
    }
    const pod = podOf(obj);
    if (!pod) return undefined;
    const labels = isRecord(pod.metadata.labels) ? pod.metadata.labels : {};
    return { type: 'workload', ns, labels, labelsPath: [...pod.metadataPath, 'labels'] };
  },
  findingPath: s => (s.type === 'workload' ? s.labelsPath : ['spec']),
  finish(summaries) {
    const policies = summaries.filter((s): s is Extract<Summary, { type: 'policy' }> => s.type === 'policy');
    const index = new SelectorIndex(policies, p => p.selector);
    const out = [];
    for (let at = 0; at < summaries.length; at++) {
      const s = summaries[at];
      if (s.type !== 'workload') continue;
      const selecting = index.candidates(s.labels).filter(p => p.ns === s.ns && selectorMatches(p.selector, s.labels));
      const missing = [
        ...(selecting.some(p => p.ingress) ? [] : ['ingress']),
        ...(selecting.some(p => p.egress) ? [] : ['egress']),
      ];
      if (missing.length > 0) {
        out.push({ at, finding: { path: s.labelsPath, message: `no NetworkPolicy in namespace "${s.ns || '(unset)'}" isolates ${missing.join(' or ')} for these pods` } });
      }
    }
    return out;
  },
};
