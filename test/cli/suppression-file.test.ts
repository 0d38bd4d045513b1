import * as fs from 'fs';
import * as fc from 'fast-check';
import { checkJson, cli, shown, STACK_FRAME, stderrLines, TempDir } from './_cli';
import { globMatch } from '../../src/checks/_suppression-file';

let tmp: TempDir;
beforeAll(() => { tmp = new TempDir('cdk8s-secure-suppr-file-'); });
afterAll(() => tmp.cleanup());

/** A third-party chart as `helm template` renders it: objects we do not own and cannot annotate. */
const VENDOR_CHART = [
  '# Source: ingress-nginx/templates/controller-deployment.yaml',
  'apiVersion: apps/v1', 'kind: Deployment', 'metadata: {name: ingress-nginx-controller, namespace: ingress-nginx}',
  'spec:', '  selector: {matchLabels: {app: ctl}}', '  template:', '    metadata: {labels: {app: ctl}}', '    spec:',
  '      containers:', '        - name: controller', '          image: registry.k8s.io/ingress-nginx/controller:v1.12.0',
  '          securityContext: {allowPrivilegeEscalation: true, capabilities: {add: [NET_BIND_SERVICE], drop: [ALL]}, runAsNonRoot: true, runAsUser: 101}',
  '---',
  '# Source: ingress-nginx/templates/admission-webhooks/job-patch/job-createSecret.yaml',
  'apiVersion: batch/v1', 'kind: Job', 'metadata: {name: ingress-nginx-admission-create, namespace: ingress-nginx}',
  'spec:', '  template:', '    spec:', '      restartPolicy: OnFailure', '      containers:',
  '        - name: create', '          image: registry.k8s.io/ingress-nginx/kube-webhook-certgen:v1.5.0',
].join('\n') + '\n';

function suppressionFile(name: string, entries: string[]): string {
  return tmp.write(name, ['version: 1', 'suppressions:', ...entries].join('\n') + '\n');
}

describe('--suppressions FILE: silence findings in manifests you do not own', () => {
  test('a suppression file silences every finding of a third-party chart, by globs, without touching it', async () => {
    const chart = tmp.write('vendor/ingress-nginx.yaml', VENDOR_CHART);
    const before = fs.readFileSync(chart);
    const { report: raw } = await checkJson([chart]);
    const rules = [...new Set(raw.findings.map(f => f.ruleId))].sort();
    expect(rules.length).toBeGreaterThan(3);
    // One entry per rule, matching both objects by namespace and name glob.
    const file = suppressionFile('vendor-suppressions.yaml', rules.flatMap(id => [
      `  - ruleId: ${id}`,
      '    match: {namespace: "ingress-*", name: "ingress-nginx-*"}',
      '    reason: rendered from the upstream ingress-nginx chart; hardening tracked in PLAT-77',
      '    expires: 2099-01-01',
    ]));
    const r = await checkJson(['--suppressions', file, '--severity', 'info', chart]);
    expect(r.code).toBe(0);
    expect(r.report.summary).toMatchObject({ error: 0, warning: 0, info: 0, suppressed: raw.findings.length });
    for (const f of r.report.findings) {
      expect(f.suppressed).toEqual({ reason: 'rendered from the upstream ingress-nginx chart; hardening tracked in PLAT-77', expires: '2099-01-01' });
    }
    expect(fs.readFileSync(chart)).toEqual(before);
    // The text report says so in one line per rule and reason.
    const text = await cli(['check', '--suppressions', file, chart]);
    expect(text.stdout).toMatch(/^Suppressed:\n/m);
    expect(text.stdout).toMatch(/^ {4}reason: rendered from the upstream ingress-nginx chart; hardening tracked in PLAT-77 \(until 2099-01-01\)$/m);
  });

  test('match on kind, namespace and name, and container: only what matches is suppressed', async () => {
    const chart = tmp.write('vendor2/chart.yaml', VENDOR_CHART);
    const file = suppressionFile('narrow.yaml', [
      '  - ruleId: CS122', '    match: {kind: Deployment, name: "*-controller"}', '    container: controller',
      '    reason: the controller binds port 80 via a setcap binary',
    ]);
    const { report } = await checkJson(['--suppressions', file, chart]);
    const cs122 = report.findings.filter(f => f.ruleId === 'CS122');
    expect(cs122.find(f => f.object.kind === 'Deployment')!.suppressed).toBeDefined();
    const job = cs122.find(f => f.object.kind === 'Job');
    expect(job && job.suppressed).toBeFalsy();
  });

  test('an entry that matches nothing is CS001, an expired one CS002 and its findings come back: both point at the file line', async () => {
    const chart = tmp.write('vendor3/chart.yaml', VENDOR_CHART);
    const file = suppressionFile('stale.yaml', [
      '  - ruleId: CS201', '    match: {namespace: nothing-here}', '    reason: a namespace that no longer exists',
      '  - ruleId: CS122', '    match: {namespace: ingress-nginx}', '    reason: accepted until the upgrade landed', '    expires: 2020-01-31',
    ]);
    const { code, report } = await checkJson(['--suppressions', file, chart]);
    expect(code).toBe(1);
    const meta = report.findings.filter(f => f.object.kind === 'SuppressionFile');
    expect(meta.map(f => [f.ruleId, f.path, f.source.line, f.message])).toEqual([
      ['CS001', 'suppressions[0]', 3, 'the suppression of CS201 for * nothing-here/* matches no finding'],
      ['CS002', 'suppressions[1]', 6, 'the suppression of CS122 for * ingress-nginx/* expired on 2020-01-31 (reason: accepted until the upgrade landed)'],
    ]);
    expect(meta.map(f => f.source.file)).toEqual([shown(file), shown(file)]);
    expect(report.findings.filter(f => f.ruleId === 'CS122').every(f => !f.suppressed)).toBe(true);
  });

  test('an annotation on the object wins over the file (its reason is reported)', async () => {
    const annotated = VENDOR_CHART.replace('metadata: {name: ingress-nginx-controller, namespace: ingress-nginx}',
      'metadata: {name: ingress-nginx-controller, namespace: ingress-nginx, annotations: {cdk8s-secure.io/suppressions: \'[{"ruleId":"CS122","reason":"annotated in our fork of the chart"}]\'}}');
    const chart = tmp.write('vendor4/chart.yaml', annotated);
    const file = suppressionFile('both.yaml', ['  - ruleId: CS122', '    match: {name: "ingress-nginx-*"}', '    reason: the file reason for all of them']);
    const { report } = await checkJson(['--suppressions', file, chart]);
    const byKind = Object.fromEntries(report.findings.filter(f => f.ruleId === 'CS122').map(f => [f.object.kind, f.suppressed?.reason]));
    expect(byKind).toEqual({ Deployment: 'annotated in our fork of the chart', Job: 'the file reason for all of them' });
  });
});

