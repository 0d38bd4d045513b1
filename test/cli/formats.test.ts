import '@microsoft/jest-sarif';
import * as fs from 'fs';
import { checkJson, cli, fixture, INSECURE_EXAMPLE, shown, STACK_FRAME, TempDir } from './_cli';
import { RuleCatalog } from '../../src';

let tmp: TempDir;
beforeAll(() => { tmp = new TempDir(); });
afterAll(() => tmp.cleanup());

const SECRETS = fixture('secrets.yaml');
/** The literal credentials in secrets.yaml, and fragments of them long enough to identify them. */
const SECRET_VALUES = ['sk_live_abcdefghijklmnop1234', 'abcdefghijklmnop1234', 'hunter2hunter2', 'hunter2'];
/** The same values as base64 (a Secret's `data`), in case a formatter decodes or re-encodes. */
const SECRET_VALUES_B64 = SECRET_VALUES.map(v => Buffer.from(v).toString('base64'));

describe('--format json', () => {
  test('is parseable, and the summary counts match the findings', async () => {
    for (const input of [INSECURE_EXAMPLE, SECRETS, fixture('clean.yaml')]) {
      const { report, stdout } = await checkJson([input]);
      expect(stdout.endsWith('}\n')).toBe(true);
      expect(report.version).toBe(1);
      const active = report.findings.filter(f => !f.suppressed);
      expect(report.summary).toEqual({
        error: active.filter(f => f.severity === 'error').length,
        warning: active.filter(f => f.severity === 'warning').length,
        info: active.filter(f => f.severity === 'info').length,
        suppressed: report.findings.filter(f => f.suppressed).length,
      });
      expect(report.checked.files).toBe(1);
    }
  });

  test('findings carry rule, object, field path and source location', async () => {
    const { report } = await checkJson([INSECURE_EXAMPLE]);
    expect(report.summary.suppressed).toBe(1);
    expect(report.checked).toEqual({ objects: 5, files: 1 });
    const ids = new Set(RuleCatalog.all().map(r => r.id));
    for (const f of report.findings) {
      expect(ids.has(f.ruleId)).toBe(true);
      expect(['error', 'warning', 'info']).toContain(f.severity);
      expect(f.source.file).toBe(shown(INSECURE_EXAMPLE));
      expect(f.source.documentIndex).toEqual(expect.any(Number));
      expect(f.source.line).toEqual(expect.any(Number));
      expect(f.path).not.toBe('');
    }
    // `privileged: true` is line 19 of the example, in its first document.
    expect(report.findings.find(f => f.ruleId === 'CS103')).toMatchObject({
      object: { kind: 'Pod', name: 'legacy-app', namespace: 'shop' },
      path: 'spec.containers[0].securityContext.privileged',
      source: { documentIndex: 0, line: 19 },
    });
    expect(report.findings.find(f => f.ruleId === 'CS201' && f.object.name === 'api')).toMatchObject({
      suppressed: { reason: 'legacy image writes to /var/run; tracked in SEC-142', expires: '2099-12-31' },
      source: { documentIndex: 1 },
    });
  });
});

