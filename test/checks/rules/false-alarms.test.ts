/**
 * False alarms seen on real charts (issue #15), kept as regression tests: each case is what a public chart
 * renders, reduced to the fields that matter, next to the case that must still be reported.
 */
import { check, checkAlone, deployment, expectSuppressed, NAMESPACE, Obj, of, single } from './_fixtures';

const withEnv = (...env: Obj[]) => deployment(spec => { spec.containers[0].env = env; });
const cs401 = (...env: Obj[]) => of(check(withEnv(...env)), 'CS401');

describe('CS401: dependent env var references and key=value lists are not credentials', () => {
  test.each<[string, string]>([
    ['DB_PASSWORD', '$(POSTGRES_PASSWORD)'],
    ['SPRING_DATASOURCE_PASSWORD', '$(DB_PASS)'],
    ['DATABASE_URL', 'postgres://app:$(DB_PASSWORD)@db.prod.svc:5432/app'],
    ['REDIS_URL', 'redis://:$(REDIS_PASSWORD)@redis-master:6379/0'],
    ['API_TOKEN', '$(TOKEN_PREFIX)$(TOKEN_BODY)'],
    ['AUTH_HEADER_SECRET', 'Bearer $(ACCESS_TOKEN)'],
  ])('accepts %s = %s (a $(VAR) reference to another env var)', (name, value) => {
    expect(cs401({ name, value })).toEqual([]);
  });

  test.each<[string, string]>([
    ['OTEL_RESOURCE_ATTRIBUTES', 'service.name=checkout,service.namespace=Shop,deployment.environment=Production,k8s.cluster.name=eu1Prod42'],
    ['OTEL_RESOURCE_ATTRIBUTES', 'service.name=$(OTEL_SERVICE_NAME),k8s.pod.name=$(K8S_POD_NAME),k8s.namespace.name=$(K8S_NAMESPACE)'],
    ['JAVA_OPTS_PROPERTIES', 'spring.profiles.active=Prod2024,server.port=8080;management.port=9090'],
    ['OTEL_EXPORTER_OTLP_HEADERS', 'x-tenant=TeamA42,x-region=euWest1'],
  ])('accepts %s = %s (a key=value list of settings)', (name, value) => {
    expect(cs401({ name, value })).toEqual([]);
  });

  test('still reports a literal credential inside a key=value list, naming the key', () => {
    const findings = cs401({ name: 'OTEL_EXPORTER_OTLP_HEADERS', value: 'x-tenant=a,api-key=k3f9a1c77e2b04d6aZQ8' });
    expect(findings).toHaveLength(1);
    expect(findings[0].message).toBe('container "app" sets env var OTEL_EXPORTER_OTLP_HEADERS to a literal value, and its entry api-key: its name says it holds a credential');
  });

  test('still reports a literal password next to a reference', () => {
    const findings = cs401({ name: 'DATABASE_URL', value: 'postgres://$(DB_USER):hunter2hunter2@db:5432/app' });
    expect(findings.map(f => f.message)).toEqual(['container "app" sets env var DATABASE_URL to a literal value, and its value looks like a URL with an embedded password']);
  });

  test('a reference does not hide a known key format around it', () => {
    expect(cs401({ name: 'AWS_CREDS', value: '$(PREFIX)AKIAIOSFODNN7EXAMPLE' })).toHaveLength(1);
  });
});

describe('CS402: a Secret whose values are all empty holds no data', () => {
  const secret = (fields: Obj) => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'placeholder', namespace: NAMESPACE }, type: 'Opaque', ...fields });

  test.each<[string, Obj]>([
    ['empty data values', { data: { password: '', token: '' } }],
    ['empty stringData values', { stringData: { password: '' } }],
    ['null values', { data: { password: null } }],
    ['both empty', { data: { a: '' }, stringData: { b: '' } }],
  ])('accepts %s (a placeholder a controller fills)', (_name, fields) => {
    expect(of(check(secret(fields)), 'CS402')).toEqual([]);
  });

  test('reports only the keys that hold a value', () => {
    const f = single(check(secret({ data: { empty: '', password: 'aHVudGVyMg==' } })), 'CS402');
    expect(f.message).toBe('the Secret holds literal data (keys: password)');
  });

  test('a suppression with a reason keeps the finding, marked suppressed', () => {
    expectSuppressed(secret({ stringData: { password: 'hunter2' } }), 'CS402');
  });
});

