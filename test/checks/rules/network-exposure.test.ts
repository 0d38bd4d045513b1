/** CS320-CS322: Ingress without TLS, HTTPRoute on a plain HTTP listener, Service externalIPs. */
import { check, expectSuppressed, Obj, of, ruleIds, single, withSuppressions, REASON } from './_fixtures';
import { Severity } from '../../../src';
import { tlsCovers } from '../../../src/checks/rules/network/ingress-tls';

const backend = { service: { name: 'web', port: { number: 8080 } } };
const http = { paths: [{ path: '/', pathType: 'Prefix', backend }] };

const ingress = (spec: Obj): Obj => ({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'Ingress',
  metadata: { name: 'web', namespace: 'prod' },
  spec: { ingressClassName: 'nginx', ...spec },
});

describe('CS320 Ingress without TLS', () => {
  test('accepts an Ingress whose hosts are all in spec.tls, with a wildcard for one label', () => {
    const obj = ingress({
      tls: [{ hosts: ['shop.example.com'], secretName: 'shop-tls' }, { hosts: ['*.api.example.com'], secretName: 'api-tls' }],
      rules: [{ host: 'shop.example.com', http }, { host: 'v1.api.example.com', http }],
    });
    expect(check(obj)).toEqual([]);
    // A tls entry without hosts (the controller's default certificate) covers a rule without host.
    expect(check(ingress({ tls: [{ secretName: 'default-tls' }], rules: [{ http }] }))).toEqual([]);
  });

  test('reports an Ingress without spec.tls once', () => {
    const findings = check(ingress({ rules: [{ host: 'shop.example.com', http }, { host: 'admin.example.com', http }] }));
    expect(ruleIds(findings)).toEqual(['CS320']);
    expect(single(findings, 'CS320')).toMatchObject({
      severity: Severity.ERROR,
      path: 'spec.tls',
      message: 'the Ingress has no spec.tls: every host it routes is served over plain HTTP',
      object: { kind: 'Ingress', name: 'web', namespace: 'prod' },
    });
    expect(single(check(ingress({ tls: [], defaultBackend: backend })), 'CS320').path).toBe('spec.tls');
  });

  test('reports each host the TLS section does not cover, and a rule without host', () => {
    const obj = ingress({
      tls: [{ hosts: ['shop.example.com', '*.example.org'], secretName: 'shop-tls' }],
      rules: [{ host: 'shop.example.com', http }, { host: 'admin.example.com', http }, { host: 'a.b.example.org', http }, { http }],
    });
    expect(of(check(obj), 'CS320').map(f => [f.path, f.message])).toEqual([
      ['spec.rules[1].host', 'host "admin.example.com" of rule 1 is not listed in spec.tls[].hosts: it is served over plain HTTP'],
      ['spec.rules[2].host', 'host "a.b.example.org" of rule 2 is not listed in spec.tls[].hosts: it is served over plain HTTP'],
      ['spec.rules[3]', 'rule 3 has no host, so it answers on every name, and no spec.tls entry without hosts covers it'],
    ]);
  });

  test('wildcard TLS hosts cover exactly one label, case-insensitively', () => {
    expect(tlsCovers('*.example.com', 'a.example.com')).toBe(true);
    expect(tlsCovers('*.example.com', 'A.Example.COM')).toBe(true);
    expect(tlsCovers('*.example.com', 'example.com')).toBe(false);
    expect(tlsCovers('*.example.com', 'a.b.example.com')).toBe(false);
    expect(tlsCovers('a.example.com', 'b.example.com')).toBe(false);
  });

  test('a suppression accepts it', () => {
    expectSuppressed(ingress({ rules: [{ host: 'shop.example.com', http }] }), 'CS320');
  });
});

const GW = 'gateway.networking.k8s.io/v1';
const gateway = (listeners: Obj[], namespace = 'infra'): Obj => ({
  apiVersion: GW,
  kind: 'Gateway',
  metadata: { name: 'edge', namespace },
  spec: { gatewayClassName: 'example', listeners },
});
const HTTP = { name: 'http', protocol: 'HTTP', port: 80, allowedRoutes: { namespaces: { from: 'All' } } };
const HTTPS = { name: 'https', protocol: 'HTTPS', port: 443, tls: { certificateRefs: [{ name: 'edge-tls' }] }, allowedRoutes: { namespaces: { from: 'All' } } };
const route = (parentRefs: Obj[], rules: Obj[] = [{ backendRefs: [{ name: 'web', port: 8080 }] }]): Obj => ({
  apiVersion: GW,
  kind: 'HTTPRoute',
  metadata: { name: 'web', namespace: 'prod' },
  spec: { parentRefs, hostnames: ['shop.example.com'], rules },
});

