import { CheckSession, SessionOptions } from '../../src/checks/engine';
import { Finding } from '../../src/checks/finding';

// Objects that set and stream rules report on (CS211, CS301, CS304, CS307, CS508) and read (policies,
// roles), plus a suppression of a rule that cannot apply to its object (reported unused, CS001).
const OBJECTS: Array<Record<string, any>> = [
  { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team' } },
  {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'team' },
    spec: { selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'r.example/web:1.0' }] } } },
  },
  {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: 'typo', namespace: 'team' },
    spec: { podSelector: { matchLabels: { app: 'wbe' } }, policyTypes: ['Ingress'] },
  },
  {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'Role',
    metadata: { name: 'all', namespace: 'team' },
    rules: [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }],
  },
  {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: { name: 'all', namespace: 'team' },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'all' },
    subjects: [{ kind: 'ServiceAccount', name: 'default', namespace: 'team' }],
  },
  {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: 'p',
      namespace: 'team',
      labels: { app: 'p' },
      annotations: { 'cdk8s-secure.io/suppressions': JSON.stringify([{ ruleId: 'CS304', reason: 'a policy rule on a pod, matches nothing' }]) },
    },
    spec: { automountServiceAccountToken: false, containers: [{ name: 'c', image: 'r.example/p:1.0' }] },
  },
];

const kindsOf = (objects: Array<Record<string, any>>) => objects.map(o => ({ kind: o.kind, apiVersion: o.apiVersion }));

function run(objects: Array<Record<string, any>>, options: SessionOptions = {}): Finding[] {
  const session = new CheckSession({ today: '2026-01-01', ...options });
  for (const o of objects) session.add(o);
  return session.finish();
}

const ids = (findings: Finding[]) => findings.map(f => `${f.ruleId} ${f.object.kind}/${f.object.name} ${f.path}`).sort();

test('a session told its kinds reports exactly what a full session reports, for every subset of the objects', () => {
  const seen = new Set<string>();
  // Every non-empty subset, from the binary digits of 1 .. 2^n - 1.
  for (let n = 1; n < 2 ** OBJECTS.length; n++) {
    const digits = n.toString(2).padStart(OBJECTS.length, '0');
    const subset = OBJECTS.filter((_, i) => digits[OBJECTS.length - 1 - i] === '1');
    const full = run(subset);
    const told = run(subset, { kinds: kindsOf(subset) });
    expect(told).toEqual(full);
    full.forEach(f => seen.add(f.ruleId));
  }
  // The subsets exercise the set and stream rules the kinds leave out elsewhere, and the unused suppression.
  expect([...seen]).toEqual(expect.arrayContaining(['CS001', 'CS211', 'CS301', 'CS304', 'CS307', 'CS501', 'CS508']));
});

test('a session told its kinds still reports a suppression of a rule it does not run as unused (CS001)', () => {
  const pod = OBJECTS[5];
  const findings = run([pod], { kinds: kindsOf([pod]) });
  expect(ids(findings)).toContain('CS001 Pod/p metadata.annotations["cdk8s-secure.io/suppressions"]');
});

test('throws when a session told its kinds is given another kind', () => {
  const session = new CheckSession({ kinds: [{ kind: 'StatefulSet', apiVersion: 'apps/v1' }] });
  expect(() => session.add(OBJECTS[1])).toThrow('cdk8s-secure: internal error: apps/v1 Deployment was not among the kinds this check session was opened for');
});

test('sessions with other disabled rules or declared pod kinds do not share their rule lists', () => {
  const deployment = OBJECTS[1];
  const kinds = kindsOf([deployment]);
  const withCs301 = ids(run([deployment], { kinds })).filter(id => id.startsWith('CS301'));
  expect(withCs301).toHaveLength(1);
  expect(ids(run([deployment], { kinds, disabledRules: ['CS301'] })).filter(id => id.startsWith('CS301'))).toEqual([]);
  expect(ids(run([deployment], { kinds })).filter(id => id.startsWith('CS301'))).toEqual(withCs301);

  // A declared pod kind makes its objects pod-bearing for this session only.
  const app = { apiVersion: 'example.com/v1', kind: 'App', metadata: { name: 'a', namespace: 'team' }, spec: { pod: { containers: [{ name: 'c', image: 'r.example/a:1.0', securityContext: { privileged: true } }] } } };
  const declared = run([app], { kinds: kindsOf([app]), podKinds: [{ kind: 'App', group: 'example.com', podSpecPath: 'spec.pod' }] });
  expect(ids(declared)).toEqual(expect.arrayContaining(['CS103 App/a spec.pod.containers[0].securityContext.privileged']));
  expect(run([app], { kinds: kindsOf([app]) })).toEqual([]);
});
