import { ApiObject, Testing } from 'cdk8s';
import { expectAllValid, shopChart } from './_helpers';
import { ClusterSecretStore, SecretStore, SecretStoreKind, SecretStoreProvider, SecurityChecks, Severity, Suppressions, VaultKvVersion } from '../../src';

const PEM = '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUQ1o=\n-----END CERTIFICATE-----\n';

/** Synthesizes one SecretStore with `provider` and returns its spec.provider. */
function providerJson(provider: SecretStoreProvider): any {
  const chart = shopChart();
  new SecretStore(chart, 'store', { provider });
  const objects = Testing.synth(chart);
  expectAllValid(objects);
  expect(SecurityChecks.findings(chart)).toEqual([]);
  return objects[0].spec.provider;
}

describe('SecretStore', () => {
  const chart = shopChart();
  const store = new SecretStore(chart, 'aws', {
    provider: SecretStoreProvider.awsSecretsManager({ region: 'eu-central-1', serviceAccountRef: { name: 'eso-reader' } }),
  });
  const [obj] = Testing.synth(chart);

  test('a namespaced external-secrets.io/v1 SecretStore in the chart namespace, child id Resource', () => {
    expect(obj.apiVersion).toBe('external-secrets.io/v1');
    expect(obj.kind).toBe('SecretStore');
    expect(obj.metadata).toEqual({ name: store.storeName, namespace: 'shop' });
    expect(store.storeKind).toBe(SecretStoreKind.SECRET_STORE);
    expect(ApiObject.of(store)).toBe(store.apiObject);
  });

  test('no conditions (they apply to ClusterSecretStores only) and no static credentials', () => {
    expect(Object.keys(obj.spec)).toEqual(['provider']);
    expect(JSON.stringify(obj)).not.toMatch(/secretRef|SecretRef|accessKey/);
  });

  test('shape snapshot', () => {
    expect(obj).toMatchSnapshot();
  });
});

describe('providers (no static credentials by default)', () => {
  test('AWS Secrets Manager with IRSA: service-account JWT auth, region, optional role', () => {
    expect(providerJson(SecretStoreProvider.awsSecretsManager({
      region: 'eu-central-1',
      serviceAccountRef: { name: 'eso-reader', audiences: ['sts.amazonaws.com'] },
      role: 'arn:aws:iam::123456789012:role/shop-secrets-reader',
    }))).toEqual({
      aws: {
        service: 'SecretsManager',
        region: 'eu-central-1',
        role: 'arn:aws:iam::123456789012:role/shop-secrets-reader',
        auth: { jwt: { serviceAccountRef: { name: 'eso-reader', audiences: ['sts.amazonaws.com'] } } },
      },
    });
  });

  test('AWS Parameter Store', () => {
    expect(providerJson(SecretStoreProvider.awsParameterStore({ region: 'us-gov-west-1', serviceAccountRef: { name: 'eso-reader' } }))).toEqual({
      aws: { service: 'ParameterStore', region: 'us-gov-west-1', auth: { jwt: { serviceAccountRef: { name: 'eso-reader' } } } },
    });
  });

  test('AWS without serviceAccountRef: the operator\'s own identity, still no auth.secretRef', () => {
    expect(providerJson(SecretStoreProvider.awsSecretsManager({ region: 'eu-central-1' }))).toEqual({ aws: { service: 'SecretsManager', region: 'eu-central-1' } });
  });

  test('HashiCorp Vault with Kubernetes auth: server, path, KV v2 by default, mount path, role, service account', () => {
    expect(providerJson(SecretStoreProvider.vault({
      server: 'https://vault.example.com:8200',
      path: 'secret',
      role: 'shop',
      serviceAccountRef: { name: 'eso-reader' },
    }))).toEqual({
      vault: {
        server: 'https://vault.example.com:8200',
        path: 'secret',
        version: 'v2',
        auth: { kubernetes: { mountPath: 'kubernetes', role: 'shop', serviceAccountRef: { name: 'eso-reader' } } },
      },
    });
  });

  test('Vault options: KV v1, auth mount path, Enterprise namespace, CA bundle (base64 of the PEM)', () => {
    expect(providerJson(SecretStoreProvider.vault({
      server: 'https://vault.internal',
      path: 'teams/shop',
      version: VaultKvVersion.V1,
      role: 'shop',
      mountPath: 'clusters/prod',
      namespace: 'shop',
      caBundle: PEM,
    }))).toEqual({
      vault: {
        server: 'https://vault.internal',
        path: 'teams/shop',
        version: 'v1',
        namespace: 'shop',
        caBundle: Buffer.from(PEM).toString('base64'),
        auth: { kubernetes: { mountPath: 'clusters/prod', role: 'shop' } },
      },
    });
  });

  test('GCP Secret Manager with Workload Identity: project, cluster location and name, service account', () => {
    expect(providerJson(SecretStoreProvider.gcpSecretManager({
      projectId: 'acme-prod',
      serviceAccountRef: { name: 'eso-reader' },
      clusterLocation: 'europe-west1',
      clusterName: 'prod',
      clusterProjectId: 'acme-infra',
    }))).toEqual({
      gcpsm: {
        projectID: 'acme-prod',
        auth: { workloadIdentity: { clusterLocation: 'europe-west1', clusterName: 'prod', clusterProjectID: 'acme-infra', serviceAccountRef: { name: 'eso-reader' } } },
      },
    });
  });

  test('GCP without serviceAccountRef: the operator\'s own Workload Identity; regional secrets', () => {
    expect(providerJson(SecretStoreProvider.gcpSecretManager({ projectId: 'acme-prod', location: 'europe-west1' }))).toEqual({
      gcpsm: { projectID: 'acme-prod', location: 'europe-west1' },
    });
  });

  test('providerName is the key under spec.provider', () => {
    expect([
      SecretStoreProvider.awsSecretsManager({ region: 'eu-central-1' }),
      SecretStoreProvider.awsParameterStore({ region: 'eu-central-1' }),
      SecretStoreProvider.vault({ server: 'https://v', path: 'secret', role: 'r' }),
      SecretStoreProvider.gcpSecretManager({ projectId: 'acme-prod' }),
    ].map(p => p.providerName)).toEqual(['aws', 'aws', 'vault', 'gcpsm']);
  });
});