describe('CS321 HTTPRoute on a listener without TLS', () => {
  test('accepts a route on the HTTPS listener (sectionName or port), and a redirect to https on the HTTP listener', () => {
    const gw = gateway([HTTP, HTTPS]);
    expect(check([gw, route([{ name: 'edge', namespace: 'infra', sectionName: 'https' }])])).toEqual([]);
    expect(check([gw, route([{ name: 'edge', namespace: 'infra', port: 443 }])])).toEqual([]);
    const redirect = route([{ name: 'edge', namespace: 'infra', sectionName: 'http' }], [{ filters: [{ type: 'RequestRedirect', requestRedirect: { scheme: 'https', statusCode: 301 } }] }]);
    expect(check([gw, redirect])).toEqual([]);
  });

  test('accepts a route whose Gateway is not in the input, or whose HTTP listener does not admit it', () => {
    expect(check(route([{ name: 'edge', namespace: 'infra' }]))).toEqual([]);
    // Listeners admit routes of their own namespace only by default.
    const same = gateway([{ name: 'http', protocol: 'HTTP', port: 80 }]);
    expect(check([same, route([{ name: 'edge', namespace: 'infra' }])])).toEqual([]);
    const kinds = gateway([{ ...HTTP, allowedRoutes: { namespaces: { from: 'All' }, kinds: [{ kind: 'GRPCRoute' }] } }]);
    expect(check([kinds, route([{ name: 'edge', namespace: 'infra' }])])).toEqual([]);
  });

  test('reports a route without sectionName on a Gateway with an HTTP listener', () => {
    const findings = check([gateway([HTTP, HTTPS]), route([{ name: 'edge', namespace: 'infra' }])]);
    expect(ruleIds(findings)).toEqual(['CS321']);
    expect(single(findings, 'CS321')).toMatchObject({
      severity: Severity.ERROR,
      path: 'spec.parentRefs[0]',
      message: 'parentRef 0 attaches the route to listener "http" (port 80) of Gateway infra/edge, of protocol HTTP: the route is served without TLS',
      object: { kind: 'HTTPRoute', name: 'web', namespace: 'prod' },
    });
  });

  test('honours sectionName and the route namespace as the default Gateway namespace', () => {
    const local = gateway([{ name: 'plain', protocol: 'HTTP', port: 8080 }, HTTPS], 'prod');
    const findings = of(check([local, route([{ name: 'edge', sectionName: 'https' }, { name: 'edge', sectionName: 'plain' }])]), 'CS321');
    expect(findings.map(f => [f.path, f.message])).toEqual([
      ['spec.parentRefs[1]', 'parentRef 1 attaches the route to listener "plain" (port 8080) of Gateway prod/edge, of protocol HTTP: the route is served without TLS'],
    ]);
  });

  test('a suppression on the route accepts it', () => {
    const obj = withSuppressions(route([{ name: 'edge', namespace: 'infra', sectionName: 'http' }]), [{ ruleId: 'CS321', reason: REASON }]);
    const findings = check([gateway([HTTP]), obj]);
    expect(single(findings, 'CS321').suppressed).toEqual({ reason: REASON, expires: undefined });
    expect(of(findings, 'CS001')).toEqual([]);
    expect(of(findings, 'CS003')).toEqual([]);
  });
});

const service = (spec: Obj): Obj => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'web', namespace: 'prod' },
  spec: { selector: { 'app.kubernetes.io/name': 'web' }, ports: [{ port: 80, targetPort: 8080 }], ...spec },
});

describe('CS322 Service with externalIPs', () => {
  test('accepts a ClusterIP Service and an empty list', () => {
    expect(check(service({}))).toEqual([]);
    expect(check(service({ externalIPs: [] }))).toEqual([]);
  });

  test('reports the addresses', () => {
    const findings = check(service({ externalIPs: ['203.0.113.10', '203.0.113.11'] }));
    expect(ruleIds(findings)).toEqual(['CS322']);
    expect(single(findings, 'CS322')).toMatchObject({
      severity: Severity.ERROR,
      path: 'spec.externalIPs',
      message: 'the Service claims externalIPs "203.0.113.10", "203.0.113.11"',
      object: { kind: 'Service', name: 'web', namespace: 'prod' },
    });
  });

  test('a suppression accepts it', () => {
    expectSuppressed(service({ externalIPs: ['203.0.113.10'] }), 'CS322');
  });
});
