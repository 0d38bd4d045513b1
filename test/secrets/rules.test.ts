import { Checker, Finding, RuleCatalog, Severity } from '../../src';

type Obj = Record<string, any>;
const REASON = 'accepted by the platform team (ticket SEC-77)';
const SUPPRESSIONS = 'cdk8s-secure.io/suppressions';

const check = (...objects: Obj[]): Finding[] => new Checker().check(objects);
const of = (findings: Finding[], id: string) => findings.filter(f => f.ruleId === id);
const ids = (findings: Finding[]) => [...new Set(findings.map(f => f.ruleId))].sort();
const clone = <T>(o: T): T => JSON.parse(JSON.stringify(o));

function withSuppression(obj: Obj, ruleId: string): Obj {
  const copy = clone(obj);
  copy.metadata.annotations = { [SUPPRESSIONS]: JSON.stringify([{ ruleId, reason: REASON }]) };
  return copy;
}

/** The rule reports `obj`; suppressed, every finding stays reported with the reason and the suppression counts as used. */
function expectSuppressible(obj: Obj, ruleId: string): void {
  const before = of(check(obj), ruleId);
  expect(before.length).toBeGreaterThan(0);
  const after = check(withSuppression(obj, ruleId));
  expect(of(after, ruleId).map(f => f.suppressed)).toEqual(before.map(() => ({ reason: REASON, expires: undefined })));
  expect(ids(after).filter(id => id.startsWith('CS00'))).toEqual([]);
}

const externalSecret = (spec: Obj = { data: [{ secretKey: 'url', remoteRef: { key: 'prod/database/url' } }] }, apiVersion = 'external-secrets.io/v1'): Obj => ({
  apiVersion,
  kind: 'ExternalSecret',
  metadata: { name: 'db', namespace: 'shop' },
  spec: { secretStoreRef: { name: 'aws', kind: 'SecretStore' }, refreshInterval: '1h', target: { name: 'db' }, ...spec },
});
const store = (provider: Obj, kind = 'SecretStore', extra: Obj = {}, apiVersion = 'external-secrets.io/v1'): Obj => ({
  apiVersion, kind, metadata: kind === 'SecretStore' ? { name: 'store', namespace: 'shop' } : { name: 'store' }, spec: { ...extra, provider },
});
const IRSA = { aws: { service: 'SecretsManager', region: 'eu-central-1', auth: { jwt: { serviceAccountRef: { name: 'eso-reader' } } } } };
const LIMITED = { conditions: [{ namespaces: ['shop'] }] };
const clusterExternalSecret = (externalSecretSpec: Obj, apiVersion = 'external-secrets.io/v1'): Obj => ({
  apiVersion,
  kind: 'ClusterExternalSecret',
  metadata: { name: 'db' },
  spec: { namespaceSelectors: [{ matchLabels: { team: 'shop' } }], externalSecretSpec: { secretStoreRef: { name: 'aws', kind: 'ClusterSecretStore' }, ...externalSecretSpec } },
});

describe('rule metadata', () => {
  test.each(['CS403', 'CS404', 'CS405', 'CS406'])('%s is in the catalog with what, why, fix and references', (id) => {
    const r = RuleCatalog.find(id)!;
    expect(r).toBeDefined();
    expect(r.description.length).toBeGreaterThan(20);
    expect(r.rationale.length).toBeGreaterThan(20);
    expect(r.fix.length).toBeGreaterThan(10);
    expect(r.references.length).toBeGreaterThan(0);
  });

  test('severities', () => {
    expect(['CS401', 'CS402', 'CS403', 'CS404', 'CS405', 'CS406'].map(id => RuleCatalog.find(id)!.severity)).toEqual([
      Severity.ERROR, Severity.WARNING, Severity.ERROR, Severity.ERROR, Severity.WARNING, Severity.WARNING,
    ]);
  });
});

