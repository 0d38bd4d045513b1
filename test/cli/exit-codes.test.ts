import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { checkJson, cli, fixture, INSECURE_EXAMPLE, re, shown, STACK_FRAME, stderrLines, TempDir } from './_cli';
import { RuleCatalog } from '../../src';

const CLEAN = fixture('clean.yaml');
const cleanText = () => fs.readFileSync(CLEAN, 'utf8');

let tmp: TempDir;
beforeAll(() => { tmp = new TempDir(); });
afterAll(() => tmp.cleanup());

/** The clean fixture with only warnings: imagePullPolicy IfNotPresent (CS210, a warning). */
function warningsOnly(): string {
  const text = cleanText().replace('imagePullPolicy: Always', 'imagePullPolicy: IfNotPresent');
  return tmp.write('warnings-only.yaml', text);
}

/** The clean fixture with only an info finding: the image is pinned by tag, not digest (CS208, info). */
function infoOnly(): string {
  const text = cleanText().replace(/(api:2\.3\.1)@sha256:[0-9a-f]+/, '$1');
  return tmp.write('info-only.yaml', text);
}

describe('exit codes for clean input and findings', () => {
  test('a hardened Deployment isolated by NetworkPolicies, image pinned by digest, is clean: exit 0', async () => {
    for (const severity of ['error', 'warning', 'info']) {
      const r = await cli(['check', '--severity', severity, CLEAN]);
      expect(r.code).toBe(0);
      expect(r.stderr).toBe('');
      expect(r.stdout).toBe('0 error(s), 0 warning(s), 0 info, 0 suppressed\nchecked 4 object(s) in 1 file(s)\n');
    }
    const { report } = await checkJson([CLEAN]);
    expect(report.findings).toEqual([]);
  });

  test('findings at or above the default threshold (error): exit 1, report on stdout, nothing on stderr', async () => {
    const r = await cli(['check', INSECURE_EXAMPLE]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^ERROR CS103 Privileged container: 1 finding\(s\) on 1 object\(s\)$/m);
    expect(r.stdout).toMatch(new RegExp(`^ {4}at spec\\.containers\\[0\\]\\.securityContext\\.privileged {2}\\[${re(shown(INSECURE_EXAMPLE))}:\\d+ \\(document 0\\)\\]$`, 'm'));
    expect(r.stdout).toMatch(/^\d+ error\(s\), \d+ warning\(s\), \d+ info, 1 suppressed$/m);
  });

  test('--severity warning and info lower the threshold', async () => {
    const warnings = warningsOnly();
    const { report: wr } = await checkJson([warnings]);
    expect(wr.summary).toEqual({ error: 0, warning: 1, info: 0, suppressed: 0 });
    expect(wr.findings[0].ruleId).toBe('CS210');
    expect((await cli(['check', warnings])).code).toBe(0);
    expect((await cli(['check', '--severity', 'error', warnings])).code).toBe(0);
    expect((await cli(['check', '--severity', 'warning', warnings])).code).toBe(1);
    expect((await cli(['check', '--severity', 'info', warnings])).code).toBe(1);
    expect((await cli(['check', '--severity=warning', warnings])).code).toBe(1);

    const info = infoOnly();
    const { report: ir } = await checkJson([info]);
    expect(ir.summary).toEqual({ error: 0, warning: 0, info: 1, suppressed: 0 });
    expect(ir.findings[0].ruleId).toBe('CS208');
    expect((await cli(['check', info])).code).toBe(0);
    expect((await cli(['check', '--severity', 'warning', info])).code).toBe(0);
    expect((await cli(['check', '--severity', 'info', info])).code).toBe(1);
  });

  test('a suppressed finding does not fail the check', async () => {
    const text = cleanText()
      .replace('readOnlyRootFilesystem: true', 'readOnlyRootFilesystem: false')
      .replace('  name: api\n  namespace: shop\nspec:\n  replicas', "  name: api\n  namespace: shop\n  annotations:\n    cdk8s-secure.io/suppressions: '[{\"ruleId\":\"CS201\",\"reason\":\"the legacy image writes to /var/run\"}]'\nspec:\n  replicas");
    const file = tmp.write('suppressed.yaml', text);
    const r = await checkJson([file]);
    expect(r.code).toBe(0);
    expect(r.report.summary).toEqual({ error: 0, warning: 0, info: 0, suppressed: 1 });
    expect(r.report.findings).toMatchObject([{ ruleId: 'CS201', suppressed: { reason: 'the legacy image writes to /var/run' } }]);
  });

  test('--disable removes a rule', async () => {
    const warnings = warningsOnly();
    expect((await cli(['check', '--severity', 'warning', '--disable', 'CS210', warnings])).code).toBe(0);
    const r = await checkJson(['--disable', 'CS103', '--disable', 'CS102', INSECURE_EXAMPLE]);
    expect(r.code).toBe(1);
    expect(r.report.findings.filter(f => f.ruleId === 'CS103' || f.ruleId === 'CS102')).toEqual([]);
    expect(r.report.findings.length).toBeGreaterThan(0);
  });
});

