import { check, deployment, expectSuppressed, initContainer, Obj, of, ruleIds, single } from './_fixtures';
import { Severity } from '../../../src';

/** A compliant Deployment whose first container has these env vars. */
const withEnv = (...env: Obj[]) => deployment(spec => { spec.containers[0].env = env; });

const PEM = '-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAx4Qz\n-----END RSA PRIVATE KEY-----';

describe('CS401 credentials in literal env values', () => {
  test('accepts values taken from a Secret, pointers to secret files and ordinary settings', () => {
    const obj = withEnv(
      { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } },
      { name: 'API_KEY', valueFrom: { secretKeyRef: { name: 'api', key: 'key' } } },
      { name: 'DB_PASSWORD_FILE', value: 'secrets/db-password' },
      { name: 'TLS_KEY_PATH', value: 'certs/tls.key' },
      { name: 'GITHUB_TOKEN_FILE', value: '/var/run/secrets/github/token' },
      { name: 'LOG_LEVEL', value: 'debug' },
      { name: 'PORT', value: '8080' },
      { name: 'DATABASE_URL', value: 'postgres://db.prod.svc:5432/app' },
      { name: 'AUTH_ENABLED', value: 'true' },
      { name: 'EMPTY_SECRET', value: '' },
    );
    expect(of(check(obj), 'CS401')).toEqual([]);
  });

  test.each([
    'postgres://db.prod.svc:5432/app',
    'redis://redis-master.cache.svc.cluster.local:6379/0',
    'http://otel-collector.observability.svc:4317',
    'jdbc:postgresql://db.prod.svc:5432/app?sslmode=require',
    'amqp://rabbitmq.prod.svc:5672/%2F',
    'kafka-0.kafka-headless.prod.svc.cluster.local:9092',
    'registry.example.com/team/web:1.2.3',
    'arn:aws:iam::123456789012:role/web-prod',
    's3://my-bucket-prod/data/2024-01-01/',
    '550e8400-e29b-41d4-a716-446655440000',
  ])('accepts the structured value %s under an innocent name', (value) => {
    expect(of(check(withEnv({ name: 'UPSTREAM', value })), 'CS401')).toEqual([]);
  });

  test.each([
    ['API_KEY', 'k-3f9a1c77e2b04d6a'],
    ['DB_PASSWORD', 'correct horse battery staple'],
    ['GITHUB_TOKEN', 'my-handwritten-token-1'],
    ['CLIENT_SECRET', 'swordfish-and-chips'],
    ['db_passwd', 'hunter2hunter2'],
  ])('reports %s with a literal value, without its value', (name, value) => {
    const findings = check(withEnv({ name: 'LOG_LEVEL', value: 'info' }, { name, value }));
    expect(ruleIds(findings)).toEqual(['CS401']);
    expect(single(findings, 'CS401')).toMatchObject({
      severity: Severity.ERROR,
      path: 'spec.template.spec.containers[0].env[1].value',
      container: 'app',
      message: `container "app" sets env var ${name} to a literal value, and its name says it holds a credential`,
    });
    expect(JSON.stringify(findings)).not.toContain(value);
  });

  test.each([
    ['an AWS access key id', 'AKIAIOSFODNN7EXAMPLE'],
    ['a private key', PEM],
    ['a URL with an embedded password', 'postgres://app:s3cr3t-Pa55@db.prod.svc:5432/app'],
    ['a GitHub token', `ghp_${'aB3dE6gH9jK2mN5pQ8sT1vW4yZ7bC0eF3hJ6'}`],
    ['a JSON Web Token', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U'],
  ])('reports a value that looks like %s under an innocent name, without its value', (what, value) => {
    const findings = check(withEnv({ name: 'CONFIG_BLOB', value }));
    expect(single(findings, 'CS401')).toMatchObject({
      severity: Severity.ERROR,
      path: 'spec.template.spec.containers[0].env[0].value',
      container: 'app',
      message: `container "app" sets env var CONFIG_BLOB to a literal value, and its value looks like ${what}`,
    });
    expect(JSON.stringify(findings)).not.toContain(value);
  });

  test('reports the simple postgres://user:pass@host/db URL', () => {
    const value = 'postgres://user:pass@host/db';
    const findings = check(withEnv({ name: 'DATABASE_URL', value }));
    expect(single(findings, 'CS401').message).toContain('its value looks like a URL with an embedded password');
    expect(JSON.stringify(findings)).not.toContain(value);
  });

  test('reports a long high-entropy value under an innocent name', () => {
    const value = 'q8X2v#Lm9Zp4Rt7Wk1Ns6Yb3';
    const findings = check(withEnv({ name: 'SESSION_SALT_VALUE', value }));
    expect(single(findings, 'CS401').message).toContain('its value is a long high-entropy string');
    expect(JSON.stringify(findings)).not.toContain(value);
  });

  test('reports a token in the path of a URL', () => {
    const token = 'Xk9Lm2Np4Qr6St8Uv0Wx1Yz3';
    const findings = check(withEnv({ name: 'ALERT_WEBHOOK', value: `https://hooks.slack.com/services/T0A1B2C3D/B0E4F5G6H/${token}` }));
    expect(single(findings, 'CS401').message).toContain('its value is a long high-entropy string');
    expect(JSON.stringify(findings)).not.toContain(token);
  });

  test('reports an AWS secret access key under an innocent name', () => {
    const value = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
    const findings = check(withEnv({ name: 'CONFIG_BLOB', value }));
    expect(single(findings, 'CS401').path).toBe('spec.template.spec.containers[0].env[0].value');
    expect(JSON.stringify(findings)).not.toContain(value);
  });

  test('reports a credential in an init container', () => {
    const value = 'AKIAIOSFODNN7EXAMPLE';
    const obj = deployment(spec => {
      spec.initContainers = [{ ...initContainer('migrate'), env: [{ name: 'AWS_ACCESS_KEY_ID', value }] }];
    });
    const findings = check(obj);
    expect(single(findings, 'CS401')).toMatchObject({
      path: 'spec.template.spec.initContainers[0].env[0].value',
      container: 'migrate',
      message: 'init container "migrate" sets env var AWS_ACCESS_KEY_ID to a literal value, and its value looks like an AWS access key id',
    });
    expect(JSON.stringify(findings)).not.toContain(value);
  });

  test('a suppression accepts it, and the value still does not appear', () => {
    const value = 'correct horse battery staple';
    const findings = expectSuppressed(withEnv({ name: 'DB_PASSWORD', value }), 'CS401');
    expect(JSON.stringify(findings)).not.toContain(value);
  });
});

