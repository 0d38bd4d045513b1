/** CS503-CS509: RBAC that reads secrets, execs into pods, escalates, proxies to nodes or binds wildcard roles. */
import { check, expectSuppressed, Obj, of, ruleIds, single } from './_fixtures';
import { Severity } from '../../../src';

const role = (kind: 'Role' | 'ClusterRole', rules: Obj[], name = 'web'): Obj => ({
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind,
  metadata: { name, ...(kind === 'Role' ? { namespace: 'prod' } : {}) },
  rules,
});

const binding = (kind: 'RoleBinding' | 'ClusterRoleBinding', roleRef: Obj, namespace = 'prod'): Obj => ({
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind,
  metadata: { name: 'web', ...(kind === 'RoleBinding' ? { namespace } : {}) },
  roleRef: { apiGroup: 'rbac.authorization.k8s.io', ...roleRef },
  subjects: [{ kind: 'ServiceAccount', name: 'web', namespace: 'prod' }],
});

const core = (resources: string[], verbs: string[], extra: Obj = {}): Obj => ({ apiGroups: [''], resources, verbs, ...extra });
const READ_PODS = core(['pods'], ['get', 'list', 'watch']);

describe('CS503 ClusterRole reads secrets', () => {
  test('accepts a ClusterRole without secrets and one that gets named secrets only', () => {
    expect(check(role('ClusterRole', [READ_PODS, core(['secrets'], ['get'], { resourceNames: ['tls'] })]))).toEqual([]);
    // Secrets of another API group are not core secrets.
    expect(check(role('ClusterRole', [{ apiGroups: ['example.com'], resources: ['secrets'], verbs: ['list'] }]))).toEqual([]);
  });

  test('reports get without resourceNames, list and watch, by rule index', () => {
    const findings = check(role('ClusterRole', [READ_PODS, core(['configmaps', 'secrets'], ['get', 'list', 'watch'])]));
    expect(ruleIds(findings)).toEqual(['CS503']);
    expect(single(findings, 'CS503')).toMatchObject({
      severity: Severity.ERROR,
      path: 'rules[1].verbs',
      message: 'rule 1 lets the ClusterRole "get", "list", "watch" secrets (resources: "secrets") in every namespace it is bound to',
      object: { kind: 'ClusterRole', name: 'web' },
    });
  });

  test('reports list even when resourceNames are given, and reads through "*" verbs or resources', () => {
    const f = single(check(role('ClusterRole', [core(['secrets'], ['get', 'list'], { resourceNames: ['tls'] })])), 'CS503');
    expect(f.message).toBe('rule 0 lets the ClusterRole "list" secrets (resources: "secrets") in every namespace it is bound to');
    const wild = of(check(role('ClusterRole', [core(['*'], ['get']), { apiGroups: ['*'], resources: ['secrets'], verbs: ['*'] }])), 'CS503');
    expect(wild.map(x => [x.path, x.message])).toEqual([
      ['rules[0].verbs', 'rule 0 lets the ClusterRole "get" secrets (resources: "*") in every namespace it is bound to'],
      ['rules[1].verbs', 'rule 1 lets the ClusterRole "get", "list", "watch" secrets (resources: "secrets") in every namespace it is bound to'],
    ]);
  });

  test('a namespaced Role that gets secrets is not CS503', () => {
    expect(of(check(role('Role', [core(['secrets'], ['get'])])), 'CS503')).toEqual([]);
  });

  test('a suppression accepts it', () => {
    expectSuppressed(role('ClusterRole', [core(['secrets'], ['list'])]), 'CS503');
  });
});

describe('CS504 Role lists or watches secrets', () => {
  test('accepts a Role that gets secrets', () => {
    expect(check(role('Role', [core(['secrets'], ['get'], { resourceNames: ['db'] })]))).toEqual([]);
  });

  test('reports list and watch', () => {
    const findings = check(role('Role', [READ_PODS, core(['secrets'], ['get', 'list', 'watch'])]));
    expect(ruleIds(findings)).toEqual(['CS504']);
    expect(single(findings, 'CS504')).toMatchObject({
      severity: Severity.ERROR,
      path: 'rules[1].verbs',
      message: 'rule 1 lets the Role "list", "watch" secrets (resources: "secrets")',
      object: { kind: 'Role', name: 'web', namespace: 'prod' },
    });
  });

  test('a ClusterRole is left to CS503', () => {
    expect(ruleIds(check(role('ClusterRole', [core(['secrets'], ['list'])])))).toEqual(['CS503']);
  });

  test('a suppression accepts it', () => {
    expectSuppressed(role('Role', [core(['secrets'], ['watch'])]), 'CS504');
  });
});

