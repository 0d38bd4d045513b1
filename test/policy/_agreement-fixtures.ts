/**
 * Compliant and non-compliant variants of a workload for the CEL agreement test. Each variant changes one
 * thing of the shared compliant fixture (test/checks/rules/_fixtures.ts, used read-only) and is applied to
 * every pod-bearing kind; the checker and the emitted CEL must reach the same verdict on each, rule by rule.
 * The variants follow the checker rule tests (compliant case, non-compliant cases, every container list).
 */
import { container, DIGEST, ephemeralContainer, initContainer, Obj } from '../checks/rules/_fixtures';

export type Mutation = (spec: Obj, obj: Obj) => void;

const sc = (c: Obj) => c.securityContext;
const withInit: Mutation = spec => { spec.initContainers = [initContainer('setup')]; };
const withEphemeral: Mutation = spec => { spec.ephemeralContainers = [ephemeralContainer('debug')]; };
const withSidecar: Mutation = spec => { spec.containers.push(container('sidecar')); };
const both = (...ms: Mutation[]): Mutation => (spec, obj) => ms.forEach(m => m(spec, obj));
const onInit = (m: (c: Obj) => void): Mutation => both(withInit, spec => m(spec.initContainers[0]));
const onEphemeral = (m: (c: Obj) => void): Mutation => both(withEphemeral, spec => m(spec.ephemeralContainers[0]));
const onApp = (m: (c: Obj) => void): Mutation => spec => m(spec.containers[0]);
const onSidecar = (m: (c: Obj) => void): Mutation => both(withSidecar, spec => m(spec.containers[1]));
const windows: Mutation = spec => { spec.os = { name: 'windows' }; };
const podSc = (m: (psc: Obj) => void): Mutation => spec => m(spec.securityContext);

const userNamespace: Mutation = spec => { spec.hostUsers = false; };

/** The safe sysctls of the latest release (v1.37), written out rather than taken from the rule. */
const SAFE_SYSCTLS = [
  'kernel.shm_rmid_forced', 'net.ipv4.ip_local_port_range', 'net.ipv4.ip_unprivileged_port_start',
  'net.ipv4.tcp_syncookies', 'net.ipv4.ping_group_range', 'net.ipv4.ip_local_reserved_ports',
  'net.ipv4.tcp_keepalive_time', 'net.ipv4.tcp_fin_timeout', 'net.ipv4.tcp_keepalive_intvl',
  'net.ipv4.tcp_keepalive_probes', 'net.ipv4.tcp_rmem', 'net.ipv4.tcp_wmem',
  'net.ipv4.tcp_slow_start_after_idle', 'net.ipv4.tcp_notsent_lowat',
];

const VOLUMES: Obj[] = [
  { name: 'cfg', configMap: { name: 'web' } },
  { name: 'sec', secret: { secretName: 'web' } },
  { name: 'tok', projected: { sources: [] } },
  { name: 'info', downwardAPI: { items: [] } },
  { name: 'data', persistentVolumeClaim: { claimName: 'web-data' } },
  { name: 'csi', csi: { driver: 'secrets-store.csi.k8s.io' } },
  { name: 'scratch', ephemeral: { volumeClaimTemplate: { spec: {} } } },
  { name: 'host', hostPath: { path: '/var/run' } },
  { name: 'shared', nfs: { server: 'nfs.example.com', path: '/export' } },
  { name: 'repo', gitRepo: { repository: 'https://example.com/r.git' } },
  { name: 'disk', gcePersistentDisk: { pdName: 'd' } },
  { name: 'ebs', awsElasticBlockStore: { volumeID: 'v' } },
  { name: 'ceph', cephfs: { monitors: ['m'] } },
  { name: 'flex', flexVolume: { driver: 'd' } },
  { name: 'iscsi', iscsi: { targetPortal: 't', iqn: 'i', lun: 0 } },
  { name: 'img', image: { reference: 'registry.example.com/data:1' } },
];

