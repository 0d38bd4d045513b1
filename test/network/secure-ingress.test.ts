// SecureIngress: the emitted Ingress field by field (TLS), the NetworkPolicy opened to the controller, zero
// findings, valid objects, and every bad input as a coded error naming path, value and fix.
import { Chart, Testing, Yaml } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { allowFlowsIngress, errorOf, expectValidExposure, shop } from './_exposure';
import { HealthChecks, SecureDeployment, SecureIngress, SecureIngressProps, SecurityChecks, Suppressions } from '../../src';
import { Severity } from '../../src/checks/finding';

function ingress(props: Partial<SecureIngressProps> = {}) {
  const s = shop();
  const ing = new SecureIngress(s.chart, 'web', { backend: s.api, service: s.service, hosts: ['shop.example.com'], tls: { secretName: 'shop-tls' }, ...props });
  const objects = Testing.synth(s.chart);
  return { ...s, ing, objects, obj: objects.find((o: any) => o.kind === 'Ingress') };
}

describe('SecureIngress: defaults', () => {
  const { chart, objects, obj, ing } = ingress();

  test('a networking.k8s.io/v1 Ingress in the backend\'s namespace, class nginx, routing / to the Service port', () => {
    expect(obj.apiVersion).toBe('networking.k8s.io/v1');
    expect(obj.metadata.namespace).toBe('shop');
    expect(obj.spec.ingressClassName).toBe('nginx');
    expect(obj.spec.rules).toEqual([{
      host: 'shop.example.com',
      http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: objects.find((o: any) => o.kind === 'Service').metadata.name, port: { number: 80 } } } }] },
    }]);
  });

  test('TLS: every host listed in spec.tls with the Secret of its namespace', () => {
    expect(obj.spec.tls).toEqual([{ hosts: ['shop.example.com'], secretName: 'shop-tls' }]);
    expect(ing.tlsSecretName).toBe('shop-tls');
    expect(obj.metadata.annotations).toBeUndefined();
  });

  test('the backend admits the ingress-nginx controller pods on the target port 8080 only', () => {
    expect(allowFlowsIngress(objects)).toEqual([{
      from: [{
        namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } },
        podSelector: { matchLabels: { 'app.kubernetes.io/name': 'ingress-nginx', 'app.kubernetes.io/component': 'controller' } },
      }],
      ports: [{ port: 8080, protocol: 'TCP' }],
    }]);
  });

  test('zero findings and valid objects', () => {
    expect(SecurityChecks.findings(chart).filter(f => f.severity !== Severity.INFO)).toEqual([]);
    expectValidExposure(objects);
  });

  test('shape', () => {
    expect(Yaml.stringify(obj)).toMatchSnapshot();
  });
});

