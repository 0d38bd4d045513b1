import * as fs from 'fs';
import { checkJson, cli, INSECURE_EXAMPLE, shown, STACK_FRAME, TempDir } from './_cli';
import { Finding, Severity } from '../../src';
import { formatText } from '../../src/checks/formatters/text';

let tmp: TempDir;
beforeAll(() => { tmp = new TempDir(); });
afterAll(() => tmp.cleanup());

/** The lines of a text report that head a rule group: `ERROR CS103 Title: n finding(s) on m object(s)`. */
const GROUP = /^(ERROR|WARNING|INFO) (CS\d{3}) .*: (\d+) finding\(s\) on (\d+) object\(s\)$/;

describe('text report grouped by rule (the default)', () => {
  test('each rule once, with its fix once, then its findings; counts match the JSON report', async () => {
    const r = await cli(['check', '--verbose', INSECURE_EXAMPLE]);
    const { report } = await checkJson([INSECURE_EXAMPLE]);
    const active = report.findings.filter(f => !f.suppressed);
    const lines = r.stdout.split('\n');
    const groups = lines.map((l, i) => ({ m: GROUP.exec(l), i })).filter(x => x.m);
    const rules = new Set(active.map(f => `${f.severity} ${f.ruleId}`));
    expect(groups).toHaveLength(rules.size);
    for (const { m, i } of groups) {
      const [, sev, id, count] = m!;
      expect(Number(count)).toBe(active.filter(f => f.ruleId === id && f.severity === sev.toLowerCase()).length);
      // The fix follows the heading once, and appears nowhere else in the listing.
      const fix = active.find(f => f.ruleId === id)!.fix;
      expect(lines[i + 1]).toBe(`  fix: ${fix}`);
      expect(lines.filter(l => l === `  fix: ${fix}`)).toHaveLength(1);
    }
    // Two lines per finding: the object and message, then the field and source.
    expect(lines.filter(l => l.startsWith('  - '))).toHaveLength(active.length);
    expect(r.stdout).toContain(`  - Pod shop/legacy-app: container "app" is privileged\n    at spec.containers[0].securityContext.privileged  [${shown(INSECURE_EXAMPLE)}:19 (document 0)]\n`);
  });

  test('a summary table: rule, severity, count, objects, title; counts by rule and by distinct object', async () => {
    const r = await cli(['check', INSECURE_EXAMPLE]);
    const { report } = await checkJson([INSECURE_EXAMPLE]);
    const active = report.findings.filter(f => !f.suppressed);
    const lines = r.stdout.split('\n');
    const start = lines.indexOf('Summary:');
    expect(start).toBeGreaterThan(0);
    expect(lines[start + 1]).toMatch(/^ {2}rule {3}severity {2}count {2}objects {2}title$/);
    const rows = lines.slice(start + 2).filter(l => /^ {2}CS\d{3} /.test(l)).map(l => l.trim().split(/\s{2,}/));
    expect(rows.length).toBe(new Set(active.map(f => `${f.ruleId}/${f.severity}`)).size);
    const cs126 = rows.find(x => x[0] === 'CS126')!;
    expect(cs126).toEqual(['CS126', 'error', '3', '2', 'Capabilities not dropped']);
    // Rows are ordered by severity: every error row comes before any warning row.
    const sev = rows.map(x => x[1]);
    expect(sev.lastIndexOf('error')).toBeLessThan(sev.indexOf('warning'));
    expect(r.stdout).toMatch(/\n\d+ error\(s\), \d+ warning\(s\), \d+ info, 1 suppressed\nchecked 5 object\(s\) in 1 file\(s\)\n$/);
  });

  test('findings below --severity are counted, not listed, unless --verbose; JSON and SARIF keep them all', async () => {
    const { report } = await checkJson([INSECURE_EXAMPLE]);
    const warnings = report.findings.filter(f => !f.suppressed && f.severity === 'warning').length;
    const infos = report.findings.filter(f => !f.suppressed && f.severity === 'info').length;
    expect(warnings).toBeGreaterThan(0);
    expect(infos).toBeGreaterThan(0);

    const quiet = await cli(['check', INSECURE_EXAMPLE]);
    expect(quiet.stdout).not.toMatch(/^(WARNING|INFO) /m);
    expect(quiet.stdout).toContain(`Not listed: ${warnings} warning(s), ${infos} info below the error threshold (--verbose lists them).`);
    // ...but the summary table still has a row for them.
    expect(quiet.stdout).toMatch(/^ {2}CS213 +warning +1 +1 +uid or gid at or below 10000$/m);

    const warningThreshold = await cli(['check', '--severity', 'warning', INSECURE_EXAMPLE]);
    expect(warningThreshold.stdout).toMatch(/^WARNING CS213 /m);
    expect(warningThreshold.stdout).not.toMatch(/^INFO /m);
    expect(warningThreshold.stdout).toContain(`Not listed: ${infos} info below the warning threshold`);

    const verbose = await cli(['check', '--verbose', INSECURE_EXAMPLE]);
    expect(verbose.stdout).toMatch(/^WARNING CS213 /m);
    expect(verbose.stdout).toMatch(/^INFO /m);
    expect(verbose.stdout).not.toContain('Not listed');
    expect(verbose.code).toBe(quiet.code);

    const sarif = JSON.parse((await cli(['check', '--format', 'sarif', INSECURE_EXAMPLE])).stdout);
    expect(sarif.runs[0].results).toHaveLength(report.findings.length);
  });

  test('--group-by object: one block per object with its findings, each rule\'s fix once at the end', async () => {
    const r = await cli(['check', '--verbose', '--group-by', 'object', INSECURE_EXAMPLE]);
    const { report } = await checkJson([INSECURE_EXAMPLE]);
    const active = report.findings.filter(f => !f.suppressed);
    const onPod = active.filter(f => f.object.name === 'legacy-app').length;
    expect(r.stdout).toMatch(new RegExp(`^Pod shop/legacy-app {2}\\[${shown(INSECURE_EXAMPLE).replace(/\./g, '\\.')} \\(document 0\\)\\]: ${onPod} finding\\(s\\)$`, 'm'));
    expect(r.stdout).toContain('  ERROR CS103 Privileged container: container "app" is privileged\n    at spec.containers[0].securityContext.privileged  [line 19]\n');
    const lines = r.stdout.split('\n');
    const fixes = lines.slice(lines.indexOf('Fixes:') + 1);
    const ids = [...new Set(active.map(f => f.ruleId))].sort();
    expect(fixes.slice(0, ids.length).map(l => l.split(' ')[2])).toEqual(ids);
    expect(r.stdout).not.toMatch(/^ {2}fix: /m);
  });

  test('--group-by with another value is a usage error', async () => {
    const r = await cli(['check', '--group-by', 'file', INSECURE_EXAMPLE]);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe('cdk8s-secure: --group-by must be rule or object (got "file")');
  });

  test('suppressed findings: one line per rule and reason, every finding with --verbose', () => {
    const base: Finding = {
      ruleId: 'CS201',
      severity: Severity.ERROR,
      title: 'Writable root filesystem',
      message: 'm',
      fix: 'f',
      path: 'p',
      object: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'a', namespace: 'vendor' },
      source: { file: 'chart.yaml', documentIndex: 0 },
      suppressed: { reason: 'third-party chart, tracked upstream' },
    };
    const many = [base, { ...base, object: { ...base.object, name: 'b' } }, { ...base, object: { ...base.object, name: 'c' } }];
    const text = formatText(many);
    expect(text).toContain('Suppressed:\n  CS201 3 findings on 3 object(s)\n    reason: third-party chart, tracked upstream\n');
    expect(formatText(many, { verbose: true }).match(/reason: /g)).toHaveLength(3);
  });
});

