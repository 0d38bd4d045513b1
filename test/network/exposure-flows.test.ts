// The flows SecureIngress and SecureHttpRoute open, evaluated semantically with the flow model (the same
// one `cdk8s-secure graph` draws): the controller's pods reach exactly the Service's target port, and no
// other pod, namespace or port gets in; `graph` shows the edge from the controller's namespace.
import { Chart, Testing, Yaml } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { shop } from './_exposure';
import { SecureHttpRoute, SecureIngress } from '../../src';
import { FlowModel } from '../../src/network/_flow-model';
import { cli, TempDir } from '../cli/_cli';

/** A plain pod owner with the given labels in the given namespace (a stand-in for a controller or a stranger). */
function pods(chart: Chart, id: string, labels: Record<string, string>, port = 8443) {
  const d = new kplus.Deployment(chart, id, { containers: [{ image: 'registry.k8s.io/ingress-nginx/controller:v1.12.1', portNumber: port }], podMetadata: { labels } });
  return d;
}

const NGINX = { 'app.kubernetes.io/name': 'ingress-nginx', 'app.kubernetes.io/component': 'controller' };

function scene(kind: 'ingress' | 'route') {
  const s = shop();
  if (kind === 'ingress') {
    new SecureIngress(s.chart, 'web', { backend: s.api, service: s.service, hosts: ['shop.example.com'], tls: { secretName: 'shop-tls' } });
  } else {
    new SecureHttpRoute(s.chart, 'web', { backend: s.api, service: s.service, hostnames: ['shop.example.com'], gateway: { name: 'public', sectionName: 'https' } });
  }
  const nginx = new Chart(s.app, 'nginx', { namespace: 'ingress-nginx' });
  pods(nginx, 'controller', NGINX);
  pods(nginx, 'other', { 'app.kubernetes.io/name': 'ingress-nginx', 'app.kubernetes.io/component': 'admission-webhook' });
  const gw = new Chart(s.app, 'gw', { namespace: 'gateway-system' });
  pods(gw, 'public', { 'gateway.networking.k8s.io/gateway-name': 'public' });
  pods(gw, 'private', { 'gateway.networking.k8s.io/gateway-name': 'private' });
  const elsewhere = new Chart(s.app, 'elsewhere', { namespace: 'shop-2' });
  pods(elsewhere, 'impostor', NGINX);
  pods(elsewhere, 'gw-impostor', { 'gateway.networking.k8s.io/gateway-name': 'public' });
  pods(s.chart, 'neighbour', { app: 'neighbour' });
  const model = new FlowModel();
  for (const c of [s.chart, nginx, gw, elsewhere]) Testing.synth(c).forEach((o: any) => model.add(o));
  const at = (ns: string, name: string) => {
    const e = model.endpoints.find(x => x.namespace === ns && x.name.includes(`-${name}-`));
    if (!e) throw new Error(`no endpoint ${ns}/${name}`);
    return e;
  };
  return { s, model, at };
}

describe('SecureIngress: the flow from the ingress controller', () => {
  const { model, at } = scene('ingress');
  const api = at('shop', 'api');

  test('the ingress-nginx controller pods reach the backend on TCP 8080 (the Service\'s target port)', () => {
    expect(model.allowed(at('ingress-nginx', 'controller'), api, 'TCP', 8080)).toBe(true);
  });

  test('and on no other port: not the metrics port 9090, not the Service port 80, not UDP', () => {
    const controller = at('ingress-nginx', 'controller');
    expect(model.allowed(controller, api, 'TCP', 9090)).toBe(false);
    expect(model.allowed(controller, api, 'TCP', 80)).toBe(false);
    expect(model.allowed(controller, api, 'UDP', 8080)).toBe(false);
  });

  test('no other pod gets in: other pods of the namespace, the same labels elsewhere, a neighbour, the Gateway', () => {
    for (const [ns, name] of [['ingress-nginx', 'other'], ['shop-2', 'impostor'], ['shop', 'neighbour'], ['gateway-system', 'public']]) {
      expect([ns, name, model.allowed(at(ns, name), api, 'TCP', 8080)]).toEqual([ns, name, false]);
    }
  });

  test('the backend stays isolated both ways', () => {
    expect([model.isolated(api, 'ingress'), model.isolated(api, 'egress')]).toEqual([true, true]);
  });
});

describe('SecureHttpRoute: the flow from the Gateway', () => {
  const { model, at } = scene('route');
  const api = at('shop', 'api');

  test('the pods of Gateway gateway-system/public reach the backend on TCP 8080 only', () => {
    const gw = at('gateway-system', 'public');
    expect(model.allowed(gw, api, 'TCP', 8080)).toBe(true);
    expect(model.allowed(gw, api, 'TCP', 9090)).toBe(false);
  });

  test('not another Gateway\'s pods, not the gateway-name label in another namespace, not ingress-nginx', () => {
    for (const [ns, name] of [['gateway-system', 'private'], ['shop-2', 'gw-impostor'], ['ingress-nginx', 'controller'], ['shop', 'neighbour']]) {
      expect([ns, name, model.allowed(at(ns, name), api, 'TCP', 8080)]).toEqual([ns, name, false]);
    }
  });
});

describe('graph', () => {
  test('draws the edge from the controller\'s namespace and pods to the backend, on the target port', async () => {
    const s = shop();
    new SecureIngress(s.chart, 'web', { backend: s.api, service: s.service, hosts: ['shop.example.com'], tls: { secretName: 'shop-tls' } });
    const objects = Testing.synth(s.chart);
    const dir = new TempDir();
    try {
      const file = dir.write('shop.yaml', Yaml.stringify(...objects));
      const r = await cli(['graph', '--format', 'json', file]);
      expect(r.code).toBe(0);
      const api = objects.find((o: any) => o.kind === 'Deployment').metadata.name;
      const flows = JSON.parse(r.stdout).flows.filter((f: any) => f.to === `Deployment shop/${api}` && f.from !== 'any');
      expect(flows).toEqual([{
        from: 'namespaces kubernetes.io/metadata.name=ingress-nginx / pods app.kubernetes.io/component=controller, app.kubernetes.io/name=ingress-nginx',
        to: `Deployment shop/${api}`,
        ports: ['TCP 8080'],
      }]);
      const mermaid = await cli(['graph', file]);
      expect(mermaid.stdout).toContain('(["namespaces kubernetes.io/metadata.name=ingress-nginx / pods app.kubernetes.io/component=controller, app.kubernetes.io/name=ingress-nginx"])');
      expect(mermaid.stdout).toMatch(/n\d+ -->\|"TCP 8080"\| n0/);
    } finally {
      dir.cleanup();
    }
  });
});