describe('SecureIngress: options', () => {
  test('cert-manager ClusterIssuer: the annotation and a generated Secret name', () => {
    const { obj, ing, chart, objects } = ingress({ tls: { certManagerClusterIssuer: 'letsencrypt-prod' } });
    expect(obj.metadata.annotations).toEqual({ 'cert-manager.io/cluster-issuer': 'letsencrypt-prod' });
    expect(obj.spec.tls).toEqual([{ hosts: ['shop.example.com'], secretName: `${obj.metadata.name}-tls` }]);
    expect(ing.tlsSecretName).toBe(`${obj.metadata.name}-tls`);
    expect(SecurityChecks.findings(chart).filter(f => f.severity !== Severity.INFO)).toEqual([]);
    expectValidExposure(objects);
  });

  test('cert-manager Issuer of the namespace', () => {
    const { obj } = ingress({ tls: { certManagerIssuer: 'shop-ca' } });
    expect(obj.metadata.annotations).toEqual({ 'cert-manager.io/issuer': 'shop-ca' });
    expect(obj.spec.tls[0].secretName).toBe(`${obj.metadata.name}-tls`);
  });

  test('a Secret construct of the same namespace', () => {
    const s = shop();
    const secret = new kplus.Secret(s.chart, 'cert', { type: 'kubernetes.io/tls' });
    const ing = new SecureIngress(s.chart, 'web', { backend: s.api, service: s.service, hosts: ['shop.example.com'], tls: { secret } });
    expect(ing.tlsSecretName).toBe(secret.name);
  });

  test('several hosts and a wildcard, all covered by TLS; class, path and controller as given', () => {
    const { obj, objects, chart } = ingress({
      hosts: ['shop.example.com', '*.shop.example.com'],
      path: '/api',
      ingressClassName: 'internal',
      controller: { namespace: 'edge', podLabels: { 'app.kubernetes.io/name': 'traefik' } },
    });
    expect(obj.spec.ingressClassName).toBe('internal');
    expect(obj.spec.tls).toEqual([{ hosts: ['shop.example.com', '*.shop.example.com'], secretName: 'shop-tls' }]);
    expect(obj.spec.rules.map((r: any) => [r.host, r.http.paths[0].path])).toEqual([['shop.example.com', '/api'], ['*.shop.example.com', '/api']]);
    expect(allowFlowsIngress(objects)[0].from).toEqual([{
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'edge' } },
      podSelector: { matchLabels: { 'app.kubernetes.io/name': 'traefik' } },
    }]);
    expect(SecurityChecks.findings(chart).filter(f => f.severity !== Severity.INFO)).toEqual([]);
    expectValidExposure(objects);
  });

  test('plain HTTP with a suppression of CS320: no spec.tls, the reason in the manifest, reported as suppressed', () => {
    const reason = 'internal lab host, TLS terminated by the corporate proxy';
    const { obj, chart } = ingress({ tls: undefined, suppressions: [{ ruleId: 'CS320', reason }] });
    expect(obj.spec.tls).toBeUndefined();
    expect(JSON.parse(obj.metadata.annotations[Suppressions.ANNOTATION])).toEqual([{ ruleId: 'CS320', reason, scope: 'shop/web' }]);
    const cs320 = SecurityChecks.findings(chart).filter(f => f.ruleId === 'CS320');
    expect(cs320.map(f => f.suppressed?.reason)).toEqual([reason]);
  });

  test('a Service with several ports: port picks one, and its target port is what opens', () => {
    const s = shop();
    const service = new kplus.Service(s.chart, 'svc2', { ports: [{ port: 80, targetPort: 8080 }, { port: 9090 }] });
    service.select(s.api);
    new SecureIngress(s.chart, 'web', { backend: s.api, service, port: 9090, hosts: ['metrics.example.com'], tls: { secretName: 'm-tls' } });
    const objects = Testing.synth(s.chart);
    expect(allowFlowsIngress(objects)[0].ports).toEqual([{ port: 9090, protocol: 'TCP' }]);
    expect(objects.find((o: any) => o.kind === 'Ingress').spec.rules[0].http.paths[0].backend.service.port).toEqual({ number: 9090 });
  });
});

