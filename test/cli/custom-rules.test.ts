import '@microsoft/jest-sarif';
import * as path from 'path';
import { Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { checkJson, cli, STACK_FRAME, stderrLines, TempDir } from './_cli';
import { rules as acmeRules } from '../../examples/custom-rules/acme-rules';
import { HealthChecks, ICustomRule, SecureDeployment, SecurityChecks, Severity, Suppressions } from '../../src';
import { parsePath } from '../../src/checks/_custom-rules';

const ACME_RULES = path.join(__dirname, '..', '..', 'examples', 'custom-rules', 'acme-rules.ts');

let tmp: TempDir;
beforeAll(() => { tmp = new TempDir('cdk8s-secure-custom-'); });
afterAll(() => tmp.cleanup());

/** A Deployment with a JDWP agent (ACME001), no cost-center label (ACME002), and the catalog's own findings. */
const DEBUG_DEPLOYMENT = [
  'apiVersion: apps/v1', 'kind: Deployment', 'metadata: {name: api, namespace: shop}', 'spec:', '  selector: {matchLabels: {app: api}}',
  '  template:', '    metadata: {labels: {app: api}}', '    spec:', '      containers:', '        - name: api', '          image: ghcr.io/acme/api:1.0',
  '          env:', '            - {name: LOG_LEVEL, value: info}', '            - {name: JAVA_TOOL_OPTIONS, value: "-agentlib:jdwp=transport=dt_socket,server=y,address=*:5005"}',
].join('\n') + '\n';

/** A plain JavaScript module, as a team would ship it (no import of the library needed). */
function jsModule(name: string, body: string): string {
  return tmp.write(name, body);
}

const PLAIN_JS_RULE = `
module.exports = [{
  info: { id: 'ORG12', title: 'Service without an owner annotation', severity: 'warning', description: 'd', rationale: 'r',
    fix: 'Add metadata.annotations.owner.', references: ['ORG handbook'] },
  appliesTo(kind) { return kind === 'Deployment'; },
  check(obj) {
    return obj.metadata.annotations && obj.metadata.annotations.owner ? [] : [{ path: 'metadata.annotations.owner', message: 'no owner annotation' }];
  },
}];
`;

describe('--rules MODULE: custom rules in the CLI', () => {
  test('the example pack reports its findings in every format, next to the built-in ones, with lines', async () => {
    const file = tmp.write('debug.yaml', DEBUG_DEPLOYMENT);
    const { code, report } = await checkJson(['--rules', ACME_RULES, file]);
    expect(code).toBe(1);
    const acme001 = report.findings.find(f => f.ruleId === 'ACME001')!;
    expect(acme001).toMatchObject({
      severity: 'error',
      title: 'JVM debug agent enabled',
      container: 'api',
      path: 'spec.template.spec.containers[0].env[1].value',
      message: 'container "api" enables the JDWP debug agent in JAVA_TOOL_OPTIONS',
      source: { line: 14 },
    });
    // Defaults of CustomFinding: the rule's severity, and no container (the finding is about the object).
    const acme002 = report.findings.find(f => f.ruleId === 'ACME002')!;
    expect(acme002).toMatchObject({ severity: 'warning', path: 'metadata.labels["acme.com/cost-center"]' });
    expect(acme002.container).toBeUndefined();
    // Built-in rules still report.
    expect(report.findings.some(f => f.ruleId === 'CS204')).toBe(true);

    const text = await cli(['check', '--rules', ACME_RULES, file]);
    expect(text.stdout).toMatch(/^ERROR ACME001 JVM debug agent enabled: 1 finding\(s\) on 1 object\(s\)\n {2}fix: Remove the jdwp agent/m);
    const sarif = JSON.parse((await cli(['check', '--format', 'sarif', '--rules', ACME_RULES, file])).stdout);
    const rule = sarif.runs[0].tool.driver.rules.findIndex((r: any) => r.id === 'ACME001');
    expect(rule).toBeGreaterThanOrEqual(0);
    expect(sarif.runs[0].results.find((r: any) => r.ruleId === 'ACME001').ruleIndex).toBe(rule);
    expect(sarif).toBeValidSarifLog();
  });

  test('a plain JavaScript module; custom findings are suppressible by annotation, suppression file, --disable and baseline', async () => {
    const mod = jsModule('org-rules.js', PLAIN_JS_RULE);
    const plain = tmp.write('plain.yaml', DEBUG_DEPLOYMENT);
    expect((await checkJson(['--rules', mod, plain])).report.findings.filter(f => f.ruleId === 'ORG12')).toHaveLength(1);

    const annotated = tmp.write('annotated.yaml', DEBUG_DEPLOYMENT.replace('metadata: {name: api, namespace: shop}',
      'metadata: {name: api, namespace: shop, annotations: {cdk8s-secure.io/suppressions: \'[{"ruleId":"ORG12","reason":"owner is in the service catalog"}]\'}}'));
    const a = await checkJson(['--rules', mod, annotated]);
    expect(a.report.findings.find(f => f.ruleId === 'ORG12')!.suppressed).toEqual({ reason: 'owner is in the service catalog' });
    // Without the module the annotation names an unknown rule: CS003.
    expect((await checkJson([annotated])).report.findings.some(f => f.ruleId === 'CS003')).toBe(true);

    const sfile = tmp.write('s.yaml', 'version: 1\nsuppressions:\n  - ruleId: ORG12\n    match: {name: api}\n    reason: owner is in the service catalog\n');
    expect((await checkJson(['--rules', mod, '--suppressions', sfile, plain])).report.findings.find(f => f.ruleId === 'ORG12')!.suppressed).toBeDefined();
    expect((await checkJson(['--rules', mod, '--disable', 'ORG12', plain])).report.findings.some(f => f.ruleId === 'ORG12')).toBe(false);

    const base = tmp.path('b.json');
    await cli(['check', '--rules', mod, '--write-baseline', base, plain]);
    expect((await cli(['check', '--rules', mod, '--baseline', base, plain])).code).toBe(0);
  });

  test('a rule that throws or returns garbage: one line per rule, exit 2, and every built-in finding is still reported', async () => {
    const mod = jsModule('broken.js', `
module.exports = { rules: [
  { info: { id: 'BAD1', title: 't', severity: 'error', description: 'd', rationale: 'r', fix: 'f', references: [] },
    appliesTo: () => true, check() { throw new Error('boom\\n    at secret stack'); } },
  { info: { id: 'BAD2', title: 't', severity: 'error', description: 'd', rationale: 'r', fix: 'f', references: [] },
    appliesTo: () => true, check() { return 'not a list'; } },
  { info: { id: 'BAD3', title: 't', severity: 'error', description: 'd', rationale: 'r', fix: 'f', references: [] },
    appliesTo: () => true, check() { return [{ path: 42, message: 'x' }]; } },
] };
`);
    const file = tmp.write('two.yaml', `${DEBUG_DEPLOYMENT}---\n${DEBUG_DEPLOYMENT.replace('name: api, namespace', 'name: web, namespace')}`);
    const without = await checkJson([file]);
    const r = await checkJson(['--rules', mod, file]);
    expect(r.code).toBe(2);
    expect(r.report.findings).toEqual(without.report.findings);
    expect(stderrLines(r.stderr)).toEqual([
      'cdk8s-secure: error: custom rule BAD1 failed on 2 object(s), first on Deployment shop/api: check threw: boom',
      'cdk8s-secure: error: custom rule BAD2 failed on 2 object(s), first on Deployment shop/api: check returned string, not a list of findings',
      'cdk8s-secure: error: custom rule BAD3 failed on 2 object(s), first on Deployment shop/api: check returned a bad finding: path 42 is not a field path like spec.containers[0].image',
    ]);
    expect(r.stderr).not.toMatch(STACK_FRAME);
  });

  test.each([
    ['a module that throws while loading', 'throw new Error("cannot load config\\n  at x");', /^the module threw while loading: cannot load config$/],
    ['a module that exports no rules', 'module.exports = { hello: 1 };', /^the module exports no list of rules/],
    ['a rule without info', 'module.exports = [{ check() { return []; } }];', /^rule 0 has no "info" object/],
    ['a rule with a CS id', 'module.exports = [{ info: { id: "CS999", title: "t", severity: "error", description: "d", rationale: "r", fix: "f", references: [] }, appliesTo() { return true; }, check() { return []; } }];',
      /^rule 0: the id CS999 uses the CS prefix of the built-in rules/],
    ['a bad severity', 'module.exports = [{ info: { id: "X1", title: "t", severity: "fatal", description: "d", rationale: "r", fix: "f", references: [] }, appliesTo() { return true; }, check() { return []; } }];',
      /^rule X1: info.severity must be error, warning or info \(got "fatal"\)$/],
    ['no check method', 'module.exports = [{ info: { id: "X1", title: "t", severity: "error", description: "d", rationale: "r", fix: "f", references: [] } }];',
      /^rule X1 must have appliesTo\(kind, apiVersion\) and check\(obj\) methods$/],
    ['a syntax error', 'module.exports = [;', /^the module threw while loading: /],
  ])('%s: one line naming the module, exit 2, no report', async (name, body, message) => {
    const mod = jsModule(`${name.replace(/\W+/g, '-')}.js`, body);
    const r = await cli(['check', '--rules', mod, tmp.write('x.yaml', DEBUG_DEPLOYMENT)]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    const lines = stderrLines(r.stderr);
    expect(lines).toHaveLength(1);
    expect(lines[0].startsWith(`cdk8s-secure: error: ${mod}: `)).toBe(true);
    expect(lines[0].slice(`cdk8s-secure: error: ${mod}: `.length)).toMatch(message);
  });

  test('a missing module', async () => {
    const r = await cli(['check', '--rules', tmp.path('nope.js'), tmp.write('y.yaml', DEBUG_DEPLOYMENT)]);
    expect(r.code).toBe(2);
    expect(stderrLines(r.stderr)).toEqual([`cdk8s-secure: error: ${tmp.path('nope.js')}: no such module`]);
  });
});

describe('custom rules at synth time', () => {
  function app(opts: { debug?: boolean } = {}) {
    const a = Testing.app();
    const chart = new Chart(a, 'shop');
    const d = new SecureDeployment(chart, 'api', {
      owner: 'team-a',
      containers: [{
        image: 'ghcr.io/acme/api:1.0.0@sha256:0c1e2d3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d',
        portNumber: 8080,
        healthChecks: HealthChecks.http({ port: 8080 }),
        envVariables: { JAVA_TOOL_OPTIONS: kplus.EnvValue.fromValue(opts.debug ? '-agentlib:jdwp=transport=dt_socket' : '-Xmx1g') },
      }],
    });
    return { a, chart, d };
  }

  test('SecurityChecks.of(app, { rules }) fails synth on a custom error, names the construct path', () => {
    const { a } = app({ debug: true });
    SecurityChecks.of(a, { rules: acmeRules, reportBelowThreshold: false });
    expect(() => a.synth()).toThrow(/ACME001 JVM debug agent enabled \[shop\/api\/Resource\] Deployment\/shop-api-\S+: container "main" enables the JDWP debug agent in JAVA_TOOL_OPTIONS at spec\.template\.spec\.containers\[0\]\.env\[0\]\.value\. Fix: Remove the jdwp agent/);
  });

  test('Suppressions.add with a custom id suppresses it; the finding is reported as suppressed', () => {
    const { a, chart, d } = app();
    Suppressions.add(d, { ruleId: 'ACME002', reason: 'paid from the platform budget (FIN-88)' });
    SecurityChecks.of(a, { rules: acmeRules, reportBelowThreshold: false });
    expect(() => a.synth()).not.toThrow();
    const findings = SecurityChecks.findings(chart);
    expect(findings.some(f => f.ruleId === 'ACME002')).toBe(false); // findings() without the rules: the annotation names an unknown rule
    expect(() => SecurityChecks.assertNoFindings(chart, { rules: acmeRules })).not.toThrow();
  });

  test('a throwing rule fails synth with one line naming it, and the built-in findings are still reported', () => {
    const thrower: ICustomRule = {
      info: { id: 'ORG1', title: 't', severity: Severity.ERROR, description: 'd', rationale: 'r', fix: 'f', references: [] },
      appliesTo: () => true,
      check: () => { throw new Error('rule bug'); },
    };
    const a = Testing.app();
    new kplus.Deployment(new Chart(a, 'legacy'), 'web', { containers: [{ image: 'ghcr.io/acme/web:1.0.0' }] });
    SecurityChecks.of(a, { rules: [thrower], reportBelowThreshold: false });
    let message = '';
    try {
      a.synth();
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/custom rule ORG1 failed on \d+ object\(s\), first on \S+ \S+: check threw: rule bug/);
    expect(message).toContain('CS204 Missing liveness probe');
  });

  test('bad metadata throws CSE004 when checks are turned on', () => {
    const bad = { ...acmeRules[0], info: { ...acmeRules[0].info, id: 'CS901' }, appliesTo: acmeRules[0].appliesTo, check: acmeRules[0].check } as ICustomRule;
    expect(() => SecurityChecks.of(Testing.app(), { rules: [bad] }))
      .toThrow('[] CSE004 SecurityChecks: custom rule 0: the id CS901 uses the CS prefix of the built-in rules; give custom rules their own prefix (e.g. ACME001). Give each rule info');
    expect(() => SecurityChecks.of(Testing.app(), { rules: [acmeRules[0], acmeRules[0]] })).toThrow(/CSE004 SecurityChecks: custom rule ACME001 is defined twice/);
  });
});

test('parsePath reads the paths the built-in rules write', () => {
  expect(parsePath('spec.template.spec.containers[0].env[1].value')).toEqual(['spec', 'template', 'spec', 'containers', 0, 'env', 1, 'value']);
  expect(parsePath('metadata.labels["acme.com/cost-center"]')).toEqual(['metadata', 'labels', 'acme.com/cost-center']);
  expect(parsePath('')).toBeUndefined();
  expect(parsePath('spec..x')).toBeUndefined();
  expect(parsePath('spec[x]')).toBeUndefined();
});
