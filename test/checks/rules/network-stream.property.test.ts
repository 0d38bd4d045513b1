// CS301 and CS304 settle what they can as objects stream past and keep only compact indexes. This test
// compares them, on random inputs in random order, with the plain definition: every workload against every
// policy of its namespace, after all objects are read.
import * as fc from 'fast-check';
import { selectorMatches } from '../../../src/checks/_selector';
import { CheckSession } from '../../../src/checks/engine';

const NAMESPACES = ['a', 'b', ''];
const KEYS = ['app', 'tier', 'team'];
const VALUES = ['x', 'y', 'z'];

const labelsArb = fc.dictionary(fc.constantFrom(...KEYS), fc.constantFrom(...VALUES), { maxKeys: 3 });
const expressionArb = fc.record({
  key: fc.constantFrom(...KEYS),
  operator: fc.constantFrom('In', 'NotIn', 'Exists', 'DoesNotExist'),
  values: fc.array(fc.constantFrom(...VALUES), { maxLength: 2 }),
});
const selectorArb = fc.record({ matchLabels: labelsArb, matchExpressions: fc.array(expressionArb, { maxLength: 2 }) }, { requiredKeys: [] });
const policyTypesArb = fc.option(fc.subarray(['Ingress', 'Egress']), { nil: undefined });

const workloadArb = fc.record({ kind: fc.constant('workload' as const), ns: fc.constantFrom(...NAMESPACES), labels: labelsArb });
const policyArb = fc.record({
  kind: fc.constant('policy' as const),
  ns: fc.constantFrom(...NAMESPACES),
  selector: selectorArb,
  policyTypes: policyTypesArb,
  egress: fc.boolean(),
});
const inputArb = fc.array(fc.oneof(workloadArb, policyArb), { maxLength: 30 });

type Item =
  | { kind: 'workload'; ns: string; labels: Record<string, string> }
  | { kind: 'policy'; ns: string; selector: any; policyTypes?: string[]; egress: boolean };

function toObject(item: Item, i: number): Record<string, any> {
  const metadata = { name: `o${i}`, ...(item.ns ? { namespace: item.ns } : {}) };
  if (item.kind === 'workload') {
    return { apiVersion: 'apps/v1', kind: 'Deployment', metadata, spec: { template: { metadata: { labels: item.labels }, spec: { containers: [] } } } };
  }
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata,
    spec: { podSelector: item.selector, ...(item.policyTypes ? { policyTypes: item.policyTypes } : {}), ...(item.egress ? { egress: [{}] } : {}) },
  };
}

/** The definitions, applied to the whole input at once. */
function expected(items: Item[]): string[] {
  const out: string[] = [];
  const policies = items.map((p, i) => ({ p, i })).filter((x): x is { p: Extract<Item, { kind: 'policy' }>; i: number } => x.p.kind === 'policy');
  const directions = (p: Extract<Item, { kind: 'policy' }>) => p.policyTypes && p.policyTypes.length > 0
    ? { ingress: p.policyTypes.includes('Ingress'), egress: p.policyTypes.includes('Egress') }
    : { ingress: true, egress: p.egress };
  items.forEach((w, i) => {
    if (w.kind !== 'workload') return;
    const selecting = policies.filter(({ p }) => p.ns === w.ns && selectorMatches(p.selector, w.labels));
    const missing = [
      ...(selecting.some(({ p }) => directions(p).ingress) ? [] : ['ingress']),
      ...(selecting.some(({ p }) => directions(p).egress) ? [] : ['egress']),
    ];
    if (missing.length > 0) out.push(`CS301 o${i} ${missing.join(' or ')}`);
  });
  for (const { p, i } of policies) {
    const empty = Object.keys(p.selector.matchLabels ?? {}).length === 0 && (p.selector.matchExpressions ?? []).length === 0;
    if (empty) continue;
    if (!items.some(w => w.kind === 'workload' && w.ns === p.ns && selectorMatches(p.selector, w.labels))) out.push(`CS304 o${i}`);
  }
  return out.sort();
}

function actual(items: Item[], copyKeptValues: boolean): string[] {
  const session = new CheckSession({ copyKeptValues });
  items.forEach((item, i) => session.add(toObject(item, i)));
  return session.finish()
    .filter(f => f.ruleId === 'CS301' || f.ruleId === 'CS304')
    .map(f => f.ruleId === 'CS301' ? `CS301 ${f.object.name} ${/isolates (.*) for these pods/.exec(f.message)![1]}` : `CS304 ${f.object.name}`)
    .sort();
}

describe('CS301 and CS304 decided while streaming agree with the whole-input definition', () => {
  test('random workloads and policies, in random order', () => {
    fc.assert(fc.property(inputArb, fc.boolean(), (items, copy) => {
      expect(actual(items, copy)).toEqual(expected(items));
    }), { numRuns: 2000 });
  });

  test('policies after their workloads, before them, and interleaved give the same findings', () => {
    const w = (ns: string, labels: Record<string, string>): Item => ({ kind: 'workload', ns, labels });
    const p = (ns: string, selector: any, policyTypes?: string[]): Item => ({ kind: 'policy', ns, selector, policyTypes, egress: false });
    const items = [
      w('a', { app: 'x' }), w('a', { app: 'y', tier: 'z' }), w('b', { app: 'x' }),
      p('a', { matchLabels: { app: 'x' } }, ['Ingress']), p('a', {}, ['Egress']), p('a', { matchLabels: { tier: 'y' } }, ['Ingress', 'Egress']),
    ];
    const reversed = [...items].reverse();
    // Names follow positions: compare by content, not by name.
    const byContent = (xs: Item[]) => actual(xs, true).map(s => s.replace(/o(\d+)/, (_, n) => JSON.stringify(xs[Number(n)]))).sort();
    expect(byContent(reversed)).toEqual(byContent(items));
    expect(actual(items, true)).toEqual([
      'CS301 o1 ingress',
      'CS301 o2 ingress or egress',
      'CS304 o5',
    ]);
  });
});
