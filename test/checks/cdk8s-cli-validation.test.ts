import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Testing, Yaml } from 'cdk8s';
import { HealthChecks, SecureDeployment, SecurityValidation, Severity } from '../../src';

/** The parts of cdk8s-cli's ValidationContext the plugin uses. */
function fakeContext(manifests: string[]) {
  const violations: any[] = [];
  let summary: any;
  return {
    manifests,
    logger: { log: (_m: string) => undefined },
    report: {
      addViolation: (v: any) => violations.push(v),
      submit: (status: string, metadata: any) => { summary = { status, metadata }; },
    },
    get violations() { return violations; },
    get summary() { return summary; },
  };
}

function writeManifest(objects: any[]): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-secure-')), 'chart.k8s.yaml');
  fs.writeFileSync(file, Yaml.stringify(...objects));
  return file;
}

test('a hardened chart passes the cdk8s-cli validation', async () => {
  const chart = Testing.chart();
  new SecureDeployment(chart, 'api', { owner: 'team-a', containers: [{ image: 'ghcr.io/acme/api:1.0.0', portNumber: 8080, healthChecks: HealthChecks.http() }] });
  const ctx = fakeContext([writeManifest(Testing.synth(chart))]);
  await new SecurityValidation().validate(ctx);
  expect(ctx.violations).toEqual([]);
  // The image is pinned by tag, not digest: CS208 (info) is counted though it fails nothing.
  expect(ctx.summary).toEqual({ status: 'success', metadata: { findings: '0', error: '0', warning: '0', info: '1', suppressed: '0', threshold: 'error' } });
});

test('the summary counts findings at every severity, not only those that fail', async () => {
  const file = writeManifest([{
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web', namespace: 'shop' },
    spec: { containers: [{ name: 'app', image: 'nginx:1.27' }] },
  }]);
  const ctx = fakeContext([file]);
  await new SecurityValidation({ failOn: Severity.ERROR }).validate(ctx);
  const m = ctx.summary.metadata;
  expect(Number(m.error)).toBeGreaterThan(0);
  expect(Number(m.warning)).toBeGreaterThan(0); // CS210 pull policy
  expect(Number(m.info)).toBeGreaterThan(0); // CS208 not pinned by digest
  expect(m.findings).toBe(m.error);
  const total = ctx.violations.reduce((n: number, v: any) => n + v.violatingResources.length, 0);
  expect(String(total)).toBe(m.findings);
});

test('suppressionsFile: entries silence findings; a bad file fails with one logged line', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-secure-plugin-'));
  const manifest = writeManifest([{
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'vendor-agent', namespace: 'vendor' },
    spec: { containers: [{ name: 'app', image: 'nginx:latest' }] },
  }]);
  const good = path.join(dir, 'ok.yaml');
  fs.writeFileSync(good, 'version: 1\nsuppressions:\n  - ruleId: CS207\n    match: {namespace: vendor}\n    reason: the vendor pins by digest upstream\n');
  const ctx = fakeContext([manifest]);
  await new SecurityValidation({ suppressionsFile: good }).validate(ctx);
  expect(ctx.violations.find(v => v.ruleName.startsWith('CS207'))).toBeUndefined();
  expect(Number(ctx.summary.metadata.suppressed)).toBe(1);

  const bad = path.join(dir, 'bad.yaml');
  fs.writeFileSync(bad, 'version: 3\nsuppressions: []\n');
  const logged: string[] = [];
  const ctx2 = fakeContext([manifest]);
  ctx2.logger = { log: (m: string) => { logged.push(m); return undefined; } };
  await new SecurityValidation({ suppressionsFile: bad }).validate(ctx2);
  expect(ctx2.summary.status).toBe('failure');
  expect(logged).toEqual([`cdk8s-secure: ${bad}: suppression file version 3 is not supported (this release reads version 1)`]);
});

test('violations are grouped by rule and name the resource, file and field', async () => {
  const file = writeManifest([{
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web' },
    spec: { containers: [{ name: 'app', image: 'nginx:latest' }] },
  }]);
  const ctx = fakeContext([file]);
  await new SecurityValidation({ failOn: Severity.ERROR }).validate(ctx);
  expect(ctx.summary.status).toBe('failure');
  const latest = ctx.violations.find(v => v.ruleName === 'CS207 Image uses the latest tag');
  expect(latest).toEqual({
    ruleName: 'CS207 Image uses the latest tag',
    recommendation: 'container "app" image "nginx:latest" uses the mutable tag "latest"',
    fix: 'Pin a version tag or a digest.',
    violatingResources: [{ resourceName: 'web', manifestPath: file, locations: ['spec.containers[0].image [container=app]: container "app" image "nginx:latest" uses the mutable tag "latest"'] }],
  });
});

test('text from the manifests reaches cdk8s-cli escaped (no control characters)', async () => {
  const file = writeManifest([{
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web\u001b[2J' },
    spec: { containers: [{ name: 'app\u001b[2J', image: 'nginx\u001b[2J:latest' }] },
  }]);
  const ctx = fakeContext([file]);
  await new SecurityValidation().validate(ctx);
  const text = JSON.stringify(ctx.violations);
  expect(ctx.violations.length).toBeGreaterThan(0);
  expect(text).not.toContain('\\u001b');
  expect(text).toContain('web\\\\x1b[2J');
});
