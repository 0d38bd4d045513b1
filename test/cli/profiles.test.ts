import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { checkJson, cli, INSECURE_EXAMPLE, STACK_FRAME, stderrLines } from './_cli';
import { PSS_BASELINE_RULES, PSS_RESTRICTED_RULES, Profile, RuleCatalog, RULES, SecurityChecks, SecurityValidation, Severity } from '../../src';

const META = ['CS001', 'CS002', 'CS003'];
const MANIFEST_RULES = RULES.map(r => r.id);

describe('rules --profile X lists the rules a profile runs, at its severity', () => {
  test.each([
    [Profile.PSS_BASELINE, PSS_BASELINE_RULES],
    [Profile.PSS_RESTRICTED, PSS_RESTRICTED_RULES],
    [Profile.RECOMMENDED, MANIFEST_RULES],
    [Profile.STRICT, MANIFEST_RULES],
  ])('%s', async (profile, ids) => {
    const r = await cli(['rules', '--profile', profile, '--format', 'json']);
    expect(r.code).toBe(0);
    const listed = JSON.parse(r.stdout) as Array<{ id: string; severity: string }>;
    expect(listed.map(x => x.id).sort()).toEqual([...META, ...ids].sort());
    for (const rule of listed) {
      expect(rule.severity).toBe(profile === Profile.STRICT ? 'error' : RuleCatalog.find(rule.id)!.severity);
    }
  });

  test('an unknown profile: exit 2, one line first', async () => {
    const r = await cli(['rules', '--profile', 'paranoid']);
    expect(r.code).toBe(2);
    expect(stderrLines(r.stderr)[0]).toBe('cdk8s-secure: --profile: unknown profile "paranoid" (one of pss-baseline, pss-restricted, recommended, strict)');
  });
});

