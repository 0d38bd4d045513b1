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
  expect(ctx.summary).toEqual({ status: 'success', metadata: { findings: '0', suppressed: '0', threshold: 'error' } });
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
