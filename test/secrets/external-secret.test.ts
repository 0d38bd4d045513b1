import { ApiObject, Chart, Duration, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { awsStore, errorOf, expectAllValid, ofKind, shopChart } from './_helpers';
import {
  ClusterSecretStore, ExternalSecretCreationPolicy, ExternalSecretDeletionPolicy, ExternalSecretRef, ExternalSecretRefreshPolicy,
  HealthChecks, SecretStore, SecretStoreProvider, SecureDeployment, SecurityChecks,
} from '../../src';

const IMAGE = 'ghcr.io/acme/backend:1.4.2@sha256:3f1e0c2b9a7d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7';

function guide() {
  const chart = shopChart();
  const store = awsStore(chart);
  const db = new ExternalSecretRef(chart, 'database', {
    store,
    data: [{ secretKey: 'url', remoteRef: { key: 'prod/database/url' } }],
  });
  return { chart, store, db };
}

describe('ExternalSecretRef default output', () => {
  const { chart, store, db } = guide();
  const [es] = ofKind(chart, 'ExternalSecret');

  test('emits external-secrets.io/v1 (never v1beta1), in the chart namespace', () => {
    expect(es.apiVersion).toBe('external-secrets.io/v1');
    expect(es.kind).toBe('ExternalSecret');
    expect(es.metadata.namespace).toBe('shop');
    expect(es.metadata.name).toBe(db.apiObject.name);
  });

  test('references the store by name and kind', () => {
    expect(es.spec.secretStoreRef).toEqual({ name: store.storeName, kind: 'SecretStore' });
  });

  test('maps secretKey <- remoteRef.key', () => {
    expect(es.spec.data).toEqual([{ secretKey: 'url', remoteRef: { key: 'prod/database/url' } }]);
    expect(es.spec.dataFrom).toBeUndefined();
  });

  test('refreshes every hour; refreshPolicy is left to ESO (Periodic)', () => {
    expect(es.spec.refreshInterval).toBe('1h');
    expect(es.spec.refreshPolicy).toBeUndefined();
  });

  test('target: named after the ExternalSecret, creationPolicy Owner, deletionPolicy Retain', () => {
    expect(es.spec.target).toEqual({ name: es.metadata.name, creationPolicy: 'Owner', deletionPolicy: 'Retain' });
    expect(db.secretName).toBe(es.metadata.name);
    expect(db.secret.name).toBe(es.metadata.name);
    expect(db.secretKeys).toEqual(['url']);
  });

  test('the L1 child has id Resource, so ApiObject.of finds it', () => {
    expect(ApiObject.of(db)).toBe(db.apiObject);
    expect(db.apiObject.node.id).toBe('Resource');
  });

  test('emits nothing else (the volume and secret reference are not objects)', () => {
    expect(Testing.synth(chart).map((o: any) => o.kind).sort()).toEqual(['ExternalSecret', 'SecretStore']);
  });

  test('zero checker findings', () => {
    expect(SecurityChecks.findings(chart)).toEqual([]);
  });

  test('every object validates against its schema (ESO v1 from @kubernetes-models/external-secrets 2.x)', () => {
    expectAllValid(Testing.synth(chart));
  });

  test('shape snapshot', () => {
    expect(es).toMatchSnapshot();
  });
});

describe('ExternalSecretRef options', () => {
  test('property and version of a remote secret, whole-secret extraction, target name, policies', () => {
    const chart = shopChart();
    new ExternalSecretRef(chart, 'api', {
      store: awsStore(chart),
      data: [
        { secretKey: 'username', remoteRef: { key: 'prod/api', property: 'username' } },
        { secretKey: 'password', remoteRef: { key: 'prod/api', property: 'password', version: 'AWSPREVIOUS' } },
      ],
      dataFrom: [{ extract: { key: 'prod/api-extra', version: 'AWSCURRENT' } }],
      refreshInterval: Duration.minutes(90),
      refreshPolicy: ExternalSecretRefreshPolicy.PERIODIC,
      targetName: 'api-credentials',
      creationPolicy: ExternalSecretCreationPolicy.OWNER,
      deletionPolicy: ExternalSecretDeletionPolicy.DELETE,
      metadata: { labels: { 'app.kubernetes.io/name': 'api' } },
    });
    const [es] = ofKind(chart, 'ExternalSecret');
    expect(es.metadata.labels).toEqual({ 'app.kubernetes.io/name': 'api' });
    expect(es.spec).toEqual({
      secretStoreRef: { name: expect.any(String), kind: 'SecretStore' },
      refreshInterval: '1h30m',
      refreshPolicy: 'Periodic',
      target: { name: 'api-credentials', creationPolicy: 'Owner', deletionPolicy: 'Delete' },
      data: [
        { secretKey: 'username', remoteRef: { key: 'prod/api', property: 'username' } },
        { secretKey: 'password', remoteRef: { key: 'prod/api', property: 'password', version: 'AWSPREVIOUS' } },
      ],
      dataFrom: [{ extract: { key: 'prod/api-extra', version: 'AWSCURRENT' } }],
    });
    expectAllValid(Testing.synth(chart));
  });

  test('dataFrom alone is enough', () => {
    const chart = shopChart();
    new ExternalSecretRef(chart, 'all', { store: awsStore(chart), dataFrom: [{ extract: { key: 'prod/database' } }] });
    const [es] = ofKind(chart, 'ExternalSecret');
    expect(es.spec.data).toBeUndefined();
    expect(es.spec.dataFrom).toEqual([{ extract: { key: 'prod/database' } }]);
    expectAllValid(Testing.synth(chart));
  });

  test.each([
    [Duration.seconds(45), '45s'],
    [Duration.minutes(15), '15m'],
    [Duration.hours(24), '24h'],
    [Duration.days(1), '24h'],
    [Duration.seconds(3661), '1h1m1s'],
  ])('refreshInterval %s is written as the Go duration %s', (interval, text) => {
    const chart = shopChart();
    new ExternalSecretRef(chart, 'db', { store: awsStore(chart), data: [{ secretKey: 'url', remoteRef: { key: 'k' } }], refreshInterval: interval });
    expect(ofKind(chart, 'ExternalSecret')[0].spec.refreshInterval).toBe(text);
  });

  test.each([ExternalSecretRefreshPolicy.ON_CHANGE, ExternalSecretRefreshPolicy.CREATED_ONCE])('refreshPolicy %s writes no refreshInterval', (policy) => {
    const chart = shopChart();
    new ExternalSecretRef(chart, 'db', { store: awsStore(chart), data: [{ secretKey: 'url', remoteRef: { key: 'k' } }], refreshPolicy: policy });
    const [es] = ofKind(chart, 'ExternalSecret');
    expect(es.spec.refreshPolicy).toBe(policy);
    expect(es.spec.refreshInterval).toBeUndefined();
    expectAllValid(Testing.synth(chart));
  });

  test('a ClusterSecretStore is referenced with kind ClusterSecretStore and no namespace clash', () => {
    const chart = shopChart();
    const store = new ClusterSecretStore(chart, 'shared', {
      provider: SecretStoreProvider.vault({ server: 'https://vault.example.com:8200', path: 'secret', role: 'shop' }),
      namespaces: ['shop'],
    });
    new ExternalSecretRef(chart, 'db', { store, data: [{ secretKey: 'url', remoteRef: { key: 'database', property: 'url' } }] });
    expect(ofKind(chart, 'ExternalSecret')[0].spec.secretStoreRef).toEqual({ name: store.storeName, kind: 'ClusterSecretStore' });
    expectAllValid(Testing.synth(chart));
  });

  test('an existing store by name', () => {
    const chart = shopChart();
    const ss = SecretStore.fromSecretStoreName(chart, 'existing', 'vault-backend');
    const css = ClusterSecretStore.fromClusterSecretStoreName(chart, 'existing-cluster', 'aws-shared');
    new ExternalSecretRef(chart, 'a', { store: ss, data: [{ secretKey: 'k', remoteRef: { key: 'a' } }] });
    new ExternalSecretRef(chart, 'b', { store: css, data: [{ secretKey: 'k', remoteRef: { key: 'b' } }] });
    expect(ofKind(chart, 'ExternalSecret').map(e => e.spec.secretStoreRef)).toEqual([
      { name: 'vault-backend', kind: 'SecretStore' },
      { name: 'aws-shared', kind: 'ClusterSecretStore' },
    ]);
  });
});

describe('handing the Secret to workloads', () => {
  test('as a read-only file volume in a SecureDeployment (preferred): mode 0440, readable through fsGroup', () => {
    const { chart, db } = guide();
    new SecureDeployment(chart, 'backend', {
      owner: 'team-shop',
      containers: [{ image: IMAGE, portNumber: 8080, healthChecks: HealthChecks.http({ port: 8080 }), volumeMounts: [db.volumeMount('/var/run/secrets/database')] }],
    });
    const [dep] = ofKind(chart, 'Deployment');
    const pod = dep.spec.template.spec;
    const volume = pod.volumes.find((v: any) => v.secret);
    expect(volume).toEqual({ name: db.volume.name, secret: { secretName: db.secretName, defaultMode: 0o440, optional: false } });
    expect(pod.containers[0].volumeMounts).toContainEqual({ name: db.volume.name, mountPath: '/var/run/secrets/database', readOnly: true });
    expect(pod.securityContext.fsGroup).toBe(65532);
    expect(pod.containers[0].env).toBeUndefined();
    expect(SecurityChecks.findings(chart)).toEqual([]);
    expectAllValid(Testing.synth(chart));
  });

  test('as env vars (secretKeyRef) in a SecureDeployment', () => {
    const { chart, db } = guide();
    new SecureDeployment(chart, 'worker', {
      owner: 'team-shop',
      containers: [{ image: IMAGE, healthChecks: HealthChecks.command(['/app/healthcheck']), envVariables: db.envVariables({ DATABASE_URL: 'url' }) }],
    });
    const [dep] = ofKind(chart, 'Deployment');
    expect(dep.spec.template.spec.containers[0].env).toEqual([
      { name: 'DATABASE_URL', valueFrom: { secretKeyRef: { name: db.secretName, key: 'url', optional: false } } },
    ]);
    expect(SecurityChecks.findings(chart)).toEqual([]);
    expectAllValid(Testing.synth(chart));
  });

  test('with plain cdk8s-plus containers: envValue, mount(container), mountInPod(deployment)', () => {
    const { chart, db } = guide();
    const dep = new kplus.Deployment(chart, 'plain', { securityContext: { fsGroup: 20000, user: 20000, group: 20000 } });
    const app = dep.addContainer({ name: 'app', image: IMAGE, envVariables: { DB_URL: db.envValue('url') } });
    db.mount(app, '/etc/db');
    const other = new kplus.Deployment(chart, 'other', { securityContext: { fsGroup: 20000, user: 20000, group: 20000 } });
    other.addContainer({ name: 'a', image: IMAGE });
    other.addContainer({ name: 'b', image: IMAGE });
    db.mountInPod(other, '/var/run/secrets/db');

    const [plain, second] = ofKind(chart, 'Deployment');
    const c = plain.spec.template.spec.containers[0];
    expect(c.env).toEqual([{ name: 'DB_URL', valueFrom: { secretKeyRef: { name: db.secretName, key: 'url', optional: false } } }]);
    expect(c.volumeMounts).toEqual([{ name: db.volume.name, mountPath: '/etc/db', readOnly: true }]);
    const secretVolume = { name: db.volume.name, secret: { secretName: db.secretName, defaultMode: 0o440, optional: false } };
    expect(plain.spec.template.spec.volumes).toEqual([secretVolume]);
    for (const k of second.spec.template.spec.containers) expect(k.volumeMounts).toEqual([{ name: db.volume.name, mountPath: '/var/run/secrets/db', readOnly: true }]);
    expectAllValid(Testing.synth(chart));
  });

  test('with dataFrom, any key can be used (the keys come from the remote secret)', () => {
    const chart = shopChart();
    const db = new ExternalSecretRef(chart, 'db', { store: awsStore(chart), dataFrom: [{ extract: { key: 'prod/database' } }] });
    expect(Object.keys(db.envVariables({ PGUSER: 'username', PGPASSWORD: 'password' }))).toEqual(['PGUSER', 'PGPASSWORD']);
  });

  test('defaultMode can be set (e.g. 0o400)', () => {
    const chart = shopChart();
    const db = new ExternalSecretRef(chart, 'db', { store: awsStore(chart), data: [{ secretKey: 'url', remoteRef: { key: 'k' } }], defaultMode: 0o400 });
    new SecureDeployment(chart, 'backend', {
      owner: 'team-shop',
      containers: [{ image: IMAGE, portNumber: 8080, healthChecks: HealthChecks.http({ port: 8080 }), volumeMounts: [db.volumeMount('/run/db')] }],
    });
    expect(ofKind(chart, 'Deployment')[0].spec.template.spec.volumes.find((v: any) => v.secret).secret.defaultMode).toBe(0o400);
  });

  test('fails at synth when a pod without fsGroup mounts the files, which its non-root process could not read', () => {
    const { chart, db } = guide();
    const dep = new kplus.Deployment(chart, 'nofsgroup', { securityContext: { user: 20000, group: 20000 } });
    db.mount(dep.addContainer({ name: 'app', image: IMAGE }), '/etc/db');
    expect(() => Testing.synth(chart)).toThrow(
      'test/database: CSE410 ExternalSecretRef: test/nofsgroup mounts the Secret, but the pod has no securityContext.fsGroup, so its non-root process cannot read the files (owned by root, mode 0o440). '
      + "Set the pod's fsGroup (SecureDeployment sets 65532 unless useImageUser is true), or pass defaultMode: 0o444.");
  });

  test('fails at synth when a pod in another namespace mounts the Secret', () => {
    const { chart, db } = guide();
    const billing = new Chart(chart.node.root, 'billing', { namespace: 'billing' });
    const dep = new kplus.Deployment(billing, 'api', { securityContext: { fsGroup: 20000, user: 20000, group: 20000 } });
    db.mount(dep.addContainer({ name: 'app', image: IMAGE }), '/etc/db');
    expect(() => Testing.synth(chart)).toThrow(
      'test/database: CSE409 ExternalSecretRef: billing/api (namespace billing) mounts the Secret, which is created in namespace shop; '
      + "a pod can only mount Secrets of its own namespace. Create the ExternalSecretRef in the pod's namespace.");
  });

  test('a SecureDeployment with useImageUser (no fsGroup) mounts a world-readable file mode', () => {
    const chart = shopChart();
    const store = awsStore(chart);
    const db = new ExternalSecretRef(chart, 'db', { store, data: [{ secretKey: 'url', remoteRef: { key: 'k' } }], defaultMode: 0o444 });
    new SecureDeployment(chart, 'backend', {
      owner: 'team-shop',
      useImageUser: true,
      containers: [{ image: IMAGE, portNumber: 8080, healthChecks: HealthChecks.http({ port: 8080 }), volumeMounts: [db.volumeMount('/run/db')] }],
    });
    expect(() => Testing.synth(chart)).not.toThrow();
  });

  test('mountInPod throws when the pod has no container yet', () => {
    const { chart, db } = guide();
    const dep = new kplus.Deployment(chart, 'empty', {});
    expect(errorOf(() => db.mountInPod(dep, '/etc/db')).message).toBe(
      '[test/database] CSE410 ExternalSecretRef: test/empty has no container to mount the Secret in yet. Call mountInPod() after adding the containers, or use mount(container, path).');
  });
});
