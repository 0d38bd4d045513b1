import {
  check, checkAlone, container, deployment, ephemeralContainer, expectSuppressed, initContainer, of, pod, POD_KINDS,
  POD_METADATA_PATH, POD_SPEC_PATH, ruleIds, single, workload,
} from './_fixtures';
import { Severity } from '../../../src';

describe('compliant baseline fixture', () => {
  test.each(POD_KINDS)('a compliant %s with a NetworkPolicy has zero findings', (kind) => {
    expect(check(workload(kind))).toEqual([]);
  });

  test.each(POD_KINDS)('a compliant %s with init and ephemeral containers has zero findings', (kind) => {
    const obj = workload(kind, spec => {
      spec.initContainers = [initContainer('init')];
      spec.ephemeralContainers = [ephemeralContainer('debug')];
    });
    expect(check(obj)).toEqual([]);
  });

  test('a compliant workload without a NetworkPolicy is reported by CS301 only', () => {
    expect(ruleIds(checkAlone(deployment()))).toEqual(['CS301']);
    expect(checkAlone(deployment(), { disabledRules: ['CS301'] })).toEqual([]);
  });

  test('a compliant workload with an image pinned by tag only is reported by CS208 (info) only', () => {
    const findings = check(deployment(spec => { spec.containers[0].image = 'registry.example.com/team/web:1.2.3'; }));
    expect(ruleIds(findings)).toEqual(['CS208']);
    expect(findings[0].severity).toBe(Severity.INFO);
  });
});

describe('every pod-bearing kind is checked', () => {
  test.each(POD_KINDS)('reports a privileged container in a %s at its pod spec path', (kind) => {
    const findings = check(workload(kind, spec => { spec.containers[0].securityContext.privileged = true; }));
    expect(ruleIds(findings)).toEqual(['CS103']);
    expect(single(findings, 'CS103')).toMatchObject({
      severity: Severity.ERROR,
      path: `${POD_SPEC_PATH[kind]}.containers[0].securityContext.privileged`,
      container: 'app',
      object: { kind, name: 'web', namespace: 'prod' },
    });
  });

  test('objects that carry no pod spec are not checked by pod rules', () => {
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'prod' }, data: { privileged: 'true' } };
    expect(check(cm)).toEqual([]);
  });
});

describe('CS101 HostProcess', () => {
  test('accepts hostProcess: false', () => {
    const obj = pod(spec => {
      spec.securityContext.windowsOptions = { hostProcess: false };
      spec.containers[0].securityContext.windowsOptions = { hostProcess: false };
    });
    expect(of(check(obj), 'CS101')).toEqual([]);
  });

  test('reports hostProcess on the pod', () => {
    const obj = deployment(spec => { spec.securityContext.windowsOptions = { hostProcess: true }; });
    const f = single(check(obj), 'CS101');
    expect(f).toMatchObject({
      severity: Severity.ERROR,
      path: 'spec.template.spec.securityContext.windowsOptions.hostProcess',
      message: 'the pod sets windowsOptions.hostProcess: true',
    });
    expect(f.container).toBeUndefined();
  });

  test('reports hostProcess on an init container', () => {
    const obj = deployment(spec => {
      spec.initContainers = [initContainer('setup')];
      spec.initContainers[0].securityContext.windowsOptions = { hostProcess: true };
    });
    expect(single(check(obj), 'CS101')).toMatchObject({
      severity: Severity.ERROR,
      path: 'spec.template.spec.initContainers[0].securityContext.windowsOptions.hostProcess',
      container: 'setup',
      message: expect.stringContaining('"setup" sets windowsOptions.hostProcess: true'),
    });
  });

  test('reports hostProcess on an ephemeral container', () => {
    const obj = pod(spec => {
      spec.ephemeralContainers = [ephemeralContainer('debug')];
      spec.ephemeralContainers[0].securityContext.windowsOptions = { hostProcess: true };
    });
    expect(single(check(obj), 'CS101')).toMatchObject({ path: 'spec.ephemeralContainers[0].securityContext.windowsOptions.hostProcess', container: 'debug' });
  });

  test('a suppression accepts it', () => {
    expectSuppressed(deployment(spec => { spec.securityContext.windowsOptions = { hostProcess: true }; }), 'CS101');
  });
});

