// The guide's secrets scenario (examples/secrets): zero findings, valid objects, the expected wiring.
import { Testing } from 'cdk8s';
import { expectAllValid } from './_helpers';
import { SecretsChart } from '../../examples/secrets/chart';
import { SecurityChecks } from '../../src';

const chart = new SecretsChart(Testing.app(), 'secrets');
const objects = Testing.synth(chart);
const byKind = (kind: string) => objects.filter((o: any) => o.kind === kind);

test('the example chart has zero checker findings (not even suppressed ones)', () => {
  expect(SecurityChecks.findings(chart)).toEqual([]);
});

test('every emitted object validates against its schema', () => {
  expectAllValid(objects);
});

test('the database URL comes from AWS Secrets Manager key prod/database/url, refreshed hourly, through IRSA', () => {
  const [store] = byKind('SecretStore');
  expect(store.spec.provider).toEqual({
    aws: { service: 'SecretsManager', region: 'eu-central-1', auth: { jwt: { serviceAccountRef: { name: 'eso-reader' } } } },
  });
  const [es] = byKind('ExternalSecret');
  expect(es.apiVersion).toBe('external-secrets.io/v1');
  expect(es.spec).toMatchObject({
    secretStoreRef: { name: store.metadata.name, kind: 'SecretStore' },
    refreshInterval: '1h',
    data: [{ secretKey: 'url', remoteRef: { key: 'prod/database/url' } }],
    target: { creationPolicy: 'Owner', deletionPolicy: 'Retain' },
  });
  const sa = byKind('ServiceAccount').find((o: any) => o.metadata.name === 'eso-reader');
  expect(sa.metadata.annotations).toEqual({ 'eks.amazonaws.com/role-arn': 'arn:aws:iam::123456789012:role/shop-secrets-reader' });
});

test('the backend reads it from a read-only file; the worker from an env var', () => {
  const [es] = byKind('ExternalSecret');
  const secretName = es.spec.target.name;
  const [backend, worker] = byKind('Deployment').map((d: any) => d.spec.template.spec);
  const volume = backend.volumes.find((v: any) => v.secret);
  expect(volume.secret).toEqual({ secretName, defaultMode: 0o440, optional: false });
  expect(backend.containers[0].volumeMounts).toContainEqual({ name: volume.name, mountPath: '/var/run/secrets/database', readOnly: true });
  expect(backend.containers[0].env).toEqual([{ name: 'DATABASE_URL_FILE', value: '/var/run/secrets/database/url' }]);
  expect(worker.containers[0].env).toEqual([{ name: 'DATABASE_URL', valueFrom: { secretKeyRef: { name: secretName, key: 'url', optional: false } } }]);
  expect(worker.volumes.some((v: any) => v.secret)).toBe(false);
});

test('no secret value and no v1beta1 anywhere in the manifests', () => {
  const text = JSON.stringify(objects);
  expect(text).not.toContain('v1beta1');
  expect(objects.filter((o: any) => o.kind === 'Secret')).toEqual([]);
});

test('shape', () => {
  expect(objects.map((o: any) => `${o.apiVersion} ${o.kind}`)).toMatchSnapshot();
});