describe('a bad suppression file: one line naming the file, exit 2, no report', () => {
  const entry = ['  - ruleId: CS201', '    match: {kind: Deployment}', '    reason: a reason long enough'];
  test.each([
    ['malformed YAML', 'version: 1\nsuppressions: [\n', /^not valid YAML \(line \d+\): /],
    ['not a suppression file', 'rules: []\n', /^not a cdk8s-secure suppression file: expected "version: 1" and a "suppressions" list$/],
    ['another version', 'version: 2\nsuppressions: []\n', /^suppression file version 2 is not supported \(this release reads version 1\)$/],
    ['an unknown rule', ['version: 1', 'suppressions:', '  - ruleId: CS999', '    match: {kind: Pod}', '    reason: a reason long enough'].join('\n'),
      /^suppressions\[0\] \(line 3\) names unknown rule "CS999" \(see `cdk8s-secure rules`\)$/],
    ['a short reason', ['version: 1', 'suppressions:', '  - ruleId: CS201', '    match: {kind: Pod}', '    reason: too short'].join('\n'),
      /^suppressions\[0\] \(line 3\): the reason for CS201 must have at least 10 visible characters \(got "too short"\)$/],
    ['a reason of invisible characters', ['version: 1', 'suppressions:', '  - ruleId: CS201', '    match: {kind: Pod}', '    reason: "\\u200b\\u200b\\u200b\\u200b\\u200b\\u200b\\u200b\\u200b\\u200b\\u200b\\u200b\\u200b"'].join('\n'),
      /^suppressions\[0\] \(line 3\): the reason for CS201 must have at least 10 visible characters/],
    ['a bad expiry', ['version: 1', 'suppressions:', ...entry, '    expires: 2027-02-30'].join('\n'), /^suppressions\[0\] \(line 3\): expires must be a YYYY-MM-DD date \(got "2027-02-30"\)$/],
    ['no match', ['version: 1', 'suppressions:', '  - ruleId: CS201', '    reason: a reason long enough'].join('\n'), /^suppressions\[0\] \(line 3\) needs a "match" mapping/],
    ['an unknown key', ['version: 1', 'suppressions:', ...entry, '    until: 2027-01-01'].join('\n'), /^suppressions\[0\] \(line 3\) has an unknown key "until"/],
    ['a meta rule', ['version: 1', 'suppressions:', '  - ruleId: CS001', '    match: {kind: Pod}', '    reason: a reason long enough'].join('\n'), /cannot be suppressed$/],
  ])('%s', async (name, content, message) => {
    const file = tmp.write(`bad-${name.replace(/\W+/g, '-')}.yaml`, content);
    const r = await cli(['check', '--suppressions', file, tmp.write('ok.yaml', VENDOR_CHART)]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    const lines = stderrLines(r.stderr);
    expect(lines).toHaveLength(1);
    const prefix = `cdk8s-secure: error: ${file}: `;
    expect(lines[0].startsWith(prefix)).toBe(true);
    expect(lines[0].slice(prefix.length)).toMatch(message);
    expect(r.stderr).not.toMatch(STACK_FRAME);
  });
});

describe('globMatch', () => {
  test('examples', () => {
    expect(globMatch('*', '')).toBe(true);
    expect(globMatch('ingress-*', 'ingress-nginx')).toBe(true);
    expect(globMatch('ingress-*', 'egress-nginx')).toBe(false);
    expect(globMatch('*-controller', 'ingress-nginx-controller')).toBe(true);
    expect(globMatch('a?c', 'abc')).toBe(true);
    expect(globMatch('a?c', 'ac')).toBe(false);
    expect(globMatch('a.c', 'abc')).toBe(false);
    expect(globMatch('*a*a*a*b', 'a'.repeat(5000))).toBe(false);
  });

  test('agrees with an anchored regular expression built from the pattern', () => {
    const chars = fc.constantFrom('a', 'b', '-', '.', '*', '?');
    fc.assert(fc.property(fc.string({ unit: chars, maxLength: 8 }), fc.string({ unit: fc.constantFrom('a', 'b', '-', '.'), maxLength: 12 }), (pattern, value) => {
      const re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\-]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 's');
      expect(globMatch(pattern, value)).toBe(re.test(value));
    }));
  });
});
