import { ApiObject, JsonPatch, Testing, Yaml } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { PSS_RESTRICTED_RULES, SecureDeployment, SecurityChecks, Severity, Suppressions } from '../../src';
import { expectValidObjects } from '../_schema';
import { deploy, deploymentOf, guideContainer, IMAGE, podSpecOf, synthKind } from './_fixtures';

describe('SecureDeployment default output', () => {
  const { chart } = deploy();
  const pod = podSpecOf(chart);
  const container = pod.containers[0];

  test('pod securityContext: non-root with numeric ids above 10000 and RuntimeDefault seccomp', () => {
    expect(pod.securityContext).toEqual({
      runAsNonRoot: true,
      runAsUser: 65532,
      runAsGroup: 65532,
      fsGroup: 65532,
      fsGroupChangePolicy: 'Always',
      seccompProfile: { type: 'RuntimeDefault' },
    });
  });

  test('container securityContext: every restricted control, read-only root filesystem', () => {
    expect(container.securityContext).toEqual({
      runAsNonRoot: true,
      allowPrivilegeEscalation: false,
      privileged: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    });
  });

  test('no host namespaces, host ports or hostPath volumes', () => {
    expect(pod.hostNetwork).toBe(false);
    expect(pod.hostPID).toBeUndefined();
    expect(pod.hostIPC).toBeUndefined();
    expect(container.ports).toEqual([{ containerPort: 8080 }]);
    expect(pod.volumes.every((v: any) => v.hostPath === undefined)).toBe(true);
  });

  test('a size-limited emptyDir is mounted at /tmp', () => {
    expect(container.volumeMounts).toEqual([{ name: 'main-tmp', mountPath: '/tmp' }]);
    expect(pod.volumes).toEqual([{ name: 'main-tmp', emptyDir: { sizeLimit: '64Mi' } }]);
  });

  test('cpu and memory requests and limits (the guide values)', () => {
    expect(container.resources).toEqual({ requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '200m', memory: '256Mi' } });
  });

  test('liveness and readiness probes (the guide app: /health and /ready on 8080)', () => {
    expect(container.livenessProbe).toEqual({ httpGet: { path: '/health', port: 8080, scheme: 'HTTP' }, initialDelaySeconds: 30, periodSeconds: 10, failureThreshold: 3 });
    expect(container.readinessProbe).toMatchObject({ httpGet: { path: '/ready', port: 8080 }, initialDelaySeconds: 5, periodSeconds: 5 });
  });

  test('image policy: pinned tag and imagePullPolicy Always', () => {
    expect(container.image).toBe(IMAGE);
    expect(container.imagePullPolicy).toBe('Always');
  });

  test('a dedicated ServiceAccount without a mounted token', () => {
    const [sa] = synthKind(chart, 'ServiceAccount');
    expect(sa.automountServiceAccountToken).toBe(false);
    expect(pod.serviceAccountName).toBe(sa.metadata.name);
    expect(pod.serviceAccountName).not.toBe('default');
    expect(pod.automountServiceAccountToken).toBe(false);
  });

  test('standard labels and the owner label on the Deployment and its pods', () => {
    const dep = deploymentOf(chart);
    for (const labels of [dep.metadata.labels, dep.spec.template.metadata.labels]) {
      expect(labels).toMatchObject({ 'app.kubernetes.io/name': 'backend', 'owner': 'team-a' });
      expect(labels['app.kubernetes.io/instance']).toMatch(/^test-backend-/);
    }
  });

  test('2 replicas, a PodDisruptionBudget and topology spread over zones and nodes', () => {
    const dep = deploymentOf(chart);
    expect(dep.spec.replicas).toBe(2);
    const [pdb] = synthKind(chart, 'PodDisruptionBudget');
    expect(pdb.spec).toEqual({ maxUnavailable: 1, selector: { matchLabels: dep.spec.selector.matchLabels } });
    expect(pod.topologySpreadConstraints.map((t: any) => t.topologyKey)).toEqual(['topology.kubernetes.io/zone', 'kubernetes.io/hostname']);
    expect(pod.topologySpreadConstraints.every((t: any) => t.labelSelector.matchLabels === undefined || t.labelSelector.matchLabels['cdk8s.io/metadata.addr'])).toBe(true);
  });

  test('a JSON patch of the user sees the seccomp profile and the spread constraints, and can change them', () => {
    const { chart: c, d } = deploy();
    // Both are in the serialized object before user patches run, as every other field is.
    ApiObject.of(d).addJsonPatch(
      JsonPatch.replace('/spec/template/spec/securityContext/seccompProfile', { type: 'Localhost', localhostProfile: 'profiles/app.json' }),
      JsonPatch.remove('/spec/template/spec/topologySpreadConstraints/1'),
    );
    const patched = podSpecOf(c);
    expect(patched.securityContext.seccompProfile).toEqual({ type: 'Localhost', localhostProfile: 'profiles/app.json' });
    expect(patched.topologySpreadConstraints.map((t: any) => t.topologyKey)).toEqual(['topology.kubernetes.io/zone']);
  });

  test('isolated: a default-deny NetworkPolicy and a DNS-only egress policy select the pods', () => {
    const dep = deploymentOf(chart);
    const policies = synthKind(chart, 'NetworkPolicy');
    const deny = policies.find(p => p.metadata.name.includes('defaultdenyall'));
    expect(deny.spec).toEqual({ podSelector: dep.spec.selector, policyTypes: ['Egress', 'Ingress'] });
    const dns = policies.find(p => p.metadata.name.includes('allowdns'));
    expect(dns.spec.policyTypes).toEqual(['Egress']);
    expect(dns.spec.egress).toEqual([{
      to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
      ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }],
    }]);
  });

  test('passes every Pod Security Standards restricted control (the checker as oracle)', () => {
    const findings = SecurityChecks.findings(chart).filter(f => PSS_RESTRICTED_RULES.includes(f.ruleId));
    expect(findings).toEqual([]);
  });

  test('has zero checker findings except the digest hint (info)', () => {
    const findings = SecurityChecks.findings(chart);
    expect(findings.map(f => `${f.ruleId}:${f.severity}`)).toEqual(['CS208:info']);
  });

  test('has zero findings at all when the image is pinned by digest', () => {
    const { chart: c } = deploy({ containers: [guideContainer({ image: `${IMAGE}@sha256:${'a'.repeat(64)}` })] });
    expect(SecurityChecks.findings(c)).toEqual([]);
  });

  test('every emitted object validates against its Kubernetes schema', () => {
    expectValidObjects(Testing.synth(chart));
  });

  test('shape snapshot', () => {
    expect(Yaml.stringify(...Testing.synth(chart))).toMatchSnapshot();
  });
});