describe('CS402 Secret with literal data', () => {
  const secret = (fields: Obj): Obj => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db', namespace: 'prod' }, type: 'Opaque', ...fields });

  test('accepts a Secret without data, or with empty data', () => {
    expect(check(secret({}))).toEqual([]);
    expect(check(secret({ data: {}, stringData: {} }))).toEqual([]);
  });

  test('reports data, naming the keys but never the values', () => {
    const user = Buffer.from('app-user').toString('base64');
    const password = Buffer.from('s3cr3t-Pa55w0rd').toString('base64');
    const findings = check(secret({ data: { username: user, password } }));
    expect(ruleIds(findings)).toEqual(['CS402']);
    const f = single(findings, 'CS402');
    expect(f).toMatchObject({
      severity: Severity.WARNING,
      path: 'data',
      message: 'the Secret holds literal data (keys: username, password)',
      object: { kind: 'Secret', name: 'db', namespace: 'prod' },
    });
    expect(f.container).toBeUndefined();
    const json = JSON.stringify(findings);
    expect(json).not.toContain(user);
    expect(json).not.toContain(password);
  });

  test('reports stringData, naming the keys but never the values', () => {
    const value = 's3cr3t-Pa55w0rd';
    const findings = check(secret({ stringData: { 'db-password': value } }));
    expect(single(findings, 'CS402')).toMatchObject({ path: 'stringData', message: 'the Secret holds literal stringData (keys: db-password)' });
    expect(JSON.stringify(findings)).not.toContain(value);
  });

  test('reports data and stringData separately', () => {
    expect(of(check(secret({ data: { a: 'YQ==' }, stringData: { b: 'b' } })), 'CS402').map(f => f.path)).toEqual(['data', 'stringData']);
  });

  test('a suppression accepts it', () => {
    const value = Buffer.from('s3cr3t-Pa55w0rd').toString('base64');
    const findings = expectSuppressed(secret({ data: { password: value } }), 'CS402');
    expect(JSON.stringify(findings)).not.toContain(value);
  });
});
