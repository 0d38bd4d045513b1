/**
 * Pod Security Standards, control by control and release by release. The cases follow the pass and fail
 * fixtures of the upstream admission code (kubernetes/kubernetes
 * staging/src/k8s.io/pod-security-admission/policy/check_*.go and test/fixtures_*.go), rewritten here as
 * changes of the shared compliant fixture; each is checked at the releases where the control's semantics
 * differ.
 */
import { check, deployment, expectSuppressed, initContainer, Obj, of, pod } from './_fixtures';
import { CheckerOptions, Checker } from '../../../src';
import { PSS_LATEST_VERSION, PSS_VERSIONS } from '../../../src/checks/pss-version';
import { pssMinorOf, pssVersionProblem } from '../../../src/checks/rules/pss/_version';
import { SELINUX_TYPES_SINCE } from '../../../src/checks/rules/pss/selinux';
import { SAFE_SYSCTLS_SINCE } from '../../../src/checks/rules/pss/sysctls';
import { RESTRICTED_VOLUMES_SINCE } from '../../../src/checks/rules/pss/volume-types';

type Mutate = (spec: Obj, obj: Obj) => void;
const at = (pssVersion: string): CheckerOptions => ({ pssVersion });
/** The findings of `ruleId` on a Deployment changed by `mutate`, checked at `version`. */
const findings = (ruleId: string, mutate: Mutate, version = PSS_LATEST_VERSION) => of(check(deployment(mutate), at(version)), ruleId);
const fails = (ruleId: string, mutate: Mutate, version?: string) => findings(ruleId, mutate, version).length > 0;
const app = (spec: Obj) => spec.containers[0];
const userNamespace = (spec: Obj) => { spec.hostUsers = false; };

describe('releases', () => {
  test('the releases are v1.30 to v1.37, latest is v1.37', () => {
    expect(PSS_VERSIONS).toEqual(['v1.30', 'v1.31', 'v1.32', 'v1.33', 'v1.34', 'v1.35', 'v1.36', 'v1.37']);
    expect(PSS_LATEST_VERSION).toBe('v1.37');
    expect(pssMinorOf('latest')).toBe(37);
    expect(pssMinorOf(undefined)).toBe(37);
    expect(pssMinorOf('v1.30')).toBe(30);
  });

  test('every release at which a rule changes is one the rules implement, or older than all of them', () => {
    const minors = PSS_VERSIONS.map(v => pssMinorOf(v));
    const changes = [...SAFE_SYSCTLS_SINCE, ...SELINUX_TYPES_SINCE, ...RESTRICTED_VOLUMES_SINCE].map(([, since]) => since).concat([34, 35]);
    expect(changes.filter(m => m >= minors[0] && !minors.includes(m))).toEqual([]);
    expect(Math.max(...changes)).toBe(pssMinorOf(PSS_LATEST_VERSION));
  });

  test.each(['v1.29', '1.37', 'v1.38', 'v2.0', 'Latest', ''])('throws on the unknown release %j', (v) => {
    expect(pssVersionProblem(v)).toBe(`"${v}" is not a Pod Security Standards release the rules implement; use one of v1.30, v1.31, v1.32, v1.33, v1.34, v1.35, v1.36, v1.37 or latest`);
    expect(() => new Checker({ pssVersion: v }).check([])).toThrow(`cdk8s-secure: pssVersion "${v}" is not a Pod Security Standards release`);
  });

  test('latest and an unset release give the findings of v1.37', () => {
    const obj = deployment(spec => { spec.securityContext.sysctls = [{ name: 'net.ipv4.tcp_notsent_lowat', value: '1' }, { name: 'vm.swappiness', value: '1' }]; });
    const ids = (o?: CheckerOptions) => check(obj, o).map(f => `${f.ruleId} ${f.path}`);
    expect(ids()).toEqual(['CS111 spec.template.spec.securityContext.sysctls[1].name']);
    expect(ids(at('latest'))).toEqual(ids());
    expect(ids(at('v1.37'))).toEqual(ids());
    expect(ids(at('v1.36'))).toEqual([
      'CS111 spec.template.spec.securityContext.sysctls[0].name',
      'CS111 spec.template.spec.securityContext.sysctls[1].name',
    ]);
  });
});

