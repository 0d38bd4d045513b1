import { App, Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { expectValidManifests, synthAll } from './_helpers';
import { GuideNetworkChart, ShopNamespaceChart } from '../../examples/guide-network/chart';
import { HealthChecks, IsolatedBackend, SecureDeployment, SecurityChecks } from '../../src';
import { FlowModel, KUBE_DNS } from '../../src/network/_flow-model';

function guide() {
  const app = Testing.app();
  const ns = new ShopNamespaceChart(app, 'ns');
  const chart = new GuideNetworkChart(app, 'guide');
  const objects = synthAll(ns, chart);
  const model = new FlowModel();
  objects.forEach(o => model.add(o));
  const byName = (n: string) => model.endpoints.find(e => e.name.includes(`-${n}-`))!;
  return { app, ns, chart, objects, model, fe: byName('frontend'), be: byName('backend'), db: byName('database'), bk: byName('backup') };
}

describe('the guide scenario: frontend -> backend:8080 -> database:5432, evaluated semantically', () => {
  const { objects, model, fe, be, db, bk, ns, chart } = guide();

  test('the database is a StatefulSet with a PersistentVolumeClaim, the backup a CronJob', () => {
    expect([db.kind, bk.kind]).toEqual(['StatefulSet', 'CronJob']);
    const sts = objects.find(o => o.kind === 'StatefulSet');
    expect(sts.spec.volumeClaimTemplates.map((t: any) => t.metadata.name)).toEqual(['data']);
  });

  test('the nightly backup may reach the database on TCP 5432, and nothing else', () => {
    expect(model.allowed(bk, db, 'TCP', 5432)).toBe(true);
    expect(model.allowed(bk, db, 'TCP', 5433)).toBe(false);
    expect(model.allowed(bk, be, 'TCP', 8080)).toBe(false);
    expect(model.allowed(bk, fe, 'TCP', 8080)).toBe(false);
    expect(model.allowed(db, bk, 'TCP', 5432)).toBe(false);
    expect(model.allowed(fe, bk, 'TCP', 5432)).toBe(false);
    expect(model.meshAllows(bk, db, 5432)).toBe(true);
  });

  test('the frontend may reach the backend on TCP 8080, and on no other port', () => {
    expect(model.allowed(fe, be, 'TCP', 8080)).toBe(true);
    expect(model.allowed(fe, be, 'TCP', 8081)).toBe(false);
    expect(model.allowed(fe, be, 'UDP', 8080)).toBe(false);
  });

  test('the backend may reach the database on TCP 5432', () => {
    expect(model.allowed(be, db, 'TCP', 5432)).toBe(true);
  });

  test('nothing else: no skipping the backend, no reverse flows', () => {
    expect(model.allowed(fe, db, 'TCP', 5432)).toBe(false);
    expect(model.allowed(db, be, 'TCP', 8080)).toBe(false);
    expect(model.allowed(be, fe, 'TCP', 8080)).toBe(false);
    expect(model.allowed(db, fe, 'TCP', 8080)).toBe(false);
  });

  test('every workload may resolve names: DNS to kube-dns over UDP and TCP 53', () => {
    for (const e of [fe, be, db, bk]) {
      expect(model.allowed(e, KUBE_DNS, 'UDP', 53)).toBe(true);
      expect(model.allowed(e, KUBE_DNS, 'TCP', 53)).toBe(true);
      expect(model.allowed(e, KUBE_DNS, 'TCP', 443)).toBe(false);
    }
  });

  test('every workload is isolated in both directions', () => {
    for (const e of [fe, be, db, bk]) {
      expect([model.isolated(e, 'ingress'), model.isolated(e, 'egress')]).toEqual([true, true]);
    }
  });

  test('the mesh authorization agrees with the NetworkPolicies', () => {
    expect(model.meshAllows(fe, be, 8080)).toBe(true);
    expect(model.meshAllows(be, db, 5432)).toBe(true);
    expect(model.meshAllows(fe, db, 5432)).toBe(false);
    expect(model.meshAllows(db, be, 8080)).toBe(false);
  });

  test('the allowed flows, all of them', () => {
    const short = (id: string) => (/^(Deployment|StatefulSet|CronJob) /.test(id) ? id.split('/')[1] : id);
    expect(model.flows().map(f => `${short(f.from)} -> ${short(f.to)}: ${f.ports.join(', ')}${f.meshAuthorized ? ' mTLS' : ''}`)).toEqual([
      `${fe.name} -> ${be.name}: TCP 8080 mTLS`,
      `${fe.name} -> kube-dns (kube-system): UDP 53, TCP 53`,
      `${be.name} -> ${db.name}: TCP 5432 mTLS`,
      `${be.name} -> kube-dns (kube-system): UDP 53, TCP 53`,
      `${db.name} -> kube-dns (kube-system): UDP 53, TCP 53`,
      `${bk.name} -> ${db.name}: TCP 5432 mTLS`,
      `${bk.name} -> kube-dns (kube-system): UDP 53, TCP 53`,
    ]);
  });

  test('zero checker findings for the whole scenario', () => {
    const app = new App();
    new ShopNamespaceChart(app, 'ns');
    new GuideNetworkChart(app, 'guide');
    expect(SecurityChecks.findings(app)).toEqual([]);
  });

  test('every emitted object validates against its schema, Istio security.istio.io/v1 included', () => {
    expect(objects.filter(o => o.kind === 'AuthorizationPolicy')).toHaveLength(3);
    expect(objects.filter(o => o.kind === 'PeerAuthentication')).toHaveLength(1);
    expectValidManifests(objects);
  });

  test('the namespace chart is a dependency-free first step', () => {
    expect(Testing.synth(ns).map((o: any) => o.kind).sort()).toEqual(['LimitRange', 'Namespace', 'NetworkPolicy', 'NetworkPolicy']);
    expect(chart.node.dependencies).toEqual([]);
  });
});

describe('both ends stay consistent', () => {
  const chart = () => new Chart(Testing.app(), 'c', { namespace: 'apps' });
  const workload = (c: Chart, id: string, port: number) => new SecureDeployment(c, id, { owner: 't', containers: [{ image: `ghcr.io/a/${id}:1.0.0`, portNumber: port, healthChecks: HealthChecks.tcp(port) }] });
  const modelOf = (c: Chart) => {
    const m = new FlowModel();
    Testing.synth(c).forEach((o: any) => m.add(o));
    return (n: string) => m.endpoints.find(e => e.name.includes(`-${n}-`))!;
  };

  test('allowFrom opens the peer egress too (declared on the target)', () => {
    const c = chart();
    const a = workload(c, 'a', 8080);
    const b = workload(c, 'b', 9090);
    b.allowFrom(a, kplus.NetworkPolicyPort.tcp(9090));
    const m = new FlowModel();
    Testing.synth(c).forEach((o: any) => m.add(o));
    const [ea, eb] = [modelOf(c)('a'), modelOf(c)('b')];
    expect(m.allowed(ea, eb, 'TCP', 9090)).toBe(true);
    expect(m.allowed(eb, ea, 'TCP', 8080)).toBe(false);
  });

  test('connectTo opens the peer ingress too (declared on the source), default ports from the peer', () => {
    const c = chart();
    const a = workload(c, 'a', 8080);
    const b = workload(c, 'b', 9090);
    a.connectTo(b);
    const m = new FlowModel();
    Testing.synth(c).forEach((o: any) => m.add(o));
    expect(m.allowed(modelOf(c)('a'), modelOf(c)('b'), 'TCP', 9090)).toBe(true);
  });

  test('an isolated cdk8s-plus workload gets a mirrored policy; an open one is left alone', () => {
    const c = chart();
    const api = workload(c, 'api', 8080);
    const isolated = new kplus.Deployment(c, 'isolated', { isolate: true, containers: [{ image: 'ghcr.io/a/x:1.0.0', portNumber: 7000 }] });
    const open = new kplus.Deployment(c, 'open', { containers: [{ image: 'ghcr.io/a/y:1.0.0', portNumber: 7001 }] });
    api.allowFrom(isolated);
    api.allowFrom(open);
    const m = new FlowModel();
    Testing.synth(c).forEach((o: any) => m.add(o));
    const get = modelOf(c);
    expect(m.allowed(get('isolated'), get('api'), 'TCP', 8080)).toBe(true);
    expect(m.allowed(get('open'), get('api'), 'TCP', 8080)).toBe(true);
    expect(m.isolated(get('open'), 'egress')).toBe(false);
    const mirrors = Testing.synth(c).filter((o: any) => o.kind === 'NetworkPolicy' && o.metadata.name.includes('allowegressto'));
    expect(mirrors).toHaveLength(1);
  });

  test('peers in another namespace get a namespace selector', () => {
    const app = Testing.app();
    const web = new SecureDeployment(new Chart(app, 'web', { namespace: 'web' }), 'web', { owner: 't', containers: [{ image: 'ghcr.io/a/web:1.0.0', portNumber: 80, healthChecks: HealthChecks.tcp(80) }] });
    const apiChart = new Chart(app, 'api', { namespace: 'api' });
    const api = new IsolatedBackend(apiChart, 'api', { owner: 't', containers: [{ image: 'ghcr.io/a/api:1.0.0', portNumber: 8080, healthChecks: HealthChecks.tcp(8080) }] });
    api.allowFrom(web);
    const ingress = Testing.synth(apiChart).find((o: any) => o.metadata.name.includes('allowflows'));
    expect(ingress.spec.ingress[0].from[0].namespaceSelector).toEqual({ matchLabels: { 'kubernetes.io/metadata.name': 'web' } });
  });

  test('mutual connections across two charts synthesize without a dependency cycle', () => {
    const app = Testing.app();
    const c1 = new Chart(app, 'one', { namespace: 'n1' });
    const c2 = new Chart(app, 'two', { namespace: 'n2' });
    const a = workload(c1, 'a', 8080);
    const b = workload(c2, 'b', 9090);
    a.connectTo(b);
    b.connectTo(a);
    expect(() => app.synth()).not.toThrow();
    // Each side's rules live in its own chart.
    expect(Testing.synth(c1).some((o: any) => o.kind === 'NetworkPolicy' && o.metadata.name.includes('allowflows'))).toBe(true);
    expect(Testing.synth(c2).some((o: any) => o.kind === 'NetworkPolicy' && o.metadata.name.includes('allowflows'))).toBe(true);
  });

  test('namespaces, label selectors and CIDR blocks are peers too', () => {
    const c = chart();
    const api = workload(c, 'api', 8080);
    api.allowFrom(kplus.Namespaces.select(c, 'monitoring', { names: ['monitoring'] }));
    api.connectTo(kplus.NetworkPolicyIpBlock.ipv4(c, 'payments', '203.0.113.0/24'), kplus.NetworkPolicyPort.tcp(443));
    api.allowFrom(kplus.Pods.select(c, 'batch', { labels: { role: 'batch' } }), kplus.NetworkPolicyPort.tcp(8080));
    const policies = Testing.synth(c).filter((o: any) => o.kind === 'NetworkPolicy');
    const ingress = policies.find((p: any) => p.metadata.name.includes('allowflows'));
    expect(ingress.spec.ingress.map((r: any) => r.from[0])).toEqual([
      { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } }, podSelector: {} },
      { podSelector: { matchLabels: { role: 'batch' } } },
    ]);
    const egress = policies.find((p: any) => p.metadata.name.includes('allowflows'));
    expect(egress.spec.egress).toEqual([{ to: [{ ipBlock: { cidr: '203.0.113.0/24' } }], ports: [{ port: 443, protocol: 'TCP' }] }]);
  });
});