describe('SecureIngress: bad input', () => {
  const make = (props: Partial<SecureIngressProps>) => () => ingress(props);

  test.each([
    ['a host with an underscore', { hosts: ['shop_example.com'] }, 'CSE331', 'hosts entry "shop_example.com" is not a host name'],
    ['an upper-case host', { hosts: ['Shop.example.com'] }, 'CSE331', 'hosts entry "Shop.example.com" is not a host name'],
    ['a host with a port', { hosts: ['shop.example.com:443'] }, 'CSE331', 'hosts entry "shop.example.com:443" is not a host name'],
    ['an IP address', { hosts: ['10.0.0.1'] }, 'CSE331', 'hosts entry "10.0.0.1" is not a host name (an IP address is not allowed)'],
    ['a wildcard inside a name', { hosts: ['shop.*.example.com'] }, 'CSE331', 'hosts entry "shop.*.example.com" is not a host name'],
    ['a bare wildcard', { hosts: ['*'] }, 'CSE331', 'hosts entry "*" is not a host name'],
    ['no hosts', { hosts: [] }, 'CSE331', 'hosts is empty'],
    ['a host twice', { hosts: ['a.example.com', 'a.example.com'] }, 'CSE331', 'hosts lists "a.example.com" twice'],
    ['no TLS and no suppression', { tls: undefined }, 'CSE330', 'no tls was given, so shop.example.com would be served over plain HTTP'],
    ['two TLS sources', { tls: { secretName: 'a', certManagerClusterIssuer: 'b' } }, 'CSE330', 'tls gives secretName and certManagerClusterIssuer'],
    ['an empty tls', { tls: {} }, 'CSE330', 'tls gives no certificate source'],
    ['a bad issuer name', { tls: { certManagerClusterIssuer: 'Lets Encrypt' } }, 'CSE330', 'tls.certManagerClusterIssuer "Lets Encrypt" is not an object name'],
    ['a Secret of another namespace', { tls: { secretName: 'other-ns/secret' } }, 'CSE332', 'tls.secretName "other-ns/secret" names a Secret of another namespace'],
    ['a bad Secret name', { tls: { secretName: 'Shop TLS' } }, 'CSE332', 'tls.secretName "Shop TLS" is not an object name'],
    ['a relative path', { path: 'api' }, 'CSE337', 'path "api" is not a URL path prefix'],
    ['a path with a dot segment', { path: '/a/../b' }, 'CSE337', 'path "/a/../b" is not a URL path prefix'],
    ['a bad ingress class', { ingressClassName: 'NGINX' }, 'CSE336', 'ingressClassName "NGINX" is not an object name'],
    ['an empty controller namespace', { controller: { namespace: '' } }, 'CSE333', 'controller namespace "" is not a namespace name'],
    ['an empty namespace label value', { controller: { namespaceLabels: { team: '' } } }, 'CSE333', 'controller namespaceLabels team="" is not a non-empty label value'],
    ['a namespace label naming another namespace', { controller: { namespaceLabels: { 'kubernetes.io/metadata.name': 'other' } } }, 'CSE333', 'controller namespaceLabels set kubernetes.io/metadata.name=other but the namespace is ingress-nginx; no namespace has both names'],
    ['an invalid pod label key', { controller: { podLabels: { 'bad key': 'x' } } }, 'CSE333', 'controller podLabels key "bad key" is not a valid label key'],
    ['an invalid pod label value', { controller: { podLabels: { app: 'a b' } } }, 'CSE333', 'controller podLabels app="a b" is not a non-empty label value'],
    ['In with no values', { controller: { podExpressions: [kplus.LabelExpression.in('app', [])] } }, 'CSE333', 'controller podExpressions app In has no values, so it matches no pod'],
    ['an empty pod selector', { controller: { podLabels: {} } }, 'CSE333', 'the controller pod selector is empty, so every pod of namespace ingress-nginx would be let in'],
    ['a port the Service lacks', { port: 443 }, 'CSE335', 'port 443 is not a port of service shop/api/Service'],
  ])('throws when given %s', (_name, props, code, text) => {
    const e = errorOf(make(props as Partial<SecureIngressProps>));
    expect(e.code).toBe(code);
    expect(e.constructPath).toBe('shop/web');
    expect(e.message).toContain(`[shop/web] ${code} SecureIngress: ${text}`);
  });

  test('throws when the TLS Secret construct is in another namespace, naming both', () => {
    const s = shop();
    const other = new Chart(s.app, 'other', { namespace: 'certs' });
    const secret = new kplus.Secret(other, 'cert', { type: 'kubernetes.io/tls' });
    const e = errorOf(() => new SecureIngress(s.chart, 'web', { backend: s.api, service: s.service, hosts: ['shop.example.com'], tls: { secret } }));
    expect(e.message).toBe(`[shop/web] CSE332 SecureIngress: tls.secret ${secret.name} is in namespace certs but the Ingress is in shop; an Ingress reads its certificate only from its own namespace. `
      + 'Create the Secret in the Ingress\'s namespace (the backend\'s chart), or let cert-manager issue it there (tls.certManagerClusterIssuer).');
  });

  test('throws when the backend is a plain cdk8s-plus workload', () => {
    const s = shop();
    const plain = new kplus.Deployment(s.chart, 'plain', { containers: [{ image: 'nginx:1.27.3', portNumber: 8080 }] });
    const e = errorOf(() => new SecureIngress(s.chart, 'web', { backend: plain, service: s.service, hosts: ['shop.example.com'], tls: { secretName: 't' } }));
    expect(e.message).toBe('[shop/web] CSE334 SecureIngress: backend "shop/plain" is not a secure workload of this library, so its NetworkPolicy cannot be opened to the controller. '
      + 'Pass a SecureDeployment, SecureStatefulSet, SecureDaemonSet or IsolatedBackend (or build the workload with one of them).');
  });

  test('throws when the backend has meshAuthorization and no controller.serviceAccount names the controller in the mesh', () => {
    const chart = new Chart(Testing.app(), 'shop', { namespace: 'shop' });
    const api = new SecureDeployment(chart, 'api', { owner: 't', meshAuthorization: true, containers: [{ image: 'ghcr.io/acme/api:1.4.2', portNumber: 8080, healthChecks: HealthChecks.http({ port: 8080 }) }] });
    const e = errorOf(() => new SecureIngress(chart, 'web', { backend: api, service: api.exposeViaService(), hosts: ['shop.example.com'], tls: { secretName: 't' } }));
    expect(e.code).toBe('CSE338');
    expect(e.message).toContain('[shop/web] CSE338 SecureIngress: backend shop/api has meshAuthorization, and its Istio AuthorizationPolicy admits the controller only by mesh identity');
    expect(e.message).toContain("controller: { serviceAccount: 'ingress-nginx' }");
  });

  test('throws when the Service does not select the backend', () => {
    const s = shop();
    const stray = new kplus.Service(s.chart, 'stray', { ports: [{ port: 80, targetPort: 8080 }] });
    stray.selectLabel('app', 'other');
    const e = errorOf(() => new SecureIngress(s.chart, 'web', { backend: s.api, service: stray, hosts: ['shop.example.com'], tls: { secretName: 't' } }));
    expect(e.code).toBe('CSE335');
    expect(e.message).toContain('service shop/stray selects {"app":"other"}, which the backend\'s pods do not all carry, so it does not front backend shop/api');
  });

  test('throws when the Service targets a port the backend does not declare', () => {
    const s = shop();
    const svc = new kplus.Service(s.chart, 'svc3', { ports: [{ port: 80, targetPort: 8443 }] });
    svc.select(s.api);
    const e = errorOf(() => new SecureIngress(s.chart, 'web', { backend: s.api, service: svc, hosts: ['shop.example.com'], tls: { secretName: 't' } }));
    expect(e.message).toContain('CSE335 SecureIngress: service port 80 targets port 8443, which no container of backend shop/api declares (it declares TCP 8080, TCP 9090)');
  });

  test('throws when the Service is in another namespace than the backend', () => {
    const s = shop();
    const other = new Chart(s.app, 'other', { namespace: 'elsewhere' });
    const svc = new kplus.Service(other, 'svc', { ports: [{ port: 80, targetPort: 8080 }] });
    const e = errorOf(() => new SecureIngress(s.chart, 'web', { backend: s.api, service: svc, hosts: ['shop.example.com'], tls: { secretName: 't' } }));
    expect(e.message).toContain('CSE335 SecureIngress: service other/svc is in namespace elsewhere but backend shop/api is in shop');
  });

  test('a suppression with a short reason is refused (CSE001)', () => {
    const e = errorOf(make({ tls: undefined, suppressions: [{ ruleId: 'CS320', reason: 'lab' }] }));
    expect(e.code).toBe('CSE001');
  });
});
