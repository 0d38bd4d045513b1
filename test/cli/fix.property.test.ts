import * as fs from 'fs';
import fc from 'fast-check';
import { Document, isMap, isPair, isScalar, visit } from 'yaml';
import { cli, TempDir } from './_cli';
import { decodeYaml, roleBindingYaml } from './_fix-fixtures';
import { formatPath } from '../../src/checks/_path';
import { Checker } from '../../src/checks/engine';
import { MECHANICAL_FIXES } from '../../src/cli/_fix-rules';

/*
 * Random insecure pods through `cdk8s-secure fix`: afterwards no finding of a rule with a mechanical fix is left
 * unless the report gives the reason it was left; a second fix changes nothing; no field changes that the report
 * does not list; comments stay.
 */

const opt = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });

function containerArb(clean: boolean) {
  return fc.record({
    securityContext: opt(fc.record({
      runAsNonRoot: opt(fc.boolean()),
      runAsUser: opt(fc.constantFrom(0, 1001, 30000)),
      allowPrivilegeEscalation: opt(fc.boolean()),
      privileged: opt(clean ? fc.constant(false) : fc.boolean()),
      readOnlyRootFilesystem: opt(fc.boolean()),
      capabilities: opt(fc.record({
        drop: opt(fc.subarray(['NET_RAW', 'ALL', 'all'])),
        add: opt(fc.subarray(clean ? ['NET_BIND_SERVICE'] : ['NET_BIND_SERVICE', 'NET_ADMIN', 'SYS_ADMIN'])),
      }, { requiredKeys: [] })),
      seccompProfile: opt(fc.constantFrom(...(clean ? [{ type: 'RuntimeDefault' }] : [{ type: 'RuntimeDefault' }, { type: 'Unconfined' }]))),
    }, { requiredKeys: [] })),
    resources: opt(fc.record({
      requests: opt(fc.record({ cpu: opt(fc.constantFrom('50m', '1', '250m')), memory: opt(fc.constantFrom('64Mi', '1Gi')) }, { requiredKeys: [] })),
      limits: opt(fc.record({ cpu: opt(fc.constantFrom('100m', '2', '500m')), memory: opt(fc.constantFrom('128Mi', '2Gi')) }, { requiredKeys: [] })),
    }, { requiredKeys: [] })),
    imagePullPolicy: opt(fc.constantFrom('Always', 'IfNotPresent', 'Never')),
    mountsTmp: fc.boolean(),
  }, { requiredKeys: [] });
}

function podArb(clean: boolean) {
  return fc.record({
    kind: fc.constantFrom('Pod', 'Deployment', 'StatefulSet', 'Job', 'CronJob', 'DaemonSet'),
    podSc: fc.record({
      runAsNonRoot: opt(fc.boolean()),
      runAsUser: opt(fc.constantFrom(0, 20000)),
      seccompProfile: opt(fc.constantFrom(...(clean ? [{ type: 'RuntimeDefault' }] : [{ type: 'RuntimeDefault' }, { type: 'Unconfined' }]))),
    }, { requiredKeys: [] }),
    automount: opt(clean ? fc.constant(false) : fc.boolean()),
    account: opt(fc.constantFrom('web', 'api')),
    bound: clean ? fc.constant(false) : fc.boolean(),
    containers: fc.array(containerArb(clean), { minLength: 1, maxLength: 3 }),
    initContainers: fc.array(containerArb(clean), { maxLength: 1 }),
    suppress: clean ? fc.constant(undefined) : opt(fc.record({ rule: fc.constantFrom(...MECHANICAL_FIXES.keys()), container: fc.boolean() })),
    flow: fc.boolean(),
    indentSeq: fc.boolean(),
  });
}

type Gen = ReturnType<typeof podArb> extends fc.Arbitrary<infer T> ? T : never;

function manifest(g: Gen): { text: string; comments: string[] } {
  const container = (c: any, name: string) => {
    const { mountsTmp, ...rest } = c;
    return { name, image: `registry.example.com/${name}:1.0.0`, ...rest, ...(mountsTmp ? { volumeMounts: [{ name: 'scratch', mountPath: '/tmp' }] } : {}) };
  };
  const spec: any = {
    ...(Object.keys(g.podSc).length ? { securityContext: g.podSc } : {}),
    ...(g.automount !== undefined ? { automountServiceAccountToken: g.automount } : {}),
    ...(g.account ? { serviceAccountName: g.account } : {}),
    containers: g.containers.map((c, i) => container(c, `c${i}`)),
    ...(g.initContainers.length ? { initContainers: g.initContainers.map((c, i) => container(c, `init${i}`)) } : {}),
    ...([...g.containers, ...g.initContainers].some(c => c.mountsTmp) ? { volumes: [{ name: 'scratch', emptyDir: {} }] } : {}),
  };
  const template = { metadata: { labels: { app: 'gen' } }, spec };
  const bodies: Record<string, any> = {
    Pod: spec,
    Deployment: { selector: { matchLabels: { app: 'gen' } }, template },
    StatefulSet: { selector: { matchLabels: { app: 'gen' } }, serviceName: 'gen', template },
    DaemonSet: { selector: { matchLabels: { app: 'gen' } }, template },
    Job: { template: { ...template, spec: { ...spec, restartPolicy: 'Never' } } },
    CronJob: { schedule: '0 * * * *', jobTemplate: { spec: { template: { ...template, spec: { ...spec, restartPolicy: 'Never' } } } } },
  };
  const annotations = g.suppress
    ? { 'cdk8s-secure.io/suppressions': JSON.stringify([{ ruleId: g.suppress.rule, reason: 'decided by the owner, ticket SEC-1', ...(g.suppress.container ? { container: 'c0' } : {}) }]) }
    : undefined;
  const obj = {
    apiVersion: g.kind === 'Pod' ? 'v1' : g.kind === 'Job' || g.kind === 'CronJob' ? 'batch/v1' : 'apps/v1',
    kind: g.kind,
    metadata: { name: 'gen', namespace: 'team', ...(annotations ? { annotations } : {}) },
    spec: bodies[g.kind],
  };
  // A copy: shared objects would become anchors and aliases, which fix refuses to edit (tested in fix.test.ts).
  const doc = new Document(JSON.parse(JSON.stringify(obj)));
  doc.commentBefore = ' generated workload';
  const comments = ['# generated workload'];
  visit(doc, {
    Pair(_, pair) {
      if (!isPair(pair) || !isScalar(pair.key)) return;
      if (pair.key.value === 'containers') {
        pair.key.commentBefore = ' the containers';
        comments.push('# the containers');
      }
      if (g.flow && (pair.key.value === 'securityContext' || pair.key.value === 'resources') && isMap(pair.value)) pair.value.flow = true;
    },
  });
  const binding = g.bound
    ? roleBindingYaml(g.account ?? 'default', 'team', 'b')
    : '';
  return { text: doc.toString({ indentSeq: g.indentSeq }) + binding, comments };
}