describe('--format sarif', () => {
  async function sarifOf(args: string[], options: { stdin?: string } = {}) {
    const r = await cli(['check', '--format', 'sarif', ...args], options);
    expect(r.stderr).not.toMatch(STACK_FRAME);
    return { ...r, sarif: JSON.parse(r.stdout) };
  }

  test('the validator rejects an invalid log (so a pass means something)', () => {
    expect({ version: '2.1.0', runs: [{ tool: { driver: {} } }] }).not.toBeValidSarifLog();
    expect({ version: '2.1.0', runs: [{ tool: { driver: { name: 'x' } }, results: [{ message: { text: 'm' }, level: 'fatal' }] }] }).not.toBeValidSarifLog();
    expect({ version: '2.1.0', runs: [{ tool: { driver: { name: 'x' } }, results: [{ message: { text: 'm' }, locations: [{ physicalLocation: { artifactLocation: { uri: 'a b.yaml' } } }] }] }] }).not.toBeValidSarifLog();
    expect({ version: '2.1.0', runs: [{ tool: { driver: { name: 'x' } }, results: [] }] }).toBeValidSarifLog();
  });

  test('is a valid SARIF 2.1.0 log (official schema) for findings, suppressions, clean input and stdin', async () => {
    for (const args of [[INSECURE_EXAMPLE], [SECRETS], [fixture('clean.yaml')], ['--require-digests', '--allowed-registry', 'ghcr.io', INSECURE_EXAMPLE]]) {
      const { sarif, code } = await sarifOf(args);
      expect(code).toBeLessThan(2);
      expect(sarif).toBeValidSarifLog();
    }
    const { sarif } = await sarifOf(['-'], { stdin: fs.readFileSync(INSECURE_EXAMPLE, 'utf8') });
    expect(sarif).toBeValidSarifLog();
  });

  test('has what GitHub code scanning needs', async () => {
    const { sarif, code } = await sarifOf([INSECURE_EXAMPLE]);
    expect(code).toBe(1);
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs).toHaveLength(1);
    const run = sarif.runs[0];
    const rules: any[] = run.tool.driver.rules;
    expect(run.tool.driver.name).toBe('cdk8s-secure');
    expect(rules.map(r => r.id)).toEqual(RuleCatalog.all().map(r => r.id));
    for (const rule of rules) {
      expect(rule.id).toMatch(/^CS\d{3}$/);
      expect(rule.shortDescription.text).toEqual(expect.stringMatching(/\S/));
      expect(rule.fullDescription.text).toEqual(expect.stringMatching(/\S/));
      expect(rule.help.text).toEqual(expect.stringMatching(/\S/));
      expect(['error', 'warning', 'note']).toContain(rule.defaultConfiguration.level);
      expect(Number(rule.properties['security-severity'])).toBeGreaterThan(0);
    }
    expect(run.results.length).toBeGreaterThan(0);
    for (const result of run.results) {
      expect(result.ruleId).toMatch(/^CS\d{3}$/);
      expect(rules[result.ruleIndex].id).toBe(result.ruleId);
      expect(['error', 'warning', 'note']).toContain(result.level);
      expect(result.message.text).toEqual(expect.stringMatching(/\S/));
      const loc = result.locations[0].physicalLocation;
      expect(loc.artifactLocation.uri).toBe(shown(INSECURE_EXAMPLE));
      expect(loc.region.startLine).toEqual(expect.any(Number));
      expect(loc.region.startLine).toBeGreaterThanOrEqual(1);
    }
    const suppressed = run.results.filter((r: any) => r.suppressions);
    expect(suppressed).toHaveLength(1);
    expect(suppressed[0]).toMatchObject({ ruleId: 'CS201', suppressions: [{ kind: 'inSource', justification: 'legacy image writes to /var/run; tracked in SEC-142' }] });
    const privileged = run.results.find((r: any) => r.ruleId === 'CS103');
    expect(privileged).toMatchObject({ level: 'error', locations: [{ physicalLocation: { region: { startLine: 19 } } }], properties: { documentIndex: 0 } });
  });

  test('file names that are not plain URI characters are percent-encoded in artifactLocation.uri', async () => {
    const file = tmp.write('my manifests/app #1.yaml', fs.readFileSync(INSECURE_EXAMPLE, 'utf8'));
    const { sarif } = await sarifOf([file]);
    expect(sarif).toBeValidSarifLog();
    const uri = sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri;
    // A space must be %20 and a # must not start a fragment; decoding gives the path back.
    expect(uri).not.toMatch(/[\s#\\]/);
    expect(uri).toContain('my%20manifests/app%20%231.yaml');
    expect(decodeURIComponent(uri)).toBe(shown(file));
    expect(sarif.runs[0].results.every((r: any) => r.locations[0].physicalLocation.artifactLocation.uri === uri)).toBe(true);
  });
});

describe('secrets never leak', () => {
  test.each(['text', 'json', 'sarif'])('%s: findings are reported, values are not', async (format) => {
    const r = await cli(['check', '--format', format, SECRETS]);
    expect(r.code).toBe(1);
    // The findings are there...
    expect(r.stdout).toContain('CS401');
    expect(r.stdout).toContain('CS402');
    expect(r.stdout).toContain('API_KEY');
    expect(r.stdout).toContain('DB_PASSWORD');
    // ...the values are not, nor their base64.
    for (const value of [...SECRET_VALUES, ...SECRET_VALUES_B64]) {
      expect(r.stdout).not.toContain(value);
      expect(r.stderr).not.toContain(value);
    }
  });

  test('the same with a Secret using data (base64) and with --output', async () => {
    const file = tmp.write('secret-data.yaml', [
      'apiVersion: v1', 'kind: Secret', 'metadata: {name: creds, namespace: shop}', 'type: Opaque', 'data:',
      ...SECRET_VALUES.slice(0, 1).concat('hunter2hunter2').map((v, i) => `  key${i}: ${Buffer.from(v).toString('base64')}`),
    ].join('\n') + '\n');
    for (const format of ['text', 'json', 'sarif']) {
      const out = tmp.path(`report.${format}`);
      const r = await cli(['check', '--format', format, '--output', out, SECRETS, file]);
      expect(r.code).toBe(1);
      const report = fs.readFileSync(out, 'utf8');
      expect(report).toContain('CS402');
      for (const value of [...SECRET_VALUES, ...SECRET_VALUES_B64]) {
        expect(report).not.toContain(value);
        expect(r.stdout + r.stderr).not.toContain(value);
      }
    }
  });

  test('input errors in a Secret do not echo its values', async () => {
    const cases = {
      'unclosed-quote.yaml': 'apiVersion: v1\nkind: Secret\nmetadata: {name: s}\nstringData:\n  DB_PASSWORD: "hunter2hunter2\n  API_KEY: sk_live_abcdefghijklmnop1234\n',
      'dup-key.yaml': 'apiVersion: v1\nkind: Secret\nmetadata: {name: s}\nstringData:\n  DB_PASSWORD: hunter2hunter2\n  DB_PASSWORD: sk_live_abcdefghijklmnop1234\n',
      'bad-flow.yaml': 'apiVersion: v1\nkind: Secret\nmetadata: {name: s}\nstringData: {DB_PASSWORD: hunter2hunter2, API_KEY: sk_live_abcdefghijklmnop1234\n',
      'no-kind.yaml': 'apiVersion: v1\nstringData: {DB_PASSWORD: hunter2hunter2, API_KEY: sk_live_abcdefghijklmnop1234}\n',
      'unresolved-alias.yaml': 'apiVersion: v1\nkind: Secret\nmetadata: {name: s}\nstringData:\n  DB_PASSWORD: *hunter2hunter2\n  API_KEY: *sk_live_abcdefghijklmnop1234\n',
      'tab-indent.yaml': 'apiVersion: v1\nkind: Secret\nmetadata: {name: s}\nstringData:\n\tDB_PASSWORD: hunter2hunter2\n\tAPI_KEY: sk_live_abcdefghijklmnop1234\n',
    };
    for (const [name, content] of Object.entries(cases)) {
      for (const format of ['text', 'json', 'sarif']) {
        const r = await cli(['check', '--format', format, tmp.write(name, content)]);
        expect({ name, code: r.code }).toEqual({ name, code: 2 });
        expect(r.stderr).toMatch(/^cdk8s-secure: error: .* \(document 0, line \d+\): /);
        for (const value of SECRET_VALUES) {
          expect(r.stdout).not.toContain(value);
          expect(r.stderr).not.toContain(value);
        }
      }
    }
  });
});