describe('colours', () => {
  const ESC = '\x1b[';

  test('only on a terminal', async () => {
    const tty = await cli(['check', INSECURE_EXAMPLE], { isTTY: true });
    expect(tty.stdout).toContain(`${ESC}1;31mERROR${ESC}0m`);
    const pipe = await cli(['check', INSECURE_EXAMPLE]);
    expect(pipe.stdout).not.toContain('\x1b');
    // The same report without the colour codes.
    expect(tty.stdout.replace(/\x1b\[[0-9;]*m/g, '')).toBe(pipe.stdout);
  });

  test('never with NO_COLOR, never into --output, never in JSON', async () => {
    const saved = process.env.NO_COLOR;
    process.env.NO_COLOR = '1';
    try {
      expect((await cli(['check', INSECURE_EXAMPLE], { isTTY: true })).stdout).not.toContain('\x1b');
    } finally {
      if (saved === undefined) delete process.env.NO_COLOR;
      else process.env.NO_COLOR = saved;
    }
    const out = tmp.path('report.txt');
    await cli(['check', '--output', out, INSECURE_EXAMPLE], { isTTY: true });
    expect(fs.readFileSync(out, 'utf8')).not.toContain('\x1b');
    expect((await cli(['check', '--format', 'json', INSECURE_EXAMPLE], { isTTY: true })).stdout).not.toContain('\x1b');
  });
});

describe('control characters from the input are never echoed (issue #12)', () => {
  const CLEAR = '\x1b[2J';

  test('in a file name, an object name and an image: escaped in the report, in notes and in errors', async () => {
    const dir = tmp.path(`evil${CLEAR}dir`);
    const file = tmp.write(`evil${CLEAR}dir/pod${CLEAR}.yaml`, [
      'apiVersion: v1', 'kind: Pod', 'metadata:', '  name: "web\\e[2J"', '  namespace: shop', 'spec:', '  containers:',
      '    - name: "app\\e[2J"', '      image: "nginx\\e[2J:latest"',
      '---',
      'apiVersion: example.com/v1', 'kind: "Widget\\e[2J"', 'metadata: {name: w}',
      '---',
      'not: [closed',
    ].join('\n') + '\n');
    for (const args of [[], ['--verbose'], ['--group-by', 'object', '--verbose']]) {
      const r = await cli(['check', ...args, dir], { isTTY: false });
      expect(r.code).toBe(2);
      const all = r.stdout + r.stderr;
      expect(all).not.toContain('\x1b');
      expect(r.stdout).toContain('Pod shop/web\\x1b[2J');
      expect(r.stdout).toContain('nginx\\x1b[2J:latest');
      expect(r.stdout).toContain('pod\\x1b[2J.yaml');
      expect(r.stderr).toContain('no rule inspects Widget\\x1b[2J (1)');
      expect(r.stderr).toMatch(/^cdk8s-secure: error: .*evil\\x1b\[2Jdir\/pod\\x1b\[2J\.yaml \(document 2/m);
      expect(r.stderr).not.toMatch(STACK_FRAME);
    }
    // JSON keeps the exact values (it is data, not terminal text).
    const { report } = await checkJson([file]);
    expect(report.findings.some(f => f.object.name === `web${CLEAR}`)).toBe(true);
  });

  test('in a usage error', async () => {
    const r = await cli(['check', '--format', `x${CLEAR}`, INSECURE_EXAMPLE]);
    expect(r.code).toBe(2);
    expect(r.stderr).not.toContain('\x1b');
    expect(r.stderr.split('\n')[0]).toBe('cdk8s-secure: --format must be text, json or sarif (got "x\\x1b[2J")');
    const unknown = await cli([`fix${CLEAR}`]);
    expect(unknown.stderr).not.toContain('\x1b');
  });
});

describe('--help on every command', () => {
  test.each([
    ['check', /^Usage:\n {2}cdk8s-secure check \[options\] <file\|dir\|->\.\.\.\n[\s\S]*--group-by rule\|object/],
    ['rules', /^Usage:\n {2}cdk8s-secure rules \[--format text\|json\|markdown\]/],
    ['images', /^Usage:\n {2}cdk8s-secure images /],
    ['workflow', /^Usage:\n {2}cdk8s-secure workflow \[options\][\s\S]*--build-image/],
    ['graph', /^Usage:\n {2}cdk8s-secure graph /],
    ['dockerfile', /^Usage:\n {2}cdk8s-secure dockerfile /],
  ])('%s --help and -h print its usage on stdout, exit 0, and read no input', async (command, usage) => {
    for (const flag of ['--help', '-h']) {
      const r = await cli([command, flag, '/no/such/file']);
      expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
      expect(r.stdout).toMatch(usage);
    }
    // After `--`, --help is a file name.
    const literal = await cli([command, '--', '--help']);
    expect(literal.stdout).not.toMatch(/^Usage:/);
  });
});
