import { Interner, PairIndex } from '../../_multimap';
import { FieldPath, isRecord } from '../../_path';
import { PodKinds } from '../../_pod';
import { Held, RawFinding, StreamCheck, StreamRule } from '../../_rule';
import { matchPairs, SelectorIndex, selectorMatches } from '../../_selector';
import { Severity } from '../../finding';

/** Which directions a NetworkPolicy isolates, as Kubernetes defaults policyTypes. */
export function policyDirections(spec: Record<string, any>): { ingress: boolean; egress: boolean } {
  if (Array.isArray(spec.policyTypes) && spec.policyTypes.length > 0) {
    return { ingress: spec.policyTypes.includes('Ingress'), egress: spec.policyTypes.includes('Egress') };
  }
  // Kubernetes defaults policyTypes to [Ingress], plus Egress only when the egress list is non-empty
  // (`len(spec.Egress) != 0`): `egress: []` without policyTypes does not isolate egress.
  return { ingress: true, egress: Array.isArray(spec.egress) && spec.egress.length > 0 };
}

export const networkPolicyCoverage: StreamRule = {
  id: 'CS301',
  title: 'Workload not isolated by NetworkPolicy',
  severity: Severity.ERROR,
  description: 'Fails when the pods of a workload are not selected by a NetworkPolicy in their namespace that isolates ingress, and by one that isolates egress. Only the policies in the same input are seen. '
    + 'Pods on the host network (hostNetwork: true) are always reported: most network plugins do not apply NetworkPolicies to them.',
  rationale: 'Pods not selected by any policy accept traffic from, and send traffic to, every pod in the cluster: one compromised pod can reach them all.',
  fix: 'Add a NetworkPolicy (policyTypes: [Ingress, Egress]) that selects the pods and allows only the flows they need, or a namespace default-deny.',
  references: ['CIS 5.3.2', 'NSA: Network separation and hardening', 'Polaris: missingNetworkPolicy', 'kube-linter: non-isolated-pod', 'Trivy: KSV-0038'],
  scope: 'stream',
  appliesTo: (kind, apiVersion, ctx) => (ctx?.pods ?? PodKinds.BUILT_IN).has(kind, apiVersion),
  open: ctx => new Coverage(ctx.pods ?? PodKinds.BUILT_IN),
};

/** What the policies with one selector in one namespace isolate together. */
interface PolicyGroup {
  readonly selector: unknown;
  ingress: boolean;
  egress: boolean;
}

/** A workload some direction of which no policy seen so far isolates. */
interface OpenWorkload {
  readonly seq: number;
  readonly ns: string;
  readonly labels: Record<string, string>;
  readonly path: FieldPath;
  ingress: boolean;
  egress: boolean;
  readonly held: Held;
}

/**
 * CS301 over a stream. Policies are kept once per namespace and selector (the policies of one workload
 * usually share a selector), in a SelectorIndex; a workload is settled on arrival
 * when the policies seen so far isolate it both ways, otherwise it waits, indexed by its label pairs,
 * until policies that do arrive.
 */
class Coverage implements StreamCheck {
  private readonly groups = new SelectorIndex<PolicyGroup>();
  /** Open workloads by each of their label pairs, and by namespace. */
  private readonly openByPair = new PairIndex<OpenWorkload>();
  private readonly openByNs = new Map<string, Set<OpenWorkload>>();
  /** Host-network workloads: no policy settles them. */
  private readonly hostNetwork: Array<{ seq: number; held: Held; path: FieldPath }> = [];
  private seq = 0;

  constructor(private readonly pods: PodKinds) {}

  public see(obj: Record<string, any>, hold: (path: FieldPath) => Held, strings: Interner): void {
    const ns = typeof obj.metadata?.namespace === 'string' ? obj.metadata.namespace : '';
    if (obj.kind === 'NetworkPolicy' && isRecord(obj.spec)) {
      this.policy(ns, obj.spec.podSelector ?? {}, policyDirections(obj.spec), strings);
      return;
    }
    const pod = this.pods.podOf(obj);
    if (!pod) return;
    if (pod.spec.hostNetwork === true) {
      const path = [...pod.path, 'hostNetwork'];
      this.hostNetwork.push({ seq: this.seq++, held: hold(path), path });
      return;
    }
    const labels: Record<string, string> = isRecord(pod.metadata.labels) ? pod.metadata.labels : {};
    let ingress = false;
    let egress = false;
    for (const g of this.groups.candidates(ns, labels)) {
      if (((g.ingress && !ingress) || (g.egress && !egress)) && selectorMatches(g.selector, labels)) {
        ingress ||= g.ingress;
        egress ||= g.egress;
      }
    }
    if (ingress && egress) return;
    const path = [...pod.metadataPath, 'labels'];
    const kept = strings.labels(labels);
    const w: OpenWorkload = { seq: this.seq++, ns: strings.of(ns), labels: kept, path, ingress, egress, held: hold(path) };
    const open = this.openByNs.get(w.ns);
    if (open) open.add(w);
    else this.openByNs.set(w.ns, new Set([w]));
    for (const [k, v] of Object.entries(w.labels)) this.openByPair.add(w.ns, k, String(v), w);
  }

  private policy(ns: string, selector: unknown, dirs: { ingress: boolean; egress: boolean }, strings: Interner): void {
    let g = this.groups.find(ns, selector);
    if (!g) {
      g = { selector: JSON.parse(JSON.stringify(selector)), ingress: false, egress: false };
      this.groups.add(ns, g, strings);
    }
    if ((!dirs.ingress || g.ingress) && (!dirs.egress || g.egress)) return;
    g.ingress ||= dirs.ingress;
    g.egress ||= dirs.egress;
    // The open workloads this selector may select.
    const first = matchPairs(selector)[0];
    const waiting = first ? this.openByPair.get(ns, first[0], first[1]) : this.openByNs.get(ns);
    for (const w of [...(waiting ?? [])]) {
      if (!selectorMatches(g.selector, w.labels)) continue;
      w.ingress ||= g.ingress;
      w.egress ||= g.egress;
      if (w.ingress && w.egress) this.settle(w);
    }
  }

  private settle(w: OpenWorkload): void {
    this.openByNs.get(w.ns)!.delete(w);
    for (const [k, v] of Object.entries(w.labels)) this.openByPair.remove(w.ns, k, String(v), w);
  }

  public finish(): Array<{ held: Held; finding: RawFinding }> {
    const open = [...this.openByNs.values()].flatMap(s => [...s]).map(w => {
      const missing = [...(w.ingress ? [] : ['ingress']), ...(w.egress ? [] : ['egress'])];
      return { seq: w.seq, held: w.held, finding: { path: w.path, message: `no NetworkPolicy in namespace "${w.ns || '(unset)'}" isolates ${missing.join(' or ')} for these pods` } };
    });
    const host = this.hostNetwork.map(h => ({
      seq: h.seq,
      held: h.held,
      finding: { path: h.path, message: 'the pods use the host network: NetworkPolicies do not isolate host-network pods under most network plugins (they share the node\'s network namespace)' },
    }));
    return [...open, ...host].sort((a, b) => a.seq - b.seq).map(({ held, finding }) => ({ held, finding }));
  }
}
