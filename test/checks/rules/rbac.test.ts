import { check, expectSuppressed, Obj, of, ruleIds, single } from './_fixtures';
import { Severity } from '../../../src';

const role = (kind: 'Role' | 'ClusterRole', rules: Obj[]): Obj => ({
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind,
  metadata: { name: 'web', ...(kind === 'Role' ? { namespace: 'prod' } : {}) },
  rules,
});

const binding = (kind: 'RoleBinding' | 'ClusterRoleBinding', roleRef: Obj, subjects?: Obj[]): Obj => ({
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind,
  metadata: { name: 'web', ...(kind === 'RoleBinding' ? { namespace: 'prod' } : {}) },
  roleRef: { apiGroup: 'rbac.authorization.k8s.io', ...roleRef },
  ...(subjects ? { subjects } : {}),
});

const READ_PODS = { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch'] };

describe('CS501 RBAC wildcards', () => {
  test.each(['Role', 'ClusterRole'] as const)('accepts a %s that lists what it grants', (kind) => {
    expect(check(role(kind, [READ_PODS, { apiGroups: ['apps'], resources: ['deployments'], verbs: ['get'] }]))).toEqual([]);
  });

  test('reports "*" in verbs by rule index', () => {
    const findings = check(role('Role', [READ_PODS, { apiGroups: [''], resources: ['configmaps'], verbs: ['*'] }]));
    expect(ruleIds(findings)).toEqual(['CS501']);
    const f = single(findings, 'CS501');
    expect(f).toMatchObject({
      severity: Severity.ERROR,
      path: 'rules[1].verbs',
      message: 'rule 1 grants "*" in verbs',
      object: { kind: 'Role', name: 'web', namespace: 'prod' },
    });
    expect(f.container).toBeUndefined();
  });

  test('reports each wildcard field of a ClusterRole rule', () => {
    const findings = of(check(role('ClusterRole', [{ apiGroups: ['*'], resources: ['*'], verbs: ['get'] }])), 'CS501');
    expect(findings.map(f => [f.path, f.message])).toEqual([
      ['rules[0].apiGroups', 'rule 0 grants "*" in apiGroups'],
      ['rules[0].resources', 'rule 0 grants "*" in resources'],
    ]);
  });

  test('a suppression accepts it', () => {
    expectSuppressed(role('ClusterRole', [{ apiGroups: [''], resources: ['*'], verbs: ['get'] }]), 'CS501');
  });
});

describe('CS502 cluster-admin binding', () => {
  test('accepts bindings to other roles, including a namespaced Role named cluster-admin', () => {
    expect(check(binding('ClusterRoleBinding', { kind: 'ClusterRole', name: 'view' }, [{ kind: 'Group', name: 'devs' }]))).toEqual([]);
    expect(check(binding('RoleBinding', { kind: 'Role', name: 'cluster-admin' }, [{ kind: 'User', name: 'alice' }]))).toEqual([]);
  });

  test('reports a ClusterRoleBinding to cluster-admin, naming the subjects', () => {
    const obj = binding('ClusterRoleBinding', { kind: 'ClusterRole', name: 'cluster-admin' }, [
      { kind: 'ServiceAccount', name: 'ci', namespace: 'tools' },
      { kind: 'User', name: 'alice' },
    ]);
    const findings = check(obj);
    expect(ruleIds(findings)).toEqual(['CS502']);
    const f = single(findings, 'CS502');
    expect(f).toMatchObject({
      severity: Severity.ERROR,
      path: 'roleRef.name',
      message: 'the ClusterRoleBinding grants cluster-admin to ServiceAccount/ci, User/alice',
      object: { kind: 'ClusterRoleBinding', name: 'web' },
    });
    expect(f.container).toBeUndefined();
  });

  test('reports a RoleBinding to the cluster-admin ClusterRole without subjects', () => {
    const f = single(check(binding('RoleBinding', { kind: 'ClusterRole', name: 'cluster-admin' })), 'CS502');
    expect(f).toMatchObject({ path: 'roleRef.name', message: 'the RoleBinding grants cluster-admin to no subject' });
  });

  test('a suppression accepts it', () => {
    expectSuppressed(binding('ClusterRoleBinding', { kind: 'ClusterRole', name: 'cluster-admin' }, [{ kind: 'Group', name: 'ops' }]), 'CS502');
  });
});