describe('CS405: Azure workload identity stores that read only client and tenant ids', () => {
  const store = (azurekv: Obj) => ({
    apiVersion: 'external-secrets.io/v1',
    kind: 'SecretStore',
    metadata: { name: 'azure', namespace: NAMESPACE },
    spec: { provider: { azurekv: { vaultUrl: 'https://kv-prod.vault.azure.net', ...azurekv } } },
  });
  const ref = (key: string) => ({ name: 'azure-ids', key });

  test('accepts WorkloadIdentity with clientId and tenantId read from a Secret', () => {
    const obj = store({ authType: 'WorkloadIdentity', serviceAccountRef: { name: 'eso' }, authSecretRef: { clientId: ref('ClientID'), tenantId: ref('TenantID') } });
    expect(of(check(obj), 'CS405')).toEqual([]);
  });

  test('still reports a client secret or certificate in authSecretRef', () => {
    for (const extra of [{ clientSecret: ref('ClientSecret') }, { clientCertificate: ref('cert') }]) {
      const obj = store({ authType: 'ServicePrincipal', authSecretRef: { clientId: ref('ClientID'), tenantId: ref('TenantID'), ...extra } });
      expect(of(check(obj), 'CS405').map(f => f.path)).toEqual(['spec.provider.azurekv.authSecretRef']);
    }
  });

  test('a suppression with a reason keeps the finding, marked suppressed', () => {
    expectSuppressed(store({ authSecretRef: { clientId: ref('ClientID'), clientSecret: ref('ClientSecret') } }), 'CS405');
  });
});

describe('CS211: the ServiceAccount in the input turns automount off', () => {
  const sa = (name: string, automount?: boolean, namespace = NAMESPACE): Obj => ({
    apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace }, ...(automount === undefined ? {} : { automountServiceAccountToken: automount }),
  });
  const unset = () => deployment(spec => { delete spec.automountServiceAccountToken; });

  test('accepts a pod that leaves it unset when its ServiceAccount sets false, before or after the pod', () => {
    expect(of(check([sa('web', false), unset()]), 'CS211')).toEqual([]);
    expect(of(check([unset(), sa('web', false)]), 'CS211')).toEqual([]);
  });

  test('the pod\'s own true wins over the ServiceAccount', () => {
    const obj = deployment(spec => { spec.automountServiceAccountToken = true; });
    expect(single(check([sa('web', false), obj]), 'CS211').message).toBe('the pod sets automountServiceAccountToken: true');
  });

  test.each<[string, Obj[]]>([
    ['no ServiceAccount in the input', []],
    ['a ServiceAccount that does not turn it off', [sa('web')]],
    ['a ServiceAccount that sets true', [sa('web', true)]],
    ['a ServiceAccount of another name', [sa('api', false)]],
    ['a ServiceAccount of that name in another namespace', [sa('web', false, 'staging')]],
  ])('still reports an unset pod with %s', (_name, others) => {
    expect(single(check([...others, unset()]), 'CS211')).toMatchObject({
      path: 'spec.template.spec.automountServiceAccountToken',
      message: 'the pod does not set automountServiceAccountToken: false',
    });
  });

  test('a pod without serviceAccountName uses the ServiceAccount "default"', () => {
    const obj = deployment(spec => { delete spec.automountServiceAccountToken; delete spec.serviceAccountName; });
    expect(of(check([sa('default', false), obj]), 'CS211')).toEqual([]);
  });

  test('a suppression with a reason keeps the finding, marked suppressed', () => {
    expectSuppressed(unset(), 'CS211');
  });
});

