// SecureHttpRoute: the emitted HTTPRoute field by field, the Gateway API schema (and that the schema check
// fails on a broken route), the NetworkPolicy opened to the Gateway's pods, zero findings (CS321 with the
// Gateway in the input), and bad input as coded errors.
import { ApiObject, Testing, Yaml } from 'cdk8s';
import { allowFlowsIngress, checkObjects, errorOf, expectValidExposure, gatewayApiSchema, shop } from './_exposure';
import { SecureHttpRoute, SecureHttpRouteProps, SecurityChecks } from '../../src';
import { Severity } from '../../src/checks/finding';

function route(props: Partial<SecureHttpRouteProps> = {}) {
  const s = shop();
  const r = new SecureHttpRoute(s.chart, 'web', {
    backend: s.api, service: s.service, hostnames: ['shop.example.com'], gateway: { name: 'public', sectionName: 'https' }, ...props,
  });
  const objects = Testing.synth(s.chart);
  return { ...s, r, objects, obj: objects.find((o: any) => o.kind === 'HTTPRoute') };
}

/** A Gateway in gateway-system with an HTTPS and an HTTP listener that admit routes from every namespace. */
function gateway(chart: any) {
  return new ApiObject(chart, 'gw', {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'Gateway',
    metadata: { name: 'public', namespace: 'gateway-system' },
    spec: {
      gatewayClassName: 'eg',
      listeners: [
        { name: 'https', protocol: 'HTTPS', port: 443, tls: { mode: 'Terminate', certificateRefs: [{ name: 'wildcard-tls' }] }, allowedRoutes: { namespaces: { from: 'All' } } },
        { name: 'http', protocol: 'HTTP', port: 80, allowedRoutes: { namespaces: { from: 'All' } } },
      ],
    },
  });
}

describe('SecureHttpRoute: defaults', () => {
  const { objects, obj } = route();

  test('a gateway.networking.k8s.io/v1 HTTPRoute in the backend\'s namespace, on the named listener of the Gateway', () => {
    expect(obj.apiVersion).toBe('gateway.networking.k8s.io/v1');
    expect(obj.metadata.namespace).toBe('shop');
    expect(obj.spec.parentRefs).toEqual([{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'public', namespace: 'gateway-system', sectionName: 'https' }]);
    expect(obj.spec.hostnames).toEqual(['shop.example.com']);
    expect(obj.spec.rules).toEqual([{
      matches: [{ path: { type: 'PathPrefix', value: '/' } }],
      backendRefs: [{ name: objects.find((o: any) => o.kind === 'Service').metadata.name, port: 80 }],
    }]);
  });

  test('the backend admits the Gateway\'s pods (gateway-name label, Gateway namespace) on the target port 8080 only', () => {
    expect(allowFlowsIngress(objects)).toEqual([{
      from: [{
        namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'gateway-system' } },
        podSelector: { matchLabels: { 'gateway.networking.k8s.io/gateway-name': 'public' } },
      }],
      ports: [{ port: 8080, protocol: 'TCP' }],
    }]);
  });

  test('valid objects, the HTTPRoute against the Gateway API v1 schema', () => {
    expectValidExposure(objects);
  });

  test('shape', () => {
    expect(Yaml.stringify(obj)).toMatchSnapshot();
  });
});

// The checker as the CLI runs it (`cdk8s-secure check` on the synthesized YAML): CS321 looks the Gateway up.
describe('SecureHttpRoute: the checker', () => {
  test('zero findings with the Gateway in the input: the HTTPS listener passes CS321', () => {
    const s = shop();
    gateway(s.chart);
    new SecureHttpRoute(s.chart, 'web', { backend: s.api, service: s.service, hostnames: ['shop.example.com'], gateway: { name: 'public', sectionName: 'https' } });
    const objects = Testing.synth(s.chart);
    expect(checkObjects(objects).filter(f => f.severity !== Severity.INFO)).toEqual([]);
    expect(SecurityChecks.findings(s.chart).filter(f => f.severity !== Severity.INFO)).toEqual([]);
    expectValidExposure(objects);
  });

  test('on the HTTP listener CS321 fails; with a suppression it is reported as suppressed with the reason', () => {
    const s = shop();
    gateway(s.chart);
    new SecureHttpRoute(s.chart, 'web', { backend: s.api, service: s.service, hostnames: ['shop.example.com'], gateway: { name: 'public', sectionName: 'http' } });
    const expected = [[undefined, 'spec.parentRefs[0]',
      'parentRef 0 attaches the route to listener "http" (port 80) of Gateway gateway-system/public, of protocol HTTP: the route is served without TLS']];
    expect(checkObjects(Testing.synth(s.chart)).filter(f => f.ruleId === 'CS321').map(f => [f.suppressed, f.path, f.message])).toEqual(expected);
    // The synth-time checks hand the Gateway to CS321 too, although no rule reports on Gateways.
    expect(SecurityChecks.findings(s.chart).filter(f => f.ruleId === 'CS321').map(f => [f.suppressed, f.path, f.message])).toEqual(expected);

    const t = shop();
    gateway(t.chart);
    const reason = 'HTTP-01 challenge host of the lab, no user data';
    new SecureHttpRoute(t.chart, 'web', {
      backend: t.api,
      service: t.service,
      hostnames: ['lab.example.com'],
      gateway: { name: 'public', sectionName: 'http' },
      suppressions: [{ ruleId: 'CS321', reason }],
    });
    const objects = Testing.synth(t.chart);
    expect(checkObjects(objects).filter(f => f.ruleId === 'CS321').map(f => f.suppressed?.reason)).toEqual([reason]);
    expect(SecurityChecks.findings(t.chart).filter(f => f.ruleId === 'CS321').map(f => f.suppressed?.reason)).toEqual([reason]);
    const obj = objects.find((o: any) => o.kind === 'HTTPRoute');
    expect(JSON.parse(obj.metadata.annotations['cdk8s-secure.io/suppressions'])).toEqual([{ ruleId: 'CS321', reason, scope: 'shop/web' }]);
  });
});