const decodeAll = decodeYaml;

/** Leaf paths where two JSON values differ. */
function differences(a: unknown, b: unknown, at: Array<string | number> = []): string[] {
  if (JSON.stringify(a) === JSON.stringify(b)) return [];
  const rec = (v: unknown) => v !== null && typeof v === 'object';
  // A field that was not set and now holds a mapping or list differs at each of its leaves.
  if (a === undefined && rec(b)) return differences(Array.isArray(b) ? [] : {}, b, at);
  if (rec(a) && rec(b) && Array.isArray(a) === Array.isArray(b)) {
    const keys = new Set([...Object.keys(a as object), ...Object.keys(b as object)]);
    return [...keys].flatMap(k => differences((a as any)[k], (b as any)[k], [...at, Array.isArray(a) ? Number(k) : k]));
  }
  return [formatPath(at)];
}

async function runFix(tmp: TempDir, text: string) {
  const file = tmp.write('in.yaml', text);
  fs.rmSync(tmp.path('out'), { recursive: true, force: true });
  const r = await cli(['fix', '--output', tmp.path('out'), file]);
  return { ...r, out: fs.readFileSync(tmp.path('out/in.yaml'), 'utf8') };
}

let tmp: TempDir;
beforeAll(() => { tmp = new TempDir('cdk8s-secure-fix-prop-'); });
afterAll(() => tmp.cleanup());

test('random insecure pods: mechanical findings are fixed or left with a reason; idempotent; only listed fields change; comments kept', async () => {
  let fixedSome = 0;
  let declinedSome = 0;
  await fc.assert(fc.asyncProperty(podArb(false), async g => {
    const { text, comments } = manifest(g);
    const r = await runFix(tmp, text);
    expect(r.code).toBe(0);
    const [before] = decodeAll(text);
    const [after] = decodeAll(r.out);
    // 1. Every finding left of a rule with a mechanical fix was left on purpose, and the report says why.
    for (const f of new Checker().check(decodeAll(r.out)).filter(x => !x.suppressed && MECHANICAL_FIXES.has(x.ruleId))) {
      expect(r.stderr).toContain(`  ${f.ruleId} ${f.severity}  ${f.message} (left as it is: `);
      declinedSome++;
    }
    // 2. Only the listed fields changed.
    const listed = r.stderr.split('\n').map(l => /^ {2}CS\d+ {2}(\S+): /.exec(l)?.[1]).filter((p): p is string => p !== undefined);
    for (const d of differences(before, after)) {
      expect({ d, listed: listed.some(p => d === p || d.startsWith(`${p}.`) || d.startsWith(`${p}[`)) }).toEqual({ d, listed: true });
    }
    if (listed.length > 0) fixedSome++;
    // 3. Comments stay.
    for (const c of comments) expect(r.out).toContain(c);
    // 4. Idempotent.
    const again = await runFix(tmp, r.out);
    expect(again.out).toBe(r.out);
    expect(again.stderr).toContain('fix: 0 change(s) to 0 object(s)');
  }), { numRuns: 60, seed: 18 });
  // The generator reached both outcomes.
  expect(fixedSome).toBeGreaterThan(30);
  expect(declinedSome).toBeGreaterThan(0);
}, 240_000);

test('random insecure pods without owner-only settings: no finding of a rule with a mechanical fix is left', async () => {
  await fc.assert(fc.asyncProperty(podArb(true), async g => {
    const { text } = manifest(g);
    const r = await runFix(tmp, text);
    expect(r.code).toBe(0);
    const left = new Checker().check(decodeAll(r.out)).filter(x => !x.suppressed && MECHANICAL_FIXES.has(x.ruleId));
    expect(left.map(f => `${f.ruleId} ${f.message}`)).toEqual([]);
  }), { numRuns: 60, seed: 1818 });
}, 240_000);
