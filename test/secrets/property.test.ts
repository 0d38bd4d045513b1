/**
 * Whatever props a user passes, the constructors either throw a clear SecureError (CSE4xx, naming the
 * construct path) or emit objects with zero checker findings that validate against the ESO v1 schema
 * (checked in one batch at the end: the schema runs in a separate Node process).
 */
import { Chart, Duration, Testing } from 'cdk8s';
import * as fc from 'fast-check';
import { esoSchema } from './_helpers';
import {
  ClusterSecretStore, ExternalSecretCreationPolicy, ExternalSecretDeletionPolicy, ExternalSecretRef, ExternalSecretRefreshPolicy,
  ISecretStore, SecretStore, SecretStoreProvider, SecurityChecks, VaultKvVersion,
} from '../../src';

function mostly<T>(usual: fc.Arbitrary<T>, rare: fc.Arbitrary<T>): fc.Arbitrary<T> {
  return fc.oneof({ arbitrary: usual, weight: 5 }, { arbitrary: rare, weight: 1 });
}
const maybe = <T>(a: fc.Arbitrary<T>) => fc.oneof(fc.constant(undefined), a);

const secretKey = mostly(fc.constantFrom('url', 'password', 'db.user', 'tls-crt', 'API_KEY'), fc.constantFrom('', 'a/b', 'with space', '..', 'ключ'));
const remoteKey = mostly(fc.constantFrom('prod/database/url', 'prod/api', '/shop/db', 'db'), fc.constantFrom('', ' '));
const remoteRef = fc.record({
  key: remoteKey,
  property: maybe(mostly(fc.constantFrom('url', 'password'), fc.constant(''))),
  version: maybe(mostly(fc.constantFrom('AWSCURRENT', '3'), fc.constant(' '))),
});
const region = mostly(fc.constantFrom('eu-central-1', 'us-east-1', 'ap-southeast-2', 'us-gov-west-1'), fc.constantFrom('', 'EU', 'eu-central'));
const saName = mostly(fc.constantFrom('eso-reader', 'external-secrets'), fc.constantFrom('', 'ESO', 'a b'));
const saRef = maybe(fc.record({ name: saName, namespace: maybe(mostly(fc.constantFrom('external-secrets'), fc.constant('Bad_NS'))) }));
const provider = fc.oneof(
  fc.record({ kind: fc.constant('aws'), region, saRef, role: maybe(mostly(fc.constant('arn:aws:iam::123456789012:role/reader'), fc.constant('reader'))), parameterStore: fc.boolean() }),
  fc.record({
    kind: fc.constant('vault'),
    server: mostly(fc.constantFrom('https://vault.example.com:8200', 'https://vault'), fc.constantFrom('http://vault:8200', 'vault', 'https://u:p@vault')),
    path: mostly(fc.constantFrom('secret', 'kv/teams'), fc.constantFrom('/secret', '', 'a//b')),
    role: mostly(fc.constant('shop'), fc.constant('')),
    saRef,
    v1: fc.boolean(),
  }),
  fc.record({ kind: fc.constant('gcp'), projectId: mostly(fc.constantFrom('acme-prod', 'shop-12345'), fc.constantFrom('Acme', 'ab')), saRef, clusterName: maybe(fc.constantFrom('prod', 'Prod')) }),
);

