import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, App, Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Profile, SecurityChecks, SecurityValidation, Severity } from '../../src';

let dir: string;
beforeAll(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-secure-synth-')); });
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

function captureStderr(fn: () => void): string {
  const original = process.stderr.write;
  let out = '';
  process.stderr.write = ((s: string) => { out += s; return true; }) as any;
  try {
    fn();
  } finally {
    process.stderr.write = original;
  }
  return out;
}

/** A third-party object included as is (an L1 the app does not own): a Pod without any hardening. */
function vendorPod(chart: Chart, name: string): ApiObject {
  return new ApiObject(chart, name, {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'vendor' },
    spec: { containers: [{ name: 'agent', image: 'vendor.example.com/agent:1.0' }] },
  });
}

function synthError(app: App): string {
  try {
    app.synth();
    return '';
  } catch (e) {
    return (e as Error).message;
  }
}

describe('SecurityChecks.of(app, { suppressionsFile })', () => {
  test('a suppression file silences the findings of objects the app does not own; synth passes', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'vendor');
    vendorPod(chart, 'vendor-agent');
    const unfiltered = SecurityChecks.findings(chart).filter(f => !f.suppressed);
    const rules = [...new Set(unfiltered.map(f => f.ruleId))];
    expect(rules.length).toBeGreaterThan(5);
    const file = write('vendor.yaml', ['version: 1', 'suppressions:', ...rules.flatMap(id => [
      `  - ruleId: ${id}`, '    match: {kind: Pod, namespace: vendor, name: "vendor-*"}', '    reason: vendor agent, not ours to change (VEND-12)',
    ])].join('\n'));
    SecurityChecks.of(app, { suppressionsFile: file, reportBelowThreshold: false });
    expect(synthError(app)).toBe('');
    // assertNoFindings reads the same file.
    expect(() => SecurityChecks.assertNoFindings(chart, { suppressionsFile: file })).not.toThrow();
    expect(() => SecurityChecks.assertNoFindings(chart)).toThrow(/CS103|CS122|CS123/);
  });

  test('an entry that matches nothing fails synth with CS001 naming the file entry', () => {
    const app = Testing.app();
    vendorPod(new Chart(app, 'c'), 'vendor-agent');
    const file = write('unused.yaml', ['version: 1', 'suppressions:',
      '  - ruleId: CS201', '    match: {namespace: gone}', '    reason: the namespace was removed last year'].join('\n'));
    SecurityChecks.of(app, { suppressionsFile: file, reportBelowThreshold: false, failOn: Severity.ERROR });
    expect(synthError(app)).toContain('CS001 Suppression matches nothing');
  });

  test('a malformed file throws CSE002 when checks are turned on, naming the file and the entry', () => {
    const file = write('bad.yaml', ['version: 1', 'suppressions:', '  - ruleId: CS201', '    match: {kind: Pod}', '    reason: short'].join('\n'));
    expect(() => SecurityChecks.of(Testing.app(), { suppressionsFile: file }))
      .toThrow(`[] CSE002 SecurityChecks: suppressionsFile "${file}": suppressions[0] (line 3): the reason for CS201 must have at least 10 visible characters (got "short"). Fix the entry (see the README, "Suppression files").`);
    expect(() => SecurityChecks.of(Testing.app(), { suppressionsFile: path.join(dir, 'missing.yaml') }))
      .toThrow(/^\[\] CSE002 SecurityChecks: suppressionsFile ".*missing\.yaml" cannot be read \(no such file\)/);
  });
});

describe('synth time: findings below the threshold', () => {
  test('one summary line per rule, not one block per finding', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'shop');
    for (let i = 0; i < 20; i++) {
      new kplus.Deployment(chart, `web${i}`, {
        containers: [{
          image: 'ghcr.io/acme/web:1.0.0',
          portNumber: 8080,
          securityContext: { user: 1001, group: 1001 },
        }],
      });
    }
    SecurityChecks.of(app, { failOn: Severity.ERROR, disabledRules: [] });
    let stderr = '';
    const err = (() => {
      let message = '';
      stderr = captureStderr(() => { message = synthError(app); });
      return message;
    })();
    expect(err).not.toBe('');
    const below = SecurityChecks.findings(chart).filter(f => !f.suppressed && f.severity !== Severity.ERROR);
    const rules = new Set(below.map(f => f.ruleId));
    expect(below.length).toBeGreaterThan(rules.size);
    const lines = stderr.split('\n').filter(l => /^ {2}CS\d{3} /.test(l));
    expect(lines).toHaveLength(rules.size);
    const cs213 = below.filter(f => f.ruleId === 'CS213');
    expect(lines).toContain(`  CS213 warning  ${cs213.length} finding(s) on ${new Set(cs213.map(f => f.source.constructPath)).size} object(s): uid or gid at or below 10000 (e.g. shop/web0/Resource)`);
    expect(stderr).toContain(`cdk8s-secure: ${below.length} finding(s) below the error threshold, by rule (SecurityChecks.findings(scope) lists them):`);
  });
});

describe('defaults', () => {
  function legacy(): { app: App; chart: Chart } {
    const app = Testing.app();
    const chart = new Chart(app, 'shop');
    new kplus.Deployment(chart, 'legacy', { containers: [{ image: 'ghcr.io/acme/legacy:1.0.0' }] });
    return { app, chart };
  }

  test('profile defaults to recommended, suppressionsFile to none, rules to the catalog only', () => {
    const byDefault = legacy();
    const recommended = legacy();
    const d = SecurityChecks.findings(byDefault.chart);
    expect(() => SecurityChecks.assertNoFindings(byDefault.chart)).toThrow();
    // Same findings as the explicit recommended profile (assertNoFindings reports the same ones).
    let a = '';
    let b = '';
    try { SecurityChecks.assertNoFindings(byDefault.chart); } catch (e) { a = (e as Error).message; }
    try { SecurityChecks.assertNoFindings(recommended.chart, { profile: Profile.RECOMMENDED }); } catch (e) { b = (e as Error).message; }
    expect(a).toBe(b);
    expect(d.some(f => f.object.kind === 'SuppressionFile')).toBe(false);
    expect(d.every(f => /^CS\d{3}$/.test(f.ruleId))).toBe(true);
  });

  test('the cdk8s-cli plugin: profile recommended, no suppression file', async () => {
    const file = write('plugin.yaml', 'apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec: {containers: [{name: app, image: "nginx:1.27"}]}\n');
    const summaries: any[] = [];
    const ctx = (s: any[]) => ({
      manifests: [file],
      report: { addViolation: () => undefined, submit: (status: string, metadata: any) => s.push({ status, metadata }) },
    });
    await new SecurityValidation().validate(ctx(summaries));
    await new SecurityValidation({ profile: Profile.RECOMMENDED }).validate(ctx(summaries));
    expect(summaries[0]).toEqual(summaries[1]);
    expect(summaries[0].metadata.suppressed).toBe('0');
  });
});
