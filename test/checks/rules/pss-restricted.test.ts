import { check, container, deployment, ephemeralContainer, expectSuppressed, initContainer, of, pod, ruleIds, single } from './_fixtures';
import { Severity } from '../../../src';

describe('CS121 volume types', () => {
  test('accepts every volume type the restricted profile allows', () => {
    const obj = deployment(spec => {
      spec.volumes.push(
        { name: 'cfg', configMap: { name: 'web' } },
        { name: 'sec', secret: { secretName: 'web' } },
        { name: 'tok', projected: { sources: [{ serviceAccountToken: { path: 'token', expirationSeconds: 600 } }] } },
        { name: 'info', downwardAPI: { items: [{ path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } }] } },
        { name: 'data', persistentVolumeClaim: { claimName: 'web-data' } },
        { name: 'csi', csi: { driver: 'secrets-store.csi.k8s.io' } },
        { name: 'scratch', ephemeral: { volumeClaimTemplate: { spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } } } },
      );
    });
    expect(of(check(obj), 'CS121')).toEqual([]);
  });

  test('reports an nfs volume by index and type', () => {
    const obj = deployment(spec => { spec.volumes.push({ name: 'shared', nfs: { server: 'nfs.example.com', path: '/export' } }); });
    const findings = check(obj);
    expect(ruleIds(findings)).toEqual(['CS121']);
    const f = single(findings, 'CS121');
    expect(f).toMatchObject({ severity: Severity.ERROR, path: 'spec.template.spec.volumes[1].nfs', message: 'volume "shared" is of type nfs' });
    expect(f.container).toBeUndefined();
  });

  test('a suppression accepts it', () => {
    expectSuppressed(deployment(spec => { spec.volumes.push({ name: 'shared', nfs: { server: 'nfs', path: '/' } }); }), 'CS121');
  });
});

describe('CS122 privilege escalation', () => {
  test('accepts allowPrivilegeEscalation: false on every container', () => {
    const obj = deployment(spec => {
      spec.initContainers = [initContainer()];
      spec.ephemeralContainers = [ephemeralContainer()];
    });
    expect(of(check(obj), 'CS122')).toEqual([]);
  });

  test('reports a container that does not set it', () => {
    const findings = check(deployment(spec => { delete spec.containers[0].securityContext.allowPrivilegeEscalation; }));
    expect(ruleIds(findings)).toEqual(['CS122']);
    expect(single(findings, 'CS122')).toMatchObject({
      severity: Severity.ERROR,
      path: 'spec.template.spec.containers[0].securityContext.allowPrivilegeEscalation',
      container: 'app',
      message: 'container "app" does not set allowPrivilegeEscalation: false',
    });
  });

  test('reports allowPrivilegeEscalation: true', () => {
    const obj = deployment(spec => { spec.containers[0].securityContext.allowPrivilegeEscalation = true; });
    expect(single(check(obj), 'CS122').message).toBe('container "app" sets allowPrivilegeEscalation: true');
  });

  test('reports an init container', () => {
    const obj = deployment(spec => {
      spec.initContainers = [initContainer('setup')];
      spec.initContainers[0].securityContext.allowPrivilegeEscalation = true;
    });
    expect(single(check(obj), 'CS122')).toMatchObject({
      path: 'spec.template.spec.initContainers[0].securityContext.allowPrivilegeEscalation',
      container: 'setup',
      message: 'init container "setup" sets allowPrivilegeEscalation: true',
    });
  });

  test('reports an ephemeral container', () => {
    const obj = pod(spec => {
      spec.ephemeralContainers = [ephemeralContainer('debug')];
      delete spec.ephemeralContainers[0].securityContext.allowPrivilegeEscalation;
    });
    expect(single(check(obj), 'CS122')).toMatchObject({
      path: 'spec.ephemeralContainers[0].securityContext.allowPrivilegeEscalation',
      container: 'debug',
      message: 'ephemeral container "debug" does not set allowPrivilegeEscalation: false',
    });
  });

  test('a suppression accepts it', () => {
    expectSuppressed(deployment(spec => { spec.containers[0].securityContext.allowPrivilegeEscalation = true; }), 'CS122');
  });
});