describe('CS102 host namespaces', () => {
  test('accepts host namespaces set to false', () => {
    const obj = deployment(spec => Object.assign(spec, { hostNetwork: false, hostPID: false, hostIPC: false }));
    expect(of(check(obj), 'CS102')).toEqual([]);
  });

  test.each(['hostNetwork', 'hostPID', 'hostIPC'])('reports %s: true', (field) => {
    const findings = check(deployment(spec => { spec[field] = true; }));
    // NetworkPolicies do not isolate host-network pods: CS301 says so (see false-alarms.test.ts).
    expect(ruleIds(findings)).toEqual(field === 'hostNetwork' ? ['CS102', 'CS301'] : ['CS102']);
    const f = single(findings, 'CS102');
    expect(f).toMatchObject({ severity: Severity.ERROR, path: `spec.template.spec.${field}`, message: `the pod sets ${field}: true` });
    expect(f.container).toBeUndefined();
  });

  test('reports each shared namespace separately', () => {
    const findings = of(check(pod(spec => Object.assign(spec, { hostNetwork: true, hostPID: true, hostIPC: true }))), 'CS102');
    expect(findings.map(f => f.path)).toEqual(['spec.hostNetwork', 'spec.hostPID', 'spec.hostIPC']);
  });

  test('a suppression accepts it', () => {
    expectSuppressed(deployment(spec => { spec.hostNetwork = true; }), 'CS102');
  });
});

describe('CS103 privileged', () => {
  test('accepts privileged: false and an unset privileged', () => {
    const obj = deployment(spec => {
      delete spec.containers[0].securityContext.privileged;
      spec.containers.push(container('sidecar'));
    });
    expect(of(check(obj), 'CS103')).toEqual([]);
  });

  test('reports the second container by index and name', () => {
    const obj = deployment(spec => {
      spec.containers.push(container('sidecar'));
      spec.containers[1].securityContext.privileged = true;
    });
    expect(single(check(obj), 'CS103')).toMatchObject({
      severity: Severity.ERROR,
      path: 'spec.template.spec.containers[1].securityContext.privileged',
      container: 'sidecar',
      message: 'container "sidecar" is privileged',
    });
  });

  test('reports a privileged init container', () => {
    const obj = deployment(spec => {
      spec.initContainers = [initContainer('setup')];
      spec.initContainers[0].securityContext.privileged = true;
    });
    expect(single(check(obj), 'CS103')).toMatchObject({
      path: 'spec.template.spec.initContainers[0].securityContext.privileged',
      container: 'setup',
      message: 'init container "setup" is privileged',
    });
  });

  test('reports a privileged ephemeral container', () => {
    const obj = pod(spec => {
      spec.ephemeralContainers = [ephemeralContainer('debug')];
      spec.ephemeralContainers[0].securityContext.privileged = true;
    });
    expect(single(check(obj), 'CS103')).toMatchObject({
      path: 'spec.ephemeralContainers[0].securityContext.privileged',
      container: 'debug',
      message: 'ephemeral container "debug" is privileged',
    });
  });

  test('a suppression accepts it', () => {
    expectSuppressed(deployment(spec => { spec.containers[0].securityContext.privileged = true; }), 'CS103');
  });
});

describe('CS104 capabilities (baseline)', () => {
  test('accepts capabilities of the runtime default set', () => {
    const obj = deployment(spec => { spec.containers[0].securityContext.capabilities.add = ['NET_BIND_SERVICE', 'CHOWN', 'SETUID', 'AUDIT_WRITE']; });
    expect(of(check(obj), 'CS104')).toEqual([]);
  });

  test('reports an added capability outside the baseline set by its index', () => {
    const obj = deployment(spec => { spec.containers[0].securityContext.capabilities.add = ['NET_BIND_SERVICE', 'SYS_ADMIN']; });
    expect(single(check(obj), 'CS104')).toMatchObject({
      severity: Severity.ERROR,
      path: 'spec.template.spec.containers[0].securityContext.capabilities.add[1]',
      container: 'app',
      message: 'container "app" adds capability SYS_ADMIN',
    });
  });

  test('reports a capability written in lower case with the CAP_ prefix', () => {
    const obj = deployment(spec => { spec.containers[0].securityContext.capabilities.add = ['cap_net_admin']; });
    expect(single(check(obj), 'CS104').message).toBe('container "app" adds capability cap_net_admin');
  });

  test('reports adding ALL', () => {
    const obj = deployment(spec => { spec.containers[0].securityContext.capabilities.add = ['ALL']; });
    expect(single(check(obj), 'CS104').message).toContain('adds capability ALL');
  });

  test('reports NET_RAW (not in the baseline set)', () => {
    const obj = deployment(spec => { spec.containers[0].securityContext.capabilities.add = ['NET_RAW']; });
    expect(single(check(obj), 'CS104').message).toContain('NET_RAW');
  });

  test('reports a capability added by an ephemeral container', () => {
    const obj = pod(spec => {
      spec.ephemeralContainers = [ephemeralContainer('debug')];
      spec.ephemeralContainers[0].securityContext.capabilities.add = ['SYS_PTRACE'];
    });
    expect(single(check(obj), 'CS104')).toMatchObject({
      path: 'spec.ephemeralContainers[0].securityContext.capabilities.add[0]',
      container: 'debug',
      message: 'ephemeral container "debug" adds capability SYS_PTRACE',
    });
  });

  test('a suppression accepts it', () => {
    expectSuppressed(deployment(spec => { spec.containers[0].securityContext.capabilities.add = ['SYS_ADMIN']; }), 'CS104');
  });
});

