import { Interner, PairIndex, push } from '../../_multimap';
import { FieldPath, isRecord } from '../../_path';
import { PodKinds } from '../../_pod';
import { Held, RawFinding, StreamCheck, StreamRule } from '../../_rule';
import { isEmptySelector, matchPairs, SelectorIndex, selectorMatches } from '../../_selector';
import { Severity } from '../../finding';

export const policySelectsNothing: StreamRule = {
  id: 'CS304',
  title: 'NetworkPolicy selects no workload',
  severity: Severity.WARNING,
  description: 'Warns when a NetworkPolicy with a non-empty podSelector matches no workload of its namespace in the same input. '
    + 'Custom resources of the namespace count as workloads an operator may run, with the labels they declare '
    + '(their own, a pod template, podMetadata, selectors) and their name as app.kubernetes.io/instance or under their kind (prometheus: <name>).',
  rationale: 'A policy that selects nothing protects nothing: usually a label typo, so the pods it was meant for are still open.',
  fix: "Make spec.podSelector match the workload's pod template labels (or delete the policy).",
  references: ['NSA: Network separation and hardening'],
  scope: 'stream',
  appliesTo: kind => kind === 'NetworkPolicy',
  open: ctx => new SelectsNothing(ctx.pods ?? PodKinds.BUILT_IN),
};

/** Policies with one selector in one namespace that no workload seen so far matches. */
interface OpenSelector {
  readonly ns: string;
  readonly selector: Record<string, any>;
  readonly held: Array<{ seq: number; held: Held }>;
}

/**
 * CS304 over a stream. The label sets of the workloads are kept once each (strings interned), indexed by
 * namespace and label pair; a policy is settled on arrival when a workload seen so far matches it,
 * otherwise it waits, once per selector, until a matching workload arrives.
 */
class SelectsNothing implements StreamCheck {
  private readonly setsByPair = new PairIndex<Record<string, string>>();
  private readonly setsByNs = new Map<string, Array<Record<string, string>>>();
  /** Policies, once per selector, that no workload seen so far matches. */
  private readonly open = new SelectorIndex<OpenSelector>();
  private seq = 0;

  constructor(private readonly pods: PodKinds) {}

  public see(obj: Record<string, any>, hold: (path: FieldPath) => Held, strings: Interner): void {
    const ns = typeof obj.metadata?.namespace === 'string' ? obj.metadata.namespace : '';
    if (obj.kind === 'NetworkPolicy') {
      const sel = isRecord(obj.spec?.podSelector) ? obj.spec.podSelector : {};
      if (!isEmptySelector(sel)) this.policy(ns, sel, hold, strings);
      return;
    }
    const pod = this.pods.podOf(obj);
    const raw: Record<string, string> | undefined = pod ? (isRecord(pod.metadata.labels) ? pod.metadata.labels : {}) : operatorPodLabels(obj);
    if (!raw) return;
    if (this.rarest(ns, raw).some(l => sameLabels(l, raw))) return;
    const labels = strings.labels(raw);
    const space = strings.of(ns);
    push(this.setsByNs, space, labels);
    for (const [k, v] of Object.entries(labels)) this.setsByPair.add(space, k, String(v), labels);
    // Settle the policies waiting for these pods.
    for (const open of this.open.candidates(space, labels)) if (selectorMatches(open.selector, labels)) this.open.remove(space, open);
  }

  private policy(ns: string, sel: Record<string, any>, hold: (path: FieldPath) => Held, strings: Interner): void {
    const match = matchPairs(sel);
    if (this.rarest(ns, Object.fromEntries(match)).some(labels => selectorMatches(sel, labels))) return;
    let open = this.open.find(ns, sel);
    if (!open) {
      open = { ns: strings.of(ns), selector: JSON.parse(JSON.stringify(sel)), held: [] };
      this.open.add(ns, open, strings);
    }
    open.held.push({ seq: this.seq++, held: hold(['spec', 'podSelector']) });
  }

  /**
   * The kept label sets of the namespace that have the rarest of these pairs: a superset of those that have
   * them all. Every set of the namespace when `pairs` is empty.
   */
  private rarest(ns: string, pairs: Record<string, unknown>): ReadonlyArray<Record<string, string>> {
    let fewest: ReadonlyArray<Record<string, string>> = this.setsByNs.get(ns) ?? [];
    for (const [k, v] of Object.entries(pairs)) {
      const list = this.setsByPair.get(ns, k, String(v)) ?? [];
      if (list.length < fewest.length) fewest = list;
      if (fewest.length === 0) break;
    }
    return fewest;
  }

  public finish(): Array<{ held: Held; finding: RawFinding }> {
    return this.open.all()
      .flatMap(o => o.held.map(h => ({ ...h, ns: o.ns })))
      .sort((a, b) => a.seq - b.seq)
      .map(({ held, ns }) => ({
        held,
        finding: { path: ['spec', 'podSelector'], message: `the podSelector matches no workload in namespace "${ns || '(unset)'}"` },
      }));
  }
}

/** True for an object of a custom resource kind (an API group outside Kubernetes' own `*.k8s.io` groups). */
function isCustomResource(obj: Record<string, any>): boolean {
  const apiVersion = typeof obj.apiVersion === 'string' ? obj.apiVersion : '';
  const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
  return group.includes('.') && !group.endsWith('.k8s.io') && group !== 'k8s.io';
}

/** Where operators' custom resources declare labels for the pods they run, below `spec`. */
const LABEL_PATHS: ReadonlyArray<readonly string[]> = [
  ['template', 'metadata', 'labels'], ['podMetadata', 'labels'], ['selector', 'matchLabels'], ['selector'], ['podLabels'],
  ['podTemplate', 'metadata', 'labels'], ['labels'],
];

/**
 * The labels an operator may give the pods of a custom resource: the labels it declares for them, its own
 * labels, and its name under `app.kubernetes.io/instance` and under its kind (`alertmanager: main`,
 * `thanos-ruler: rules`), as prometheus-operator and most Helm-style operators label pods. A heuristic: a
 * policy for pods an operator labels otherwise is still reported. Undefined for other objects.
 */
function operatorPodLabels(obj: Record<string, any>): Record<string, string> | undefined {
  if (!isCustomResource(obj)) return undefined;
  const out: Record<string, string> = {};
  const take = (map: unknown) => {
    if (!isRecord(map)) return;
    for (const [k, v] of Object.entries(map)) if (typeof v === 'string' && !(k in out)) out[k] = v;
  };
  for (const path of LABEL_PATHS) {
    let cur: unknown = obj.spec;
    for (const p of path) cur = isRecord(cur) ? cur[p] : undefined;
    take(cur);
  }
  take(obj.metadata?.labels);
  const name = obj.metadata?.name;
  if (typeof name === 'string' && typeof obj.kind === 'string') {
    const kind = obj.kind.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
    take({ 'app.kubernetes.io/instance': name, [kind]: name, [obj.kind.toLowerCase()]: name });
  }
  return out;
}

function sameLabels(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every(k => Object.prototype.hasOwnProperty.call(b, k) && a[k] === b[k]);
}