describe('CS123 runAsNonRoot', () => {
  test('accepts runAsNonRoot set on the pod only (every container inherits it)', () => {
    const obj = deployment(spec => {
      spec.initContainers = [initContainer()];
      spec.ephemeralContainers = [ephemeralContainer()];
      spec.containers.push(container('sidecar'));
      for (const c of [...spec.containers, ...spec.initContainers, ...spec.ephemeralContainers]) delete c.securityContext.runAsNonRoot;
    });
    expect(of(check(obj), 'CS123')).toEqual([]);
  });

  test('accepts runAsNonRoot set on every container only', () => {
    const obj = deployment(spec => {
      spec.initContainers = [initContainer()];
      delete spec.securityContext.runAsNonRoot;
    });
    expect(of(check(obj), 'CS123')).toEqual([]);
  });

  test('reports a container when neither it nor the pod sets runAsNonRoot', () => {
    const obj = deployment(spec => {
      delete spec.securityContext.runAsNonRoot;
      delete spec.containers[0].securityContext.runAsNonRoot;
    });
    const findings = check(obj);
    expect(ruleIds(findings)).toEqual(['CS123']);
    expect(single(findings, 'CS123')).toMatchObject({
      severity: Severity.ERROR,
      path: 'spec.template.spec.containers[0].securityContext.runAsNonRoot',
      container: 'app',
      message: expect.stringContaining('container "app" is not required to run as non-root'),
    });
  });

  test('reports a container that sets false even when the pod sets true', () => {
    const obj = deployment(spec => {
      spec.containers.push(container('sidecar'));
      spec.containers[1].securityContext.runAsNonRoot = false;
    });
    expect(single(check(obj), 'CS123')).toMatchObject({
      path: 'spec.template.spec.containers[1].securityContext.runAsNonRoot',
      container: 'sidecar',
      message: 'container "sidecar" sets runAsNonRoot: false',
    });
  });

  test('reports the pod when it sets false even when every container sets true', () => {
    const f = single(check(deployment(spec => { spec.securityContext.runAsNonRoot = false; })), 'CS123');
    expect(f).toMatchObject({ path: 'spec.template.spec.securityContext.runAsNonRoot', message: 'the pod sets runAsNonRoot: false' });
    expect(f.container).toBeUndefined();
  });

  test('reports init and ephemeral containers that are not required to run as non-root', () => {
    const obj = pod(spec => {
      delete spec.securityContext.runAsNonRoot;
      spec.initContainers = [initContainer('setup')];
      spec.ephemeralContainers = [ephemeralContainer('debug')];
      delete spec.initContainers[0].securityContext.runAsNonRoot;
      delete spec.ephemeralContainers[0].securityContext.runAsNonRoot;
    });
    expect(of(check(obj), 'CS123').map(f => [f.path, f.container])).toEqual([
      ['spec.initContainers[0].securityContext.runAsNonRoot', 'setup'],
      ['spec.ephemeralContainers[0].securityContext.runAsNonRoot', 'debug'],
    ]);
  });

  test('a suppression accepts it', () => {
    expectSuppressed(deployment(spec => { spec.containers[0].securityContext.runAsNonRoot = false; }), 'CS123');
  });
});

describe('CS124 runAsUser 0', () => {
  test('accepts a non-zero runAsUser on the pod and the containers', () => {
    const obj = deployment(spec => { spec.containers[0].securityContext.runAsUser = 65533; });
    expect(of(check(obj), 'CS124')).toEqual([]);
  });

  test('reports runAsUser 0 on the pod even when every container overrides it', () => {
    const obj = deployment(spec => {
      spec.securityContext.runAsUser = 0;
      spec.containers[0].securityContext.runAsUser = 65532;
    });
    const findings = check(obj);
    expect(ruleIds(findings)).toEqual(['CS124']);
    const f = single(findings, 'CS124');
    expect(f).toMatchObject({ severity: Severity.ERROR, path: 'spec.template.spec.securityContext.runAsUser', message: 'the pod sets runAsUser: 0' });
    expect(f.container).toBeUndefined();
  });

  test('reports runAsUser 0 on a container', () => {
    const obj = deployment(spec => { spec.containers[0].securityContext.runAsUser = 0; });
    expect(single(check(obj), 'CS124')).toMatchObject({
      path: 'spec.template.spec.containers[0].securityContext.runAsUser',
      container: 'app',
      message: 'container "app" sets runAsUser: 0',
    });
  });

  test('reports runAsUser 0 on an ephemeral container', () => {
    const obj = pod(spec => {
      spec.ephemeralContainers = [ephemeralContainer('debug')];
      spec.ephemeralContainers[0].securityContext.runAsUser = 0;
    });
    expect(single(check(obj), 'CS124')).toMatchObject({ path: 'spec.ephemeralContainers[0].securityContext.runAsUser', container: 'debug' });
  });

  test('a suppression accepts it', () => {
    expectSuppressed(deployment(spec => { spec.securityContext.runAsUser = 0; }), 'CS124');
  });
});

