// Exposure of a backend with meshAuthorization: the controller's ServiceAccount (controller.serviceAccount)
// becomes an ALLOW rule of the backend's Istio AuthorizationPolicy on exactly the target port, while the
// NetworkPolicy keeps the namespace + pod-label peer. Field-level, schema (Istio and Gateway API), the
// checker, the flow model with NetworkPolicies and mesh together, and bad input.
import { ApiObject, Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import * as fc from 'fast-check';
import { allowFlowsIngress, checkObjects, errorOf, gatewayApiSchema } from './_exposure';
import { expectValidManifests } from './_helpers';
import { HealthChecks, SecureDeployment, SecureHttpRoute, SecureHttpRouteProps, SecureIngress, SecurityChecks } from '../../src';
import { Severity } from '../../src/checks/finding';
import { FlowModel } from '../../src/network/_flow-model';

const GATEWAY_LABELS = { 'gateway.networking.k8s.io/gateway-name': 'public' };
const GATEWAY_NS = { matchLabels: { 'kubernetes.io/metadata.name': 'gateway-system' } };

/** Namespace `shop`: a mesh-authorized `api` (8080, metrics 9090) behind a Service 80 -> 8080, and a mesh-authorized `web` that may call it. */
function meshShop(app = Testing.app()) {
  const chart = new Chart(app, 'shop', { namespace: 'shop' });
  const api = new SecureDeployment(chart, 'api', {
    owner: 'team-shop',
    meshAuthorization: true,
    containers: [{ image: 'ghcr.io/acme/api:1.4.2', ports: [{ number: 8080, name: 'http' }, { number: 9090, name: 'metrics' }], healthChecks: HealthChecks.http({ port: 8080 }) }],
  });
  const web = new SecureDeployment(chart, 'web', {
    owner: 'team-shop',
    meshAuthorization: true,
    containers: [{ image: 'ghcr.io/acme/web:2.0.1', portNumber: 3000, healthChecks: HealthChecks.http({ port: 3000 }) }],
  });
  api.allowFrom(web, kplus.NetworkPolicyPort.tcp(8080));
  const service = api.exposeViaService({ ports: [{ port: 80, targetPort: 8080, name: 'http' }] });
  return { app, chart, api, web, service };
}

function route(props: Partial<SecureHttpRouteProps> = {}) {
  const s = meshShop();
  new SecureHttpRoute(s.chart, 'route', {
    backend: s.api,
    service: s.service,
    hostnames: ['shop.example.com'],
    gateway: { name: 'public', sectionName: 'https' },
    controller: { serviceAccount: 'public-istio' },
    ...props,
  });
  return s;
}

/** The AuthorizationPolicy of the workload whose name contains `-<name>-`. */
function authorizationPolicy(objects: any[], name: string): any {
  const ap = objects.find(o => o.kind === 'AuthorizationPolicy' && o.metadata.name.includes(`-${name}-`));
  if (!ap) throw new Error(`no AuthorizationPolicy for ${name}`);
  return ap;
}

/** The platform's Gateway with one HTTPS listener (CS321 judges it). */
function gateway(chart: Chart) {
  new ApiObject(chart, 'gw', {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'Gateway',
    metadata: { name: 'public', namespace: 'gateway-system' },
    spec: {
      gatewayClassName: 'istio',
      listeners: [{ name: 'https', protocol: 'HTTPS', port: 443, tls: { mode: 'Terminate', certificateRefs: [{ name: 'shop-tls' }] }, allowedRoutes: { namespaces: { from: 'All' } } }],
    },
  });
}

describe('SecureHttpRoute to a mesh-authorized backend', () => {
  const s = route();
  const objects = Testing.synth(s.chart);
  const webPrincipal = `cluster.local/ns/shop/sa/${objects.find((o: any) => o.kind === 'ServiceAccount' && o.metadata.name.includes('-web-')).metadata.name}`;

  test('the AuthorizationPolicy allows the Gateway\'s principal on the target port 8080 only, next to the frontend\'s rule', () => {
    const ap = authorizationPolicy(objects, 'api');
    expect(ap.apiVersion).toBe('security.istio.io/v1');
    expect(ap.spec.action).toBe('ALLOW');
    expect(ap.spec.rules).toEqual([
      { from: [{ source: { principals: [webPrincipal] } }], to: [{ operation: { ports: ['8080'] } }] },
      { from: [{ source: { principals: ['cluster.local/ns/gateway-system/sa/public-istio'] } }], to: [{ operation: { ports: ['8080'] } }] },
    ]);
  });

  test('the NetworkPolicy keeps the namespace + pod-label peer (as without the mesh), and the frontend\'s', () => {
    const rules = allowFlowsIngress(objects);
    expect(rules).toHaveLength(2);
    expect(rules[1]).toEqual({ from: [{ namespaceSelector: GATEWAY_NS, podSelector: { matchLabels: GATEWAY_LABELS } }], ports: [{ port: 8080, protocol: 'TCP' }] });
    const plain = Testing.synth((() => {
      const t = meshShop();
      const bare = new Chart(t.app, 'bare', { namespace: 'shop' });
      const api = new SecureDeployment(bare, 'api', { owner: 'team-shop', containers: [{ image: 'ghcr.io/acme/api:1.4.2', portNumber: 8080, healthChecks: HealthChecks.http({ port: 8080 }) }] });
      new SecureHttpRoute(bare, 'route', { backend: api, service: api.exposeViaService({ ports: [{ port: 80, targetPort: 8080 }] }), hostnames: ['shop.example.com'], gateway: { name: 'public', sectionName: 'https' } });
      return bare;
    })());
    expect(allowFlowsIngress(plain)).toEqual([rules[1]]);
  });

  test('every object is valid: core kinds, Istio security.istio.io/v1, the HTTPRoute against Gateway API v1', () => {
    const gw = objects.filter((o: any) => String(o.apiVersion).startsWith('gateway.networking.k8s.io/'));
    expect(gw.map((o: any) => o.kind)).toEqual(['HTTPRoute']);
    expectValidManifests(objects.filter((o: any) => !gw.includes(o)));
    expect(gatewayApiSchema(gw)).toEqual({ status: 0, checked: 1, problems: [] });
  });

  test('zero findings, at synth time and as the CLI checks the YAML, with the Gateway in the input', () => {
    const t = route();
    gateway(t.chart);
    expect(checkObjects(Testing.synth(t.chart)).filter(f => f.severity !== Severity.INFO)).toEqual([]);
    expect(SecurityChecks.findings(t.chart).filter(f => f.severity !== Severity.INFO)).toEqual([]);
  });
});

describe('the flow model: NetworkPolicy and mesh authorization together', () => {
  const s = route();
  /** Stand-ins for the Gateway's pods and for strangers: labels, namespace and ServiceAccount as given. */
  const pods = (ns: string, id: string, labels: Record<string, string>, sa: string) => {
    const chart = new Chart(s.app, id, { namespace: ns });
    new kplus.Deployment(chart, 'pods', {
      containers: [{ image: 'docker.io/istio/proxyv2:1.28.0', portNumber: 8443 }],
      podMetadata: { labels },
      serviceAccount: kplus.ServiceAccount.fromServiceAccountName(chart, 'sa', sa),
    });
    return chart;
  };
  const charts = [
    s.chart,
    pods('gateway-system', 'gateway', GATEWAY_LABELS, 'public-istio'),
    pods('gateway-system', 'same-labels-other-sa', GATEWAY_LABELS, 'default'),
    pods('gateway-system', 'same-sa-other-labels', { app: 'debug' }, 'public-istio'),
    pods('shop-2', 'elsewhere', GATEWAY_LABELS, 'public-istio'),
  ];
  const model = new FlowModel();
  charts.forEach(c => Testing.synth(c).forEach((o: any) => model.add(o)));
  const at = (id: string) => model.endpoints.find(e => e.name.startsWith(`${id}-`))!;
  const api = model.endpoints.find(e => e.name.includes('-api-'))!;

  test('the Gateway\'s pods reach the backend on 8080: NetworkPolicy and AuthorizationPolicy both allow it', () => {
    expect([model.allowed(at('gateway'), api, 'TCP', 8080), model.meshAllows(at('gateway'), api, 8080)]).toEqual([true, true]);
    expect(model.flows().find(f => f.from === at('gateway').id && f.to === api.id)).toEqual({ from: at('gateway').id, to: api.id, ports: ['TCP 8080'], meshAuthorized: true });
  });

  test('not on another port: 9090 is closed by both', () => {
    expect([model.allowed(at('gateway'), api, 'TCP', 9090), model.meshAllows(at('gateway'), api, 9090)]).toEqual([false, false]);
  });

  test('each half alone is not enough: the right labels under another ServiceAccount, the right ServiceAccount on other pods, another namespace', () => {
    const verdict = (id: string) => [id, model.allowed(at(id), api, 'TCP', 8080), model.meshAllows(at(id), api, 8080)];
    expect(verdict('same-labels-other-sa')).toEqual(['same-labels-other-sa', true, false]);
    expect(verdict('same-sa-other-labels')).toEqual(['same-sa-other-labels', false, true]);
    expect(verdict('elsewhere')).toEqual(['elsewhere', false, false]);
    const reaching = model.flows().filter(f => f.to === api.id && f.from !== 'any').map(f => f.from);
    expect(reaching.sort()).toEqual([at('gateway').id, model.endpoints.find(e => e.name.includes('-web-'))!.id].sort());
  });
});

describe('SecureIngress to a mesh-authorized backend', () => {
  test('the ingress controller\'s ServiceAccount in its namespace becomes the principal', () => {
    const s = meshShop();
    new SecureIngress(s.chart, 'ing', { backend: s.api, service: s.service, hosts: ['shop.example.com'], tls: { secretName: 'shop-tls' }, controller: { serviceAccount: 'ingress-nginx' } });
    const objects = Testing.synth(s.chart);
    expect(authorizationPolicy(objects, 'api').spec.rules[1]).toEqual({
      from: [{ source: { principals: ['cluster.local/ns/ingress-nginx/sa/ingress-nginx'] } }],
      to: [{ operation: { ports: ['8080'] } }],
    });
    expectValidManifests(objects);
  });
});

describe('serviceAccount without meshAuthorization', () => {
  test('is checked but changes nothing: no AuthorizationPolicy, the same NetworkPolicy rule', () => {
    const chart = new Chart(Testing.app(), 'shop', { namespace: 'shop' });
    const api = new SecureDeployment(chart, 'api', { owner: 't', containers: [{ image: 'ghcr.io/acme/api:1.4.2', portNumber: 8080, healthChecks: HealthChecks.http({ port: 8080 }) }] });
    new SecureHttpRoute(chart, 'route', { backend: api, service: api.exposeViaService(), hostnames: ['shop.example.com'], gateway: { name: 'public', sectionName: 'https' }, controller: { serviceAccount: 'public-istio' } });
    const objects = Testing.synth(chart);
    expect(objects.filter((o: any) => o.kind === 'AuthorizationPolicy')).toEqual([]);
    expect(allowFlowsIngress(objects)).toEqual([{ from: [{ namespaceSelector: GATEWAY_NS, podSelector: { matchLabels: GATEWAY_LABELS } }], ports: [{ port: 8080, protocol: 'TCP' }] }]);
  });
});

describe('bad input', () => {
  test('throws CSE338 when the backend has meshAuthorization and no serviceAccount is given, naming Istio\'s name for the Gateway', () => {
    const e = errorOf(() => route({ controller: {} }));
    expect(e.code).toBe('CSE338');
    expect(e.message).toBe('[shop/route] CSE338 SecureHttpRoute: backend shop/api has meshAuthorization, and its Istio AuthorizationPolicy admits the controller only by mesh identity '
      + '(Istio matches principals, not pod labels), but no controller.serviceAccount was given. Pass controller.serviceAccount, the ServiceAccount the controller\'s pods run under in '
      + 'namespace gateway-system (e.g. controller: { serviceAccount: \'public-istio\' }; Istio runs the pods of a Gateway of class istio as <gateway name>-istio). The controller must be in '
      + 'the mesh, as an Istio gateway is: with STRICT mTLS nothing outside it reaches the backend.');
  });

  test.each([
    ['upper case', 'Public-Istio'],
    ['a namespace/name pair', 'gateway-system/public-istio'],
    ['a principal', 'cluster.local/ns/gateway-system/sa/public-istio'],
    ['an empty name', ''],
  ])('throws CSE333 when serviceAccount is %s', (_name, sa) => {
    const e = errorOf(() => route({ controller: { serviceAccount: sa } }));
    expect(e.code).toBe('CSE333');
    expect(e.message).toContain(`[shop/route] CSE333 SecureHttpRoute: controller serviceAccount ${JSON.stringify(sa)} is not a ServiceAccount name, so the principal cluster.local/ns/gateway-system/sa/<name> would match no pod.`);
  });

  test('a serviceAccount is accepted exactly when it is a DNS subdomain, and then is the principal of the rule', () => {
    const subdomain = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
    const names = fc.oneof(fc.stringMatching(/^[a-z0-9.-]{1,20}$/), fc.string({ maxLength: 20 }), fc.domain());
    fc.assert(fc.property(names, sa => {
      let error: any;
      let s: ReturnType<typeof route> | undefined;
      try {
        s = route({ controller: { serviceAccount: sa } });
      } catch (e) {
        error = e;
      }
      if (!(subdomain.test(sa) && sa.length <= 253)) {
        expect(error?.code).toBe('CSE333');
        return;
      }
      expect(error).toBeUndefined();
      const rules = authorizationPolicy(Testing.synth(s!.chart), 'api').spec.rules;
      expect(rules[1].from).toEqual([{ source: { principals: [`cluster.local/ns/gateway-system/sa/${sa}`] } }]);
    }), { numRuns: 60 });
  });
});
