import {
  check, container, deployment, ephemeralContainer, expectSuppressed, initContainer, of, pod, POD_SPEC_PATH, ruleIds, single, workload,
} from './_fixtures';
import { Severity } from '../../../src';

describe('CS201 read-only root filesystem', () => {
  test('accepts readOnlyRootFilesystem: true', () => {
    expect(of(check(deployment()), 'CS201')).toEqual([]);
  });

  test('reports a container that does not set it', () => {
    const findings = check(deployment(spec => { delete spec.containers[0].securityContext.readOnlyRootFilesystem; }));
    expect(ruleIds(findings)).toEqual(['CS201']);
    expect(single(findings, 'CS201')).toMatchObject({
      severity: Severity.ERROR,
      path: 'spec.template.spec.containers[0].securityContext.readOnlyRootFilesystem',
      container: 'app',
      message: 'container "app" has a writable root filesystem',
    });
  });

  test('reports readOnlyRootFilesystem: false on an init container', () => {
    const obj = deployment(spec => {
      spec.initContainers = [initContainer('setup')];
      spec.initContainers[0].securityContext.readOnlyRootFilesystem = false;
    });
    expect(single(check(obj), 'CS201')).toMatchObject({
      path: 'spec.template.spec.initContainers[0].securityContext.readOnlyRootFilesystem',
      container: 'setup',
      message: 'init container "setup" has a writable root filesystem',
    });
  });

  test('a suppression accepts it', () => {
    expectSuppressed(deployment(spec => { spec.containers[0].securityContext.readOnlyRootFilesystem = false; }), 'CS201');
  });
});

describe.each([
  ['CS202', 'requests', 'request'],
  ['CS203', 'limits', 'limit'],
] as const)('%s resource %s', (id, field, noun) => {
  test('accepts cpu and memory set', () => {
    expect(of(check(deployment(spec => { spec.initContainers = [initContainer()]; })), id)).toEqual([]);
  });

  test(`reports a missing cpu ${noun}`, () => {
    const findings = check(deployment(spec => { delete spec.containers[0].resources[field].cpu; }));
    expect(ruleIds(findings)).toEqual([id]);
    expect(single(findings, id)).toMatchObject({
      severity: Severity.ERROR,
      path: `spec.template.spec.containers[0].resources.${field}.cpu`,
      container: 'app',
      message: `container "app" has no cpu ${noun}`,
    });
  });

  test(`reports a missing memory ${noun} of the second container`, () => {
    const obj = deployment(spec => {
      spec.containers.push(container('sidecar'));
      delete spec.containers[1].resources[field].memory;
    });
    expect(single(check(obj), id)).toMatchObject({
      path: `spec.template.spec.containers[1].resources.${field}.memory`,
      container: 'sidecar',
      message: `container "sidecar" has no memory ${noun}`,
    });
  });

  test(`reports both cpu and memory when resources.${field} is missing`, () => {
    const obj = deployment(spec => { delete spec.containers[0].resources[field]; });
    expect(of(check(obj), id).map(f => f.path)).toEqual([
      `spec.template.spec.containers[0].resources.${field}.cpu`,
      `spec.template.spec.containers[0].resources.${field}.memory`,
    ]);
  });

  test(`reports an empty ${noun} value`, () => {
    const obj = deployment(spec => { spec.containers[0].resources[field].memory = ''; });
    expect(single(check(obj), id).path).toBe(`spec.template.spec.containers[0].resources.${field}.memory`);
  });

  test('reports an init container', () => {
    const obj = deployment(spec => {
      spec.initContainers = [initContainer('setup')];
      delete spec.initContainers[0].resources;
    });
    expect(of(check(obj), id).map(f => [f.path, f.container])).toEqual([
      [`spec.template.spec.initContainers[0].resources.${field}.cpu`, 'setup'],
      [`spec.template.spec.initContainers[0].resources.${field}.memory`, 'setup'],
    ]);
  });

  test('does not check ephemeral containers (they cannot set resources)', () => {
    const obj = pod(spec => { spec.ephemeralContainers = [ephemeralContainer('debug')]; });
    expect(obj.spec.ephemeralContainers[0].resources).toBeUndefined();
    expect(of(check(obj), id)).toEqual([]);
  });

  test('a suppression accepts it', () => {
    expectSuppressed(deployment(spec => { delete spec.containers[0].resources; }), id);
  });
});

describe.each([
  ['CS204', 'livenessProbe', 'liveness'],
  ['CS205', 'readinessProbe', 'readiness'],
] as const)('%s %s', (id, probe, what) => {
  test('accepts a container with the probe', () => {
    expect(of(check(deployment()), id)).toEqual([]);
  });

  test('accepts an exec probe', () => {
    const obj = deployment(spec => { spec.containers[0][probe] = { exec: { command: ['/bin/health'] } }; });
    expect(of(check(obj), id)).toEqual([]);
  });

  test(`reports the second container without a ${what} probe`, () => {
    const obj = deployment(spec => {
      spec.containers.push(container('sidecar'));
      delete spec.containers[1][probe];
    });
    const findings = check(obj);
    expect(ruleIds(findings)).toEqual([id]);
    expect(single(findings, id)).toMatchObject({
      severity: Severity.ERROR,
      path: `spec.template.spec.containers[1].${probe}`,
      container: 'sidecar',
      message: `container "sidecar" has no ${what} probe`,
    });
  });

  test.each(['Pod', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController'] as const)('reports a %s without the probe', (kind) => {
    const obj = workload(kind, spec => { delete spec.containers[0][probe]; });
    expect(single(check(obj), id).path).toBe(`${POD_SPEC_PATH[kind]}.containers[0].${probe}`);
  });

  test.each(['Job', 'CronJob'] as const)('does not require it in a %s', (kind) => {
    const obj = workload(kind, spec => { delete spec.containers[0][probe]; });
    expect(of(check(obj), id)).toEqual([]);
  });

  test('does not require it on init or ephemeral containers', () => {
    const obj = pod(spec => {
      spec.initContainers = [initContainer('setup')];
      spec.ephemeralContainers = [ephemeralContainer('debug')];
    });
    expect(obj.spec.initContainers[0][probe]).toBeUndefined();
    expect(obj.spec.ephemeralContainers[0][probe]).toBeUndefined();
    expect(of(check(obj), id)).toEqual([]);
  });

  test('a suppression accepts it', () => {
    expectSuppressed(deployment(spec => { delete spec.containers[0][probe]; }), id);
  });
});

