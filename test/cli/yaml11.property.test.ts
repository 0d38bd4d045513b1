import { Readable } from 'stream';
import * as fc from 'fast-check';
import { Checker } from '../../src/checks/engine';
import { streamYaml } from '../../src/cli/_yaml-stream';

/**
 * Issue #12: random Pods written with random YAML 1.1 spellings of the same values (`yes`/`On`/`Y` for true,
 * `0x1F`/`0o17`/`017`/`0b1`/`1_000`/`+5` for integers, flow or block collections, keys moved behind a `<<`
 * merge key) produce the same objects, and so the same findings, as their canonical JSON.
 */

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const TRUE_SPELLINGS = ['true', 'True', 'TRUE', 'yes', 'Yes', 'YES', 'on', 'On', 'ON', 'y', 'Y'];
const FALSE_SPELLINGS = ['false', 'False', 'FALSE', 'no', 'No', 'NO', 'off', 'Off', 'OFF', 'n', 'N'];

/** Digits with `_` put between some of them (go-yaml drops every `_`). */
function underscored(digits: string, pick: (n: number) => number): string {
  return [...digits].map((d, i) => (i > 0 && pick(4) === 0 ? `_${d}` : d)).join('');
}

function intSpelling(n: number, pick: (n: number) => number): string {
  const sign = n < 0 ? '-' : pick(3) === 0 ? '+' : '';
  const a = Math.abs(n);
  switch (pick(6)) {
    case 0: return `${sign}0x${underscored(a.toString(16), pick)}`;
    case 1: return `${sign}0o${underscored(a.toString(8), pick)}`;
    case 2: return a === 0 ? `${sign}0` : `${sign}0${a.toString(8)}`;
    case 3: return `${sign}0b${a.toString(2)}`;
    case 4: return `${sign}${underscored(String(a), pick)}`;
    default: return `${sign}${a}`;
  }
}

function scalar(v: Json, pick: (n: number) => number): string {
  if (v === null) return ['null', '~', 'Null', 'NULL'][pick(4)];
  if (typeof v === 'boolean') return (v ? TRUE_SPELLINGS : FALSE_SPELLINGS)[pick(11)];
  if (typeof v === 'number') return intSpelling(v, pick);
  // Strings are quoted where a plain scalar would read as something else.
  return /^[A-Za-z][A-Za-z0-9_./:-]*$/.test(v as string) && !/^(y|n|yes|no|on|off|true|false|null)$/i.test(v as string)
    ? v as string : JSON.stringify(v);
}

function flow(v: Json, pick: (n: number) => number): string {
  if (Array.isArray(v)) return `[${v.map(x => flow(x, pick)).join(', ')}]`;
  if (v !== null && typeof v === 'object') return `{${Object.entries(v).map(([k, x]) => `${scalar(k, pick)}: ${flow(x, pick)}`).join(', ')}}`;
  return scalar(v, pick);
}

/** YAML lines for `v` at `indent`, choosing block or flow style and merge keys at random. */
function block(v: Json, indent: string, pick: (n: number) => number): string[] {
  if (Array.isArray(v)) {
    if (v.length === 0 || pick(4) === 0) return [`${indent}${flow(v, pick)}`];
    return v.flatMap(item => {
      const lines = block(item, `${indent}  `, pick);
      return [`${indent}- ${lines[0].trimStart()}`, ...lines.slice(1)];
    });
  }
  if (v !== null && typeof v === 'object') {
    const entries = Object.entries(v);
    // Not at the top: a stream that starts with `{` is JSON to kubectl (and so to the reader).
    if (entries.length === 0 || (indent !== '' && pick(5) === 0)) return [`${indent}${flow(v, pick)}`];
    // Some keys behind a `<<` merge key first; the rest written out (disjoint keys: same mapping).
    const merged = entries.length > 1 && pick(3) === 0 ? entries.slice(0, 1 + pick(entries.length - 1)) : [];
    const rest = entries.slice(merged.length);
    const lines = merged.length ? [`${indent}<<: ${flow(Object.fromEntries(merged), pick)}`] : [];
    for (const [k, x] of rest) {
      if (x !== null && typeof x === 'object' && (Array.isArray(x) ? x.length > 0 : Object.keys(x).length > 0) && pick(3) !== 0) {
        lines.push(`${indent}${scalar(k, pick)}:`, ...block(x, `${indent}  `, pick));
      } else {
        lines.push(`${indent}${scalar(k, pick)}: ${flow(x, pick)}`);
      }
    }
    return lines;
  }
  return [`${indent}${scalar(v, pick)}`];
}