describe('check --profile', () => {
  test('pss-baseline reports only the baseline controls (and suppression findings)', async () => {
    const { code, report } = await checkJson(['--profile', 'pss-baseline', INSECURE_EXAMPLE]);
    expect(code).toBe(1);
    const ids = new Set(report.findings.map(f => f.ruleId));
    expect(ids.has('CS103')).toBe(true);
    for (const id of ids) expect([...PSS_BASELINE_RULES, ...META]).toContain(id);
    // The CS201 suppression in the example now matches nothing: the profile does not run CS201, so it is not reported as unused.
    expect(report.findings.filter(f => f.ruleId === 'CS001')).toEqual([]);
  });

  test('pss-restricted adds the restricted controls, nothing else', async () => {
    const { report } = await checkJson(['--profile', 'pss-restricted', INSECURE_EXAMPLE]);
    const ids = new Set(report.findings.map(f => f.ruleId));
    expect(ids.has('CS126')).toBe(true);
    for (const id of ids) expect([...PSS_RESTRICTED_RULES, ...META]).toContain(id);
  });

  test('recommended is the default', async () => {
    const byDefault = await checkJson([INSECURE_EXAMPLE]);
    const recommended = await checkJson(['--profile', 'recommended', INSECURE_EXAMPLE]);
    expect(recommended.report.findings).toEqual(byDefault.report.findings);
  });

  test('strict: every finding an error, digests required, and a registry allow-list required', async () => {
    const missing = await cli(['check', '--profile', 'strict', INSECURE_EXAMPLE]);
    expect(missing.code).toBe(2);
    expect(stderrLines(missing.stderr)[0]).toBe('cdk8s-secure: --profile: the strict profile requires a registry allow-list (allowedRegistries / --allowed-registry)');
    expect(missing.stderr).not.toMatch(STACK_FRAME);

    const { code, report } = await checkJson(['--profile', 'strict', '--allowed-registry', 'registry.example.com', INSECURE_EXAMPLE]);
    expect(code).toBe(1);
    expect(report.findings.every(f => f.severity === 'error')).toBe(true);
    expect(report.findings.some(f => f.ruleId === 'CS208')).toBe(true);
    expect(report.findings.some(f => f.ruleId === 'CS213')).toBe(true);
    expect(report.summary.warning + report.summary.info).toBe(0);
  });

  test('an unknown profile: exit 2', async () => {
    const r = await cli(['check', '--profile', 'lenient', INSECURE_EXAMPLE]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(stderrLines(r.stderr)[0]).toBe('cdk8s-secure: --profile: unknown profile "lenient" (one of pss-baseline, pss-restricted, recommended, strict)');
  });
});

describe('profiles at synth time and in the cdk8s-cli plugin', () => {
  function legacyApp() {
    const app = Testing.app();
    const chart = new Chart(app, 'shop');
    new kplus.Deployment(chart, 'legacy', { containers: [{ image: 'ghcr.io/acme/legacy:1.0.0' }] });
    return { app, chart };
  }

  test('a plain cdk8s-plus Deployment passes pss-baseline, fails pss-restricted and recommended', () => {
    const baseline = legacyApp();
    SecurityChecks.of(baseline.app, { profile: Profile.PSS_BASELINE, reportBelowThreshold: false });
    expect(() => baseline.app.synth()).not.toThrow();

    const restricted = legacyApp();
    SecurityChecks.of(restricted.app, { profile: Profile.PSS_RESTRICTED, reportBelowThreshold: false });
    expect(() => restricted.app.synth()).toThrow(/CS125 No seccomp profile/);
    expect(() => restricted.app.synth()).not.toThrow(/CS204/);

    const recommended = legacyApp();
    SecurityChecks.of(recommended.app, { reportBelowThreshold: false });
    expect(() => recommended.app.synth()).toThrow(/CS204 Missing liveness probe/);
  });

  test('strict makes warnings errors at synth time; assertNoFindings takes the profile too', () => {
    const { chart } = legacyApp();
    const warnings = SecurityChecks.findings(chart).filter(f => !f.suppressed && f.severity !== Severity.ERROR);
    expect(warnings.length).toBeGreaterThan(0);
    expect(() => SecurityChecks.assertNoFindings(chart, { profile: Profile.STRICT, allowedRegistries: ['ghcr.io/acme'] }))
      .toThrow(new RegExp(`${warnings[0].ruleId} `));
  });

  test('an unknown profile, or strict without allowedRegistries, throws CSE003', () => {
    expect(() => SecurityChecks.of(Testing.app(), { profile: 'relaxed' as Profile }))
      .toThrow('[] CSE003 SecurityChecks: unknown profile "relaxed" (one of pss-baseline, pss-restricted, recommended, strict). Pass one of the Profile values; for Profile.STRICT also allowedRegistries.');
    expect(() => SecurityChecks.of(Testing.app(), { profile: Profile.STRICT })).toThrow(/CSE003 SecurityChecks: the strict profile requires a registry allow-list/);
  });

  test('the cdk8s-cli plugin: profile from cdk8s.yaml properties; an unknown one fails with one line', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-secure-profile-')), 'a.yaml');
    fs.writeFileSync(file, 'apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec: {containers: [{name: app, image: "nginx:latest"}]}\n');
    const run = async (props: any) => {
      const violations: any[] = [];
      const logged: string[] = [];
      let summary: any;
      await new SecurityValidation(props).validate({
        manifests: [file],
        logger: { log: (m: string) => logged.push(m) },
        report: { addViolation: (v: any) => violations.push(v), submit: (status: string, metadata: any) => { summary = { status, metadata }; } },
      });
      return { violations, logged, summary };
    };
    const baseline = await run({ profile: 'pss-baseline' });
    expect(baseline.summary.status).toBe('success');
    const recommended = await run({});
    expect(recommended.summary.status).toBe('failure');
    const unknown = await run({ profile: 'nope' });
    expect(unknown.summary.status).toBe('failure');
    expect(unknown.logged).toEqual(['cdk8s-secure: unknown profile "nope" (one of pss-baseline, pss-restricted, recommended, strict)']);
  });
});