describe('CS105 hostPath volumes', () => {
  test('accepts emptyDir, configMap and secret volumes', () => {
    const obj = deployment(spec => {
      spec.volumes.push({ name: 'cfg', configMap: { name: 'web' } }, { name: 'sec', secret: { secretName: 'web' } });
    });
    expect(of(check(obj), 'CS105')).toEqual([]);
  });

  test('reports a hostPath volume by index and name', () => {
    const obj = deployment(spec => { spec.volumes.push({ name: 'docker', hostPath: { path: '/var/run/docker.sock' } }); });
    const findings = check(obj);
    expect(ruleIds(findings)).toEqual(['CS105', 'CS121']);
    const f = single(findings, 'CS105');
    expect(f).toMatchObject({
      severity: Severity.ERROR,
      path: 'spec.template.spec.volumes[1].hostPath',
      message: 'volume "docker" is a hostPath volume (/var/run/docker.sock)',
    });
    expect(f.container).toBeUndefined();
  });

  test('a suppression accepts it', () => {
    expectSuppressed(deployment(spec => { spec.volumes.push({ name: 'logs', hostPath: { path: '/var/log' } }); }), 'CS105');
  });
});

describe('CS106 host ports', () => {
  test('accepts no hostPort and hostPort: 0', () => {
    const obj = deployment(spec => { spec.containers[0].ports.push({ name: 'metrics', containerPort: 9090, hostPort: 0 }); });
    expect(of(check(obj), 'CS106')).toEqual([]);
  });

  test('reports a hostPort by port index', () => {
    const obj = deployment(spec => { spec.containers[0].ports.push({ name: 'metrics', containerPort: 9090, hostPort: 9090 }); });
    expect(single(check(obj), 'CS106')).toMatchObject({
      severity: Severity.ERROR,
      path: 'spec.template.spec.containers[0].ports[1].hostPort',
      container: 'app',
      message: 'container "app" binds host port 9090',
    });
  });

  test('reports a hostPort of an init container', () => {
    const obj = deployment(spec => {
      spec.initContainers = [{ ...initContainer('setup'), ports: [{ containerPort: 53, hostPort: 53 }] }];
    });
    expect(single(check(obj), 'CS106')).toMatchObject({ path: 'spec.template.spec.initContainers[0].ports[0].hostPort', container: 'setup' });
  });

  test('a suppression accepts it', () => {
    expectSuppressed(deployment(spec => { spec.containers[0].ports[0].hostPort = 8080; }), 'CS106');
  });
});