describe('CS125 seccomp (restricted)', () => {
  test('accepts RuntimeDefault on the pod (every container inherits it)', () => {
    const obj = deployment(spec => {
      spec.initContainers = [initContainer()];
      spec.ephemeralContainers = [ephemeralContainer()];
    });
    expect(of(check(obj), 'CS125')).toEqual([]);
  });

  test('accepts a profile on every container when the pod sets none', () => {
    const obj = deployment(spec => {
      delete spec.securityContext.seccompProfile;
      spec.containers[0].securityContext.seccompProfile = { type: 'Localhost', localhostProfile: 'profiles/web.json' };
    });
    expect(of(check(obj), 'CS125')).toEqual([]);
  });

  test('reports a container with no profile on it or on the pod', () => {
    const findings = check(deployment(spec => { delete spec.securityContext.seccompProfile; }));
    expect(ruleIds(findings)).toEqual(['CS125']);
    expect(single(findings, 'CS125')).toMatchObject({
      severity: Severity.ERROR,
      path: 'spec.template.spec.containers[0].securityContext.seccompProfile.type',
      container: 'app',
      message: 'container "app" has no seccomp profile',
    });
  });

  test('reports a container whose own Unconfined overrides the pod RuntimeDefault', () => {
    const obj = deployment(spec => { spec.containers[0].securityContext.seccompProfile = { type: 'Unconfined' }; });
    const findings = check(obj);
    expect(ruleIds(findings)).toEqual(['CS110', 'CS125']);
    expect(single(findings, 'CS125')).toMatchObject({
      path: 'spec.template.spec.containers[0].securityContext.seccompProfile.type',
      container: 'app',
      message: 'container "app" has seccomp profile Unconfined',
    });
  });

  test('reports the inherited pod Unconfined at the pod field', () => {
    const obj = deployment(spec => { spec.securityContext.seccompProfile = { type: 'Unconfined' }; });
    expect(single(check(obj), 'CS125')).toMatchObject({
      path: 'spec.template.spec.securityContext.seccompProfile.type',
      container: 'app',
      message: 'container "app" has seccomp profile Unconfined',
    });
  });

  test('reports a pod Unconfined that every container overrides (through CS110, PSS checks every field)', () => {
    const obj = deployment(spec => {
      spec.securityContext.seccompProfile = { type: 'Unconfined' };
      spec.containers[0].securityContext.seccompProfile = { type: 'RuntimeDefault' };
    });
    const findings = check(obj);
    expect(ruleIds(findings)).toEqual(['CS110']);
    expect(single(findings, 'CS110').path).toBe('spec.template.spec.securityContext.seccompProfile.type');
  });

  test('reports init and ephemeral containers without a profile', () => {
    const obj = pod(spec => {
      delete spec.securityContext.seccompProfile;
      spec.containers[0].securityContext.seccompProfile = { type: 'RuntimeDefault' };
      spec.initContainers = [initContainer('setup')];
      spec.ephemeralContainers = [ephemeralContainer('debug')];
    });
    expect(of(check(obj), 'CS125').map(f => [f.path, f.container, f.message])).toEqual([
      ['spec.initContainers[0].securityContext.seccompProfile.type', 'setup', 'init container "setup" has no seccomp profile'],
      ['spec.ephemeralContainers[0].securityContext.seccompProfile.type', 'debug', 'ephemeral container "debug" has no seccomp profile'],
    ]);
  });

  test('a suppression accepts it', () => {
    expectSuppressed(deployment(spec => { delete spec.securityContext.seccompProfile; }), 'CS125');
  });
});