describe('Polaris security and reliability checks that a Deployment can satisfy', () => {
  const { chart } = deploy();
  const dep = deploymentOf(chart);
  const pod = dep.spec.template.spec;
  const c = pod.containers[0];
  test.each([
    ['livenessProbeMissing', () => expect(c.livenessProbe).toBeTruthy()],
    ['readinessProbeMissing', () => expect(c.readinessProbe).toBeTruthy()],
    ['tagNotSpecified', () => expect(c.image).toMatch(/:[^/]+$/)],
    ['pullPolicyNotAlways', () => expect(c.imagePullPolicy).toBe('Always')],
    ['missingPodDisruptionBudget', () => expect(synthKind(chart, 'PodDisruptionBudget')).toHaveLength(1)],
    ['automountServiceAccountToken', () => expect(pod.automountServiceAccountToken).toBe(false)],
    ['notReadOnlyRootFilesystem', () => expect(c.securityContext.readOnlyRootFilesystem).toBe(true)],
    ['linuxHardening', () => { expect(pod.securityContext.seccompProfile.type).toBe('RuntimeDefault'); expect(c.securityContext.capabilities.drop).toEqual(['ALL']); }],
    ['insecureCapabilities / dangerousCapabilities', () => expect(c.securityContext.capabilities.add).toBeUndefined()],
    ['runAsRootAllowed / runAsPrivileged', () => { expect(c.securityContext.runAsNonRoot).toBe(true); expect(c.securityContext.privileged).toBe(false); }],
    ['privilegeEscalationAllowed', () => expect(c.securityContext.allowPrivilegeEscalation).toBe(false)],
    ['cpu/memory requests and limits', () => { expect(c.resources.requests.cpu).toBeDefined(); expect(c.resources.limits.memory).toBeDefined(); }],
    ['metadataAndInstanceMismatched (instance label)', () => expect(dep.spec.template.metadata.labels['app.kubernetes.io/instance']).toBe(dep.metadata.labels['app.kubernetes.io/instance'])],
    ['topologySpreadConstraint', () => expect(pod.topologySpreadConstraints.length).toBeGreaterThan(0)],
    ['deploymentMissingReplicas', () => expect(dep.spec.replicas).toBeGreaterThan(1)],
    ['hostNetworkSet / hostPortSet', () => { expect(pod.hostNetwork).toBe(false); expect(c.ports[0].hostPort).toBeUndefined(); }],
  ])('%s', (_name, assertion) => assertion());
});