describe('--allowed-registry and --require-digests', () => {
  test('--allowed-registry reports images from other registries as CS209 errors', async () => {
    const other = await checkJson(['--allowed-registry', 'ghcr.io/acme', CLEAN]);
    expect(other.code).toBe(1);
    expect(other.report.findings).toEqual([expect.objectContaining({
      ruleId: 'CS209',
      severity: 'error',
      path: 'spec.template.spec.containers[0].image',
      object: expect.objectContaining({ kind: 'Deployment', name: 'api' }),
      source: expect.objectContaining({ file: shown(CLEAN), documentIndex: 1, line: 34 }),
    })]);
    expect(other.report.findings[0].message).toContain('not one of ghcr.io/acme');

    for (const allowed of ['registry.example.com', 'registry.example.com/shop', 'registry.example.com/shop/']) {
      const r = await checkJson(['--allowed-registry', allowed, CLEAN]);
      expect({ allowed, code: r.code, findings: r.report.findings }).toEqual({ allowed, code: 0, findings: [] });
    }
    const wrongPath = await checkJson(['--allowed-registry', 'registry.example.com/other', CLEAN]);
    expect(wrongPath.report.findings.map(f => f.ruleId)).toEqual(['CS209']);
    // Repeatable: any of the registries will do.
    const many = await checkJson(['--allowed-registry', 'ghcr.io', '--allowed-registry', 'registry.example.com', CLEAN]);
    expect(many.code).toBe(0);
  });

  test('--require-digests turns CS208 into an error', async () => {
    const info = infoOnly();
    const plain = await checkJson([info]);
    expect(plain.code).toBe(0);
    expect(plain.report.findings.map(f => [f.ruleId, f.severity])).toEqual([['CS208', 'info']]);

    const strict = await checkJson(['--require-digests', info]);
    expect(strict.code).toBe(1);
    expect(strict.report.findings.map(f => [f.ruleId, f.severity])).toEqual([['CS208', 'error']]);
    expect(strict.report.summary).toEqual({ error: 1, warning: 0, info: 0, suppressed: 0 });

    // A digest satisfies it.
    expect((await cli(['check', '--require-digests', CLEAN])).code).toBe(0);
  });
});

