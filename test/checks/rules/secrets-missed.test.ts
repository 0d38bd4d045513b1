/**
 * Credentials the checker used to miss (issue #15): private keys in any PEM / OpenSSH / SSH2 / PuTTY
 * spelling, credentials in ConfigMap data (CS407), and in container command lines (CS408).
 */
import { check, deployment, expectSuppressed, initContainer, NAMESPACE, Obj, of, single } from './_fixtures';

const BODY = 'MIIEowIBAAKCAQEAx4QzTESTONLY0123456789abcdefghijklmnop';
const withEnv = (value: string) => deployment(spec => { spec.containers[0].env = [{ name: 'TLS_MATERIAL', value }]; });

describe('private keys in any spelling (CS401 and the rules that share its formats)', () => {
  test.each([
    `-----BEGIN RSA PRIVATE KEY-----\n${BODY}\n-----END RSA PRIVATE KEY-----`,
    `-----BEGIN PRIVATE KEY-----\n${BODY}\n-----END PRIVATE KEY-----`,
    `-----BEGIN EC PRIVATE KEY-----\n${BODY}`,
    `-----BEGIN ENCRYPTED PRIVATE KEY-----\n${BODY}`,
    '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmU=',
    '-----BEGIN PGP PRIVATE KEY BLOCK-----\n\nlQOYBF',
    '---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ----\nComment: "rsa-key"\nP2/56wAAAi',
    `---BEGIN RSA PRIVATE KEY---\n${BODY}`,
    `-----begin rsa private key-----\n${BODY}`,
    'PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none',
    `-----BEGIN DSA PRIVATE KEY-----\\n${BODY}\\n-----END DSA PRIVATE KEY-----`,
  ])('reports %j', (value) => {
    expect(single(check(withEnv(value)), 'CS401').message).toMatch(/its value looks like a private key$/);
  });

  test.each([
    `-----BEGIN CERTIFICATE-----\n${BODY}\n-----END CERTIFICATE-----`,
    `-----BEGIN PUBLIC KEY-----\n${BODY}`,
    'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl user@host',
    'see the PRIVATE KEY section of the runbook',
  ])('does not report %j', (value) => {
    expect(of(check(withEnv(value)), 'CS401')).toEqual([]);
  });
});

describe('CS407 credentials in ConfigMap data', () => {
  const cm = (data: Obj): Obj => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'app-config', namespace: NAMESPACE }, data });

  test.each<[string, Obj, string]>([
    ['a credential-named key', { 'db-password': 'hunter2hunter2' }, 'data key "db-password" holds a literal value, and its name says it holds a credential'],
    ['an AWS key under an innocent key', { region: 'eu-west-1', key_id: 'AKIAIOSFODNN7EXAMPLE' }, 'data key "key_id" holds a literal value, and its value looks like an AWS access key id'],
    ['a private key file', { 'tls.key': `-----BEGIN PRIVATE KEY-----\n${BODY}\n-----END PRIVATE KEY-----\n` }, 'data key "tls.key" holds a file, and its value looks like a private key'],
    ['a properties file', { 'application.properties': 'server.port=8080\nspring.datasource.url=jdbc:postgresql://db:5432/app\nspring.datasource.password=s3cr3t-Pa55\n' },
      'data key "application.properties" line 3 sets spring.datasource.password to a literal value, and its name says it holds a credential'],
    ['a YAML file', { 'config.yaml': 'log:\n  level: info\nsmtp:\n  host: mail.example.com\n  password: "changeme-now"\n' },
      'data key "config.yaml" line 5 sets password to a literal value, and its name says it holds a credential'],
    ['a JSON file', { 'settings.json': '{\n  "endpoint": "https://api.example.com",\n  "apiKey": "k3f9a1c77e2b04d6",\n  "retries": 3\n}' },
      'data key "settings.json" line 3 sets apiKey to a literal value, and its name says it holds a credential'],
    ['a URL with a password in a file', { 'app.ini': '[db]\nurl = postgres://app:hunter2@db:5432/app\n' },
      'data key "app.ini" holds a file, and its value looks like a URL with an embedded password'],
  ])('reports %s', (_name, data, message) => {
    const f = single(check(cm(data)), 'CS407');
    expect(f.message).toBe(message);
    for (const v of Object.values(data)) if (v.length < 40) expect(JSON.stringify(f)).not.toContain(v);
  });

  test.each<[string, Obj]>([
    ['settings without credentials', { 'LOG_LEVEL': 'debug', 'config.yaml': 'server:\n  port: 8080\n  tls: true\n' }],
    ['placeholders filled in later', { 'config.yaml': 'db:\n  password: ${DB_PASSWORD}\n  token: "{{ .Values.token }}"\napi_key: <your key here>\nsecret: $SECRET\n' }],
    ['pointers to secret files', { 'config.ini': 'password_file = /run/secrets/db\ntoken_path: /var/run/token\n' }],
    ['empty values', { 'db-password': '', 'config.yaml': 'password:\n  fromEnv: DB_PASSWORD\n' }],
    ['a certificate and base64 data', { 'ca.crt': `-----BEGIN CERTIFICATE-----\n${BODY}\n-----END CERTIFICATE-----\n`, 'kubeconfig': 'certificate-authority-data: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUM1ekNDQWMrZ0F3\n' }],
    ['a checksum', { checksum: 'sha256:0f4e2a9B8c7D6e5F4a3B2c1D0e9F8a7B6c5D4e3F2a1B0c9D8e7F6a5B4c3D2e1F' }],
  ])('accepts %s', (_name, data) => {
    expect(of(check(cm(data)), 'CS407')).toEqual([]);
  });

  test('a suppression with a reason keeps the finding, marked suppressed', () => {
    expectSuppressed(cm({ 'db-password': 'hunter2hunter2' }), 'CS407');
  });
});