/** Image references: valid and invalid, with and without tag, digest, registry, port, "latest". */
export const IMAGES = [
  'nginx', 'nginx:1.27.3', 'nginx:latest', `nginx:latest@${DIGEST}`, `nginx@${DIGEST}`, 'library/nginx:1',
  'registry.example.com/team/web', 'registry.example.com/team/web:1.2.3', `registry.example.com/team/web@${DIGEST}`,
  'registry.example.com:5000/web:latest', 'registry:5000/web', 'registry:5000/web:1', 'localhost/web:latest', 'localhost:5000/web:2',
  '[::1]:5000/web:1', 'ghcr.io/org/app:v1-rc.1', 'NGINX:1', 'nginx:', 'nginx:-bad', 'a_b.c/d:1', 'a_b/c:1', 'Registry.Example.com/web:1',
  'web.app/x:1', 'team_a/web:1.0', 'web:1.0:2', 'web@sha256:abc', '', ' nginx:1', 'nginx:1 ', 'UPPER/web:1', 'a..b/c:1',
  'registry.example.com//web:1', 'web:latest:latest', `web:latest@${DIGEST}@${DIGEST}`,
];

/** Named variants; `[name, mutation]`. */
export const MUTATIONS: Array<[string, Mutation]> = [
  ['compliant', () => undefined],
  ['compliant with init and ephemeral containers', both(withInit, withEphemeral)],
  ['compliant with a sidecar', withSidecar],

  // CS101
  ['pod hostProcess true', podSc(p => { p.windowsOptions = { hostProcess: true }; })],
  ['pod hostProcess false', podSc(p => { p.windowsOptions = { hostProcess: false }; })],
  ['container hostProcess true', onApp(c => { sc(c).windowsOptions = { hostProcess: true }; })],
  ['init hostProcess true', onInit(c => { sc(c).windowsOptions = { hostProcess: true }; })],
  ['ephemeral hostProcess true', onEphemeral(c => { sc(c).windowsOptions = { hostProcess: true }; })],
  ['windowsOptions without hostProcess', podSc(p => { p.windowsOptions = { runAsUserName: 'app' }; })],

  // CS102
  ['hostNetwork true', spec => { spec.hostNetwork = true; }],
  ['hostPID true', spec => { spec.hostPID = true; }],
  ['hostIPC true', spec => { spec.hostIPC = true; }],
  ['host namespaces false', spec => Object.assign(spec, { hostNetwork: false, hostPID: false, hostIPC: false })],

  // CS103
  ['privileged true', onApp(c => { sc(c).privileged = true; })],
  ['privileged unset', onApp(c => { delete sc(c).privileged; })],
  ['sidecar privileged', onSidecar(c => { sc(c).privileged = true; })],
  ['init privileged', onInit(c => { sc(c).privileged = true; })],
  ['ephemeral privileged', onEphemeral(c => { sc(c).privileged = true; })],
  ['no securityContext on the container', onApp(c => { delete c.securityContext; })],

  // CS104 / CS126
  ['adds SYS_ADMIN', onApp(c => { sc(c).capabilities.add = ['SYS_ADMIN']; })],
  ['adds CAP_SYS_ADMIN', onApp(c => { sc(c).capabilities.add = ['CAP_SYS_ADMIN']; })],
  ['adds net_admin in lower case', onApp(c => { sc(c).capabilities.add = ['net_admin']; })],
  ['adds NET_RAW', onApp(c => { sc(c).capabilities.add = ['NET_RAW']; })],
  ['adds CHOWN', onApp(c => { sc(c).capabilities.add = ['CHOWN']; })],
  ['adds cap_chown', onApp(c => { sc(c).capabilities.add = ['cap_chown']; })],
  ['adds NET_BIND_SERVICE', onApp(c => { sc(c).capabilities.add = ['NET_BIND_SERVICE']; })],
  ['adds Cap_Net_Bind_Service', onApp(c => { sc(c).capabilities.add = ['Cap_Net_Bind_Service']; })],
  ['adds every baseline capability', onApp(c => {
    sc(c).capabilities.add = ['AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE', 'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT'];
  })],
  ['adds CAP_CAP_CHOWN', onApp(c => { sc(c).capabilities.add = ['CAP_CAP_CHOWN']; })],
  ['adds chown in lower case', onApp(c => { sc(c).capabilities.add = ['chown']; })],
  ['adds CAP_CHOWN', onApp(c => { sc(c).capabilities.add = ['CAP_CHOWN']; })],
  ['adds CAP_NET_BIND_SERVICE', onApp(c => { sc(c).capabilities.add = ['CAP_NET_BIND_SERVICE']; })],
  ['init adds SYS_ADMIN', onInit(c => { sc(c).capabilities.add = ['SYS_ADMIN']; })],
  ['ephemeral adds SYS_PTRACE', onEphemeral(c => { sc(c).capabilities.add = ['SYS_PTRACE']; })],
  ['no capabilities', onApp(c => { delete sc(c).capabilities; })],
  ['drops some capabilities only', onApp(c => { sc(c).capabilities.drop = ['NET_RAW', 'SYS_ADMIN']; })],
  ['drops all in lower case', onApp(c => { sc(c).capabilities.drop = ['all']; })],
  ['drops CAP_ALL', onApp(c => { sc(c).capabilities.drop = ['CAP_ALL']; })],
  ['drops All', onApp(c => { sc(c).capabilities.drop = ['All']; })],
  ['drops all and ALL', onApp(c => { sc(c).capabilities.drop = ['all', 'ALL']; })],
  ['drops ALL among others', onApp(c => { sc(c).capabilities.drop = ['NET_RAW', 'ALL']; })],
  ['empty drop list', onApp(c => { sc(c).capabilities.drop = []; })],
  ['init without capabilities', onInit(c => { delete sc(c).capabilities; })],
  ['ephemeral without capabilities', onEphemeral(c => { delete sc(c).capabilities; })],
  ['windows pod without capabilities', both(windows, onApp(c => { delete sc(c).capabilities; }))],

  // CS105 / CS121
  ...VOLUMES.map((v): [string, Mutation] => [`volume of type ${Object.keys(v)[1]}`, spec => { spec.volumes.push(v); }]),
  ['no volumes', spec => { delete spec.volumes; delete spec.containers[0].volumeMounts; }],

  // CS106
  ['hostPort 8080', onApp(c => { c.ports[0].hostPort = 8080; })],
  ['hostPort 0', onApp(c => { c.ports[0].hostPort = 0; })],
  ['init hostPort', onInit(c => { c.ports = [{ containerPort: 9000, hostPort: 9000 }]; })],
  ['no ports', onApp(c => { delete c.ports; })],

  // CS107
  ['pod appArmor Unconfined', podSc(p => { p.appArmorProfile = { type: 'Unconfined' }; })],
  ['pod appArmor RuntimeDefault', podSc(p => { p.appArmorProfile = { type: 'RuntimeDefault' }; })],
  ['pod appArmor Localhost', podSc(p => { p.appArmorProfile = { type: 'Localhost', localhostProfile: 'k8s-web' }; })],
  ['container appArmor Unconfined', onApp(c => { sc(c).appArmorProfile = { type: 'Unconfined' }; })],
  ['ephemeral appArmor Unconfined', onEphemeral(c => { sc(c).appArmorProfile = { type: 'Unconfined' }; })],
  ...['unconfined', 'runtime/default', 'localhost/k8s-web', '', 'docker/default', 'Runtime/Default'].map((v): [string, Mutation] => [`apparmor annotation ${v}`, (_spec, obj) => {
    const meta = obj.kind === 'Pod' ? obj.metadata : obj.kind === 'CronJob' ? obj.spec.jobTemplate.spec.template.metadata : obj.spec.template.metadata;
    meta.annotations = { 'container.apparmor.security.beta.kubernetes.io/app': v, 'example.com/other': 'unconfined' };
  }]),
  ['pod template without metadata', (_spec, obj) => {
    if (obj.kind === 'CronJob') delete obj.spec.jobTemplate.spec.template.metadata;
    else if (obj.kind !== 'Pod') delete obj.spec.template.metadata;
  }],

  // CS108
  ['pod seLinux type spc_t', podSc(p => { p.seLinuxOptions = { type: 'spc_t' }; })],
  ['pod seLinux type container_t', podSc(p => { p.seLinuxOptions = { type: 'container_t', level: 's0:c123,c456' }; })],
  ['pod seLinux user', podSc(p => { p.seLinuxOptions = { user: 'system_u' }; })],
  ['pod seLinux role', podSc(p => { p.seLinuxOptions = { role: 'sysadm_r' }; })],
  ['pod seLinux empty user and type', podSc(p => { p.seLinuxOptions = { user: '', type: '' }; })],
  ['container seLinux type unconfined_t', onApp(c => { sc(c).seLinuxOptions = { type: 'unconfined_t' }; })],
  ['init seLinux type container_init_t', onInit(c => { sc(c).seLinuxOptions = { type: 'container_init_t' }; })],
  ['pod seLinux type container_engine_t', podSc(p => { p.seLinuxOptions = { type: 'container_engine_t' }; })],
  ['pod seLinux type container_kvm_t', podSc(p => { p.seLinuxOptions = { type: 'container_kvm_t' }; })],

  // CS109
  ['procMount Unmasked', onApp(c => { sc(c).procMount = 'Unmasked'; })],
  ['procMount Default', onApp(c => { sc(c).procMount = 'Default'; })],
  ['ephemeral procMount Unmasked', onEphemeral(c => { sc(c).procMount = 'Unmasked'; })],

  // CS109 / CS127 (user namespaces: baseline allows any procMount from v1.35, restricted does not)
  ['hostUsers false, procMount Unmasked', both(userNamespace, onApp(c => { sc(c).procMount = 'Unmasked'; }))],
  ['hostUsers false, init procMount Unmasked', both(userNamespace, onInit(c => { sc(c).procMount = 'Unmasked'; }))],
  ['hostUsers false, procMount Default', both(userNamespace, onApp(c => { sc(c).procMount = 'Default'; }))],
  ['hostUsers true, procMount Unmasked', both(spec => { spec.hostUsers = true; }, onApp(c => { sc(c).procMount = 'Unmasked'; }))],

  // CS112 (host in probes and lifecycle hooks)
  ...['livenessProbe', 'readinessProbe'].flatMap((probe): Array<[string, Mutation]> => [
    [`${probe} httpGet.host`, onApp(c => { c[probe].httpGet.host = '169.254.169.254'; })],
    [`${probe} httpGet.host empty`, onApp(c => { c[probe].httpGet.host = ''; })],
  ]),
  ['startupProbe tcpSocket.host', onApp(c => { c.startupProbe = { tcpSocket: { port: 8080, host: '10.0.0.1' } }; })],
  ['startupProbe tcpSocket without host', onApp(c => { c.startupProbe = { tcpSocket: { port: 8080 } }; })],
  ['postStart httpGet.host', onApp(c => { c.lifecycle = { postStart: { httpGet: { path: '/', port: 80, host: 'metadata.google.internal' } } }; })],
  ['preStop tcpSocket.host', onApp(c => { c.lifecycle = { preStop: { tcpSocket: { port: 80, host: 'localhost' } } }; })],
  ['preStop exec', onApp(c => { c.lifecycle = { preStop: { exec: { command: ['sleep', '5'] } } }; })],
  ['preStop sleep', onApp(c => { c.lifecycle = { preStop: { sleep: { seconds: 5 } } }; })],
  ['init container lifecycle host', onInit(c => { c.lifecycle = { postStart: { httpGet: { port: 80, host: 'node.local' } } }; })],
  ['ephemeral container probe host', onEphemeral(c => { c.readinessProbe = { httpGet: { port: 80, host: 'node.local' } }; })],
  ['sidecar liveness host', onSidecar(c => { c.livenessProbe.httpGet.host = 'x'; })],

  // CS110 / CS125
  ['pod seccomp Unconfined', podSc(p => { p.seccompProfile = { type: 'Unconfined' }; })],
  ['pod seccomp Unconfined, container RuntimeDefault', both(podSc(p => { p.seccompProfile = { type: 'Unconfined' }; }), onApp(c => { sc(c).seccompProfile = { type: 'RuntimeDefault' }; }))],
  ['container seccomp Unconfined', onApp(c => { sc(c).seccompProfile = { type: 'Unconfined' }; })],
  ['init seccomp Unconfined', onInit(c => { sc(c).seccompProfile = { type: 'Unconfined' }; })],
  ['no seccomp profile', podSc(p => { delete p.seccompProfile; })],
  ['pod seccomp Localhost', podSc(p => { p.seccompProfile = { type: 'Localhost', localhostProfile: 'profiles/web.json' }; })],
  ['container seccomp only', both(podSc(p => { delete p.seccompProfile; }), onApp(c => { sc(c).seccompProfile = { type: 'RuntimeDefault' }; }))],
  ['container seccomp only, init without', both(podSc(p => { delete p.seccompProfile; }), onApp(c => { sc(c).seccompProfile = { type: 'RuntimeDefault' }; }), withInit)],
  ['container seccompProfile without type', onApp(c => { sc(c).seccompProfile = { localhostProfile: 'x.json' }; })],
  ['windows pod without seccomp', both(windows, podSc(p => { delete p.seccompProfile; }))],
  ['pod seccomp type runtime/default', podSc(p => { p.seccompProfile = { type: 'runtime/default' }; })],
  ['container seccomp type runtimedefault', onApp(c => { sc(c).seccompProfile = { type: 'runtimedefault' }; })],

  // CS111
  ...SAFE_SYSCTLS.map((s): [string, Mutation] => [`sysctl ${s}`, podSc(p => { p.sysctls = [{ name: s, value: '1' }]; })]),
  ['sysctl kernel.msgmax', podSc(p => { p.sysctls = [{ name: 'kernel.msgmax', value: '65536' }]; })],
  ['safe and unsafe sysctls', podSc(p => { p.sysctls = [{ name: 'net.ipv4.tcp_syncookies', value: '1' }, { name: 'vm.swappiness', value: '0' }]; })],
  ['empty sysctls', podSc(p => { p.sysctls = []; })],
  ['sysctl net.ipv4.tcp_mem', podSc(p => { p.sysctls = [{ name: 'net.ipv4.tcp_mem', value: '1 2 3' }]; })],
  ['sysctl net.core.somaxconn', podSc(p => { p.sysctls = [{ name: 'net.core.somaxconn', value: '1024' }]; })],

  // CS122
  ['allowPrivilegeEscalation unset', onApp(c => { delete sc(c).allowPrivilegeEscalation; })],
  ['allowPrivilegeEscalation true', onApp(c => { sc(c).allowPrivilegeEscalation = true; })],
  ['init allowPrivilegeEscalation true', onInit(c => { sc(c).allowPrivilegeEscalation = true; })],
  ['ephemeral allowPrivilegeEscalation unset', onEphemeral(c => { delete sc(c).allowPrivilegeEscalation; })],
  ['windows pod without allowPrivilegeEscalation', both(windows, onApp(c => { delete sc(c).allowPrivilegeEscalation; }))],

  // CS123
  ['runAsNonRoot on the pod only', both(withInit, withEphemeral, withSidecar, spec => {
    for (const c of [...spec.containers, ...spec.initContainers, ...spec.ephemeralContainers]) delete c.securityContext.runAsNonRoot;
  })],
  ['runAsNonRoot on the containers only', both(withInit, podSc(p => { delete p.runAsNonRoot; }))],
  ['runAsNonRoot nowhere', both(podSc(p => { delete p.runAsNonRoot; }), onApp(c => { delete sc(c).runAsNonRoot; }))],
  ['container runAsNonRoot false', onSidecar(c => { sc(c).runAsNonRoot = false; })],
  ['pod runAsNonRoot false', podSc(p => { p.runAsNonRoot = false; })],
  ['pod runAsNonRoot false, containers unset', both(podSc(p => { p.runAsNonRoot = false; }), onApp(c => { delete sc(c).runAsNonRoot; }))],
  ['init and ephemeral without runAsNonRoot, pod unset', both(podSc(p => { delete p.runAsNonRoot; }),
    onInit(c => { delete sc(c).runAsNonRoot; }), onEphemeral(c => { delete sc(c).runAsNonRoot; }))],
  ['no pod securityContext', spec => { delete spec.securityContext; }],
  ['hostUsers false, runAsNonRoot nowhere', both(userNamespace, podSc(p => { delete p.runAsNonRoot; }), onApp(c => { delete sc(c).runAsNonRoot; }))],
  ['hostUsers false, runAsNonRoot false', both(userNamespace, podSc(p => { p.runAsNonRoot = false; }))],
  ['hostUsers true, runAsNonRoot nowhere', both(spec => { spec.hostUsers = true; }, podSc(p => { delete p.runAsNonRoot; }), onApp(c => { delete sc(c).runAsNonRoot; }))],

  // CS124 / CS213
  ['pod runAsUser 0', podSc(p => { p.runAsUser = 0; })],
  ['hostUsers false, pod runAsUser 0', both(userNamespace, podSc(p => { p.runAsUser = 0; }))],
  ['hostUsers false, container runAsUser 0', both(userNamespace, onApp(c => { sc(c).runAsUser = 0; }))],
  ['pod runAsUser 0, container 65532', both(podSc(p => { p.runAsUser = 0; }), onApp(c => { sc(c).runAsUser = 65532; }))],
  ['container runAsUser 0', onApp(c => { sc(c).runAsUser = 0; })],
  ['ephemeral runAsUser 0', onEphemeral(c => { sc(c).runAsUser = 0; })],
  ['container runAsUser 65533', onApp(c => { sc(c).runAsUser = 65533; })],
  ['pod runAsUser 1001', podSc(p => { p.runAsUser = 1001; })],
  ['pod runAsUser 10000', podSc(p => { p.runAsUser = 10000; })],
  ['pod runAsUser 10001', podSc(p => { p.runAsUser = 10001; })],
  ['pod runAsGroup 0', podSc(p => { p.runAsGroup = 0; })],
  ['pod fsGroup 1000', podSc(p => { p.fsGroup = 1000; })],
  ['container runAsUser 1000', onApp(c => { sc(c).runAsUser = 1000; })],
  ['init runAsGroup 10', onInit(c => { sc(c).runAsGroup = 10; })],
  ['no runAsUser anywhere', podSc(p => { delete p.runAsUser; delete p.runAsGroup; delete p.fsGroup; })],

  // CS201
  ['readOnlyRootFilesystem false', onApp(c => { sc(c).readOnlyRootFilesystem = false; })],
  ['readOnlyRootFilesystem unset', onApp(c => { delete sc(c).readOnlyRootFilesystem; })],
  ['init readOnlyRootFilesystem unset', onInit(c => { delete sc(c).readOnlyRootFilesystem; })],
  ['ephemeral readOnlyRootFilesystem false', onEphemeral(c => { sc(c).readOnlyRootFilesystem = false; })],

  // CS202 / CS203
  ['no cpu request', onApp(c => { delete c.resources.requests.cpu; })],
  ['no memory request', onApp(c => { delete c.resources.requests.memory; })],
  ['no limits', onApp(c => { delete c.resources.limits; })],
  ['no resources', onApp(c => { delete c.resources; })],
  ['init without memory limit', onInit(c => { delete c.resources.limits.memory; })],
  ['init without resources', onInit(c => { delete c.resources; })],
  ['integer cpu request', onApp(c => { c.resources.requests.cpu = 1; })],

  // CS204 / CS205
  ['no liveness probe', onApp(c => { delete c.livenessProbe; })],
  ['no readiness probe', onApp(c => { delete c.readinessProbe; })],
  ['sidecar without probes', onSidecar(c => { delete c.livenessProbe; delete c.readinessProbe; })],
  ['init container with a probe', onInit(c => { c.readinessProbe = { exec: { command: ['true'] } }; })],
  ['sidecar init container (restartPolicy Always) without probes', onInit(c => { c.restartPolicy = 'Always'; })],

  // CS206 / CS207 / CS208
  ...IMAGES.map((image): [string, Mutation] => [`image ${JSON.stringify(image)}`, onApp(c => { c.image = image; })]),
  ['init image nginx:latest', onInit(c => { c.image = 'nginx:latest'; })],
  ['ephemeral image busybox', onEphemeral(c => { c.image = 'busybox'; })],
  ['no image', onApp(c => { delete c.image; })],

  // CS210
  ['imagePullPolicy unset', onApp(c => { delete c.imagePullPolicy; })],
  ['imagePullPolicy IfNotPresent', onApp(c => { c.imagePullPolicy = 'IfNotPresent'; })],
  ['imagePullPolicy Never', onApp(c => { c.imagePullPolicy = 'Never'; })],
  ['init imagePullPolicy IfNotPresent', onInit(c => { c.imagePullPolicy = 'IfNotPresent'; })],

  // CS211
  ['automountServiceAccountToken true', spec => { spec.automountServiceAccountToken = true; }],
  ['automountServiceAccountToken unset', spec => { delete spec.automountServiceAccountToken; }],

  // CS212
  ['serviceAccountName default', spec => { spec.serviceAccountName = 'default'; }],
  ['serviceAccountName unset', spec => { delete spec.serviceAccountName; }],
  ['serviceAccountName empty', spec => { spec.serviceAccountName = ''; }],
  ['deprecated serviceAccount only', spec => { delete spec.serviceAccountName; spec.serviceAccount = 'web'; }],
  ['deprecated serviceAccount default', spec => { delete spec.serviceAccountName; spec.serviceAccount = 'default'; }],

  // Windows pods (the restricted Linux-only controls do not apply)
  ['windows pod', windows],
  ['windows pod, bare container', both(windows, onApp(c => { c.securityContext = { runAsNonRoot: true, readOnlyRootFilesystem: true }; }))],
];