describe('CS107 AppArmor', () => {
  test('accepts RuntimeDefault and Localhost profiles and annotations', () => {
    const obj = deployment((spec, d) => {
      spec.securityContext.appArmorProfile = { type: 'RuntimeDefault' };
      spec.containers[0].securityContext.appArmorProfile = { type: 'Localhost', localhostProfile: 'k8s-web' };
      d.spec.template.metadata.annotations = {
        'container.apparmor.security.beta.kubernetes.io/app': 'localhost/k8s-web',
        'container.apparmor.security.beta.kubernetes.io/init': 'runtime/default',
      };
    });
    expect(of(check(obj), 'CS107')).toEqual([]);
  });

  test('reports an Unconfined profile on the pod', () => {
    const f = single(check(deployment(spec => { spec.securityContext.appArmorProfile = { type: 'Unconfined' }; })), 'CS107');
    expect(f).toMatchObject({
      severity: Severity.ERROR,
      path: 'spec.template.spec.securityContext.appArmorProfile.type',
      message: 'the pod sets appArmorProfile.type Unconfined',
    });
    expect(f.container).toBeUndefined();
  });

  test('reports an Unconfined profile on a container', () => {
    const obj = deployment(spec => { spec.containers[0].securityContext.appArmorProfile = { type: 'Unconfined' }; });
    expect(single(check(obj), 'CS107')).toMatchObject({
      path: 'spec.template.spec.containers[0].securityContext.appArmorProfile.type',
      container: 'app',
      message: 'container "app" sets appArmorProfile.type Unconfined',
    });
  });

  test('reports the legacy annotation set to unconfined on the pod template', () => {
    const obj = deployment((_spec, d) => {
      d.spec.template.metadata.annotations = { 'container.apparmor.security.beta.kubernetes.io/app': 'unconfined' };
    });
    expect(single(check(obj), 'CS107')).toMatchObject({
      path: 'spec.template.metadata.annotations["container.apparmor.security.beta.kubernetes.io/app"]',
      container: 'app',
      message: 'annotation container.apparmor.security.beta.kubernetes.io/app is "unconfined"',
    });
  });

  test('a container-scoped suppression accepts the legacy annotation of that container only', () => {
    const obj = deployment((_spec, d) => {
      d.metadata.annotations = { 'cdk8s-secure.io/suppressions': JSON.stringify([{ ruleId: 'CS107', container: 'app', reason: 'legacy node pool without AppArmor' }]) };
      d.spec.template.metadata.annotations = {
        'container.apparmor.security.beta.kubernetes.io/app': 'unconfined',
        'container.apparmor.security.beta.kubernetes.io/sidecar': 'unconfined',
      };
    });
    const findings = check(obj);
    expect(of(findings, 'CS107').map(f => [f.container, f.suppressed?.reason])).toEqual([
      ['app', 'legacy node pool without AppArmor'],
      ['sidecar', undefined],
    ]);
    expect(of(findings, 'CS001')).toEqual([]);
  });

  test('reports the legacy annotation on a Pod itself', () => {
    const obj = pod((_spec, p) => { p.metadata.annotations = { 'container.apparmor.security.beta.kubernetes.io/app': 'unconfined' }; });
    expect(single(check(obj), 'CS107').path).toBe('metadata.annotations["container.apparmor.security.beta.kubernetes.io/app"]');
  });

  test('a suppression accepts it', () => {
    expectSuppressed(deployment(spec => { spec.containers[0].securityContext.appArmorProfile = { type: 'Unconfined' }; }), 'CS107');
  });
});

describe('CS108 SELinux', () => {
  test('accepts the container types and a level', () => {
    const obj = deployment(spec => {
      spec.securityContext.seLinuxOptions = { level: 's0:c123,c456' };
      spec.containers[0].securityContext.seLinuxOptions = { type: 'container_t', user: '', role: '' };
      spec.initContainers = [{ ...initContainer('setup') }];
      spec.initContainers[0].securityContext.seLinuxOptions = { type: 'container_init_t' };
    });
    expect(of(check(obj), 'CS108')).toEqual([]);
  });

  test('reports a custom type on the pod', () => {
    const f = single(check(deployment(spec => { spec.securityContext.seLinuxOptions = { type: 'spc_t' }; })), 'CS108');
    expect(f).toMatchObject({
      severity: Severity.ERROR,
      path: 'spec.template.spec.securityContext.seLinuxOptions.type',
      message: 'the pod sets seLinuxOptions.type spc_t',
    });
    expect(f.container).toBeUndefined();
  });

  test('reports a user on a container', () => {
    const obj = deployment(spec => { spec.containers[0].securityContext.seLinuxOptions = { user: 'system_u' }; });
    expect(single(check(obj), 'CS108')).toMatchObject({
      path: 'spec.template.spec.containers[0].securityContext.seLinuxOptions.user',
      container: 'app',
      message: 'container "app" sets seLinuxOptions.user',
    });
  });

  test('reports a role on a container', () => {
    const obj = deployment(spec => { spec.containers[0].securityContext.seLinuxOptions = { role: 'system_r' }; });
    expect(single(check(obj), 'CS108')).toMatchObject({
      path: 'spec.template.spec.containers[0].securityContext.seLinuxOptions.role',
      container: 'app',
    });
  });

  test('a suppression accepts it', () => {
    expectSuppressed(deployment(spec => { spec.securityContext.seLinuxOptions = { type: 'spc_t' }; }), 'CS108');
  });
});

