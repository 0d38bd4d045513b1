import { Duration } from 'cdk8s';
import { awsStore, errorOf, shopChart } from './_helpers';
import {
  ClusterSecretStore, ExternalSecretCreationPolicy, ExternalSecretDeletionPolicy, ExternalSecretRef, ExternalSecretRefProps,
  ExternalSecretRefreshPolicy, SecretStore, SecretStoreProvider,
} from '../../src';

const URL_DATA = [{ secretKey: 'url', remoteRef: { key: 'prod/database/url' } }];

function externalSecret(props: Partial<ExternalSecretRefProps>) {
  const chart = shopChart();
  return new ExternalSecretRef(chart, 'db', { store: awsStore(chart), data: URL_DATA, ...props });
}

/** Every bad input throws at construction: stable code, construct path, the value received, and the fix. */
describe('ExternalSecretRef bad input', () => {
  test.each<[string, Partial<ExternalSecretRefProps>, string, string]>([
    ['neither data nor dataFrom', { data: [], dataFrom: [] }, 'CSE401',
      'neither data nor dataFrom is given, so the Secret would be empty (the ESO webhook rejects such an ExternalSecret). '
      + "Map at least one key: data: [{ secretKey: 'url', remoteRef: { key: 'prod/database/url' } }], or extract a whole secret: dataFrom: [{ extract: { key: 'prod/database' } }]."],
    ['deletionPolicy Delete with creationPolicy Orphan', { deletionPolicy: ExternalSecretDeletionPolicy.DELETE, creationPolicy: ExternalSecretCreationPolicy.ORPHAN }, 'CSE402',
      'deletionPolicy Delete needs creationPolicy Owner (got Orphan): the operator would delete a Secret it does not own. Use creationPolicy Owner, or deletionPolicy Retain.'],
    ['deletionPolicy Delete with creationPolicy Merge', { deletionPolicy: ExternalSecretDeletionPolicy.DELETE, creationPolicy: ExternalSecretCreationPolicy.MERGE }, 'CSE402',
      'deletionPolicy Delete needs creationPolicy Owner (got Merge): the operator would delete a Secret it does not own. Use creationPolicy Owner, or deletionPolicy Retain.'],
    ['deletionPolicy Delete with creationPolicy None', { deletionPolicy: ExternalSecretDeletionPolicy.DELETE, creationPolicy: ExternalSecretCreationPolicy.NONE }, 'CSE402',
      'deletionPolicy Delete needs creationPolicy Owner (got None): the operator would delete a Secret it does not own. Use creationPolicy Owner, or deletionPolicy Retain.'],
    ['deletionPolicy Merge with creationPolicy None', { deletionPolicy: ExternalSecretDeletionPolicy.MERGE, creationPolicy: ExternalSecretCreationPolicy.NONE }, 'CSE402',
      'deletionPolicy Merge cannot be used with creationPolicy None (the ESO webhook rejects it). Use deletionPolicy Retain, or another creationPolicy.'],
    ['a duplicate secretKey', { data: [...URL_DATA, { secretKey: 'url', remoteRef: { key: 'prod/database/replica-url' } }] }, 'CSE403',
      'data[1].secretKey "url" is used twice, so one value would silently overwrite the other. Give every data entry its own secretKey.'],
    ['a zero refresh interval', { refreshInterval: Duration.seconds(0) }, 'CSE404',
      'refreshInterval 0s is not a positive whole number of seconds (0 would stop refreshing, so a rotated secret would never arrive). '
      + 'Use e.g. Duration.hours(1); for a Secret that is written once, use refreshPolicy: ExternalSecretRefreshPolicy.CREATED_ONCE.'],
    ['a sub-second refresh interval', { refreshInterval: Duration.millis(500) }, 'CSE404', 'refreshInterval 500ms is not a positive whole number of seconds'],
    ['a fractional refresh interval', { refreshInterval: Duration.millis(1500) }, 'CSE404', 'refreshInterval 1500ms is not a positive whole number of seconds'],
    ['a refresh interval with a non-periodic refreshPolicy', { refreshInterval: Duration.hours(1), refreshPolicy: ExternalSecretRefreshPolicy.CREATED_ONCE }, 'CSE404',
      'refreshInterval is set, but refreshPolicy CreatedOnce never refreshes periodically. Leave refreshInterval out, or use refreshPolicy Periodic.'],
    ['a secretKey with a slash', { data: [{ secretKey: 'db/url', remoteRef: { key: 'k' } }] }, 'CSE406',
      'data[0].secretKey "db/url" is not a valid Secret key. Use letters, digits, "-", "_" and "." (at most 253), e.g. "url" or "db-password".'],
    ['an empty secretKey', { data: [{ secretKey: '', remoteRef: { key: 'k' } }] }, 'CSE406', 'data[0].secretKey "" is not a valid Secret key'],
    ['an empty remote key', { data: [{ secretKey: 'url', remoteRef: { key: ' ' } }] }, 'CSE407',
      "data[0].remoteRef.key is empty. Give the key (name or path) of the secret in the secret manager, e.g. 'prod/database/url'."],
    ['an empty property', { data: [{ secretKey: 'url', remoteRef: { key: 'k', property: '' } }] }, 'CSE407',
      'data[0].remoteRef.property is empty. Leave property out, or give a non-empty value.'],
    ['an empty extract key', { data: [], dataFrom: [{ extract: { key: '' } }] }, 'CSE407', 'dataFrom[0].extract.key is empty'],
    ['an invalid target name', { targetName: 'Database_URL' }, 'CSE408',
      'targetName "Database_URL" is not a valid Secret name. Use a DNS subdomain name (lower-case letters, digits, "-" and "."), e.g. "backend-database".'],
    ['an invalid metadata.name', { metadata: { name: 'DB' } }, 'CSE408', 'metadata.name "DB" is not a valid name'],
    ['a defaultMode with write bits', { defaultMode: 0o644 }, 'CSE410',
      'defaultMode 0o644 has write bits, but Secret volumes are read-only. Use 0o440 (or 0o400).'],
    ['a defaultMode out of range', { defaultMode: 0o1000 }, 'CSE410', 'defaultMode 512 is not a file mode. Use an octal mode from 0o000 to 0o777, e.g. 0o440.'],
  ])('throws when given %s', (_name, props, code, detail) => {
    const err = errorOf(() => externalSecret(props));
    expect(err.code).toBe(code);
    expect(err.constructPath).toBe('test/db');
    expect(err.message.startsWith(`[test/db] ${code} ExternalSecretRef: ${detail}`)).toBe(true);
  });

  test('throws when the SecretStore is in another namespace', () => {
    const chart = shopChart();
    const store = new SecretStore(chart, 'aws', {
      provider: SecretStoreProvider.awsSecretsManager({ region: 'eu-central-1' }),
      metadata: { namespace: 'billing' },
    });
    expect(errorOf(() => new ExternalSecretRef(chart, 'db', { store, data: URL_DATA })).message).toBe(
      `[test/db] CSE409 ExternalSecretRef: the SecretStore ${store.storeName} is in namespace "billing", but the ExternalSecret is in "shop"; a SecretStore serves only its own namespace. `
      + 'Put both in the same namespace, or use a ClusterSecretStore that allows this namespace.');
  });

  test('throws when the ClusterSecretStore does not allow the namespace', () => {
    const chart = shopChart();
    const store = new ClusterSecretStore(chart, 'shared', { provider: SecretStoreProvider.awsSecretsManager({ region: 'eu-central-1' }), namespaces: ['billing'] });
    expect(errorOf(() => new ExternalSecretRef(chart, 'db', { store, data: URL_DATA })).message).toBe(
      `[test/db] CSE409 ExternalSecretRef: the ClusterSecretStore ${store.storeName} allows only the namespaces billing, not "shop". Add "shop" to the store's namespaces, or use another store.`);
  });

  test.each([
    ['1DATABASE_URL'], ['DATABASE-URL'], ['DATABASE URL'], [''], ['DB=URL'], ['ÄPFEL'],
  ])('throws when an env var name is not an identifier: %j', (name) => {
    const db = externalSecret({});
    expect(errorOf(() => db.envVariables({ [name]: 'url' })).message).toBe(
      `[test/db] CSE405 ExternalSecretRef: env var name ${JSON.stringify(name)} is not a valid identifier. Use letters, digits and "_", not starting with a digit (e.g. "DATABASE_URL").`);
  });

  test('throws when a key is not one the Secret has', () => {
    const db = externalSecret({});
    expect(errorOf(() => db.envValue('password')).message).toBe(
      '[test/db] CSE406 ExternalSecretRef: the Secret has no key "password" (its keys: url). Use one of the secretKeys of data, or add a data entry for it.');
    expect(errorOf(() => db.envVariables({ DATABASE_URL: 'db url' })).code).toBe('CSE406');
  });

  test.each([['var/run/db'], ['/'], ['/var/../etc'], ['']])('throws when a mount path is not absolute: %j', (p) => {
    const db = externalSecret({});
    expect(errorOf(() => db.volumeMount(p)).message).toBe(
      `[test/db] CSE410 ExternalSecretRef: mount path ${JSON.stringify(p)} is not an absolute path below /. Use a directory of its own, e.g. "/var/run/secrets/database".`);
  });
});