/** Objects other than pods and workloads: Services, RBAC, and kinds no CEL rule matches. */
export const OTHER_OBJECTS: Obj[] = [
  { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'prod' }, spec: { ports: [{ port: 80 }] } },
  ...['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'].map(type => ({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'prod' }, spec: { type, ports: [{ port: 80 }] } })),
  { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'r', namespace: 'prod' }, rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] }] },
  ...['apiGroups', 'resources', 'verbs'].map(f => ({
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: { name: `wild-${f.toLowerCase()}` },
    rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }, { apiGroups: [''], resources: ['pods'], verbs: ['get'], [f]: ['x', '*'] }],
  })),
  { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'aggregated' }, aggregationRule: { clusterRoleSelectors: [] } },
  { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'non-resource' }, rules: [{ nonResourceURLs: ['*'], verbs: ['get'] }] },
  ...[['ClusterRoleBinding', 'ClusterRole', 'cluster-admin'], ['RoleBinding', 'ClusterRole', 'cluster-admin'], ['ClusterRoleBinding', 'ClusterRole', 'view'], ['RoleBinding', 'Role', 'cluster-admin']]
    .map(([kind, refKind, refName]) => ({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind,
      metadata: { name: 'b', ...(kind === 'RoleBinding' ? { namespace: 'prod' } : {}) },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: refKind, name: refName },
      subjects: [{ kind: 'Group', name: 'ops', apiGroup: 'rbac.authorization.k8s.io' }],
    })),
  // Issue #14: Service externalIPs (CS322) and the RBAC rules CS503-CS509, each failing and passing.
  ...[[], ['203.0.113.10']].map(ips => ({ apiVersion: 'v1', kind: 'Service', metadata: { name: `ext-${ips.length}`, namespace: 'prod' }, spec: { externalIPs: ips, ports: [{ port: 80 }] } })),
  ...([
    ['Role', 'get-named-secret', { apiGroups: [''], resources: ['secrets'], verbs: ['get'], resourceNames: ['tls'] }],
    ['ClusterRole', 'get-named-secret', { apiGroups: [''], resources: ['secrets'], verbs: ['get'], resourceNames: ['tls'] }],
    ['ClusterRole', 'get-secrets', { apiGroups: [''], resources: ['secrets'], verbs: ['get'] }],
    ['ClusterRole', 'list-named-secret', { apiGroups: [''], resources: ['secrets'], verbs: ['list'], resourceNames: ['tls'] }],
    ['ClusterRole', 'other-group-secrets', { apiGroups: ['example.com'], resources: ['secrets'], verbs: ['list'] }],
    ['Role', 'get-secrets', { apiGroups: [''], resources: ['secrets'], verbs: ['get'] }],
    ['Role', 'watch-secrets', { apiGroups: [''], resources: ['secrets'], verbs: ['watch'] }],
    ['Role', 'exec', { apiGroups: [''], resources: ['pods/exec'], verbs: ['create'] }],
    ['Role', 'list-exec', { apiGroups: [''], resources: ['pods/exec'], verbs: ['list'] }],
    ['ClusterRole', 'attach-any-sub', { apiGroups: [''], resources: ['pods/*'], verbs: ['get'] }],
    ['Role', 'bind', { apiGroups: ['rbac.authorization.k8s.io'], resources: ['roles'], verbs: ['bind'] }],
    ['ClusterRole', 'impersonate', { apiGroups: [''], resources: ['users'], verbs: ['impersonate'] }],
    ['Role', 'all-on-serviceaccounts', { apiGroups: [''], resources: ['serviceaccounts'], verbs: ['*'] }],
    ['Role', 'all-on-deployments', { apiGroups: ['apps'], resources: ['deployments'], verbs: ['*'] }],
    ['Role', 'all-on-uids', { apiGroups: ['authentication.k8s.io'], resources: ['uids'], verbs: ['*'] }],
    ['ClusterRole', 'node-proxy', { apiGroups: [''], resources: ['nodes/proxy'], verbs: ['get'] }],
    ['ClusterRole', 'node-metrics', { apiGroups: [''], resources: ['nodes', 'nodes/metrics'], verbs: ['get'] }],
    ['Role', 'cluster-admin', { apiGroups: [''], resources: ['pods'], verbs: ['get'] }],
    ['ClusterRole', 'cluster-admin', { apiGroups: [''], resources: ['pods'], verbs: ['get'] }],
  ] as Array<[string, string, Obj]>).map(([kind, name, rule]) => ({
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind,
    metadata: { name, ...(kind === 'Role' ? { namespace: 'prod' } : {}) },
    rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get'] }, rule],
  })),
  { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'prod' }, data: { privileged: 'true' } },
  { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'prod' }, type: 'Opaque', data: { password: 'cGFzc3dvcmQ=' } },
];