describe('CS109 /proc mount', () => {
  test('accepts procMount Default', () => {
    expect(of(check(deployment(spec => { spec.containers[0].securityContext.procMount = 'Default'; })), 'CS109')).toEqual([]);
  });

  test('reports procMount Unmasked', () => {
    const obj = deployment(spec => { spec.containers[0].securityContext.procMount = 'Unmasked'; });
    expect(single(check(obj), 'CS109')).toMatchObject({
      severity: Severity.ERROR,
      path: 'spec.template.spec.containers[0].securityContext.procMount',
      container: 'app',
      message: 'container "app" sets procMount Unmasked',
    });
  });

  test('a suppression accepts it', () => {
    expectSuppressed(deployment(spec => { spec.containers[0].securityContext.procMount = 'Unmasked'; }), 'CS109');
  });
});

describe('CS110 seccomp (baseline)', () => {
  test('accepts RuntimeDefault on the pod and Localhost on a container', () => {
    const obj = deployment(spec => { spec.containers[0].securityContext.seccompProfile = { type: 'Localhost', localhostProfile: 'profiles/web.json' }; });
    expect(of(check(obj), 'CS110')).toEqual([]);
  });

  test('reports Unconfined on the pod', () => {
    const f = single(check(deployment(spec => { spec.securityContext.seccompProfile = { type: 'Unconfined' }; })), 'CS110');
    expect(f).toMatchObject({
      severity: Severity.ERROR,
      path: 'spec.template.spec.securityContext.seccompProfile.type',
      message: 'the pod sets seccompProfile.type Unconfined',
    });
    expect(f.container).toBeUndefined();
  });

  test('reports Unconfined on a container', () => {
    const obj = deployment(spec => { spec.containers[0].securityContext.seccompProfile = { type: 'Unconfined' }; });
    expect(single(check(obj), 'CS110')).toMatchObject({
      path: 'spec.template.spec.containers[0].securityContext.seccompProfile.type',
      container: 'app',
      message: 'container "app" sets seccompProfile.type Unconfined',
    });
  });

  test('a suppression accepts it', () => {
    expectSuppressed(deployment(spec => { spec.securityContext.seccompProfile = { type: 'Unconfined' }; }), 'CS110');
  });
});

describe('CS111 sysctls', () => {
  test('accepts the safe sysctls', () => {
    const obj = deployment(spec => {
      spec.securityContext.sysctls = [
        { name: 'net.ipv4.ip_unprivileged_port_start', value: '0' },
        { name: 'kernel.shm_rmid_forced', value: '1' },
        { name: 'net.ipv4.tcp_keepalive_time', value: '600' },
      ];
    });
    expect(of(check(obj), 'CS111')).toEqual([]);
  });

  test('reports an unsafe sysctl by index', () => {
    const obj = deployment(spec => {
      spec.securityContext.sysctls = [{ name: 'net.ipv4.tcp_syncookies', value: '1' }, { name: 'kernel.msgmax', value: '65536' }];
    });
    const f = single(check(obj), 'CS111');
    expect(f).toMatchObject({
      severity: Severity.ERROR,
      path: 'spec.template.spec.securityContext.sysctls[1].name',
      message: 'the pod sets sysctl kernel.msgmax',
    });
    expect(f.container).toBeUndefined();
  });

  test('a suppression accepts it', () => {
    expectSuppressed(deployment(spec => { spec.securityContext.sysctls = [{ name: 'vm.swappiness', value: '10' }]; }), 'CS111');
  });
});

describe('pod metadata paths', () => {
  test.each(POD_KINDS)('reports the AppArmor annotation of a %s at its pod metadata path', (kind) => {
    const obj = workload(kind, (_spec, o) => {
      const meta = kind === 'Pod' ? o.metadata : kind === 'CronJob' ? o.spec.jobTemplate.spec.template.metadata : o.spec.template.metadata;
      meta.annotations = { 'container.apparmor.security.beta.kubernetes.io/app': 'unconfined' };
    });
    expect(single(check(obj), 'CS107').path).toBe(`${POD_METADATA_PATH[kind]}.annotations["container.apparmor.security.beta.kubernetes.io/app"]`);
  });
});
