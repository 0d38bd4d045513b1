/**
 * CS211 and RBAC bindings: a pod whose ServiceAccount is bound by a RoleBinding or ClusterRoleBinding in
 * the same input uses the API, so its mounted token is not reported; a binding to any other account, or
 * to a group, leaves the finding.
 */
import { check, deployment, expectSuppressed, NAMESPACE, Obj, of, single, workload } from './_fixtures';
import { accountKey, BoundAccounts, boundAccounts, podAccount } from '../../../src/checks/_rbac';

const RBAC = 'rbac.authorization.k8s.io';

function binding(kind: 'RoleBinding' | 'ClusterRoleBinding', subjects: Obj[], namespace: string | undefined = NAMESPACE): Obj {
  return {
    apiVersion: `${RBAC}/v1`,
    kind,
    metadata: { name: 'web-reader', ...(kind === 'RoleBinding' && namespace !== undefined ? { namespace } : {}) },
    roleRef: { apiGroup: RBAC, kind: kind === 'RoleBinding' ? 'Role' : 'ClusterRole', name: 'web-reader' },
    subjects,
  };
}

const saSubject = (name: string, namespace?: string): Obj => ({ kind: 'ServiceAccount', name, ...(namespace === undefined ? {} : { namespace }) });
const mounted = () => deployment(spec => { spec.automountServiceAccountToken = true; });
const unset = () => deployment(spec => { delete spec.automountServiceAccountToken; });

describe('CS211: a bound ServiceAccount is the reason for the token', () => {
  test.each<[string, Obj]>([
    ['a RoleBinding naming the account', binding('RoleBinding', [saSubject('web', NAMESPACE)])],
    ['a RoleBinding whose subject leaves the namespace to the binding', binding('RoleBinding', [saSubject('web')])],
    ['a ClusterRoleBinding naming the account and its namespace', binding('ClusterRoleBinding', [saSubject('web', NAMESPACE)])],
    ['a User subject system:serviceaccount:prod:web', binding('RoleBinding', [{ kind: 'User', apiGroup: RBAC, name: `system:serviceaccount:${NAMESPACE}:web` }])],
    ['a binding with other subjects too', binding('RoleBinding', [saSubject('api'), saSubject('web')])],
  ])('accepts automountServiceAccountToken: true with %s, before or after the pod', (_name, b) => {
    expect(of(check([b, mounted()]), 'CS211')).toEqual([]);
    expect(of(check([mounted(), b]), 'CS211')).toEqual([]);
  });

  test('accepts a pod that leaves it unset and whose ServiceAccount leaves it on', () => {
    const sa = { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'web', namespace: NAMESPACE } };
    const b = binding('RoleBinding', [saSubject('web')]);
    expect(of(check([unset(), sa, b]), 'CS211')).toEqual([]);
    expect(of(check([b, unset()]), 'CS211')).toEqual([]);
  });

  test('accepts every pod-bearing kind, CronJob included', () => {
    const cron = workload('CronJob', spec => { spec.automountServiceAccountToken = true; });
    expect(of(check([cron, binding('RoleBinding', [saSubject('web')])]), 'CS211')).toEqual([]);
  });

  test.each<[string, Obj]>([
    ['a RoleBinding to another account', binding('RoleBinding', [saSubject('api')])],
    ['a RoleBinding to the same name in another namespace', binding('RoleBinding', [saSubject('web', 'staging')])],
    ['a RoleBinding in another namespace whose subject takes that namespace', binding('RoleBinding', [saSubject('web')], 'staging')],
    ['a ClusterRoleBinding whose subject has no namespace (invalid, binds nothing)', binding('ClusterRoleBinding', [saSubject('web')])],
    ['a group of every service account', binding('ClusterRoleBinding', [{ kind: 'Group', apiGroup: RBAC, name: 'system:serviceaccounts' }])],
    ['a group of the namespace\'s service accounts', binding('RoleBinding', [{ kind: 'Group', apiGroup: RBAC, name: `system:serviceaccounts:${NAMESPACE}` }])],
    ['a User that is not a service account', binding('RoleBinding', [{ kind: 'User', apiGroup: RBAC, name: 'web' }])],
    ['a binding of an unknown apiVersion', { ...binding('RoleBinding', [saSubject('web')]), apiVersion: `${RBAC}/v1beta1` }],
    ['a RoleBinding without subjects', binding('RoleBinding', [])],
  ])('still reports automountServiceAccountToken: true with %s', (_name, b) => {
    expect(single(check([b, mounted()]), 'CS211')).toMatchObject({
      path: 'spec.template.spec.automountServiceAccountToken',
      message: 'the pod sets automountServiceAccountToken: true',
    });
  });

  test('a binding to the account "default" is no reason: pods without an account of their own stay reported', () => {
    const obj = deployment(spec => { spec.automountServiceAccountToken = true; delete spec.serviceAccountName; });
    const b = binding('ClusterRoleBinding', [saSubject('default', NAMESPACE)]);
    expect(single(check([b, obj]), 'CS211').message).toBe('the pod sets automountServiceAccountToken: true');
    expect(single(check([obj, b]), 'CS211').message).toBe('the pod sets automountServiceAccountToken: true');
  });

  test('a binding for one pod does not settle a second pod of another account', () => {
    const other = deployment((spec, obj) => { spec.automountServiceAccountToken = true; spec.serviceAccountName = 'api'; obj.metadata.name = 'api'; });
    const findings = of(check([mounted(), other, binding('RoleBinding', [saSubject('web')])]), 'CS211');
    expect(findings.map(f => f.object.name)).toEqual(['api']);
  });

  test('a suppression with a reason still marks the unbound pod suppressed', () => {
    expectSuppressed(mounted(), 'CS211');
  });
});

describe('boundAccounts', () => {
  test('reads ServiceAccount and service-account User subjects, skipping the rest', () => {
    expect(boundAccounts(binding('RoleBinding', [
      saSubject('a'), saSubject('b', 'other'),
      { kind: 'User', apiGroup: RBAC, name: 'system:serviceaccount:ns1:c' },
      { kind: 'User', apiGroup: RBAC, name: 'system:serviceaccount:ns1' },
      { kind: 'Group', apiGroup: RBAC, name: 'system:serviceaccounts:ns1' },
      { kind: 'ServiceAccount', name: '' }, null as unknown as Obj, 'x' as unknown as Obj,
    ]))).toEqual([
      { namespace: NAMESPACE, name: 'a' }, { namespace: 'other', name: 'b' }, { namespace: 'ns1', name: 'c' },
    ]);
  });

  test('an object that is not a binding binds nothing', () => {
    expect(boundAccounts(deployment())).toEqual([]);
    expect(boundAccounts({ ...binding('RoleBinding', [saSubject('a')]), kind: 'Role' })).toEqual([]);
  });

  test('BoundAccounts collects over a stream', () => {
    const b = new BoundAccounts();
    b.see(binding('RoleBinding', [saSubject('a')]));
    b.see(deployment());
    expect(b.has(NAMESPACE, 'a')).toBe(true);
    expect(b.hasKey(accountKey(NAMESPACE, 'a'))).toBe(true);
    expect(b.has(NAMESPACE, 'web')).toBe(false);
    expect(b.size).toBe(1);
  });

  test('podAccount falls back to serviceAccount, then default', () => {
    expect(podAccount({ serviceAccountName: 'a', serviceAccount: 'b' })).toBe('a');
    expect(podAccount({ serviceAccountName: '', serviceAccount: 'b' })).toBe('b');
    expect(podAccount({})).toBe('default');
  });
});