describe('CS211 service account token', () => {
  test('accepts automountServiceAccountToken: false', () => {
    expect(of(check(deployment()), 'CS211')).toEqual([]);
  });

  test('reports a pod that does not set it', () => {
    const findings = check(deployment(spec => { delete spec.automountServiceAccountToken; }));
    expect(ruleIds(findings)).toEqual(['CS211']);
    const f = single(findings, 'CS211');
    expect(f).toMatchObject({
      severity: Severity.ERROR,
      path: 'spec.template.spec.automountServiceAccountToken',
      message: 'the pod does not set automountServiceAccountToken: false',
    });
    expect(f.container).toBeUndefined();
  });

  test('reports automountServiceAccountToken: true in a CronJob', () => {
    const obj = workload('CronJob', spec => { spec.automountServiceAccountToken = true; });
    expect(single(check(obj), 'CS211')).toMatchObject({
      path: 'spec.jobTemplate.spec.template.spec.automountServiceAccountToken',
      message: 'the pod sets automountServiceAccountToken: true',
    });
  });

  test('a suppression accepts it', () => {
    expectSuppressed(deployment(spec => { spec.automountServiceAccountToken = true; }), 'CS211');
  });
});

describe('CS212 default service account', () => {
  test('accepts a dedicated service account, also through the deprecated serviceAccount field', () => {
    expect(of(check(deployment()), 'CS212')).toEqual([]);
    const legacy = deployment(spec => {
      delete spec.serviceAccountName;
      spec.serviceAccount = 'web';
    });
    expect(of(check(legacy), 'CS212')).toEqual([]);
  });

  test('reports a pod without serviceAccountName', () => {
    const findings = check(deployment(spec => { delete spec.serviceAccountName; }));
    expect(ruleIds(findings)).toEqual(['CS212']);
    expect(single(findings, 'CS212')).toMatchObject({
      severity: Severity.ERROR,
      path: 'spec.template.spec.serviceAccountName',
      message: 'the pod sets no serviceAccountName and so uses "default"',
    });
  });

  test('reports serviceAccountName "default"', () => {
    const obj = deployment(spec => { spec.serviceAccountName = 'default'; });
    expect(single(check(obj), 'CS212').message).toBe('the pod uses the "default" ServiceAccount');
  });

  test('a suppression accepts it', () => {
    expectSuppressed(deployment(spec => { spec.serviceAccountName = 'default'; }), 'CS212');
  });
});

describe('CS213 low uid and gid', () => {
  test('accepts ids above 10000', () => {
    const obj = deployment(spec => {
      spec.securityContext = { ...spec.securityContext, runAsUser: 10001, runAsGroup: 10001, fsGroup: 10001 };
      spec.containers[0].securityContext.runAsUser = 65534;
    });
    expect(of(check(obj), 'CS213')).toEqual([]);
  });

  test('reports the guide\'s runAsUser 1001 on the pod as a warning', () => {
    const findings = check(deployment(spec => { spec.securityContext.runAsUser = 1001; }));
    expect(ruleIds(findings)).toEqual(['CS213']);
    const f = single(findings, 'CS213');
    expect(f).toMatchObject({
      severity: Severity.WARNING,
      path: 'spec.template.spec.securityContext.runAsUser',
      message: 'the pod sets runAsUser 1001',
    });
    expect(f.container).toBeUndefined();
  });

  test.each(['runAsGroup', 'fsGroup'])('reports a low pod %s, 0 included', (field) => {
    const obj = deployment(spec => { spec.securityContext[field] = 0; });
    expect(single(check(obj), 'CS213')).toMatchObject({ path: `spec.template.spec.securityContext.${field}`, message: `the pod sets ${field} 0` });
  });

  test('reports a low runAsGroup on a container', () => {
    const obj = deployment(spec => { spec.containers[0].securityContext.runAsGroup = 3000; });
    expect(single(check(obj), 'CS213')).toMatchObject({
      path: 'spec.template.spec.containers[0].securityContext.runAsGroup',
      container: 'app',
      message: 'container "app" sets runAsGroup 3000',
    });
  });

  test('leaves runAsUser 0 to CS124', () => {
    const obj = deployment(spec => { spec.containers[0].securityContext.runAsUser = 0; });
    expect(ruleIds(check(obj))).toEqual(['CS124']);
  });

  test('a suppression accepts it', () => {
    expectSuppressed(deployment(spec => { spec.containers[0].securityContext.runAsUser = 1001; }), 'CS213');
  });
});