describe('CS304: pods that operator custom resources create', () => {
  const policy = (matchLabels: Obj): Obj => ({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: 'db', namespace: NAMESPACE },
    spec: { podSelector: { matchLabels }, policyTypes: ['Ingress'], ingress: [{ from: [{ podSelector: { matchLabels: { app: 'web' } } }] }] },
  });
  const cr = (apiVersion: string, kind: string, name: string, spec: Obj, labels?: Obj): Obj => ({
    apiVersion, kind, metadata: { name, namespace: NAMESPACE, ...(labels ? { labels } : {}) }, spec,
  });

  test.each<[string, Obj, Obj]>([
    ['a label map in the resource\'s spec (podMetadata)', { prometheus: 'k8s' },
      cr('monitoring.coreos.com/v1', 'Prometheus', 'k8s', { podMetadata: { labels: { prometheus: 'k8s' } } })],
    ['the resource\'s pod template', { app: 'rollout-web' },
      cr('argoproj.io/v1alpha1', 'Rollout', 'web', { template: { metadata: { labels: { app: 'rollout-web' } }, spec: { containers: [] } } })],
    ['the resource name as app.kubernetes.io/instance', { 'app.kubernetes.io/instance': 'orders-db' },
      cr('postgresql.cnpg.io/v1', 'Cluster', 'orders-db', { instances: 3 })],
    ['the resource name under its kind (prometheus-operator)', { alertmanager: 'main' },
      cr('monitoring.coreos.com/v1', 'Alertmanager', 'main', { replicas: 3 })],
    ['the resource\'s own labels', { team: 'data', tier: 'db' },
      cr('acid.zalan.do/v1', 'postgresql', 'orders', { numberOfInstances: 2 }, { team: 'data', tier: 'db' })],
  ])('accepts a policy whose pods come from %s', (_name, matchLabels, resource) => {
    expect(of(checkAlone([policy(matchLabels), resource]), 'CS304')).toEqual([]);
    expect(of(checkAlone([resource, policy(matchLabels)]), 'CS304')).toEqual([]);
  });

  test('still reports a policy no workload or custom resource matches', () => {
    const resource = cr('monitoring.coreos.com/v1', 'Prometheus', 'k8s', { podMetadata: { labels: { prometheus: 'k8s' } } });
    expect(of(checkAlone([policy({ prometheus: 'other' }), resource]), 'CS304')).toHaveLength(1);
  });

  test('built-in kinds without pods and custom resources of other namespaces do not count', () => {
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'db', namespace: NAMESPACE, labels: { app: 'db' } }, data: {} };
    const other = { ...cr('postgresql.cnpg.io/v1', 'Cluster', 'db', {}), metadata: { name: 'db', namespace: 'staging', labels: { app: 'db' } } };
    expect(of(checkAlone([policy({ app: 'db' }), cm, other]), 'CS304')).toHaveLength(1);
  });
});

describe('CS301: host-network pods are not isolated by NetworkPolicy', () => {
  test('a host-network workload selected by a default deny is still reported, at hostNetwork', () => {
    const f = single(check(deployment(spec => { spec.hostNetwork = true; })), 'CS301');
    expect(f).toMatchObject({
      path: 'spec.template.spec.hostNetwork',
      message: 'the pods use the host network: NetworkPolicies do not isolate host-network pods under most network plugins (they share the node\'s network namespace)',
    });
  });

  test('hostNetwork: false is covered as before', () => {
    expect(of(check(deployment(spec => { spec.hostNetwork = false; })), 'CS301')).toEqual([]);
  });

  test('a suppression with a reason keeps the finding, marked suppressed', () => {
    expectSuppressed(deployment(spec => { spec.hostNetwork = true; }), 'CS301');
  });
});