describe('CS408 credentials in container command and args', () => {
  const withArgs = (args: string[], command?: string[]) => deployment(spec => {
    spec.containers[0].args = args;
    if (command) spec.containers[0].command = command;
  });

  test.each<[string, string[], string]>([
    ['--flag=value', ['--port=8080', '--db-password=hunter2hunter2'], 'container "app" passes a credential in args[1] (--db-password): its name says it holds a credential'],
    ['--flag value', ['--token', 'my-handwritten-token-1'], 'container "app" passes a credential in args[0] (--token): its name says it holds a credential'],
    ['a URL with a password', ['--database', 'postgres://app:hunter2@db:5432/app'], 'container "app" passes a credential in args[1] (a value): its value looks like a URL with an embedded password'],
    ['a GitHub token', ['clone', 'https://ghp_0123456789abcdefghijklmnopqrstuvwxyzAB@github.com/org/repo'], 'container "app" passes a credential in args[1] (a value): its value looks like a GitHub token'],
    ['a shell script', ['-c', 'export API_KEY=k3f9a1c77e2b04d6 && exec /app'], 'container "app" passes a credential in args[1] (API_KEY): its name says it holds a credential'],
  ])('reports %s', (_name, args, message) => {
    const f = single(check(withArgs(args)), 'CS408');
    expect(f.message).toBe(message);
    expect(f.path).toMatch(/^spec\.template\.spec\.containers\[0\]\.args\[\d\]$/);
  });

  test('reports a command of an init container', () => {
    const obj = deployment(spec => { spec.initContainers = [{ ...initContainer('migrate'), command: ['migrate', '--password=hunter2hunter2'] }]; });
    expect(single(check(obj), 'CS408')).toMatchObject({ path: 'spec.template.spec.initContainers[0].command[1]', container: 'migrate' });
  });

  test.each<[string, string[]]>([
    ['ordinary flags', ['--port=8080', '--log-level', 'debug', '--config', '/etc/app/config.yaml']],
    ['$(VAR) references', ['--db-password=$(DB_PASSWORD)', '--token', '$(API_TOKEN)']],
    ['pointers to secret files', ['--password-file=/run/secrets/db', '--token-path', '/var/run/token']],
    ['a flag without a value', ['--token', '--verbose']],
    ['a digest and a hash', ['--image=registry.example.com/app@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef', 'a94a8fe5ccb19ba61c4c0873d391e987982fbbd3']],
    ['a shell script with a reference', ['-c', 'curl -H "Authorization: Bearer $TOKEN" https://api.example.com']],
  ])('accepts %s', (_name, args) => {
    expect(of(check(withArgs(args)), 'CS408')).toEqual([]);
  });

  test('a suppression with a reason keeps the finding, marked suppressed', () => {
    expectSuppressed(withArgs(['--db-password=hunter2hunter2']), 'CS408');
  });
});