describe('SecureHttpRoute: options', () => {
  test('gateway namespace, wildcard hostname, path and controller as given', () => {
    const { obj, objects } = route({
      hostnames: ['*.shop.example.com'],
      path: '/api',
      gateway: { name: 'edge', namespace: 'infra', sectionName: 'websecure' },
      controller: { podLabels: { 'app.kubernetes.io/name': 'envoy' }, namespace: 'envoy-gateway-system' },
    });
    expect(obj.spec.parentRefs[0]).toMatchObject({ name: 'edge', namespace: 'infra', sectionName: 'websecure' });
    expect(obj.spec.hostnames).toEqual(['*.shop.example.com']);
    expect(obj.spec.rules[0].matches).toEqual([{ path: { type: 'PathPrefix', value: '/api' } }]);
    expect(allowFlowsIngress(objects)[0].from).toEqual([{
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'envoy-gateway-system' } },
      podSelector: { matchLabels: { 'app.kubernetes.io/name': 'envoy' } },
    }]);
    expectValidExposure(objects);
  });

  test('the controller namespace defaults to the Gateway\'s', () => {
    const { objects } = route({ gateway: { name: 'edge', namespace: 'infra', sectionName: 'https' } });
    expect(allowFlowsIngress(objects)[0].from[0].namespaceSelector).toEqual({ matchLabels: { 'kubernetes.io/metadata.name': 'infra' } });
  });
});

describe('the Gateway API schema check fails on broken routes', () => {
  const { obj } = route();
  const broken = (f: (o: any) => void) => { const o = JSON.parse(JSON.stringify(obj)); f(o); return o; };

  test.each([
    ['no parentRefs', (o: any) => delete o.spec.parentRefs, 'spec.parentRefs is empty: the route is attached to no Gateway'],
    ['a parentRef without a name', (o: any) => delete o.spec.parentRefs[0].name, 'schema: /spec/parentRefs/0 must have required property name'],
    ['an invalid hostname', (o: any) => { o.spec.hostnames = ['Shop_Example']; }, 'schema: /spec/hostnames/0 must match pattern'],
    ['a port as a string', (o: any) => { o.spec.rules[0].backendRefs[0].port = '80'; }, 'schema: /spec/rules/0/backendRefs/0/port must be integer'],
    ['an unknown field', (o: any) => { o.spec.rules[0].backendRefs[0].protocol = 'TCP'; }, 'unknown field spec.rules[0].backendRefs[0].protocol'],
    ['the wrong apiVersion', (o: any) => { o.apiVersion = 'gateway.networking.k8s.io/v1beta1'; }, 'apiVersion "gateway.networking.k8s.io/v1beta1" is not gateway.networking.k8s.io/v1'],
  ])('%s', (_name, f, problem) => {
    const r = gatewayApiSchema([broken(f)]);
    expect(r.status).toBe(1);
    expect(r.problems.some(p => p.startsWith(`HTTPRoute/${obj.metadata.name}: ${problem}`))).toBe(true);
  });
});

describe('SecureHttpRoute: bad input', () => {
  test.each([
    ['no sectionName', { gateway: { name: 'public' } }, 'CSE336', 'gateway.sectionName is missing, so the route would attach to every listener of Gateway gateway-system/public, plain HTTP ones included'],
    ['a bad gateway name', { gateway: { name: 'Public GW', sectionName: 'https' } }, 'CSE336', 'gateway.name "Public GW" is not an object name'],
    ['a bad gateway namespace', { gateway: { name: 'public', namespace: 'gateway.system', sectionName: 'https' } }, 'CSE336', 'gateway.namespace "gateway.system" is not a namespace name'],
    ['a bad hostname', { hostnames: ['shop..example.com'] }, 'CSE331', 'hostnames entry "shop..example.com" is not a host name'],
    ['a wildcard that is not the first label', { hostnames: ['a.*.example.com'] }, 'CSE331', 'hostnames entry "a.*.example.com" is not a host name'],
    ['no hostnames', { hostnames: [] }, 'CSE331', 'hostnames is empty'],
    ['an empty namespace label value', { controller: { namespaceLabels: { 'kubernetes.io/metadata.name': '' } } }, 'CSE333', 'controller namespaceLabels kubernetes.io/metadata.name="" is not a non-empty label value'],
  ])('throws when given %s', (_name, props, code, text) => {
    const e = errorOf(() => route(props as Partial<SecureHttpRouteProps>));
    expect(e.code).toBe(code);
    expect(e.message).toContain(`[shop/web] ${code} SecureHttpRoute: ${text}`);
  });
});