describe('usage errors: exit 2 with a usage message, never a stack trace', () => {
  const usageCases: Array<[string, string[], RegExp]> = [
    ['--severity bogus', ['check', '--severity', 'bogus', CLEAN], /^cdk8s-secure: --severity must be error, warning or info \(got "bogus"\)$/m],
    ['--format bogus', ['check', '--format', 'bogus', CLEAN], /^cdk8s-secure: --format must be text, json or sarif \(got "bogus"\)$/m],
    ['an unknown flag', ['check', '--frobnicate', CLEAN], /^cdk8s-secure: .*'--frobnicate'/m],
    ['a flag without its value', ['check', CLEAN, '--severity'], /^cdk8s-secure: .*--severity/m],
    ['no files', ['check'], /^cdk8s-secure: check needs at least one file, directory or - \(standard input\)$/m],
    ['no files, only options', ['check', '--format', 'json'], /^cdk8s-secure: check needs at least one file, directory or - \(standard input\)$/m],
    ['an unknown command', ['scan', CLEAN], /^cdk8s-secure: unknown command "scan"$/m],
    ['--disable UNKNOWN', ['check', '--disable', 'UNKNOWN', CLEAN], /^cdk8s-secure: --disable: unknown rule id "UNKNOWN" \(see `cdk8s-secure rules`\)$/m],
    ['rules --format bogus', ['rules', '--format', 'bogus'], /^cdk8s-secure: --format must be text, json or markdown \(got "bogus"\)$/m],
    ['rules with an unknown flag', ['rules', '--verbose'], /^cdk8s-secure: .*'--verbose'/m],
  ];

  test.each(usageCases)('%s', async (_name, argv, message) => {
    const r = await cli(argv);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
    // The first line says what is wrong; the usage follows.
    expect(stderrLines(r.stderr)[0]).toMatch(message);
    expect(r.stderr).toContain('Usage:\n  cdk8s-secure check [options] <file|dir|->...');
    expect(r.stderr).toContain('Exit codes: 0 clean, 1 findings at or above --severity, 2 usage or input error.');
    expect(r.stderr).not.toMatch(STACK_FRAME);
  });

  test('no command at all prints the usage on stderr with exit 2; --help prints it on stdout with exit 0', async () => {
    const none = await cli([]);
    expect(none.code).toBe(2);
    expect(none.stdout).toBe('');
    expect(none.stderr).toMatch(/^Usage:\n/);
    for (const flag of ['--help', '-h', 'help']) {
      const help = await cli([flag]);
      expect(help.code).toBe(0);
      expect(help.stderr).toBe('');
      expect(help.stdout).toMatch(/^Usage:\n/);
    }
  });

  test('--version prints the package version', async () => {
    const r = await cli(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')).version}\n`);
  });
});

describe('rules command', () => {
  const all = RuleCatalog.all();

  test('text lists every rule id with its severity and title', async () => {
    const r = await cli(['rules']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(all.length);
    expect(lines.map(l => l.split(/\s+/)[0])).toEqual(all.map(x => x.id));
    all.forEach((rule, i) => expect(lines[i]).toBe(`${rule.id}  ${rule.severity.padEnd(7)}  ${rule.title}`));
  });

  test('json is the catalog', async () => {
    const r = await cli(['rules', '--format', 'json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(JSON.parse(JSON.stringify(all)));
  });

  test('markdown has a header row, a separator row and one row of six cells per rule', async () => {
    const r = await cli(['rules', '--format', 'markdown']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    const header = lines.indexOf('| Id | Severity | Title | What it checks | Fix | References |');
    expect(header).toBeGreaterThanOrEqual(0);
    // Only the table uses pipes: no other line before or after it starts with one.
    expect(lines.slice(0, header).filter(l => l.startsWith('|'))).toEqual([]);
    expect(lines[header + 1]).toBe('|---|---|---|---|---|---|');
    const after = lines.slice(header + 2);
    const end = after.findIndex(l => !l.startsWith('|'));
    const rows = end < 0 ? after : after.slice(0, end);
    expect(after.slice(rows.length).filter(l => l.startsWith('|'))).toEqual([]);
    expect(rows).toHaveLength(all.length);
    rows.forEach((row, i) => {
      // Cells are separated by unescaped pipes; a `|` inside a cell must be escaped.
      const cells = row.split(/(?<!\\)\|/).slice(1, -1).map(c => c.trim());
      expect(cells).toHaveLength(6);
      expect(cells.slice(0, 3)).toEqual([all[i].id, all[i].severity, all[i].title.replace(/\|/g, '\\|')]);
    });
  });
});

describe('--output', () => {
  test('writes the report to the file and nothing to stdout; the exit code still reflects the findings', async () => {
    const out = tmp.path('report.json');
    const r = await cli(['check', '--format', 'json', '--output', out, INSECURE_EXAMPLE]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('');
    const report = JSON.parse(fs.readFileSync(out, 'utf8'));
    expect(report.summary.error).toBeGreaterThan(0);
    expect(report.findings.length).toBeGreaterThan(0);

    const clean = tmp.path('clean.txt');
    const c = await cli(['check', '--output', clean, CLEAN]);
    expect(c.code).toBe(0);
    expect(c.stdout).toBe('');
    expect(fs.readFileSync(clean, 'utf8')).toBe('0 error(s), 0 warning(s), 0 info, 0 suppressed\nchecked 4 object(s) in 1 file(s)\n');
  });

  test('an unwritable output path is an input error (exit 2), one line, no stack trace', async () => {
    const out = tmp.path('no/such/dir/report.sarif');
    const r = await cli(['check', '--format', 'sarif', '--output', out, CLEAN]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(stderrLines(r.stderr)).toHaveLength(1);
    expect(r.stderr).toMatch(new RegExp(`^cdk8s-secure: error: ${re(out)}: cannot write the report: .*\n$`));
    expect(r.stderr).not.toMatch(STACK_FRAME);
  });
});

describe('the installed bin (lib/cli/main.js)', () => {
  const root = path.join(__dirname, '..', '..');
  const bin = path.join(root, 'lib', 'cli', 'main.js');

  test('runs as a program and exits 0 clean, 1 findings, 2 bad input, without a stack trace', () => {
    expect(fs.existsSync(bin) ? 'built' : `${bin} is missing: build it with \`npx jsii\` first`).toBe('built');
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
    expect(pkg.bin['cdk8s-secure']).toBe('lib/cli/main.js');
    expect(fs.readFileSync(bin, 'utf8').split('\n')[0]).toBe('#!/usr/bin/env node');

    const exec = (args: string[]) => spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: 'utf8', timeout: 30_000 });

    const clean = exec(['check', path.relative(root, CLEAN)]);
    expect({ status: clean.status, stderr: clean.stderr }).toEqual({ status: 0, stderr: '' });
    expect(clean.stdout).toContain('0 error(s), 0 warning(s), 0 info, 0 suppressed');

    const findings = exec(['check', '--format', 'json', 'examples/insecure/manifests.yaml']);
    expect(findings.status).toBe(1);
    expect(findings.stderr).toBe('');
    expect(JSON.parse(findings.stdout).summary.error).toBeGreaterThan(0);

    const bad = tmp.write('bad.yaml', 'apiVersion: v1\nkind: Pod\nmetadata: {name: x\n');
    const broken = exec(['check', bad]);
    expect(broken.status).toBe(2);
    expect(broken.stderr).toMatch(new RegExp(`^cdk8s-secure: error: ${re(path.relative(root, bad))} \\(document 0, line 3\\): [^\\n]+\\n$`));
    expect(broken.stderr).not.toMatch(STACK_FRAME);

    const usage = exec(['check', '--severity', 'bogus', 'x.yaml']);
    expect(usage.status).toBe(2);
    expect(usage.stderr).toMatch(/^cdk8s-secure: --severity must be error, warning or info/);
    expect(usage.stderr).not.toMatch(STACK_FRAME);
  });
});
