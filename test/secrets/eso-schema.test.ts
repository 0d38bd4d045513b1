// The ESO v1 schema check itself (test/schema/eso-schema.mjs): it must reject what the API server would.
import { esoSchema } from './_helpers';

const valid = () => ({
  apiVersion: 'external-secrets.io/v1',
  kind: 'ExternalSecret',
  metadata: { name: 'db', namespace: 'shop' },
  spec: {
    secretStoreRef: { name: 'aws', kind: 'SecretStore' },
    refreshInterval: '1h',
    target: { name: 'db', creationPolicy: 'Owner', deletionPolicy: 'Retain' },
    data: [{ secretKey: 'url', remoteRef: { key: 'prod/database/url' } }],
  },
});

test('accepts a valid ExternalSecret', () => {
  expect(esoSchema([valid()])).toEqual({ status: 0, checked: 1, problems: [], stderr: '' });
});

test('lists every problem: old version, missing required field, bad enum, unknown field, bad name, namespace on a cluster-scoped kind', () => {
  const es: any = valid();
  es.apiVersion = 'external-secrets.io/v1beta1';
  delete es.spec.data[0].secretKey;
  es.spec.target.creationPolicy = 'Owned';
  es.spec.data[0].remoteRef.propery = 'url';
  es.metadata.name = 'DB';
  const css = {
    apiVersion: 'external-secrets.io/v1',
    kind: 'ClusterSecretStore',
    metadata: { name: 'shared', namespace: 'shop' },
    spec: { provider: { aws: { service: 'SecretManager', region: 'eu-central-1' } } },
  };
  const res = esoSchema([es, css]);
  expect(res.status).toBe(1);
  expect(res.problems).toEqual([
    'ExternalSecret/DB: apiVersion "external-secrets.io/v1beta1" is not external-secrets.io/v1',
    'ExternalSecret/DB: schema: /apiVersion must be equal to one of the allowed values (external-secrets.io/v1)',
    'ExternalSecret/DB: schema: /spec/data/0 must have required property secretKey',
    'ExternalSecret/DB: schema: /spec/target/creationPolicy must be equal to one of the allowed values (Owner, Orphan, Merge, None)',
    'ExternalSecret/DB: unknown field spec.data[0].remoteRef.propery',
    'ExternalSecret/DB: metadata.name "DB" is not a DNS subdomain',
    'ClusterSecretStore/shared: schema: /spec/provider/aws/service must be equal to one of the allowed values (SecretsManager, ParameterStore)',
    'ClusterSecretStore/shared: a ClusterSecretStore is cluster-scoped but has metadata.namespace',
  ]);
});

test('rejects kinds it has no v1 schema for, and bad input', () => {
  expect(esoSchema([{ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'x' } }]).problems).toEqual([
    'Secret/x: apiVersion "v1" is not external-secrets.io/v1',
    'Secret/x: kind "Secret" is not one of ExternalSecret, ClusterExternalSecret, SecretStore, ClusterSecretStore',
  ]);
  const res = esoSchema({} as any);
  expect(res.status).toBe(2);
  expect(res.stderr).toBe('eso-schema: the input must be a JSON array of objects\n');
});