describe('CS112 host probes and lifecycle hooks (baseline, v1.34+)', () => {
  const HOST = '169.254.169.254';
  const failing: Array<[string, Mutate, string]> = [
    ['livenessProbe.httpGet.host', s => { app(s).livenessProbe.httpGet.host = HOST; }, 'containers[0].livenessProbe.httpGet.host'],
    ['readinessProbe.httpGet.host', s => { app(s).readinessProbe.httpGet.host = HOST; }, 'containers[0].readinessProbe.httpGet.host'],
    ['startupProbe.httpGet.host', s => { app(s).startupProbe = { httpGet: { port: 8080, host: HOST } }; }, 'containers[0].startupProbe.httpGet.host'],
    ['livenessProbe.tcpSocket.host', s => { app(s).livenessProbe = { tcpSocket: { port: 8080, host: HOST } }; }, 'containers[0].livenessProbe.tcpSocket.host'],
    ['readinessProbe.tcpSocket.host', s => { app(s).readinessProbe = { tcpSocket: { port: 8080, host: HOST } }; }, 'containers[0].readinessProbe.tcpSocket.host'],
    ['startupProbe.tcpSocket.host', s => { app(s).startupProbe = { tcpSocket: { port: 8080, host: HOST } }; }, 'containers[0].startupProbe.tcpSocket.host'],
    ['lifecycle.postStart.httpGet.host', s => { app(s).lifecycle = { postStart: { httpGet: { port: 80, host: HOST } } }; }, 'containers[0].lifecycle.postStart.httpGet.host'],
    ['lifecycle.preStop.httpGet.host', s => { app(s).lifecycle = { preStop: { httpGet: { port: 80, host: HOST } } }; }, 'containers[0].lifecycle.preStop.httpGet.host'],
    ['lifecycle.postStart.tcpSocket.host (deprecated handler)', s => { app(s).lifecycle = { postStart: { tcpSocket: { port: 80, host: HOST } } }; }, 'containers[0].lifecycle.postStart.tcpSocket.host'],
    ['lifecycle.preStop.tcpSocket.host (deprecated handler)', s => { app(s).lifecycle = { preStop: { tcpSocket: { port: 80, host: HOST } } }; }, 'containers[0].lifecycle.preStop.tcpSocket.host'],
    ['an init container', s => { s.initContainers = [{ ...initContainer('setup'), lifecycle: { postStart: { httpGet: { port: 80, host: HOST } } } }]; }, 'initContainers[0].lifecycle.postStart.httpGet.host'],
  ];

  test.each(failing)('reports %s from v1.34 on, not before', (_name, mutate, path) => {
    for (const v of ['v1.34', 'v1.35', 'v1.37']) {
      expect(findings('CS112', mutate, v).map(f => f.path)).toEqual([`spec.template.spec.${path}`]);
    }
    for (const v of ['v1.30', 'v1.33']) expect(findings('CS112', mutate, v)).toEqual([]);
  });

  test('the finding names the container, the field and the host', () => {
    const [f] = findings('CS112', s => { app(s).readinessProbe.httpGet.host = 'node.local'; });
    expect(f).toMatchObject({ container: 'app', message: 'container "app" readinessProbe httpGet.host is "node.local"' });
  });

  test.each<[string, Mutate]>([
    ['probes without host', () => undefined],
    ['an empty host', s => { app(s).livenessProbe.httpGet.host = ''; app(s).readinessProbe = { tcpSocket: { port: 8080, host: '' } }; }],
    ['a Host header instead of host', s => { app(s).livenessProbe.httpGet.httpHeaders = [{ name: 'Host', value: 'web.example.com' }]; }],
    ['exec and grpc probes', s => { app(s).livenessProbe = { exec: { command: ['true'] } }; app(s).readinessProbe = { grpc: { port: 9090 } }; }],
    ['exec and sleep hooks', s => { app(s).lifecycle = { postStart: { exec: { command: ['true'] } }, preStop: { sleep: { seconds: 5 } } }; }],
  ])('accepts %s', (_name, mutate) => {
    expect(findings('CS112', mutate)).toEqual([]);
  });

  test('a suppression with a reason keeps the finding, marked suppressed', () => {
    expectSuppressed(deployment(s => { app(s).livenessProbe.httpGet.host = HOST; }), 'CS112');
  });
});

