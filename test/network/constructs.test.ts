import { Chart, Size, Testing, Yaml } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { expectValidManifests } from './_helpers';
import { HealthChecks, IsolatedBackend, SecureDeployment, SecureNamespace, SecurityChecks, StrictMtls } from '../../src';
import { PSS_LATEST_VERSION, PSS_VERSIONS } from '../../src/checks/pss-version';

const container = (port: number, image = 'ghcr.io/acme/api:1.0.0') => ({ image, portNumber: port, healthChecks: HealthChecks.tcp(port) });

function captureStderr(fn: () => void): string {
  const write = process.stderr.write;
  let out = '';
  process.stderr.write = ((s: string) => { out += s; return true; }) as any;
  try { fn(); } finally { process.stderr.write = write; }
  return out;
}

describe('IsolatedBackend', () => {
  test('emits a SecureDeployment, a ClusterIP Service and ingress/egress policies for its peers only', () => {
    const chart = new Chart(Testing.app(), 'c', { namespace: 'shop' });
    const frontend = new SecureDeployment(chart, 'frontend', { owner: 't', containers: [container(3000, 'ghcr.io/acme/web:1.0.0')] });
    const backend = new IsolatedBackend(chart, 'backend', { owner: 't', containers: [container(8080)] });
    backend.allowFrom(frontend, kplus.NetworkPolicyPort.tcp(8080));
    const objects = Testing.synth(chart);
    const svc = objects.find((o: any) => o.kind === 'Service');
    expect(svc.spec).toMatchObject({ type: 'ClusterIP', ports: [{ port: 8080, targetPort: 8080 }] });
    expect(backend.service).toBeInstanceOf(kplus.Service);
    const ingress = objects.find((o: any) => o.metadata.name.startsWith('c-backend-allowflows'));
    expect(ingress.spec.policyTypes).toEqual(['Ingress']);
    expect(ingress.spec.ingress).toEqual([{
      from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'shop' } }, podSelector: { matchLabels: { 'cdk8s.io/metadata.addr': frontend.matchLabels['cdk8s.io/metadata.addr'] } } }],
      ports: [{ port: 8080, protocol: 'TCP' }],
    }]);
    expect(SecurityChecks.findings(chart).filter(f => f.severity !== 'info')).toEqual([]);
    expectValidManifests(objects);
    expect(Yaml.stringify(...objects.filter((o: any) => o.kind === 'NetworkPolicy'))).toMatchSnapshot();
  });

  test('isolate cannot be turned off on an IsolatedBackend', () => {
    const chart = Testing.chart();
    new IsolatedBackend(chart, 'b', { owner: 't', isolate: false, containers: [container(8080)] });
    expect(Testing.synth(chart).some((o: any) => o.metadata.name.includes('defaultdenyall'))).toBe(true);
  });

  test('warns at synth when it accepts nothing, naming it', () => {
    const chart = Testing.chart();
    new IsolatedBackend(chart, 'lonely', { owner: 't', containers: [container(8080)] });
    const stderr = captureStderr(() => Testing.synth(chart));
    expect(stderr).toBe('cdk8s-secure: warning: [test/lonely] IsolatedBackend accepts no traffic: nothing was allowed in with allowFrom(). '
      + 'Call backend.allowFrom(peer, NetworkPolicyPort.tcp(port)), or use a SecureDeployment for a workload that serves no one.\n');
  });

  test.each([
    ['a port the target does not expose', (_c: Chart, a: SecureDeployment, b: IsolatedBackend) => b.allowFrom(a, kplus.NetworkPolicyPort.tcp(9999)),
      '[c/b] CSE302 allowFrom: c/a -> c/b: TCP 9999 is not a port c/b exposes (it exposes TCP 8080). Allow a port the target container declares'],
    ['a connectTo port the peer does not expose', (_c: Chart, a: SecureDeployment, b: IsolatedBackend) => a.connectTo(b, kplus.NetworkPolicyPort.udp(8080)),
      '[c/a] CSE302 connectTo: c/a -> c/b: UDP 8080 is not a port c/b exposes (it exposes TCP 8080)'],
    ['connectTo a CIDR without ports', (c: Chart, a: SecureDeployment) => a.connectTo(kplus.NetworkPolicyIpBlock.ipv4(c, 'net', '10.0.0.0/8')),
      '[c/a] CSE301 connectTo: c/a -> c/net: no port given and the peer declares none. Pass the ports'],
  ])('throws when given %s, naming both ends', (_name, act, message) => {
    const c = new Chart(Testing.app(), 'c', { namespace: 'ns' });
    const a = new SecureDeployment(c, 'a', { owner: 't', containers: [container(3000)] });
    const b = new IsolatedBackend(c, 'b', { owner: 't', containers: [container(8080)] });
    expect(() => act(c, a, b)).toThrow(message);
  });

  test('throws when a peer is in no namespace while the target is in one', () => {
    const app = Testing.app();
    const a = new SecureDeployment(new Chart(app, 'nons'), 'a', { owner: 't', containers: [container(3000)] });
    const b = new IsolatedBackend(new Chart(app, 'shop', { namespace: 'shop' }), 'b', { owner: 't', containers: [container(8080)] });
    expect(() => b.allowFrom(a)).toThrow('[shop/b] CSE304 allowFrom: shop/b is in namespace shop but nons/a is in (unset); the policy could not select the peer\'s namespace. Set the namespace on both charts');
  });

  test('throws when a CIDR has no mask (from cdk8s-plus, with the fix)', () => {
    expect(() => kplus.NetworkPolicyIpBlock.ipv4(Testing.chart(), 'x', '10.0.0.1')).toThrow('CIDR mask is missing in IPv4: "10.0.0.1". Did you mean "10.0.0.1/32"?');
  });

  test('mesh authorization cannot express a label-selector peer: a clear error at synth', () => {
    const c = new Chart(Testing.app(), 'c', { namespace: 'ns' });
    const b = new IsolatedBackend(c, 'b', { owner: 't', meshAuthorization: true, containers: [container(8080)] });
    b.allowFrom(kplus.Pods.select(c, 'batch', { labels: { role: 'batch' } }));
    expect(() => Testing.synth(c)).toThrow(/CSE306 meshAuthorization: c\/batch -> c\/b: a label-selector peer cannot be written as an Istio source/);
  });

  test('mesh authorization of a namespace peer and a CIDR peer', () => {
    const c = new Chart(Testing.app(), 'c', { namespace: 'ns' });
    const b = new IsolatedBackend(c, 'b', { owner: 't', meshAuthorization: true, containers: [container(8080)] });
    b.allowFrom(kplus.Namespaces.select(c, 'mon', { names: ['monitoring'] }));
    b.allowFrom(kplus.NetworkPolicyIpBlock.ipv4(c, 'lb', '10.1.0.0/16'));
    const authz = Testing.synth(c).find((o: any) => o.kind === 'AuthorizationPolicy');
    expect(authz.spec.rules).toEqual([
      { from: [{ source: { namespaces: ['monitoring'] } }], to: [{ operation: { ports: ['8080'] } }] },
      { from: [{ source: { ipBlocks: ['10.1.0.0/16'] } }], to: [{ operation: { ports: ['8080'] } }] },
    ]);
  });
});

