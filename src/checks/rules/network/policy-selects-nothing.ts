import { isRecord } from '../../_path';
import { podOf } from '../../_pod';
import { SetRule } from '../../_rule';
import { isEmptySelector, selectorMatches } from '../../_selector';
import { Severity } from '../../finding';

type Summary =
  | { readonly type: 'workload'; readonly ns: string; readonly labels: Record<string, string> }
  | { readonly type: 'policy'; readonly ns: string; readonly selector: Record<string, any> };

export const policySelectsNothing: SetRule<Summary> = {
  id: 'CS304',
  title: 'NetworkPolicy selects no workload',
  severity: Severity.WARNING,
  description: 'Warns when a NetworkPolicy with a non-empty podSelector matches no workload of its namespace in the same input.',
  rationale: 'A policy that selects nothing protects nothing: usually a label typo, so the pods it was meant for are still open.',
  fix: "Make spec.podSelector match the workload's pod template labels (or delete the policy).",
  references: ['NSA: Network separation and hardening'],
  scope: 'set',
  appliesTo: kind => kind === 'NetworkPolicy',
  collect(obj) {
    const ns = typeof obj.metadata?.namespace === 'string' ? obj.metadata.namespace : '';
    if (obj.kind === 'NetworkPolicy') {
      const sel = isRecord(obj.spec?.podSelector) ? obj.spec.podSelector : {};
      return isEmptySelector(sel) ? undefined : { type: 'policy', ns, selector: sel };
    }
    const pod = podOf(obj);
    return pod ? { type: 'workload', ns, labels: isRecord(pod.metadata.labels) ? pod.metadata.labels : {} } : undefined;
  },
  findingPath: () => ['spec', 'podSelector'],
  finish(summaries) {
    // Index workloads by each of their label pairs; a policy's first matchLabels pair finds its candidates.
    const byPair = new Map<string, Array<Extract<Summary, { type: 'workload' }>>>();
    for (const s of summaries) {
      if (s.type !== 'workload') continue;
      for (const [k, v] of Object.entries(s.labels)) {
        const key = `${s.ns}\u0000${k}=${v}`;
        const list = byPair.get(key);
        if (list) list.push(s);
        else byPair.set(key, [s]);
      }
    }
    const workloads = summaries.filter((s): s is Extract<Summary, { type: 'workload' }> => s.type === 'workload');
    const out = [];
    for (let at = 0; at < summaries.length; at++) {
      const s = summaries[at];
      if (s.type !== 'policy') continue;
      const first = Object.entries(s.selector.matchLabels ?? {})[0] as [string, string] | undefined;
      const candidates = first ? byPair.get(`${s.ns}\u0000${first[0]}=${first[1]}`) ?? [] : workloads.filter(w => w.ns === s.ns);
      if (!candidates.some(w => selectorMatches(s.selector, w.labels))) {
        out.push({ at, finding: { path: ['spec', 'podSelector'], message: `the podSelector matches no workload in namespace "${s.ns || '(unset)'}"` } });
      }
    }
    return out;
  },
};