describe('CS104 / CS126 capabilities are compared as exact strings', () => {
  test.each(['chown', 'CAP_CHOWN', 'Chown', 'cap_net_bind_service'])('baseline refuses add: [%s]', (cap) => {
    const [f] = findings('CS104', s => { app(s).securityContext.capabilities.add = [cap]; });
    expect(f.message).toMatch(new RegExp(`adds capability ${cap} \\(admission compares names exactly: write [A-Z_]+\\)$`));
  });

  test('baseline accepts each allowed capability written exactly', () => {
    const all = ['AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE', 'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT'];
    expect(findings('CS104', s => { app(s).securityContext.capabilities.add = all; })).toEqual([]);
    expect(findings('CS104', s => { app(s).securityContext.capabilities.add = ['NET_RAW', 'SYS_ADMIN']; }).map(f => f.message)).toEqual([
      'container "app" adds capability NET_RAW', 'container "app" adds capability SYS_ADMIN',
    ]);
  });

  test.each([['all'], ['All'], ['CAP_ALL'], ['NET_RAW', 'all']])('restricted refuses drop: %j', (...drop) => {
    const [f] = findings('CS126', s => { app(s).securityContext.capabilities.drop = drop; });
    expect(f.message).toBe(`container "app" does not drop ALL capabilities: it drops ${drop[drop.length - 1]} (admission compares names exactly: write ALL)`);
  });

  test('restricted accepts drop: [ALL] among others, and add: [NET_BIND_SERVICE]', () => {
    expect(findings('CS126', s => { app(s).securityContext.capabilities = { drop: ['all', 'ALL'], add: ['NET_BIND_SERVICE'] }; })).toEqual([]);
  });

  test.each(['net_bind_service', 'CAP_NET_BIND_SERVICE', 'CHOWN'])('restricted refuses add: [%s]', (cap) => {
    expect(findings('CS126', s => { app(s).securityContext.capabilities.add = [cap]; })).toHaveLength(1);
  });
});

describe('CS109 / CS127 procMount and user namespaces', () => {
  const unmasked: Mutate = s => { app(s).securityContext.procMount = 'Unmasked'; };
  const unmaskedUserNs: Mutate = (s, o) => { userNamespace(s); unmasked(s, o); };

  test('before v1.35 a hostUsers: false pod gets no relaxation: CS109 reports, CS127 does not', () => {
    for (const v of ['v1.30', 'v1.34']) {
      expect([fails('CS109', unmaskedUserNs, v), fails('CS127', unmaskedUserNs, v)]).toEqual([true, false]);
    }
  });

  test('from v1.35 baseline allows it (no CS109) and restricted still refuses it (CS127)', () => {
    for (const v of ['v1.35', 'v1.37']) {
      expect([fails('CS109', unmaskedUserNs, v), fails('CS127', unmaskedUserNs, v)]).toEqual([false, true]);
    }
    expect(findings('CS127', unmaskedUserNs)[0]).toMatchObject({
      path: 'spec.template.spec.containers[0].securityContext.procMount', container: 'app', message: 'container "app" sets procMount Unmasked',
    });
  });

  test('hostUsers: true or unset is not a user-namespace pod', () => {
    for (const hostUsers of [true, undefined]) {
      const m: Mutate = (s, o) => { s.hostUsers = hostUsers; unmasked(s, o); };
      expect([fails('CS109', m), fails('CS127', m)]).toEqual([true, false]);
    }
  });

  test('procMount Default passes both in a user-namespace pod', () => {
    const m: Mutate = s => { userNamespace(s); app(s).securityContext.procMount = 'Default'; };
    expect([fails('CS109', m), fails('CS127', m)]).toEqual([false, false]);
  });

  test('a suppression with a reason keeps the CS127 finding, marked suppressed', () => {
    expectSuppressed(deployment(unmaskedUserNs), 'CS127');
  });
});

describe('CS123 / CS124 run as non-root and user namespaces', () => {
  const noNonRoot: Mutate = s => { delete s.securityContext.runAsNonRoot; delete app(s).securityContext.runAsNonRoot; };
  const root: Mutate = s => { s.securityContext.runAsUser = 0; };

  test.each<[string, string, Mutate]>([
    ['CS123', 'runAsNonRoot unset', noNonRoot],
    ['CS123', 'runAsNonRoot false', s => { s.securityContext.runAsNonRoot = false; }],
    ['CS124', 'runAsUser 0', root],
  ])('%s: %s in a hostUsers: false pod is refused before v1.35 and allowed from v1.35', (id, _name, mutate) => {
    const m: Mutate = (s, o) => { userNamespace(s); mutate(s, o); };
    expect(['v1.30', 'v1.34', 'v1.35', 'v1.37'].map(v => fails(id, m, v))).toEqual([true, true, false, false]);
    expect(fails(id, mutate)).toBe(true);
  });
});