describe('SecureNamespace', () => {
  test('PSA restricted at a pinned version, default deny with DNS, defaults for requests and limits, owner label', () => {
    const chart = Testing.chart();
    const ns = new SecureNamespace(chart, 'shop', { name: 'shop', owner: 'team-shop' });
    expect(ns.name).toBe('shop');
    const objects = Testing.synth(chart);
    const namespace = objects.find((o: any) => o.kind === 'Namespace');
    expect(namespace.metadata.labels).toEqual({
      'owner': 'team-shop',
      'pod-security.kubernetes.io/enforce': 'restricted',
      'pod-security.kubernetes.io/enforce-version': 'v1.37',
      'pod-security.kubernetes.io/audit': 'restricted',
      'pod-security.kubernetes.io/audit-version': 'v1.37',
      'pod-security.kubernetes.io/warn': 'restricted',
      'pod-security.kubernetes.io/warn-version': 'v1.37',
    });
    const deny = objects.find((o: any) => o.metadata.name === 'default-deny');
    expect(deny).toMatchObject({ metadata: { namespace: 'shop' }, spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] } });
    expect(deny.spec.ingress).toBeUndefined();
    expect(deny.spec.egress).toBeUndefined();
    const dns = objects.find((o: any) => o.metadata.name === 'allow-dns');
    expect(dns.spec.egress[0].ports).toEqual([{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }]);
    const limits = objects.find((o: any) => o.kind === 'LimitRange');
    expect(limits.spec.limits).toEqual([{ type: 'Container', defaultRequest: { cpu: '100m', memory: '128Mi' }, default: { cpu: '200m', memory: '256Mi' } }]);
    expect(objects.some((o: any) => o.kind === 'ResourceQuota')).toBe(false);
    expect(SecurityChecks.findings(chart)).toEqual([]);
    expectValidManifests(objects);
  });

  test('the default Pod Security version is the newest release the rules implement', () => {
    const minor = (v: string) => Number(/^v1\.(\d+)$/.exec(v)![1]);
    // The list is in release order, so its last entry is the newest.
    expect(PSS_VERSIONS.map(minor)).toEqual([...PSS_VERSIONS.map(minor)].sort((a, b) => a - b));
    const newest = PSS_VERSIONS.reduce((a, b) => (minor(b) > minor(a) ? b : a));
    expect(PSS_LATEST_VERSION).toBe(newest);
    const chart = Testing.chart();
    new SecureNamespace(chart, 'ns', { name: 'ns', owner: 't' });
    const labels = Testing.synth(chart).find((o: any) => o.kind === 'Namespace').metadata.labels;
    for (const mode of ['enforce', 'audit', 'warn']) expect(labels[`pod-security.kubernetes.io/${mode}-version`]).toBe(newest);
  });

  test('an optional ResourceQuota and custom defaults', () => {
    const chart = Testing.chart();
    new SecureNamespace(chart, 'team', {
      name: 'team',
      owner: 'team',
      podSecurityVersion: 'v1.31',
      defaultResources: {
        cpu: { request: kplus.Cpu.millis(50), limit: kplus.Cpu.millis(500) },
        memory: { request: Size.mebibytes(64), limit: Size.mebibytes(512) },
      },
      quota: { requestsCpu: kplus.Cpu.units(4), limitsMemory: Size.gibibytes(8), pods: 40 },
    });
    const objects = Testing.synth(chart);
    expect(objects.find((o: any) => o.kind === 'ResourceQuota').spec.hard).toEqual({ 'requests.cpu': '4', 'limits.memory': '8192Mi', 'pods': '40' });
    expect(objects.find((o: any) => o.kind === 'LimitRange').spec.limits[0].default).toEqual({ cpu: '500m', memory: '512Mi' });
    expect(objects.find((o: any) => o.kind === 'Namespace').metadata.labels['pod-security.kubernetes.io/enforce-version']).toBe('v1.31');
    expectValidManifests(objects);
  });

  test('throws when defaultDeny is false without a reason; with one, CS307 is reported as suppressed', () => {
    expect(() => new SecureNamespace(Testing.chart(), 'open', { name: 'open', owner: 't', defaultDeny: false }))
      .toThrow("[test/open] CSE315 SecureNamespace: defaultDeny is false, so new workloads in the namespace start open (CS307 Namespace without default deny). Keep defaultDeny (the default), or accept it: suppressions: [{ ruleId: 'CS307'");
    const chart = Testing.chart();
    new SecureNamespace(chart, 'open', { name: 'open', owner: 't', defaultDeny: false, suppressions: [{ ruleId: 'CS307', reason: 'legacy namespace, policies per workload' }] });
    const [f] = SecurityChecks.findings(chart);
    expect([f.ruleId, f.suppressed?.reason]).toEqual(['CS307', 'legacy namespace, policies per workload']);
  });

  test.each([
    [{ owner: 'bad owner!' }, 'CSE311', 'owner "bad owner!" is not a valid label value'],
    [{ owner: 't', podSecurityVersion: '1.30' }, 'CSE312', 'podSecurityVersion "1.30" is not a Kubernetes minor version'],
    [{ owner: 't', name: 'Shop_Prod' }, 'CSE313', 'name "Shop_Prod" is not a valid namespace name'],
    [{ owner: 't', quota: {} }, 'CSE314', 'quota sets no limit'],
  ])('throws when given %j', (props, code, detail) => {
    expect(() => new SecureNamespace(Testing.chart(), 'ns', props as any)).toThrow(`[test/ns] ${code} SecureNamespace: ${detail}`);
  });
});

describe('StrictMtls', () => {
  test('namespace-wide: a PeerAuthentication named default in the namespace', () => {
    const chart = Testing.chart();
    new StrictMtls(chart, 'mtls', { namespace: 'shop' });
    const [pa] = Testing.synth(chart);
    expect(pa).toEqual({ apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: { name: 'default', namespace: 'shop' }, spec: { mtls: { mode: 'STRICT' } } });
    expectValidManifests([pa]);
  });

  test('mesh-wide: named default in the root namespace', () => {
    const chart = Testing.chart();
    new StrictMtls(chart, 'mtls', { meshWide: true });
    expect(Testing.synth(chart)[0].metadata).toEqual({ name: 'default', namespace: 'istio-system' });
  });

  test.each([
    [{}, 'neither namespace nor meshWide is set'],
    [{ namespace: 'a', meshWide: true }, 'namespace a is set together with meshWide'],
  ])('throws when given %j', (props, detail) => {
    expect(() => new StrictMtls(Testing.chart(), 'm', props)).toThrow(`[test/m] CSE321 StrictMtls: ${detail}. Pass { namespace: "shop" } for one namespace, or { meshWide: true } for the whole mesh.`);
  });
});
