// The guide app (examples/guide) with its way in: the frontend behind an HTTPRoute on the platform's Istio
// Gateway. Evaluated semantically with the flow model (NetworkPolicies and Istio AuthorizationPolicies): the
// Gateway's pods reach the frontend on 8080 and nothing else; nothing else reaches the frontend; the shop's
// own flows are unchanged. Also: zero findings with the Gateway in the input, and every object valid.
import { Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { checkObjects, gatewayApiSchema } from './_exposure';
import { expectValidManifests } from './_helpers';
import { GatewayChart, NamespaceChart, ShopChart } from '../../examples/guide/chart';
import { Severity } from '../../src/checks/finding';
import { FlowModel, KUBE_DNS } from '../../src/network/_flow-model';
import { esoSchema } from '../secrets/_helpers';

const app = Testing.app();
const guide = [new NamespaceChart(app, 'namespace'), new GatewayChart(app, 'gateway'), new ShopChart(app, 'shop')].flatMap(c => Testing.synth(c));

/** Stand-ins for pods outside the app: labels, namespace and ServiceAccount as given (as Istio would run them). */
function pods(ns: string, id: string, labels: Record<string, string>, sa: string): any[] {
  const chart = new Chart(app, id, { namespace: ns });
  new kplus.Deployment(chart, 'pods', {
    containers: [{ image: 'docker.io/istio/proxyv2:1.28.0', portNumber: 8443 }],
    podMetadata: { labels },
    serviceAccount: kplus.ServiceAccount.fromServiceAccountName(chart, 'sa', sa),
  });
  return Testing.synth(chart);
}
const GATEWAY_PODS = { 'gateway.networking.k8s.io/gateway-name': 'shop-gateway' };
const others = [
  ...pods('gateway-system', 'shop-gateway', GATEWAY_PODS, 'shop-gateway-istio'),
  ...pods('gateway-system', 'other-gateway', { 'gateway.networking.k8s.io/gateway-name': 'other' }, 'other-istio'),
  ...pods('gateway-system', 'wrong-sa', GATEWAY_PODS, 'default'),
  ...pods('shop-2', 'elsewhere', GATEWAY_PODS, 'shop-gateway-istio'),
  ...pods('shop', 'neighbour', { app: 'neighbour' }, 'neighbour'),
];
const model = new FlowModel();
[...guide, ...others].forEach(o => model.add(o));
const at = (name: string) => {
  const e = model.endpoints.find(x => x.name.startsWith(`${name}-`) || x.name.includes(`-${name}-`));
  if (!e) throw new Error(`no endpoint ${name}`);
  return e;
};
const [gw, fe, be, db, bk] = ['shop-gateway', 'frontend', 'backend', 'database', 'backup'].map(at);

describe('the guide exposes its frontend through the Istio Gateway, evaluated semantically', () => {
  test('the route: HTTPS listener https of gateway-system/shop-gateway, shop.example.com, to the frontend\'s Service', () => {
    const route = guide.find(o => o.kind === 'HTTPRoute');
    const service = guide.find(o => o.kind === 'Service' && o.metadata.name.includes('-frontend-'));
    expect(route.spec.parentRefs).toEqual([{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'shop-gateway', namespace: 'gateway-system', sectionName: 'https' }]);
    expect(route.spec.hostnames).toEqual(['shop.example.com']);
    expect(route.spec.rules[0].backendRefs).toEqual([{ name: service.metadata.name, port: 80 }]);
    const listener = guide.find(o => o.kind === 'Gateway').spec.listeners[0];
    expect([listener.name, listener.protocol, listener.tls]).toEqual(['https', 'HTTPS', { mode: 'Terminate', certificateRefs: [{ name: 'shop-example-com-tls' }] }]);
  });

  test('the Gateway\'s pods reach the frontend on TCP 8080, allowed by the NetworkPolicy and the AuthorizationPolicy', () => {
    expect([model.allowed(gw, fe, 'TCP', 8080), model.meshAllows(gw, fe, 8080)]).toEqual([true, true]);
    expect(model.flows().find(f => f.from === gw.id && f.to === fe.id)).toEqual({ from: gw.id, to: fe.id, ports: ['TCP 8080'], meshAuthorized: true });
  });

  test('and nowhere else: not another port, not the backend, the database or the backup', () => {
    expect(model.allowed(gw, fe, 'TCP', 8081)).toBe(false);
    expect(model.allowed(gw, fe, 'UDP', 8080)).toBe(false);
    for (const e of [be, db, bk]) {
      for (const p of e.ports) expect([e.name, p.port, model.allowed(gw, e, p.protocol, p.port)]).toEqual([e.name, p.port, false]);
    }
  });

  test('nothing else reaches the frontend: another Gateway, the Gateway\'s labels under another account or in another namespace, a neighbour, the shop\'s own workloads', () => {
    const verdicts = ['other-gateway', 'wrong-sa', 'elsewhere', 'neighbour', 'backend', 'database', 'backup']
      .map(n => [n, model.allowed(at(n), fe, 'TCP', 8080) && model.meshAllows(at(n), fe, 8080) !== false]);
    expect(verdicts).toEqual(verdicts.map(([n]) => [n, false]));
    expect(model.flows().filter(f => f.to === fe.id).map(f => f.from)).toEqual([gw.id]);
  });

  test('the shop\'s own flows are unchanged: frontend -> backend 8080 -> database 5432 <- backup, backend -> API server 6443, DNS, nothing more', () => {
    const shopIds = new Set([fe, be, db, bk].map(e => e.id));
    const short = (id: string) => shopIds.has(id) ? id.split('/')[1].replace(/-c[0-9a-f]{7}$/, '') : id;
    const edges = model.flows().filter(f => shopIds.has(f.from) && f.to !== KUBE_DNS.id).map(f => `${short(f.from)} -> ${short(f.to)}: ${f.ports.join(', ')}${f.meshAuthorized ? ' (mTLS authz)' : ''}`);
    expect(edges.sort()).toEqual([
      'shop-backend -> ipBlock 10.0.0.10/32: TCP 6443',
      'shop-backend -> shop-database: TCP 5432 (mTLS authz)',
      'shop-backup -> shop-database: TCP 5432 (mTLS authz)',
      'shop-frontend -> shop-backend: TCP 8080 (mTLS authz)',
    ]);
    for (const e of [fe, be, db, bk]) expect([e.name, model.isolated(e, 'ingress'), model.isolated(e, 'egress')]).toEqual([e.name, true, true]);
  });
});

describe('the guide\'s API access: the backend reads exactly one ConfigMap through a grant', () => {
  const named = (kind: string, part: string) => guide.filter(o => o.kind === kind && o.metadata.name.includes(part));
  test('one Role with exactly the rule asked, bound to the backend\'s own ServiceAccount', () => {
    const [configMap] = named('ConfigMap', '-backend-flags');
    const roles = guide.filter(o => o.kind === 'Role' || o.kind === 'ClusterRole');
    expect(roles).toHaveLength(1);
    expect(roles[0].metadata.namespace).toBe('shop');
    expect(roles[0].rules).toEqual([{ apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'watch'], resourceNames: [configMap.metadata.name] }]);
    const [sa] = named('ServiceAccount', '-backend-');
    const bindings = guide.filter(o => o.kind === 'RoleBinding' || o.kind === 'ClusterRoleBinding');
    expect(bindings.map(b => [b.kind, b.roleRef, b.subjects])).toEqual([
      ['RoleBinding', { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: roles[0].metadata.name }, [{ kind: 'ServiceAccount', name: sa.metadata.name, namespace: 'shop' }]],
    ]);
    expect(sa.automountServiceAccountToken).toBe(false);
  });

  test('only the backend\'s pods mount a token; the other workloads keep it off', () => {
    const podSpec = (o: any) => o.kind === 'CronJob' ? o.spec.jobTemplate.spec.template.spec : o.spec.template.spec;
    const tokens = guide.filter(o => ['Deployment', 'StatefulSet', 'CronJob'].includes(o.kind))
      .map(o => [o.metadata.name.replace(/-c[0-9a-f]{7}$/, ''), podSpec(o).automountServiceAccountToken]);
    expect(tokens.sort()).toEqual([['shop-backend', true], ['shop-backup', false], ['shop-database', false], ['shop-frontend', false]]);
  });
});

describe('the guide app with its Gateway', () => {
  test('zero findings as `cdk8s-secure check` reports them on the synthesized output (CS321 judges the listener)', () => {
    expect(guide.map(o => o.kind)).toEqual(expect.arrayContaining(['Gateway', 'HTTPRoute', 'AuthorizationPolicy']));
    expect(checkObjects(guide).filter(f => f.severity !== Severity.INFO)).toEqual([]);
  });

  test('every object is valid: core and Istio kinds, Gateway API v1, External Secrets v1', () => {
    const group = (o: any) => String(o.apiVersion).split('/')[0];
    const gatewayApi = guide.filter(o => group(o) === 'gateway.networking.k8s.io');
    const eso = guide.filter(o => group(o) === 'external-secrets.io');
    expect(gatewayApi.map(o => o.kind).sort()).toEqual(['Gateway', 'HTTPRoute']);
    expect(gatewayApiSchema(gatewayApi)).toEqual({ status: 0, checked: 2, problems: [] });
    expect(esoSchema(eso)).toMatchObject({ status: 0, checked: eso.length, problems: [] });
    expectValidManifests(guide.filter(o => !gatewayApi.includes(o) && !eso.includes(o)));
  });
});
