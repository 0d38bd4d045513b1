/**
 * `cdk8s-secure check --pss-version`: the Pod Security Standards release the PSS rules apply.
 */
import * as fs from 'fs';
import { checkJson, cli, fixture, STACK_FRAME, TempDir } from './_cli';

const CLEAN = fixture('clean.yaml');

let tmp: TempDir;
beforeAll(() => { tmp = new TempDir('cdk8s-secure-pss-'); });
afterAll(() => tmp.cleanup());

/** The clean fixture whose pod sets a sysctl that is safe from v1.37 and a readiness probe with a host (CS112, v1.34+). */
function newerControls(): string {
  const text = fs.readFileSync(CLEAN, 'utf8')
    .replace('seccompProfile: { type: RuntimeDefault }', 'seccompProfile: { type: RuntimeDefault }\n        sysctls: [{ name: net.ipv4.tcp_notsent_lowat, value: "16384" }]')
    .replace('readinessProbe: { httpGet: { path: /ready, port: 8080 } }', 'readinessProbe: { httpGet: { path: /ready, port: 8080, host: 169.254.169.254 } }');
  return tmp.write('newer-controls.yaml', text);
}

describe('--pss-version', () => {
  test('the default is the latest release (v1.37): the sysctl is safe, the probe host is reported', async () => {
    const file = newerControls();
    for (const args of [[file], ['--pss-version', 'latest', file], ['--pss-version', 'v1.37', file]]) {
      const r = await checkJson(args);
      expect(r.report.findings.map(f => [f.ruleId, f.path])).toEqual([['CS112', 'spec.template.spec.containers[0].readinessProbe.httpGet.host']]);
      expect(r.code).toBe(1);
    }
  });

  test('an older release applies that release\'s controls', async () => {
    const file = newerControls();
    const v136 = await checkJson(['--pss-version', 'v1.36', file]);
    expect(v136.report.findings.map(f => f.ruleId).sort()).toEqual(['CS111', 'CS112']);
    const v133 = await checkJson(['--pss-version', 'v1.33', file]);
    expect(v133.report.findings.map(f => f.ruleId)).toEqual(['CS111']);
    expect((await cli(['check', '--pss-version', 'v1.30', CLEAN])).code).toBe(0);
  });

  test.each(['v1.29', '1.37', 'v1.38', 'newest'])('an unknown release %j is a usage error: one line, exit 2', async (v) => {
    const r = await cli(['check', '--pss-version', v, CLEAN]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(new RegExp(`^cdk8s-secure: --pss-version: "${v.replace('.', '\\.')}" is not a Pod Security Standards release the rules implement; use one of v1\\.30, .*, v1\\.37 or latest$`, 'm'));
    expect(r.stderr).not.toMatch(STACK_FRAME);
  });

  test('the help names the option', async () => {
    const r = await cli(['--help']);
    expect(r.stdout).toContain('--pss-version vX.Y|latest');
  });
});