describe('containers added later are hardened the same way', () => {
  test('addContainer with plain cdk8s-plus props gets every secure default', () => {
    const { chart, d } = deploy();
    d.addContainer({ name: 'sidecar', image: 'ghcr.io/acme/proxy:2.0.0', liveness: kplus.Probe.fromCommand(['true']), readiness: kplus.Probe.fromCommand(['true']) });
    const c = podSpecOf(chart).containers[1];
    expect(c.name).toBe('sidecar');
    expect(c.securityContext).toEqual({
      runAsNonRoot: true,
      allowPrivilegeEscalation: false,
      privileged: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(c.resources).toEqual({ requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '200m', memory: '256Mi' } });
    expect(c.volumeMounts).toEqual([{ name: 'sidecar-tmp', mountPath: '/tmp' }]);
    expect(c.imagePullPolicy).toBe('Always');
  });

  test('init containers and native sidecars are hardened and need no probes', () => {
    const { chart, d } = deploy({ initContainers: [{ name: 'migrate', image: 'ghcr.io/acme/migrate:1.0.0' }] });
    d.addSecureInitContainer({ name: 'log-shipper', image: 'ghcr.io/acme/shipper:3.1.0', restartPolicy: kplus.ContainerRestartPolicy.ALWAYS });
    const init = podSpecOf(chart).initContainers;
    expect(init.map((c: any) => c.name)).toEqual(['migrate', 'log-shipper']);
    for (const c of init) {
      expect(c.securityContext).toMatchObject({ runAsNonRoot: true, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
      expect(c.resources.limits).toEqual({ cpu: '200m', memory: '256Mi' });
    }
    expect(init[1].restartPolicy).toBe('Always');
  });

  test('throws when a container added later has no probes', () => {
    const { d } = deploy();
    expect(() => d.addContainer({ name: 'worker', image: 'ghcr.io/acme/worker:1.0.0' })).toThrow(/CSE100 SecureDeployment: the pod would fail 2 security rule\(s\):\n {2}- CS204 Missing liveness probe: container "worker" has no liveness probe/);
  });

  test('addContainer keeps an explicit weaker cdk8s-plus setting only with a suppression', () => {
    const { d } = deploy();
    expect(() => d.addContainer({ name: 'root', image: 'ghcr.io/acme/x:1.0.0', liveness: kplus.Probe.fromCommand(['true']), readiness: kplus.Probe.fromCommand(['true']), securityContext: { ensureNonRoot: false } }))
      .toThrow(/CS123 Not required to run as non-root: container "root" sets runAsNonRoot: false/);
  });
});

describe('still a cdk8s-plus Deployment', () => {
  test('exposeViaService creates a ClusterIP Service selecting the pods', () => {
    const { chart, d } = deploy();
    d.exposeViaService({ ports: [{ port: 80, targetPort: 8080 }] });
    const [svc] = synthKind(chart, 'Service');
    expect(svc.spec.type).toBe('ClusterIP');
    expect(svc.spec.selector).toEqual(deploymentOf(chart).spec.selector.matchLabels);
    expect(SecurityChecks.findings(chart).filter(f => f.severity !== Severity.INFO)).toEqual([]);
  });

  test('connections.allowFrom opens a flow through the default deny', () => {
    const { chart, d } = deploy();
    const frontend = new SecureDeployment(chart, 'frontend', { owner: 'team-a', containers: [guideContainer({ image: 'ghcr.io/acme/frontend:2.0.0' })] });
    d.connections.allowFrom(frontend);
    const policies = synthKind(chart, 'NetworkPolicy');
    const ingress = policies.find(p => p.spec.ingress?.length);
    expect(ingress.spec.ingress[0].ports).toEqual([{ port: 8080, protocol: 'TCP' }]);
  });

  test('is an instance of kplus.Deployment', () => {
    expect(deploy().d).toBeInstanceOf(kplus.Deployment);
  });
});

describe('opt-outs need a reason, which lands in the manifest', () => {
  test('readOnlyRootFilesystem false is accepted with a suppression, and the reason is annotated', () => {
    const { chart } = deploy({
      containers: [guideContainer({ securityContext: { readOnlyRootFilesystem: false } })],
      suppressions: [{ ruleId: 'CS201', reason: 'vendor image writes all over /opt; ticket SEC-12' }],
    });
    const dep = deploymentOf(chart);
    expect(dep.spec.template.spec.containers[0].securityContext.readOnlyRootFilesystem).toBe(false);
    expect(JSON.parse(dep.metadata.annotations[Suppressions.ANNOTATION])).toEqual([
      { ruleId: 'CS201', reason: 'vendor image writes all over /opt; ticket SEC-12', scope: 'test/backend' },
    ]);
    const f = SecurityChecks.findings(chart).find(x => x.ruleId === 'CS201');
    expect(f?.suppressed?.reason).toBe('vendor image writes all over /opt; ticket SEC-12');
  });

  test('the suppression is written only to objects its rule inspects', () => {
    const { chart } = deploy({
      containers: [guideContainer({ securityContext: { readOnlyRootFilesystem: false } })],
      suppressions: [{ ruleId: 'CS201', reason: 'vendor image writes all over /opt; ticket SEC-12' }],
    });
    for (const kind of ['ServiceAccount', 'PodDisruptionBudget', 'NetworkPolicy']) {
      for (const o of synthKind(chart, kind)) expect(o.metadata.annotations?.[Suppressions.ANNOTATION]).toBeUndefined();
    }
  });

  test.each([
    ['read-only fs off', { containers: [guideContainer({ securityContext: { readOnlyRootFilesystem: false } })] }, 'CS201'],
    ['uid 1001 (the guide value)', { runAsUser: 1001 }, 'CS213'],
    ['a capability other than NET_BIND_SERVICE', { containers: [guideContainer({ securityContext: { capabilities: { add: [kplus.Capability.NET_ADMIN] } } })] }, 'CS126'],
    ['no probes', { containers: [{ image: IMAGE }] }, 'CS204'],
    ['the latest tag', { containers: [guideContainer({ image: 'nginx:latest' })] }, 'CS207'],
    ['an untagged image', { containers: [guideContainer({ image: 'nginx' })] }, 'CS206'],
    ['imagePullPolicy IfNotPresent', { containers: [guideContainer({ imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT })] }, 'CS210'],
    ['allowPrivilegeEscalation true', { containers: [guideContainer({ securityContext: { allowPrivilegeEscalation: true } })] }, 'CS122'],
    ['automountServiceAccountToken true', { automountServiceAccountToken: true }, 'CS211'],
  ])('throws when weakening without a reason: %s', (_name, props, ruleId) => {
    expect(() => deploy(props as any)).toThrow(new RegExp(`^\\[test/backend\\] CSE100 SecureDeployment: the pod would fail \\d+ security rule\\(s\\):[\\s\\S]*- ${ruleId} `));
  });

  test('the no-probes error says how to add them in one line', () => {
    expect(() => deploy({ containers: [{ image: IMAGE }] })).toThrow(/add healthChecks: HealthChecks\.http\(\{ port: 8080, livenessPath: '\/health', readinessPath: '\/ready' \}\)/);
  });

  test('the guide uid 1001 is possible with a reason, and reported as suppressed', () => {
    const { chart } = deploy({ runAsUser: 1001, runAsGroup: 1001, fsGroup: 1001, suppressions: [{ ruleId: 'CS213', reason: 'image built with the guide user 1001' }] });
    expect(podSpecOf(chart).securityContext).toMatchObject({ runAsUser: 1001, runAsGroup: 1001, fsGroup: 1001 });
    const low = SecurityChecks.findings(chart).filter(f => f.ruleId === 'CS213');
    expect(low.length).toBe(3);
    expect(low.every(f => f.suppressed?.reason === 'image built with the guide user 1001')).toBe(true);
  });

  test('NET_BIND_SERVICE may be added without a reason', () => {
    const { chart } = deploy({ containers: [guideContainer({ securityContext: { capabilities: { add: [kplus.Capability.NET_BIND_SERVICE] } } })] });
    expect(podSpecOf(chart).containers[0].securityContext.capabilities).toEqual({ drop: ['ALL'], add: ['NET_BIND_SERVICE'] });
  });

  test('useImageUser leaves the ids out but keeps runAsNonRoot', () => {
    const { chart } = deploy({ useImageUser: true });
    expect(podSpecOf(chart).securityContext).toEqual({ runAsNonRoot: true, fsGroupChangePolicy: 'Always', seccompProfile: { type: 'RuntimeDefault' } });
    expect(SecurityChecks.findings(chart).filter(f => f.severity !== Severity.INFO)).toEqual([]);
  });

  test('isolate false needs a reason; with one the pods are open and CS301 is reported as suppressed', () => {
    expect(() => deploy({ isolate: false })).toThrow(/^\[test\/backend\] CSE100 SecureDeployment: isolate is false, so no NetworkPolicy isolates these pods \(CS301 Workload not isolated by NetworkPolicy\)\. Keep isolate/);
    const { chart } = deploy({ isolate: false, suppressions: [{ ruleId: 'CS301', reason: 'namespace default-deny is applied by the platform team' }] });
    expect(synthKind(chart, 'NetworkPolicy')).toEqual([]);
    expect(SecurityChecks.findings(chart).find(f => f.ruleId === 'CS301')?.suppressed?.reason).toBe('namespace default-deny is applied by the platform team');
  });

  test('a suppression set on a parent construct is inherited', () => {
    const chart = Testing.chart();
    Suppressions.add(chart, { ruleId: 'CS207', reason: 'dev chart tracks nightly builds' });
    new SecureDeployment(chart, 'nightly', { owner: 'team-a', containers: [guideContainer({ image: 'ghcr.io/acme/app:latest' })] });
    const f = SecurityChecks.findings(chart).find(x => x.ruleId === 'CS207');
    expect(f?.suppressed?.reason).toBe('dev chart tracks nightly builds');
  });
});

describe('chart-wide image policy', () => {
  test('throws at construction for a registry outside the allow-list', () => {
    const chart = Testing.chart();
    SecurityChecks.of(chart, { allowedRegistries: ['registry.internal.example'] });
    expect(() => deploy({}, chart)).toThrow(/CS209 Image outside the allowed registries: container "main" image "ghcr.io\/acme\/backend:1.4.2" is from ghcr.io, not one of registry.internal.example/);
  });

  test('throws at construction when digests are required and the image has none', () => {
    const chart = Testing.chart();
    SecurityChecks.of(chart, { requireDigests: true });
    expect(() => deploy({}, chart)).toThrow(/CS208 Image not pinned by digest/);
    const pinned = Testing.chart();
    SecurityChecks.of(pinned, { requireDigests: true });
    expect(() => deploy({ containers: [guideContainer({ image: `${IMAGE}@sha256:${'b'.repeat(64)}` })] }, pinned)).not.toThrow();
  });
});