describe('CS505 exec or attach into pods', () => {
  test('accepts reading pods and logs', () => {
    expect(check(role('Role', [READ_PODS, core(['pods/log'], ['get'])]))).toEqual([]);
    // pods/exec without create or get does nothing.
    expect(check(role('Role', [core(['pods/exec'], ['list'])]))).toEqual([]);
  });

  test('reports create on pods/exec', () => {
    const findings = check(role('Role', [READ_PODS, core(['pods/exec'], ['create'])]));
    expect(ruleIds(findings)).toEqual(['CS505']);
    expect(single(findings, 'CS505')).toMatchObject({
      severity: Severity.ERROR,
      path: 'rules[1].resources',
      message: 'rule 1 grants "create" on pods/exec',
    });
  });

  test('reports get on pods/attach in a ClusterRole, and "pods/*" with "*" verbs', () => {
    expect(single(check(role('ClusterRole', [core(['pods/attach'], ['get'])])), 'CS505').message).toBe('rule 0 grants "get" on pods/attach');
    expect(single(check(role('Role', [core(['pods/*'], ['*'])])), 'CS505').message).toBe('rule 0 grants "create", "get" on pods/exec and pods/attach');
  });

  test('a suppression accepts it', () => {
    expectSuppressed(role('ClusterRole', [core(['pods/exec'], ['create'])]), 'CS505');
  });
});

describe('CS506 escalate, bind or impersonate', () => {
  const RBAC = 'rbac.authorization.k8s.io';
  test('accepts managing roles without escalate or bind, and "*" verbs on other resources', () => {
    expect(check(role('ClusterRole', [{ apiGroups: [RBAC], resources: ['roles'], verbs: ['get', 'create'] }]))).toEqual([]);
    expect(of(check(role('Role', [{ apiGroups: ['apps'], resources: ['deployments'], verbs: ['*'] }])), 'CS506')).toEqual([]);
  });

  test('reports each verb listed explicitly', () => {
    const findings = check(role('ClusterRole', [READ_PODS, { apiGroups: [RBAC], resources: ['clusterroles'], verbs: ['bind', 'escalate'] }, core(['users'], ['impersonate'])]));
    expect(ruleIds(findings)).toEqual(['CS506']);
    expect(of(findings, 'CS506').map(f => [f.severity, f.path, f.message])).toEqual([
      [Severity.ERROR, 'rules[1].verbs', 'rule 1 grants "escalate", "bind"'],
      [Severity.ERROR, 'rules[2].verbs', 'rule 2 grants "impersonate"'],
    ]);
  });

  test('reports "*" verbs on roles and on service accounts', () => {
    expect(single(check(role('Role', [{ apiGroups: [RBAC], resources: ['roles'], verbs: ['*'] }])), 'CS506').message).toBe('rule 0 grants "escalate", "bind" (through "*")');
    expect(single(check(role('Role', [core(['serviceaccounts'], ['*'])])), 'CS506').message).toBe('rule 0 grants "impersonate" (through "*")');
  });

  test('a suppression accepts it', () => {
    expectSuppressed(role('ClusterRole', [core(['serviceaccounts'], ['impersonate'])]), 'CS506');
  });
});

describe('CS507 nodes/proxy', () => {
  test('accepts nodes and nodes/metrics', () => {
    expect(check(role('ClusterRole', [core(['nodes', 'nodes/metrics'], ['get', 'list'])]))).toEqual([]);
  });

  test('reports any verb on nodes/proxy', () => {
    const findings = check(role('ClusterRole', [READ_PODS, core(['nodes/proxy'], ['get'])]));
    expect(ruleIds(findings)).toEqual(['CS507']);
    expect(single(findings, 'CS507')).toMatchObject({
      severity: Severity.ERROR,
      path: 'rules[1].resources',
      message: 'rule 1 grants "get" on nodes/proxy (resources: "nodes/proxy")',
    });
    expect(single(check(role('ClusterRole', [core(['nodes/*'], ['create'])])), 'CS507').message).toBe('rule 0 grants "create" on nodes/proxy (resources: "nodes/*")');
  });

  test('a suppression accepts it', () => {
    expectSuppressed(role('ClusterRole', [core(['nodes/proxy'], ['get'])]), 'CS507');
  });
});