describe('CS403 External Secrets object on an API version that is no longer served', () => {
  test('accepts external-secrets.io/v1 objects of every kind', () => {
    expect(check(externalSecret(), store(IRSA), store(IRSA, 'ClusterSecretStore', LIMITED), clusterExternalSecret({ data: [{ secretKey: 'a', remoteRef: { key: 'a' } }] }))).toEqual([]);
  });

  test.each([
    ['ExternalSecret', () => externalSecret(undefined, 'external-secrets.io/v1beta1')],
    ['SecretStore', () => store(IRSA, 'SecretStore', {}, 'external-secrets.io/v1beta1')],
    ['ClusterSecretStore', () => store(IRSA, 'ClusterSecretStore', LIMITED, 'external-secrets.io/v1beta1')],
    ['ClusterExternalSecret', () => clusterExternalSecret({ data: [{ secretKey: 'a', remoteRef: { key: 'a' } }] }, 'external-secrets.io/v1beta1')],
  ])('reports a %s on v1beta1 as an error', (kind, make) => {
    const findings = check(make());
    expect(ids(findings)).toEqual(['CS403']);
    expect(of(findings, 'CS403')).toEqual([expect.objectContaining({
      severity: Severity.ERROR,
      path: 'apiVersion',
      message: `the ${kind} uses external-secrets.io/v1beta1, which External Secrets Operator no longer serves`,
    })]);
  });

  test('reports v1alpha1 too', () => {
    expect(of(check(externalSecret(undefined, 'external-secrets.io/v1alpha1')), 'CS403')[0].message).toBe(
      'the ExternalSecret uses external-secrets.io/v1alpha1, which External Secrets Operator no longer serves');
  });

  test('leaves kinds that are still v1alpha1 alone (PushSecret) and same-named kinds of other groups', () => {
    const push = { apiVersion: 'external-secrets.io/v1alpha1', kind: 'PushSecret', metadata: { name: 'p', namespace: 'shop' }, spec: {} };
    const other = { apiVersion: 'secrets.example.com/v1beta1', kind: 'ExternalSecret', metadata: { name: 'x', namespace: 'shop' }, spec: {} };
    expect(check(push, other)).toEqual([]);
  });

  test('a suppression accepts it', () => {
    expectSuppressible(externalSecret(undefined, 'external-secrets.io/v1beta1'), 'CS403');
  });
});

describe('CS404 ExternalSecret without data or dataFrom', () => {
  test('accepts data, dataFrom, or both', () => {
    expect(check(
      externalSecret(),
      externalSecret({ dataFrom: [{ extract: { key: 'prod/database' } }] }),
      externalSecret({ data: [{ secretKey: 'a', remoteRef: { key: 'a' } }], dataFrom: [{ find: { name: { regexp: '^db-' } } }] }),
    )).toEqual([]);
  });

  test.each([
    ['no data and no dataFrom', {}],
    ['empty lists', { data: [], dataFrom: [] }],
    ['null', { data: null }],
  ])('reports %s as an error', (_name, spec) => {
    const es = externalSecret({});
    Object.assign(es.spec, spec);
    const findings = check(es);
    expect(ids(findings)).toEqual(['CS404']);
    expect(of(findings, 'CS404')).toEqual([expect.objectContaining({
      severity: Severity.ERROR, path: 'spec', message: 'the ExternalSecret has neither data nor dataFrom, so it maps no secret',
    })]);
  });

  test('reports an ExternalSecret without spec', () => {
    expect(of(check({ apiVersion: 'external-secrets.io/v1', kind: 'ExternalSecret', metadata: { name: 'x', namespace: 'shop' } }), 'CS404')).toHaveLength(1);
  });

  test('reports the externalSecretSpec of a ClusterExternalSecret', () => {
    expect(of(check(clusterExternalSecret({})), 'CS404')).toEqual([expect.objectContaining({
      path: 'spec.externalSecretSpec', message: 'the ClusterExternalSecret has neither data nor dataFrom, so it maps no secret',
    })]);
  });

  test('a v1beta1 ExternalSecret without data gets both findings', () => {
    expect(ids(check(externalSecret({}, 'external-secrets.io/v1beta1')))).toEqual(['CS403', 'CS404']);
  });

  test('a suppression accepts it', () => {
    expectSuppressible(externalSecret({}), 'CS404');
  });
});