describe('ClusterSecretStore', () => {
  const provider = SecretStoreProvider.awsSecretsManager({ region: 'eu-central-1', serviceAccountRef: { name: 'eso-reader', namespace: 'external-secrets' } });

  test('cluster-scoped (no namespace even in a namespaced chart), limited to namespaces by name', () => {
    const chart = shopChart();
    const store = new ClusterSecretStore(chart, 'shared', { provider, namespaces: ['shop', 'billing'] });
    const [obj] = Testing.synth(chart);
    expect(obj.kind).toBe('ClusterSecretStore');
    expect(obj.apiVersion).toBe('external-secrets.io/v1');
    expect(obj.metadata).toEqual({ name: store.storeName });
    expect(obj.spec.conditions).toEqual([{ namespaces: ['shop', 'billing'] }]);
    expect(obj.spec.provider.aws.auth.jwt.serviceAccountRef).toEqual({ name: 'eso-reader', namespace: 'external-secrets' });
    expect(store.storeKind).toBe(SecretStoreKind.CLUSTER_SECRET_STORE);
    expect(SecurityChecks.findings(chart)).toEqual([]);
    expectAllValid([obj]);
    expect(obj).toMatchSnapshot();
  });

  test('limited by namespace labels (namespaceSelector) and regexes: one condition each', () => {
    const chart = shopChart();
    new ClusterSecretStore(chart, 'shared', { provider, namespaceLabels: { 'team': 'shop', 'kubernetes.io/metadata.name': 'shop' }, namespaceRegexes: ['^shop-.*$'] });
    const [obj] = Testing.synth(chart);
    expect(obj.spec.conditions).toEqual([
      { namespaceSelector: { matchLabels: { 'team': 'shop', 'kubernetes.io/metadata.name': 'shop' } } },
      { namespaceRegexes: ['^shop-.*$'] },
    ]);
    expect(SecurityChecks.findings(chart)).toEqual([]);
    expectAllValid([obj]);
  });

  test('usable from every namespace only with a suppression of CS406 and its reason, which the checker reports', () => {
    const chart = shopChart();
    const reason = 'platform-wide store for public TLS bundles, read by every team';
    new ClusterSecretStore(chart, 'shared', { provider, suppressions: [{ ruleId: 'CS406', reason }] });
    const [obj] = Testing.synth(chart);
    expect(obj.spec.conditions).toBeUndefined();
    expect(JSON.parse(obj.metadata.annotations['cdk8s-secure.io/suppressions'])).toEqual([{ ruleId: 'CS406', reason, scope: 'test/shared' }]);
    const findings = SecurityChecks.findings(chart);
    expect(findings.map(f => [f.ruleId, f.severity, f.suppressed?.reason])).toEqual([['CS406', Severity.WARNING, reason]]);
    expectAllValid([obj]);
  });

  test('a suppression on a parent scope counts too', () => {
    const chart = shopChart();
    const reason = 'every namespace of this cluster belongs to one team';
    Suppressions.add(chart, { ruleId: 'CS406', reason });
    expect(() => new ClusterSecretStore(chart, 'shared', { provider })).not.toThrow();
  });
});