describe('SecretStore / ClusterSecretStore bad input', () => {
  const store = (provider: SecretStoreProvider) => new SecretStore(shopChart(), 'store', { provider });
  const cluster = (props: any) => new ClusterSecretStore(shopChart(), 'store', { provider: SecretStoreProvider.awsSecretsManager({ region: 'eu-central-1' }), ...props });

  test.each<[string, () => unknown, string, string]>([
    ['an AWS region that is not one', () => store(SecretStoreProvider.awsSecretsManager({ region: 'Frankfurt' })), 'CSE420',
      'SecretStore: region "Frankfurt" is not an AWS region. Use a region code such as "eu-central-1" or "us-east-1".'],
    ['a role that is not an IAM role ARN', () => store(SecretStoreProvider.awsParameterStore({ region: 'eu-central-1', role: 'reader' })), 'CSE420',
      'SecretStore: role "reader" is not an IAM role ARN. Use arn:aws:iam::<12-digit account>:role/<name>.'],
    ['a Vault server over plain http', () => store(SecretStoreProvider.vault({ server: 'http://vault:8200', path: 'secret', role: 'shop' })), 'CSE421',
      'SecretStore: server "http://vault:8200" is not https, so the service account token and every secret would cross the network unencrypted. Use an https:// URL (pass caBundle for a private CA).'],
    ['a Vault server that is not a URL', () => store(SecretStoreProvider.vault({ server: 'vault', path: 'secret', role: 'shop' })), 'CSE421',
      'SecretStore: server "vault" is not a URL. Use the https:// URL of the Vault server, e.g. "https://vault.example.com:8200".'],
    ['a Vault URL with credentials', () => store(SecretStoreProvider.vault({ server: 'https://admin:hunter2@vault', path: 'secret', role: 'shop' })), 'CSE421',
      'SecretStore: server "https://***@vault" embeds credentials in its URL. Remove the user info from the URL; Vault authenticates with the Kubernetes auth method.'],
    ['a Vault path with a leading slash', () => store(SecretStoreProvider.vault({ server: 'https://vault', path: '/secret', role: 'shop' })), 'CSE421',
      'SecretStore: path "/secret" is not a Vault mount path. Give the path without leading or trailing "/", e.g. "secret".'],
    ['an empty Vault role', () => store(SecretStoreProvider.vault({ server: 'https://vault', path: 'secret', role: '' })), 'CSE421', 'SecretStore: role "" is not a Vault role name'],
    ['a caBundle that is not PEM', () => store(SecretStoreProvider.vault({ server: 'https://vault', path: 'secret', role: 'r', caBundle: 'abc' })), 'CSE421',
      'SecretStore: caBundle is not a PEM certificate. Pass the PEM text of the CA certificate(s), starting with -----BEGIN CERTIFICATE-----.'],
    ['a GCP project id that is not one', () => store(SecretStoreProvider.gcpSecretManager({ projectId: 'Acme Prod' })), 'CSE422',
      'SecretStore: projectId "Acme Prod" is not a Google Cloud project id. Use the 6-30 character project id (lower-case letters, digits, "-"), e.g. "acme-prod".'],
    ['GKE cluster fields without a service account', () => store(SecretStoreProvider.gcpSecretManager({ projectId: 'acme-prod', clusterName: 'prod' })), 'CSE422',
      'SecretStore: clusterLocation, clusterName and clusterProjectId only apply to Workload Identity with a serviceAccountRef. '
      + 'Pass serviceAccountRef (the Kubernetes ServiceAccount bound to a Google service account), or leave the cluster fields out.'],
    ['a service account in another namespace on a SecretStore', () => store(SecretStoreProvider.awsSecretsManager({ region: 'eu-central-1', serviceAccountRef: { name: 'eso', namespace: 'ops' } })), 'CSE423',
      'SecretStore: serviceAccountRef.namespace is set to "ops", but a SecretStore can only use service accounts of its own namespace. Leave serviceAccountRef.namespace out, or use a ClusterSecretStore.'],
    ['an invalid service account name', () => store(SecretStoreProvider.gcpSecretManager({ projectId: 'acme-prod', serviceAccountRef: { name: 'ESO Reader' } })), 'CSE423',
      'SecretStore: serviceAccountRef.name "ESO Reader" is not a valid ServiceAccount name. Use a DNS subdomain name (lower-case letters, digits, "-" and ".").'],
    ['empty audiences', () => store(SecretStoreProvider.awsSecretsManager({ region: 'eu-central-1', serviceAccountRef: { name: 'eso', audiences: [] } })), 'CSE423',
      'SecretStore: serviceAccountRef.audiences must hold at least one non-empty audience'],
    ['a ClusterSecretStore usable from every namespace', () => cluster({}), 'CSE424',
      'ClusterSecretStore: the store is not limited to any namespace, so ExternalSecrets in every namespace could read every secret its identity can read. '
      + "Pass namespaces, namespaceLabels or namespaceRegexes; or, for a store every team may use, pass suppressions: [{ ruleId: 'CS406', reason: '<why every namespace may use it>' }]."],
    ['a CS406 suppression on a limited store', () => cluster({ namespaces: ['shop'], suppressions: [{ ruleId: 'CS406', reason: 'shared by every team of the cluster' }] }), 'CSE424',
      'ClusterSecretStore: the suppression of CS406 accepts nothing: the store is limited to namespaces. Remove the CS406 suppression, or the namespace limits.'],
    ['an invalid namespace name', () => cluster({ namespaces: ['Shop'] }), 'CSE425',
      'ClusterSecretStore: namespaces: "Shop" is not a valid namespace name. Use DNS labels (lower-case letters, digits and "-").'],
    ['a namespace listed twice', () => cluster({ namespaces: ['shop', 'shop'] }), 'CSE425', 'ClusterSecretStore: namespaces lists a namespace twice. List each namespace once.'],
    ['an invalid label key', () => cluster({ namespaceLabels: { 'team name': 'shop' } }), 'CSE425', 'ClusterSecretStore: namespaceLabels: "team name" is not a valid label key'],
    ['an invalid label value', () => cluster({ namespaceLabels: { team: 'shop!' } }), 'CSE425', 'ClusterSecretStore: namespaceLabels: the value of team ("shop!") is not a valid label value'],
    ['an unanchored regex', () => cluster({ namespaceRegexes: ['shop-.*'] }), 'CSE425',
      'ClusterSecretStore: namespaceRegexes: "shop-.*" is not anchored, so it also matches namespaces that merely contain it. Anchor it: "^shop-.*$".'],
    ['a regex that does not compile', () => cluster({ namespaceRegexes: ['^(shop$'] }), 'CSE425', 'ClusterSecretStore: namespaceRegexes: "^(shop$" is not a regular expression'],
    ['a short suppression reason', () => cluster({ suppressions: [{ ruleId: 'CS406', reason: 'legacy' }] }), 'CSE001', 'the reason for CS406 must have at least 10 visible characters'],
  ])('throws when given %s', (_name, fn, code, detail) => {
    const err = errorOf(fn);
    expect(err.code).toBe(code);
    expect(err.constructPath).toBe('test/store');
    expect(err.message).toContain(`[test/store] ${code} `);
    expect(err.message).toContain(detail);
  });

  test('errors never echo a password embedded in a Vault URL', () => {
    const err = errorOf(() => store(SecretStoreProvider.vault({ server: 'http://admin:hunter2@vault', path: 'secret', role: 'shop' })));
    expect(err.code).toBe('CSE421');
    expect(err.message).toContain('server "http://***@vault" embeds credentials in its URL');
    expect(err.message).not.toContain('hunter2');
  });

  test('throws when an existing store name is not a name', () => {
    expect(errorOf(() => SecretStore.fromSecretStoreName(shopChart(), 'existing', 'Vault Backend')).message).toBe(
      '[test/existing] CSE408 SecretStore: name "Vault Backend" is not a valid name. Use a DNS subdomain name (lower-case letters, digits, "-" and ".").');
  });
});