describe('CS111 sysctls by release', () => {
  const sysctl = (name: string): Mutate => s => { s.securityContext.sysctls = [{ name, value: '1' }]; };
  test.each<[string, string]>([
    ['net.ipv4.tcp_rmem', 'v1.32'], ['net.ipv4.tcp_wmem', 'v1.32'],
    ['net.ipv4.tcp_slow_start_after_idle', 'v1.37'], ['net.ipv4.tcp_notsent_lowat', 'v1.37'],
  ])('%s is safe from %s', (name, since) => {
    const verdicts = PSS_VERSIONS.map(v => [v, fails('CS111', sysctl(name), v)]);
    expect(verdicts).toEqual(PSS_VERSIONS.map(v => [v, pssMinorOf(v) < pssMinorOf(since)]));
  });

  test.each(['kernel.shm_rmid_forced', 'net.ipv4.ip_local_reserved_ports', 'net.ipv4.tcp_keepalive_probes'])('%s is safe at every release', (name) => {
    expect(PSS_VERSIONS.filter(v => fails('CS111', sysctl(name), v))).toEqual([]);
  });

  test.each(['net.ipv4.tcp_mem', 'net.core.somaxconn', 'kernel.msgmax', 'NET.IPV4.TCP_RMEM'])('%s is never safe', (name) => {
    expect(PSS_VERSIONS.filter(v => !fails('CS111', sysctl(name), v))).toEqual([]);
  });
});

describe('CS108 SELinux types by release', () => {
  test('container_engine_t is allowed from v1.31', () => {
    const m: Mutate = s => { s.securityContext.seLinuxOptions = { type: 'container_engine_t' }; };
    expect(PSS_VERSIONS.map(v => fails('CS108', m, v))).toEqual(PSS_VERSIONS.map(v => v === 'v1.30'));
  });

  test.each(['container_t', 'container_init_t', 'container_kvm_t', ''])('%j is allowed at every release', (type) => {
    expect(PSS_VERSIONS.filter(v => fails('CS108', s => { s.securityContext.seLinuxOptions = { type }; }, v))).toEqual([]);
  });
});

describe('CS121 image volumes', () => {
  test('an image volume is allowed from v1.33 (the release whose API server allows it)', () => {
    const m: Mutate = s => { s.volumes.push({ name: 'model', image: { reference: 'registry.example.com/models/m:1' } }); };
    expect(PSS_VERSIONS.map(v => fails('CS121', m, v))).toEqual(PSS_VERSIONS.map(v => pssMinorOf(v) < 33));
  });
});

describe('CS110 seccomp (baseline) allows only RuntimeDefault and Localhost', () => {
  test.each(['Unconfined', 'runtime/default', 'runtimedefault', 'Default'])('refuses type %s on the pod and on a container', (type) => {
    expect(findings('CS110', s => { s.securityContext.seccompProfile = { type }; })).toHaveLength(1);
    expect(findings('CS110', s => { app(s).securityContext.seccompProfile = { type }; })).toHaveLength(1);
  });

  test('accepts RuntimeDefault, Localhost and an unset profile', () => {
    expect(findings('CS110', s => { app(s).securityContext.seccompProfile = { type: 'Localhost', localhostProfile: 'p.json' }; })).toEqual([]);
    expect(findings('CS110', s => { delete s.securityContext.seccompProfile; })).toEqual([]);
  });
});

describe('CS107 AppArmor annotation values', () => {
  const annotate = (value: string) => pod((_s, o) => { o.metadata.annotations = { 'container.apparmor.security.beta.kubernetes.io/app': value }; });
  test.each(['', 'runtime/default', 'localhost/web'])('accepts %j', (value) => {
    expect(of(check(annotate(value)), 'CS107')).toEqual([]);
  });
  test.each(['unconfined', 'Runtime/Default', 'docker/default'])('refuses %j', (value) => {
    expect(of(check(annotate(value)), 'CS107')).toHaveLength(1);
  });
});