describe('CS126 capabilities (restricted)', () => {
  test('accepts drop ALL with NET_BIND_SERVICE added back', () => {
    const obj = deployment(spec => { spec.containers[0].securityContext.capabilities = { drop: ['ALL'], add: ['NET_BIND_SERVICE'] }; });
    expect(check(obj)).toEqual([]);
  });

  test('reports the second container when it does not drop ALL', () => {
    const obj = deployment(spec => {
      spec.containers.push(container('sidecar'));
      delete spec.containers[1].securityContext.capabilities;
    });
    const findings = check(obj);
    expect(ruleIds(findings)).toEqual(['CS126']);
    expect(single(findings, 'CS126')).toMatchObject({
      severity: Severity.ERROR,
      path: 'spec.template.spec.containers[1].securityContext.capabilities.drop',
      container: 'sidecar',
      message: 'container "sidecar" does not drop ALL capabilities',
    });
  });

  test('reports dropping only some capabilities', () => {
    const obj = deployment(spec => { spec.containers[0].securityContext.capabilities.drop = ['NET_RAW', 'SYS_ADMIN']; });
    expect(single(check(obj), 'CS126').path).toBe('spec.template.spec.containers[0].securityContext.capabilities.drop');
  });

  test('reports adding a baseline capability other than NET_BIND_SERVICE', () => {
    const obj = deployment(spec => { spec.containers[0].securityContext.capabilities.add = ['NET_BIND_SERVICE', 'CHOWN']; });
    const findings = check(obj);
    expect(ruleIds(findings)).toEqual(['CS126']);
    expect(single(findings, 'CS126')).toMatchObject({
      path: 'spec.template.spec.containers[0].securityContext.capabilities.add[1]',
      container: 'app',
      message: 'container "app" adds capability CHOWN',
    });
  });

  test('reports init and ephemeral containers', () => {
    const obj = pod(spec => {
      spec.initContainers = [initContainer('setup')];
      spec.ephemeralContainers = [ephemeralContainer('debug')];
      delete spec.initContainers[0].securityContext.capabilities;
      delete spec.ephemeralContainers[0].securityContext.capabilities;
    });
    expect(of(check(obj), 'CS126').map(f => [f.path, f.container])).toEqual([
      ['spec.initContainers[0].securityContext.capabilities.drop', 'setup'],
      ['spec.ephemeralContainers[0].securityContext.capabilities.drop', 'debug'],
    ]);
  });

  test('a suppression accepts it', () => {
    expectSuppressed(deployment(spec => { delete spec.containers[0].securityContext.capabilities; }), 'CS126');
  });
});

describe('Windows pods', () => {
  const bareWindows = () => deployment(spec => {
    spec.os = { name: 'windows' };
    delete spec.securityContext.seccompProfile;
    spec.initContainers = [initContainer('setup')];
    for (const c of [...spec.containers, ...spec.initContainers]) {
      delete c.securityContext.allowPrivilegeEscalation;
      delete c.securityContext.capabilities;
    }
  });

  test.each(['CS122', 'CS125', 'CS126'])('are exempt from %s', (id) => {
    expect(of(check(bareWindows()), id)).toEqual([]);
  });

  test('a Windows pod without these Linux-only fields has zero findings', () => {
    expect(check(bareWindows())).toEqual([]);
  });

  test.each(['CS122', 'CS125', 'CS126'])('reports %s on the same pod once it is not Windows', (id) => {
    const linux = bareWindows();
    linux.spec.template.spec.os = { name: 'linux' };
    expect(of(check(linux), id).map(f => f.container)).toEqual(['app', 'setup']);
  });

  test('are still checked by runAsNonRoot', () => {
    const obj = bareWindows();
    obj.spec.template.spec.containers[0].securityContext.runAsNonRoot = false;
    expect(single(check(obj), 'CS123').container).toBe('app');
  });
});