const props = fc.record({
  provider,
  cluster: fc.boolean(),
  namespaces: maybe(fc.array(mostly(fc.constantFrom('shop', 'billing'), fc.constant('Shop')), { maxLength: 2 })),
  suppressCs406: fc.boolean(),
  data: fc.array(fc.record({ secretKey, remoteRef }), { maxLength: 3 }),
  dataFrom: fc.array(fc.record({ extract: remoteRef }), { maxLength: 2 }),
  refreshSeconds: maybe(mostly(fc.integer({ min: 1, max: 7 * 86400 }), fc.constantFrom(0, 0.5))),
  refreshPolicy: maybe(fc.constantFrom(...Object.values(ExternalSecretRefreshPolicy))),
  creationPolicy: maybe(fc.constantFrom(...Object.values(ExternalSecretCreationPolicy))),
  deletionPolicy: maybe(fc.constantFrom(...Object.values(ExternalSecretDeletionPolicy))),
  targetName: maybe(mostly(fc.constantFrom('db', 'backend-database'), fc.constant('DB'))),
  defaultMode: maybe(fc.integer({ min: 0, max: 0o1000 })),
  envName: mostly(fc.constantFrom('DATABASE_URL', '_X', 'a1'), fc.constantFrom('1X', 'A-B', '')),
});
type Props = typeof props extends fc.Arbitrary<infer T> ? T : never;

function storeProvider(p: Props['provider']): SecretStoreProvider {
  switch (p.kind) {
    case 'aws': {
      const options = { region: p.region, serviceAccountRef: p.saRef, role: p.role };
      return p.parameterStore ? SecretStoreProvider.awsParameterStore(options) : SecretStoreProvider.awsSecretsManager(options);
    }
    case 'vault':
      return SecretStoreProvider.vault({
        server: p.server, path: p.path, role: p.role, serviceAccountRef: p.saRef, version: p.v1 ? VaultKvVersion.V1 : undefined,
      });
    default:
      return SecretStoreProvider.gcpSecretManager({ projectId: p.projectId, serviceAccountRef: p.saRef, clusterName: p.clusterName });
  }
}

function build(p: Props): Chart {
  const chart = new Chart(Testing.app(), 'test', { namespace: 'shop' });
  const store: ISecretStore = p.cluster
    ? new ClusterSecretStore(chart, 'store', {
      provider: storeProvider(p.provider),
      namespaces: p.namespaces,
      suppressions: p.suppressCs406 ? [{ ruleId: 'CS406', reason: 'shared by every team in a property test' }] : undefined,
    })
    : new SecretStore(chart, 'store', { provider: storeProvider(p.provider) });
  const es = new ExternalSecretRef(chart, 'db', {
    store,
    data: p.data,
    dataFrom: p.dataFrom,
    refreshInterval: p.refreshSeconds === undefined ? undefined : Duration.millis(p.refreshSeconds * 1000),
    refreshPolicy: p.refreshPolicy,
    creationPolicy: p.creationPolicy,
    deletionPolicy: p.deletionPolicy,
    targetName: p.targetName,
    defaultMode: p.defaultMode,
  });
  const key = p.data[0]?.secretKey ?? 'url';
  es.envVariables({ [p.envName]: key });
  es.volumeMount('/var/run/secrets/db');
  return chart;
}

test('valid props give clean, schema-valid output; invalid props throw a CSE4xx SecureError', () => {
  const emitted: any[] = [];
  let accepted = 0;
  let rejected = 0;
  fc.assert(fc.property(props, (p) => {
    let chart: Chart;
    try {
      chart = build(p);
    } catch (e) {
      const err = e as { name?: string; code?: string; message: string };
      expect(err.name).toBe('SecureError');
      expect(err.code).toMatch(/^CSE(4\d\d|001)$/);
      expect(err.message).toMatch(/^\[test\/(store|db)\] CSE\d{3} (SecretStore|ClusterSecretStore|ExternalSecretRef|Suppressions): /);
      rejected++;
      return;
    }
    accepted++;
    const findings = SecurityChecks.findings(chart).filter(f => !f.suppressed);
    expect(findings).toEqual([]);
    emitted.push(...Testing.synth(chart));
  }), { numRuns: 300, seed: 4242 });
  expect(accepted).toBeGreaterThan(10);
  expect(rejected).toBeGreaterThan(10);
  const res = esoSchema(emitted);
  expect({ status: res.status, problems: res.problems }).toEqual({ status: 0, problems: [] });
  expect(res.checked).toBe(emitted.length);
});