describe('CS405 secret store with a static credential', () => {
  test.each([
    ['AWS with IRSA', IRSA],
    ['AWS with the operator identity', { aws: { service: 'ParameterStore', region: 'eu-central-1' } }],
    ['Vault Kubernetes auth with a service account, CA from a Secret, mTLS client config', {
      vault: {
        server: 'https://vault',
        path: 'secret',
        version: 'v2',
        caProvider: { type: 'Secret', name: 'vault-ca', key: 'ca.crt' },
        auth: { kubernetes: { mountPath: 'kubernetes', role: 'shop', serviceAccountRef: { name: 'eso' } } },
      },
    }],
    ['GCP Workload Identity', { gcpsm: { projectID: 'acme-prod', auth: { workloadIdentity: { serviceAccountRef: { name: 'eso' } } } } }],
  ])('accepts %s', (_name, provider) => {
    expect(check(store(provider))).toEqual([]);
  });

  test.each([
    ['AWS access keys', { aws: { service: 'SecretsManager', region: 'eu-central-1', auth: { secretRef: { accessKeyIDSecretRef: { name: 'aws', key: 'id' }, secretAccessKeySecretRef: { name: 'aws', key: 'key' } } } } },
      'spec.provider.aws.auth.secretRef', 'aws', 'auth.secretRef'],
    ['a Vault token', { vault: { server: 'https://vault', path: 'secret', auth: { tokenSecretRef: { name: 'vault-token', key: 'token' } } } },
      'spec.provider.vault.auth.tokenSecretRef', 'vault', 'auth.tokenSecretRef'],
    ['a Vault AppRole', { vault: { server: 'https://vault', path: 'secret', auth: { appRole: { path: 'approle', roleId: 'r', secretRef: { name: 'approle', key: 'secret-id' } } } } },
      'spec.provider.vault.auth.appRole', 'vault', 'auth.appRole'],
    ['a long-lived service account token for Vault', { vault: { server: 'https://vault', path: 'secret', auth: { kubernetes: { mountPath: 'kubernetes', role: 'r', secretRef: { name: 'sa-token', key: 'token' } } } } },
      'spec.provider.vault.auth.kubernetes.secretRef', 'vault', 'auth.kubernetes.secretRef'],
    ['a GCP service account key', { gcpsm: { projectID: 'acme-prod', auth: { secretRef: { secretAccessKeySecretRef: { name: 'gcp', key: 'key.json' } } } } },
      'spec.provider.gcpsm.auth.secretRef', 'gcpsm', 'auth.secretRef'],
    ['an Azure client secret', { azurekv: { vaultUrl: 'https://kv.vault.azure.net', authSecretRef: { clientId: { name: 'az', key: 'id' }, clientSecret: { name: 'az', key: 'secret' } } } },
      'spec.provider.azurekv.authSecretRef', 'azurekv', 'authSecretRef'],
  ])('warns about %s, naming the field', (_name, provider, path, name, field) => {
    for (const kind of ['SecretStore', 'ClusterSecretStore']) {
      const findings = check(store(provider, kind, kind === 'ClusterSecretStore' ? LIMITED : {}));
      expect(ids(findings)).toEqual(['CS405']);
      expect(of(findings, 'CS405')).toEqual([expect.objectContaining({
        severity: Severity.WARNING,
        path,
        message: `the ${kind} authenticates to ${name} with a long-lived credential read from a Kubernetes Secret (${field})`,
      })]);
    }
  });

  test('a suppression accepts it', () => {
    expectSuppressible(store({ aws: { service: 'SecretsManager', region: 'eu-central-1', auth: { secretRef: { accessKeyIDSecretRef: { name: 'aws', key: 'id' } } } } }), 'CS405');
  });
});

describe('CS406 ClusterSecretStore usable from every namespace', () => {
  test.each([
    ['namespaces', [{ namespaces: ['shop'] }]],
    ['a namespaceSelector with labels', [{ namespaceSelector: { matchLabels: { team: 'shop' } } }]],
    ['a namespaceSelector with expressions', [{ namespaceSelector: { matchExpressions: [{ key: 'team', operator: 'In', values: ['shop'] }] } }]],
    ['namespaceRegexes', [{ namespaceRegexes: ['^shop-.*$'] }]],
  ])('accepts a store limited by %s', (_name, conditions) => {
    expect(check(store(IRSA, 'ClusterSecretStore', { conditions }))).toEqual([]);
  });

  test.each([
    ['no conditions', undefined],
    ['an empty list', []],
    ['empty conditions', [{}, { namespaces: [] }]],
    ['a selector that selects everything', [{ namespaceSelector: {} }, { namespaceSelector: { matchLabels: {} } }]],
  ])('warns about %s', (_name, conditions) => {
    const findings = check(store(IRSA, 'ClusterSecretStore', conditions === undefined ? {} : { conditions }));
    expect(ids(findings)).toEqual(['CS406']);
    expect(of(findings, 'CS406')).toEqual([expect.objectContaining({
      severity: Severity.WARNING,
      path: 'spec.conditions',
      message: 'the ClusterSecretStore is not limited to any namespace, so ExternalSecrets in every namespace may use it',
    })]);
  });

  test('a namespaced SecretStore needs no conditions', () => {
    expect(check(store(IRSA, 'SecretStore'))).toEqual([]);
  });

  test('a suppression accepts it', () => {
    expectSuppressible(store(IRSA, 'ClusterSecretStore'), 'CS406');
  });
});

describe('CS401 matches credential names in any case style', () => {
  const pod = (env: Obj[]): Obj => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', namespace: 'shop' },
    spec: { containers: [{ name: 'app', image: 'registry.example.com/app:1.0', env }] },
  });

  test.each(['stripeApiKey', 'dbPassword', 'spring.datasource.password', 'oauth-client-secret', 'githubToken'])('reports %s without its value', (name) => {
    const value = 'not-so-secret-value-1';
    const findings = of(check(pod([{ name, value }])), 'CS401');
    expect(findings.map(f => f.message)).toEqual([`container "app" sets env var ${name} to a literal value, and its name says it holds a credential`]);
    expect(JSON.stringify(findings)).not.toContain(value);
  });

  test.each(['dbPasswordFile', 'tlsKeyPath', 'apiKeyRef', 'keycloakUrl', 'monkeyBusiness'])('accepts %s', (name) => {
    expect(of(check(pod([{ name, value: 'abc' }])), 'CS401')).toEqual([]);
  });
});
