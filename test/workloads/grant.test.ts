import { Chart, Cron, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { errorOf, guideContainer } from './_fixtures';
import {
  atOrAbove, Checker, GrantOptions, HealthChecks, SecureCronJob, SecureDaemonSet, SecureDeployment, SecureJob, SecureStatefulSet, SecurityChecks,
  Severity, Suppression,
} from '../../src';
import { CLUSTER_WIDE_REASONS } from '../../src/workloads/_grant';
import { expectValidObjects } from '../_schema';

const REASON = 'reads the app config at start-up (ticket OPS-12)';
const RBAC = 'rbac.authorization.k8s.io';
const READ_CONFIG: GrantOptions = { resources: ['configmaps'], verbs: ['get'], resourceNames: ['app-config'] };

function prodChart(): Chart {
  return new Chart(Testing.app(), 'test', { namespace: 'prod' });
}

function deploy(props: { suppressions?: Suppression[]; serviceAccount?: kplus.IServiceAccount } = {}, chart = prodChart()) {
  const d = new SecureDeployment(chart, 'backend', { owner: 'team-a', containers: [guideContainer()], ...props });
  return { chart, d };
}

const ofKind = (objects: any[], kind: string) => objects.filter(o => o.kind === kind);
const one = (objects: any[], kind: string) => {
  const all = ofKind(objects, kind);
  expect(all).toHaveLength(1);
  return all[0];
};
/** Unsuppressed findings at warning or above. */
const failing = (chart: Chart) => SecurityChecks.findings(chart).filter(f => !f.suppressed && atOrAbove(f.severity, Severity.WARNING));

describe('without a grant', () => {
  test('no Role or binding, and no token', () => {
    const { chart } = deploy();
    const out = Testing.synth(chart);
    expect(out.filter(o => /Role/.test(o.kind))).toEqual([]);
    expect(one(out, 'Deployment').spec.template.spec.automountServiceAccountToken).toBe(false);
  });
});

describe('one grant: read exactly one ConfigMap', () => {
  const { chart, d } = deploy();
  const role = d.grant(READ_CONFIG);
  const out = Testing.synth(chart);
  const pod = one(out, 'Deployment').spec.template.spec;
  const sa = one(out, 'ServiceAccount');

  test('the Role carries exactly the verbs, resources and resourceNames asked', () => {
    const r = one(out, 'Role');
    expect(r.metadata.name).toBe(role.name);
    expect(r.metadata.namespace).toBe('prod');
    expect(r.rules).toEqual([{ apiGroups: [''], resources: ['configmaps'], resourceNames: ['app-config'], verbs: ['get'] }]);
    expect(r.metadata.labels).toMatchObject({ 'app.kubernetes.io/name': 'backend', 'owner': 'team-a' });
  });

  test('the RoleBinding binds that Role to the pods\' own ServiceAccount, and only it', () => {
    const b = one(out, 'RoleBinding');
    expect(b.metadata.namespace).toBe('prod');
    expect(b.roleRef).toEqual({ apiGroup: RBAC, kind: 'Role', name: role.name });
    expect(b.subjects).toEqual([{ kind: 'ServiceAccount', name: pod.serviceAccountName, namespace: 'prod' }]);
    expect(sa.metadata.name).toBe(pod.serviceAccountName);
  });

  test('the token is mounted in the pods; the ServiceAccount keeps false', () => {
    expect(pod.automountServiceAccountToken).toBe(true);
    expect(sa.automountServiceAccountToken).toBe(false);
  });

  test('no ClusterRole, no suppression anywhere', () => {
    expect(ofKind(out, 'ClusterRole')).toEqual([]);
    expect(ofKind(out, 'ClusterRoleBinding')).toEqual([]);
    expect(out.filter(o => o.metadata.annotations?.['cdk8s-secure.io/suppressions'])).toEqual([]);
  });

  test('zero findings (the binding is the reason for the token), every object valid', () => {
    expect(SecurityChecks.findings(chart).filter(f => f.severity !== Severity.INFO)).toEqual([]);
    expectValidObjects(out);
  });

  test('the checker is what accepts the token: without the RoleBinding, CS211 reports the pod', () => {
    const findings = new Checker().check(out.filter(o => o.kind !== 'RoleBinding')).filter(f => f.ruleId === 'CS211');
    expect(findings.map(f => [f.object.kind, f.message])).toEqual([['Deployment', 'the pod sets automountServiceAccountToken: true']]);
  });
});

test('several grants: one Role with one rule each, in order, and one RoleBinding', () => {
  const { chart, d } = deploy();
  const r1 = d.grant(READ_CONFIG);
  const r2 = d.grant({ resources: ['leases'], verbs: ['get', 'update'], resourceNames: ['backend-leader'] });
  const r3 = d.grant({ resources: ['leases'], verbs: ['create'] });
  const r4 = d.grant({ resources: ['pods', 'pods/log'], verbs: ['get', 'get'] });
  expect(new Set([r1, r2, r3, r4]).size).toBe(1);
  const out = Testing.synth(chart);
  expect(one(out, 'Role').rules).toEqual([
    { apiGroups: [''], resources: ['configmaps'], resourceNames: ['app-config'], verbs: ['get'] },
    { apiGroups: ['coordination.k8s.io'], resources: ['leases'], resourceNames: ['backend-leader'], verbs: ['get', 'update'] },
    { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['create'] },
    { apiGroups: [''], resources: ['pods', 'pods/log'], verbs: ['get'] },
  ]);
  one(out, 'RoleBinding');
  expect(failing(chart)).toEqual([]);
  expectValidObjects(out);
});

describe.each([
  ['SecureDeployment', (c: Chart) => new SecureDeployment(c, 'w', { owner: 'team-a', containers: [guideContainer()] }), 'Deployment', (o: any) => o.spec.template.spec],
  ['SecureStatefulSet', (c: Chart) => new SecureStatefulSet(c, 'w', {
    owner: 'team-a', containers: [guideContainer()], volumeClaimTemplates: [{ name: 'data', storage: Size.gibibytes(1), mountPath: '/data' }],
  }), 'StatefulSet', (o: any) => o.spec.template.spec],
  ['SecureJob', (c: Chart) => new SecureJob(c, 'w', { owner: 'team-a', containers: [{ image: 'ghcr.io/acme/migrate:1.0.0' }] }), 'Job', (o: any) => o.spec.template.spec],
  ['SecureCronJob', (c: Chart) => new SecureCronJob(c, 'w', { owner: 'team-a', schedule: Cron.daily(), containers: [{ image: 'ghcr.io/acme/backup:1.0.0' }] }),
    'CronJob', (o: any) => o.spec.jobTemplate.spec.template.spec],
  ['SecureDaemonSet', (c: Chart) => new SecureDaemonSet(c, 'w', { owner: 'team-a', containers: [guideContainer()] }), 'DaemonSet', (o: any) => o.spec.template.spec],
] as const)('%s.grant()', (_name, build, kind, podOf) => {
  const chart = prodChart();
  const w = build(chart);
  w.grant({ resources: ['configmaps'], verbs: ['get', 'watch'], resourceNames: ['settings'] });
  const out = Testing.synth(chart);

  test('emits the Role and RoleBinding for the pods\' ServiceAccount and mounts the token', () => {
    const pod = podOf(one(out, kind));
    expect(pod.automountServiceAccountToken).toBe(true);
    expect(one(out, 'Role').rules).toEqual([{ apiGroups: [''], resources: ['configmaps'], resourceNames: ['settings'], verbs: ['get', 'watch'] }]);
    expect(one(out, 'RoleBinding').subjects).toEqual([{ kind: 'ServiceAccount', name: pod.serviceAccountName, namespace: 'prod' }]);
    expect(one(out, 'ServiceAccount').automountServiceAccountToken).toBe(false);
  });

  test('zero findings at warning or above, every object valid', () => {
    expect(failing(chart)).toEqual([]);
    expectValidObjects(out);
  });
});

test('a container added after the grant is verified with the binding in view (no CS211 error)', () => {
  const { chart, d } = deploy();
  d.grant(READ_CONFIG);
  d.addSecureContainer(guideContainer({ name: 'sidecar', portNumber: 9090, healthChecks: HealthChecks.http({ port: 9090 }) }));
  expect(d.containers.map(c => c.name)).toEqual(['main', 'sidecar']);
  expect(failing(chart)).toEqual([]);
});

test('a workload with its own serviceAccount: that account is bound', () => {
  const chart = prodChart();
  const sa = new kplus.ServiceAccount(chart, 'reader', { automountToken: false });
  const { d } = deploy({ serviceAccount: sa }, chart);
  d.grant(READ_CONFIG);
  const out = Testing.synth(chart);
  expect(one(out, 'RoleBinding').subjects).toEqual([{ kind: 'ServiceAccount', name: sa.name, namespace: 'prod' }]);
  expect(one(out, 'Deployment').spec.template.spec.serviceAccountName).toBe(sa.name);
  expect(one(out, 'Deployment').spec.template.spec.automountServiceAccountToken).toBe(true);
  expect(failing(chart)).toEqual([]);
});

test('a chart without a namespace: the binding subject leaves it to the RoleBinding\'s', () => {
  const chart = Testing.chart();
  const d = new SecureDeployment(chart, 'backend', { owner: 'team-a', containers: [guideContainer()] });
  d.grant(READ_CONFIG);
  const out = Testing.synth(chart);
  expect(one(out, 'RoleBinding').subjects).toEqual([{ kind: 'ServiceAccount', name: one(out, 'ServiceAccount').metadata.name }]);
  expect(one(out, 'Role').metadata.namespace).toBeUndefined();
  expect(failing(chart)).toEqual([]);
  expectValidObjects(out);
});

describe('cluster-wide grants', () => {
  const { chart, d } = deploy();
  d.grant(READ_CONFIG);
  const cr = d.grant({ resources: ['nodes'], verbs: ['get', 'list', 'watch'], clusterWide: { reason: 'reports the zone of every node' } });
  d.grant({ resources: ['namespaces'], verbs: ['get'], clusterWide: { reason: 'reads namespace labels for routing' } });
  const out = Testing.synth(chart);

  test('a ClusterRole with exactly the rules asked and a ClusterRoleBinding to the ServiceAccount, without namespace', () => {
    const role = one(out, 'ClusterRole');
    expect(role.metadata.name).toBe(cr.name);
    expect(role.metadata.namespace).toBeUndefined();
    expect(role.rules).toEqual([
      { apiGroups: [''], resources: ['nodes'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: [''], resources: ['namespaces'], verbs: ['get'] },
    ]);
    const b = one(out, 'ClusterRoleBinding');
    expect(b.metadata.namespace).toBeUndefined();
    expect(b.roleRef).toEqual({ apiGroup: RBAC, kind: 'ClusterRole', name: cr.name });
    expect(b.subjects).toEqual([{ kind: 'ServiceAccount', name: one(out, 'ServiceAccount').metadata.name, namespace: 'prod' }]);
  });

  test('each rule\'s reason is written to both objects', () => {
    const expected = [{ rule: 0, reason: 'reports the zone of every node' }, { rule: 1, reason: 'reads namespace labels for routing' }];
    for (const kind of ['ClusterRole', 'ClusterRoleBinding']) {
      expect(JSON.parse(one(out, kind).metadata.annotations[CLUSTER_WIDE_REASONS])).toEqual(expected);
    }
  });

  test('the namespaced grant stays in its own Role', () => {
    expect(one(out, 'Role').rules).toEqual([{ apiGroups: [''], resources: ['configmaps'], resourceNames: ['app-config'], verbs: ['get'] }]);
  });

  test('zero findings, every object valid', () => {
    expect(failing(chart)).toEqual([]);
    expectValidObjects(out);
  });
});

test('a custom resource: apiGroup and plural as given, status subresource', () => {
  const { chart, d } = deploy();
  d.grant({ resources: ['certificates'], verbs: ['get', 'list', 'watch'], apiGroup: 'cert-manager.io', customResource: true });
  d.grant({ resources: ['certificates/status'], verbs: ['patch'], apiGroup: 'cert-manager.io', customResource: true, resourceNames: ['web-tls'] });
  const out = Testing.synth(chart);
  expect(one(out, 'Role').rules).toEqual([
    { apiGroups: ['cert-manager.io'], resources: ['certificates'], verbs: ['get', 'list', 'watch'] },
    { apiGroups: ['cert-manager.io'], resources: ['certificates/status'], resourceNames: ['web-tls'], verbs: ['patch'] },
  ]);
  expect(failing(chart)).toEqual([]);
});

describe('dangerous grants need a suppression of the rule that reports them', () => {
  test.each<[string, GrantOptions, string[]]>([
    ['pods/exec', { resources: ['pods/exec'], verbs: ['create'] }, ['CS505']],
    ['pods/attach', { resources: ['pods/attach'], verbs: ['get'] }, ['CS505']],
    ['secrets list', { resources: ['secrets'], verbs: ['list'] }, ['CS504']],
    ['secrets watch by name', { resources: ['secrets'], verbs: ['watch'], resourceNames: ['db'] }, ['CS504']],
    ['escalate', { resources: ['roles'], verbs: ['escalate'], apiGroup: RBAC }, ['CS506']],
    ['bind', { resources: ['roles'], verbs: ['bind'], apiGroup: RBAC }, ['CS506']],
    ['impersonate', { resources: ['serviceaccounts'], verbs: ['impersonate'] }, ['CS506']],
    ['nodes/proxy', { resources: ['nodes/proxy'], verbs: ['get'], clusterWide: { reason: 'scrapes kubelet metrics' } }, ['CS507']],
    ['secrets read cluster-wide', { resources: ['secrets'], verbs: ['get'], clusterWide: { reason: 'syncs certificates everywhere' } }, ['CS503']],
    ['"*" verbs', { resources: ['configmaps'], verbs: ['*'] }, ['CS501', 'CS508']],
    ['"*" resources', { resources: ['*'], verbs: ['get'], apiGroup: 'apps' }, ['CS501', 'CS508']],
    ['"*" apiGroups', { resources: ['deployments'], verbs: ['get'], apiGroup: '*' }, ['CS501', 'CS508']],
  ])('%s: CSE512 naming %j; emitted once suppressed, with the suppression on the Role', (_name, options, rules) => {
    const e = errorOf(() => deploy().d.grant(options));
    expect(e.code).toBe('CSE512');
    expect(e.constructPath).toBe('test/backend');
    for (const id of rules) expect(e.message).toContain(`  - ${id} `);
    expect(e.message).toContain(`ruleId: '${rules[0]}'`);

    const { chart, d } = deploy({ suppressions: rules.map(ruleId => ({ ruleId, reason: REASON })) });
    d.grant(options);
    expect(failing(chart)).toEqual([]);
    const out = Testing.synth(chart);
    const kind = options.clusterWide ? 'ClusterRole' : 'Role';
    const annotation = JSON.parse(one(out, kind).metadata.annotations['cdk8s-secure.io/suppressions']);
    expect(annotation.map((s: any) => s.ruleId)).toEqual(expect.arrayContaining(rules.filter(id => id !== 'CS508')));
    const suppressed = SecurityChecks.findings(chart).filter(f => f.suppressed).map(f => f.ruleId);
    expect([...new Set(suppressed)].sort()).toEqual(expect.arrayContaining(rules));
    expectValidObjects(out);
  });

  test('the message names the path, the verbs and resources, and the fix', () => {
    expect(errorOf(() => deploy().d.grant({ resources: ['pods/exec'], verbs: ['create'] })).message).toBe(
      '[test/backend] CSE512 SecureDeployment: grant() of ["create"] on ["pods/exec"] (apiGroup "") would fail 1 RBAC rule(s):\n'
      + '  - CS505 RBAC allows exec or attach into pods: the rule grants "create" on pods/exec\n'
      + 'Grant only what the workload needs (e.g. get with resourceNames). To accept it, add to the workload suppressions: '
      + "[{ ruleId: 'CS505', reason: '<why, at least 10 characters>' }]; the reason is written to the Role and its binding.");
  });

  test('get on one named Secret is not dangerous', () => {
    const { chart, d } = deploy();
    d.grant({ resources: ['secrets'], verbs: ['get'], resourceNames: ['db-password'] });
    expect(failing(chart)).toEqual([]);
  });
});

describe('bad input', () => {
  const grant = (options: GrantOptions) => errorOf(() => deploy().d.grant(options));

  test.each<[string, GrantOptions, string, RegExp]>([
    ['a resource that does not exist', { resources: ['configmap'], verbs: ['get'] }, 'CSE510', /resource "configmap" does not exist among the built-in resources\. Did you mean "configmaps"\?/],
    ['a resource in the wrong group', { resources: ['deployments'], verbs: ['get'], apiGroup: '' }, 'CSE510', /resource "deployments" does not exist in API group "".*Kubernetes serves it in apiGroup "apps"/],
    ['an unknown group', { resources: ['widgets'], verbs: ['get'], apiGroup: 'example.com' }, 'CSE510', /apiGroup "example.com" is not a built-in API group.*customResource: true/],
    ['a resource two groups serve', { resources: ['events'], verbs: ['get'] }, 'CSE510', /"events" is served by more than one API group \("", "events.k8s.io"\).*Pass apiGroup/],
    ['resources of two groups', { resources: ['configmaps', 'deployments'], verbs: ['get'] }, 'CSE510', /are in different API groups \("", "apps"\).*one grant\(\) per API group/],
    ['a verb pods/log does not take', { resources: ['pods/log'], verbs: ['list'] }, 'CSE511', /verb "list" does not apply to "pods\/log"; it takes "get"/],
    ['a verb that does not exist', { resources: ['configmaps'], verbs: ['read'] }, 'CSE511', /verb "read" does not apply to "configmaps"/],
    ['escalate on configmaps', { resources: ['configmaps'], verbs: ['escalate'] }, 'CSE511', /verb "escalate" does not apply to "configmaps"/],
    ['a verb one of two resources does not take', { resources: ['pods', 'pods/log'], verbs: ['delete'] }, 'CSE511', /"delete" does not apply to "pods\/log".*split the resources/],
    ['a cluster-scoped resource in a Role', { resources: ['nodes'], verbs: ['get'] }, 'CSE513', /"nodes" is cluster-scoped.*clusterWide: \{ reason/],
    ['a short cluster-wide reason', { resources: ['nodes'], verbs: ['get'], clusterWide: { reason: 'needed   ' } }, 'CSE514', /clusterWide.reason "needed   " is shorter than 10 visible characters/],
    ['create restricted by name', { resources: ['configmaps'], verbs: ['create'], resourceNames: ['a'] }, 'CSE515', /"create" cannot be restricted by resourceNames/],
    ['deletecollection restricted by name', { resources: ['configmaps'], verbs: ['deletecollection'], resourceNames: ['a'] }, 'CSE515', /"deletecollection" cannot be restricted/],
    ['a wildcard resource name', { resources: ['configmaps'], verbs: ['get'], resourceNames: ['*'] }, 'CSE515', /resourceNames entry "\*" is not an object name/],
    ['empty resourceNames', { resources: ['configmaps'], verbs: ['get'], resourceNames: [] }, 'CSE515', /resourceNames is empty\. Leave resourceNames out/],
    ['no verbs', { resources: ['configmaps'], verbs: [] }, 'CSE515', /verbs is empty/],
    ['a blank resource', { resources: [' configmaps'], verbs: ['get'] }, 'CSE515', /resources entry " configmaps" is empty or has surrounding blanks/],
    ['a custom resource without group', { resources: ['widgets'], verbs: ['get'], customResource: true }, 'CSE516', /customResource needs the custom resource's apiGroup.*got undefined/],
    ['a custom resource in a built-in group', { resources: ['widgets'], verbs: ['get'], apiGroup: 'apps', customResource: true }, 'CSE516', /got "apps"/],
    ['a custom resource with an odd subresource', { resources: ['widgets/exec'], verbs: ['get'], apiGroup: 'example.com', customResource: true }, 'CSE516', /"widgets\/exec" is not a plural/],
    ['a custom subresource verb', { resources: ['widgets/status'], verbs: ['list'], apiGroup: 'example.com', customResource: true }, 'CSE511', /"list" does not apply to "widgets\/status" \(apiGroup "example.com"\); it takes "get", "patch", "update"/],
  ])('%s', (_name, options, code, message) => {
    const e = grant(options);
    expect(e.code).toBe(code);
    expect(e.constructPath).toBe('test/backend');
    expect(e.message).toMatch(/^\[test\/backend\] CSE5\d\d SecureDeployment: grant\(\)/);
    expect(e.message).toMatch(message);
  });

  test('a workload that runs as the ServiceAccount "default": CSE517', () => {
    const chart = prodChart();
    const sa = kplus.ServiceAccount.fromServiceAccountName(chart, 'default-sa', 'default');
    const { d } = deploy({ serviceAccount: sa, suppressions: [{ ruleId: 'CS212', reason: 'legacy pods share the default account' }] }, chart);
    const e = errorOf(() => d.grant(READ_CONFIG));
    expect(e.code).toBe('CSE517');
    expect(e.message).toMatch(/^\[test\/backend\] CSE517 SecureDeployment: grant\(\): the pods run as the ServiceAccount "default".*Leave serviceAccount out/);
  });

  test('a cluster-wide grant without any namespace: CSE514', () => {
    const d = new SecureDeployment(Testing.chart(), 'backend', { owner: 'team-a', containers: [guideContainer()] });
    const e = errorOf(() => d.grant({ resources: ['nodes'], verbs: ['get'], clusterWide: { reason: 'reads node zones' } }));
    expect(e.code).toBe('CSE514');
    expect(e.message).toMatch(/has no namespace, which a ClusterRoleBinding subject must name.*namespace: 'prod'/);
  });

  test('a refused grant leaves nothing behind: no Role, no token', () => {
    const { chart, d } = deploy();
    expect(() => d.grant({ resources: ['pods/exec'], verbs: ['create'] })).toThrow(/CSE512/);
    const out = Testing.synth(chart);
    expect(out.filter(o => /Role/.test(o.kind))).toEqual([]);
    expect(one(out, 'Deployment').spec.template.spec.automountServiceAccountToken).toBe(false);
  });
});

describe('documented defaults of GrantOptions', () => {
  const rulesOf = (options: GrantOptions) => {
    const { chart, d } = deploy();
    d.grant(options);
    return Testing.synth(chart);
  };

  test('resourceNames: every object of the resources (no resourceNames in the rule)', () => {
    expect(one(rulesOf({ resources: ['configmaps'], verbs: ['get'] }), 'Role').rules).toEqual([{ apiGroups: [''], resources: ['configmaps'], verbs: ['get'] }]);
  });

  test('apiGroup: the group the table knows the resources in', () => {
    expect(one(rulesOf({ resources: ['deployments', 'deployments/scale'], verbs: ['get'] }), 'Role').rules[0].apiGroups).toEqual(['apps']);
    expect(one(rulesOf({ resources: ['leases'], verbs: ['get'] }), 'Role').rules[0].apiGroups).toEqual(['coordination.k8s.io']);
  });

  test('customResource: false (a resource the table does not know is refused)', () => {
    expect(errorOf(() => deploy().d.grant({ resources: ['certificates'], verbs: ['get'], apiGroup: 'cert-manager.io' })).code).toBe('CSE510');
  });

  test('clusterWide: namespaced, a Role and RoleBinding in the workload\'s namespace', () => {
    const out = rulesOf({ resources: ['configmaps'], verbs: ['get'] });
    expect([one(out, 'Role').metadata.namespace, one(out, 'RoleBinding').metadata.namespace]).toEqual(['prod', 'prod']);
    expect(out.filter(o => o.kind.startsWith('Cluster'))).toEqual([]);
  });

  test('SecureWorkloadProps.automountServiceAccountToken: true once grant() was called', () => {
    expect(one(rulesOf(READ_CONFIG), 'Deployment').spec.template.spec.automountServiceAccountToken).toBe(true);
  });
});

test('the workload\'s automountServiceAccountToken property agrees with the manifest', () => {
  const { d } = deploy();
  expect(d.automountServiceAccountToken).toBe(false);
  d.grant(READ_CONFIG);
  expect(d.automountServiceAccountToken).toBe(true);
});

test('shape of the emitted Role and RoleBinding (snapshot)', () => {
  const { chart, d } = deploy();
  d.grant(READ_CONFIG);
  expect(Testing.synth(chart).filter(o => o.kind === 'Role' || o.kind === 'RoleBinding')).toMatchSnapshot();
});