describe('CS508 binding to a role with a wildcard', () => {
  const wildRole = role('ClusterRole', [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }], 'super-admin');

  test('accepts bindings to roles without wildcards, and to wildcard roles not in the input', () => {
    expect(check([role('ClusterRole', [READ_PODS], 'reader'), binding('ClusterRoleBinding', { kind: 'ClusterRole', name: 'reader' })])).toEqual([]);
    expect(of(check(binding('RoleBinding', { kind: 'ClusterRole', name: 'super-admin' })), 'CS508')).toEqual([]);
  });

  test('reports a ClusterRoleBinding and a RoleBinding to a wildcard ClusterRole of another name', () => {
    const findings = check([wildRole, binding('ClusterRoleBinding', { kind: 'ClusterRole', name: 'super-admin' }), binding('RoleBinding', { kind: 'ClusterRole', name: 'super-admin' })]);
    // A role with "*" everywhere also grants what CS503, CS505, CS506 and CS507 look for: each is reported on
    // the role, so suppressing CS501 for a generic admin role does not hide them.
    expect(ruleIds(findings)).toEqual(['CS501', 'CS503', 'CS505', 'CS506', 'CS507', 'CS508']);
    expect(of(findings, 'CS503').concat(of(findings, 'CS505'), of(findings, 'CS506'), of(findings, 'CS507')).every(f => f.object.kind === 'ClusterRole')).toBe(true);
    expect(of(findings, 'CS508').map(f => [f.severity, f.object.kind, f.path, f.message])).toEqual([
      [Severity.ERROR, 'ClusterRoleBinding', 'roleRef.name', 'the binding grants ClusterRole "super-admin", whose rules use "*" in apiGroups, resources, verbs'],
      [Severity.ERROR, 'RoleBinding', 'roleRef.name', 'the binding grants ClusterRole "super-admin", whose rules use "*" in apiGroups, resources, verbs'],
    ]);
  });

  test('a RoleBinding reaches only the Role of its own namespace', () => {
    const wildNs = role('Role', [core(['configmaps'], ['*'])], 'editor');
    expect(single(check([wildNs, binding('RoleBinding', { kind: 'Role', name: 'editor' })]), 'CS508').message)
      .toBe('the binding grants Role "editor", whose rules use "*" in verbs');
    expect(of(check([wildNs, binding('RoleBinding', { kind: 'Role', name: 'editor' }, 'dev')]), 'CS508')).toEqual([]);
  });

  test('a suppression on the binding accepts it', () => {
    const findings = check([wildRole, {
      ...binding('ClusterRoleBinding', { kind: 'ClusterRole', name: 'super-admin' }),
      metadata: { name: 'web', annotations: { 'cdk8s-secure.io/suppressions': JSON.stringify([{ ruleId: 'CS508', reason: 'break-glass role of the platform team' }]) } },
    }]);
    expect(single(findings, 'CS508').suppressed).toEqual({ reason: 'break-glass role of the platform team', expires: undefined });
    expect(of(findings, 'CS001')).toEqual([]);
  });
});

describe('CS509 Role named cluster-admin', () => {
  test('accepts the ClusterRole name and other Role names', () => {
    expect(of(check([role('Role', [READ_PODS], 'admin'), role('ClusterRole', [READ_PODS], 'cluster-admin')]), 'CS509')).toEqual([]);
  });

  test('reports a Role named cluster-admin', () => {
    const findings = check(role('Role', [READ_PODS], 'cluster-admin'));
    expect(ruleIds(findings)).toEqual(['CS509']);
    expect(single(findings, 'CS509')).toMatchObject({
      severity: Severity.WARNING,
      path: 'metadata.name',
      message: 'the Role in namespace "prod" is named cluster-admin, like the built-in ClusterRole',
    });
  });

  test('a suppression accepts it', () => {
    expectSuppressed(role('Role', [READ_PODS], 'cluster-admin'), 'CS509');
  });
});