const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });
const id = fc.integer({ min: 0, max: 70_000 });

const container = fc.record({
  name: fc.constantFrom('app', 'sidecar'),
  image: fc.constantFrom('nginx:1.27', 'ghcr.io/acme/api:2.1.0', 'busybox'),
  ports: maybe(fc.array(fc.record({ containerPort: fc.integer({ min: 1, max: 65535 }), hostPort: maybe(fc.integer({ min: 0, max: 65535 })) }, { requiredKeys: ['containerPort'] }), { maxLength: 2 })),
  securityContext: maybe(fc.record({
    privileged: fc.boolean(),
    allowPrivilegeEscalation: fc.boolean(),
    readOnlyRootFilesystem: fc.boolean(),
    runAsNonRoot: fc.boolean(),
    runAsUser: id,
    runAsGroup: id,
    capabilities: fc.record({ add: fc.subarray(['NET_ADMIN', 'CHOWN', 'NET_BIND_SERVICE']), drop: fc.subarray(['ALL', 'NET_RAW']) }, { requiredKeys: [] }),
  }, { requiredKeys: [] })),
}, { requiredKeys: ['name', 'image'] });

const podObject = fc.record({
  hostNetwork: maybe(fc.boolean()),
  hostPID: maybe(fc.boolean()),
  hostIPC: maybe(fc.boolean()),
  automountServiceAccountToken: maybe(fc.boolean()),
  securityContext: maybe(fc.record({ runAsNonRoot: fc.boolean(), runAsUser: id, fsGroup: id, seccompProfile: fc.record({ type: fc.constantFrom('RuntimeDefault', 'Unconfined') }) }, { requiredKeys: [] })),
  containers: fc.uniqueArray(container, { minLength: 1, maxLength: 2, selector: c => c.name }),
}, { requiredKeys: ['containers'] }).map(spec => JSON.parse(JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'shop' }, spec })) as Json);

async function decode(text: string): Promise<{ objects: any[]; problems: string[] }> {
  const objects: any[] = [];
  const problems: string[] = [];
  await streamYaml(Readable.from([text]), { object: o => objects.push(o.obj), problem: p => problems.push(p.message), note: () => undefined });
  return { objects, problems };
}

const summary = (objects: any[]) => new Checker().check(objects).map(f => `${f.ruleId} ${f.path} ${f.severity} ${f.message}`).sort();

test('YAML 1.1 spellings of a Pod give the objects and findings of its canonical JSON', async () => {
  await fc.assert(fc.asyncProperty(podObject, fc.infiniteStream(fc.nat()), async (obj, randoms) => {
    const it = randoms[Symbol.iterator]();
    const pick = (n: number) => it.next().value % n;
    const yaml = `${block(obj, '', pick).join('\n')}\n`;
    const fromYaml = await decode(yaml);
    const fromJson = await decode(JSON.stringify(obj));
    expect(fromYaml.problems).toEqual([]);
    expect(fromYaml.objects).toEqual([obj]);
    expect(fromJson.objects).toEqual([obj]);
    expect(summary(fromYaml.objects)).toEqual(summary([obj]));
  }), { numRuns: 300 });
}, 120_000);
