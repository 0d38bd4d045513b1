/**
 * No secret value ever appears in an error, a finding, a report (text, JSON, SARIF) or a log.
 * Each test plants known secret values in manifests or props and searches every output for them (and for
 * their base64 form, as a Secret's `data` holds them).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { HealthChecks, SecureDeployment, SecurityChecks, Severity } from '../../src';
import { run } from '../../src/cli/run';

const VALUES = {
  dbPassword: 'correct-horse-battery-staple-42',
  awsKeyId: 'AKIAIOSFODNN7EXAMPLE',
  urlPassword: 'S3cr3tPa55w0rdInUrl',
  githubToken: `ghp_${'aB3dE6gH9jK2mN5pQ8sT1vW4yZ7bC0eF3hJ6'}`,
  highEntropy: 'q8X2v#Lm9Zp4Rt7Wk1Ns6Yb3',
  secretData: 'hunter2-in-secret-data',
  secretStringData: 'hunter2-in-string-data',
};
const FORMS = Object.values(VALUES).flatMap(v => [v, Buffer.from(v).toString('base64')]);

function expectNoSecret(text: string): void {
  for (const v of FORMS) expect({ leaked: v, found: text.includes(v) }).toEqual({ leaked: v, found: false });
}

const MANIFESTS = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: shop
spec:
  selector:
    matchLabels: {app: api}
  template:
    metadata:
      labels: {app: api}
    spec:
      containers:
        - name: app
          image: registry.example.com/api:1.0.0
          env:
            - name: DB_PASSWORD
              value: ${VALUES.dbPassword}
            - name: AWS_ACCESS_KEY_ID
              value: ${VALUES.awsKeyId}
            - name: DATABASE_URL
              value: postgres://app:${VALUES.urlPassword}@db.shop.svc:5432/app
            - name: CONFIG_BLOB
              value: ${VALUES.githubToken}
            - name: SESSION_SALT
              value: "${VALUES.highEntropy}"
---
apiVersion: v1
kind: Secret
metadata:
  name: db
  namespace: shop
data:
  password: ${Buffer.from(VALUES.secretData).toString('base64')}
stringData:
  token: ${VALUES.secretStringData}
---
apiVersion: external-secrets.io/v1beta1
kind: ExternalSecret
metadata:
  name: db
  namespace: shop
spec:
  secretStoreRef: {name: aws, kind: SecretStore}
---
apiVersion: external-secrets.io/v1
kind: SecretStore
metadata:
  name: aws
  namespace: shop
spec:
  provider:
    aws:
      service: SecretsManager
      region: eu-central-1
      auth:
        secretRef:
          accessKeyIDSecretRef: {name: aws-creds, key: id}
`;

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-secure-noleak-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function cli(args: string[], yamlText: string): Promise<{ code: number; out: string }> {
  const file = path.join(dir, `m${Math.random().toString(36).slice(2)}.yaml`);
  fs.writeFileSync(file, yamlText);
  let out = '';
  const io = { stdout: (s: string) => { out += s; }, stderr: (s: string) => { out += s; } };
  const code = await run(['check', ...args, file], io);
  return { code, out };
}

describe('cdk8s-secure check never prints a secret value', () => {
  test.each(['text', 'json', 'sarif'])('--format %s names the variables and keys, never the values', async (format) => {
    const { code, out } = await cli(['--format', format, '--severity', 'info'], MANIFESTS);
    expect(code).toBe(1);
    for (const name of ['DB_PASSWORD', 'AWS_ACCESS_KEY_ID', 'DATABASE_URL', 'CONFIG_BLOB', 'SESSION_SALT']) expect(out).toContain(`env var ${name}`);
    expect(out).toContain('keys: password');
    expect(out).toContain('keys: token');
    for (const id of ['CS401', 'CS402', 'CS403', 'CS404', 'CS405']) expect(out).toContain(id);
    expectNoSecret(out);
  });

  test('nor with --output to a file', async () => {
    const report = path.join(dir, 'report.sarif');
    const { out } = await cli(['--format', 'sarif', '--output', report], MANIFESTS);
    expectNoSecret(out);
    expectNoSecret(fs.readFileSync(report, 'utf8'));
  });

  test.each([
    ['a nested mapping', 'password: leaked-value-1: nested', 'leaked-value-1'],
    ['an unterminated quote', 'password: "leaked-value-2', 'leaked-value-2'],
    ['an unterminated flow map', 'other: {password: leaked-value-3', 'leaked-value-3'],
    ['a reserved first character', 'password: @leaked-value-4', 'leaked-value-4'],
    ['a directive character', 'password: %leaked-value-5', 'leaked-value-5'],
  ])('nor when a document cannot be parsed (%s)', async (_name, line, value) => {
    const { code, out } = await cli([], `apiVersion: v1\nkind: Secret\nmetadata:\n  name: x\nstringData:\n  ${line}\n`);
    expect(code).toBe(2);
    expect(out).toContain('cdk8s-secure: error:');
    expect(out).not.toContain(value);
  });

  // An unquoted value starting with `*` is parsed as an alias; the reader cuts the alias name from the
  // parser's message.
  test('nor when an unquoted value starts with * (parsed as an unresolved alias)', async () => {
    const { code, out } = await cli([], 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: x\nstringData:\n  password: *leaked-value-6\n');
    expect(code).toBe(2);
    expect(out).toContain('cdk8s-secure: error:');
    expect(out).not.toContain('leaked-value-6');
  });
});

describe('synth-time checks and construct errors never show a secret value', () => {
  function capture<T>(fn: () => T): { result?: T; error?: Error; stderr: string } {
    let stderr = '';
    const spy = jest.spyOn(process.stderr, 'write').mockImplementation(((s: string | Uint8Array) => {
      stderr += String(s);
      return true;
    }) as any);
    try {
      return { result: fn(), stderr };
    } catch (e) {
      return { error: e as Error, stderr };
    } finally {
      spy.mockRestore();
    }
  }

  test('a warning logged during synth (Secret with literal data) and an error that fails synth (literal password env)', () => {
    const chart = Testing.chart();
    SecurityChecks.of(chart);
    new kplus.Secret(chart, 'db', { stringData: { password: VALUES.secretStringData } });
    const dep = new kplus.Deployment(chart, 'api', {});
    dep.addContainer({ image: 'registry.example.com/api:1.0.0', envVariables: { DB_PASSWORD: kplus.EnvValue.fromValue(VALUES.dbPassword) } });
    const { error, stderr } = capture(() => Testing.synth(chart));
    expect(error?.message).toContain('CS401');
    expect(error?.message).toContain('env var DB_PASSWORD');
    expect(stderr).toContain('CS402');
    expectNoSecret(`${error?.message}\n${error?.stack}\n${stderr}`);
  });

  test('SecurityChecks.assertNoFindings reports the variable, not the value', () => {
    const chart = Testing.chart();
    new kplus.Secret(chart, 'db', { stringData: { token: VALUES.githubToken } });
    const { error } = capture(() => SecurityChecks.assertNoFindings(chart, { failOn: Severity.WARNING }));
    expect(error?.message).toContain('keys: token');
    expectNoSecret(error!.message);
  });

  test('a SecureDeployment given a literal credential throws naming the variable, not the value', () => {
    const chart = Testing.chart();
    const { error } = capture(() => new SecureDeployment(chart, 'api', {
      owner: 'team-shop',
      containers: [{
        image: 'registry.example.com/api:1.0.0',
        portNumber: 8080,
        healthChecks: HealthChecks.http({ port: 8080 }),
        envVariables: {
          DB_PASSWORD: kplus.EnvValue.fromValue(VALUES.dbPassword),
          CONFIG_BLOB: kplus.EnvValue.fromValue(VALUES.awsKeyId),
        },
      }],
    }));
    expect(error?.message).toContain('CS401');
    expect(error?.message).toContain('env var DB_PASSWORD');
    expect(error?.message).toContain('env var CONFIG_BLOB');
    expectNoSecret(`${error?.message}\n${error?.stack}`);
  });
});
