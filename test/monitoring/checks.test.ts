import { Testing } from 'cdk8s';
import { stringify } from 'yaml';
import { AuditPolicy, Checker, FalcoPresets, FalcoRules, Finding, RuleCatalog, Severity, Suppressions } from '../../src';
import { falcoFileProblems } from '../../src/monitoring/_falco-file';

type Obj = Record<string, any>;
const REASON = 'accepted by the platform team (ticket SEC-42)';
const check = (...objects: Obj[]): Finding[] => new Checker().check(objects);
const ids = (findings: Finding[]) => findings.map(f => f.ruleId);

function withSuppression(obj: Obj, ruleId: string): Obj {
  const copy = JSON.parse(JSON.stringify(obj));
  copy.metadata = { ...(copy.metadata ?? {}), annotations: { 'cdk8s-secure.io/suppressions': JSON.stringify([{ ruleId, reason: REASON }]) } };
  return copy;
}

/** Every finding of `ruleId` on `obj` is reported as suppressed with the reason, and the suppression counts as used. */
function expectSuppressed(obj: Obj, ruleId: string): void {
  const before = check(obj).filter(f => f.ruleId === ruleId);
  expect(before.length).toBeGreaterThan(0);
  const after = check(withSuppression(obj, ruleId));
  expect(after.filter(f => f.ruleId === ruleId).map(f => f.suppressed)).toEqual(before.map(() => ({ reason: REASON, expires: undefined })));
  expect(ids(after).filter(id => id !== ruleId)).toEqual([]);
}

const auditPolicy = (apiVersion = 'audit.k8s.io/v1'): Obj => ({ apiVersion, kind: 'Policy', metadata: { name: 'audit' }, rules: [{ level: 'Metadata' }] });

function configMap(data: Record<string, string>, labelled = true): Obj {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'falco-rules', namespace: 'falco', ...(labelled ? { labels: { 'cdk8s-secure.io/falco-rules': 'true' } } : {}) },
    data,
  };
}

const GOOD_RULE = { rule: 'r', desc: 'd', condition: 'spawned_process and container', output: 'o %proc.name', priority: 'WARNING' };

describe('CS650 audit policy among the applied manifests', () => {
  test('metadata', () => {
    expect(RuleCatalog.find('CS650')).toMatchObject({ severity: Severity.ERROR, title: 'Audit policy among the applied manifests' });
  });

  test('accepts other kinds named Policy (e.g. Kyverno) and charts without an audit policy', () => {
    expect(check({ apiVersion: 'kyverno.io/v1', kind: 'Policy', metadata: { name: 'p', namespace: 'prod' }, spec: { rules: [] } })).toEqual([]);
    expect(check(configMap({ 'x.yaml': 'a: b' }, false))).toEqual([]);
  });

  test.each(['audit.k8s.io/v1', 'audit.k8s.io/v1beta1'])('reports a %s Policy', (apiVersion) => {
    const [f, ...rest] = check(auditPolicy(apiVersion));
    expect(rest).toEqual([]);
    expect(f).toMatchObject({
      ruleId: 'CS650',
      severity: Severity.ERROR,
      path: 'kind',
      message: `the ${apiVersion} Policy is a kube-apiserver audit policy file, which kubectl cannot apply`,
      object: { apiVersion, kind: 'Policy', name: 'audit' },
    });
  });

  test('reports the file AuditPolicy writes, if someone applies it', () => {
    const p = new AuditPolicy(Testing.app(), 'audit');
    expect(ids(check(p.toJson()))).toEqual(['CS650']);
  });

  test('a suppression accepts it', () => {
    expectSuppressed(auditPolicy(), 'CS650');
  });
});

describe('CS651 Falco rules file is not a YAML list', () => {
  test('accepts the ConfigMap FalcoRules emits, an empty file, and unrelated ConfigMaps', () => {
    const chart = Testing.chart();
    new FalcoRules(chart, 'falco', { rules: FalcoPresets.all() });
    expect(check(...Testing.synth(chart))).toEqual([]);
    expect(check(configMap({ 'rules.yaml': '' }))).toEqual([]);
    expect(check(configMap({ 'app.yaml': 'server:\n  port: 8080\n', 'list.yml': '- a\n- b\n' }, false))).toEqual([]);
  });

  test('reports a mapping where a list is expected (a rule without the leading dash)', () => {
    const [f, ...rest] = check(configMap({ 'rules.yaml': 'rule: Detect shell\ndesc: d\n' }, false));
    expect(rest).toEqual([]);
    expect(f).toMatchObject({
      ruleId: 'CS651',
      severity: Severity.ERROR,
      path: 'data["rules.yaml"]',
      message: 'the Falco rules file "rules.yaml" is a mapping, not a list: Falco reads a rules file as a YAML list of items ("- rule: ...", "- macro: ...", "- list: ...")',
    });
  });

  test('reports invalid YAML in a labelled ConfigMap, per document', () => {
    const findings = check(configMap({ 'a.yaml': '- rule: [x\n', 'b.yaml': `${stringify([GOOD_RULE])}---\nfoo: bar\n` }));
    expect(findings.map(f => [f.ruleId, f.path, f.message.split(':')[0]])).toEqual([
      ['CS651', 'data["a.yaml"]', 'the Falco rules file "a.yaml" is not valid YAML'],
      ['CS651', 'data["b.yaml"]', 'the Falco rules file "b.yaml" document 1 is a mapping, not a list'],
    ]);
  });

  test('a suppression accepts it', () => {
    expectSuppressed(configMap({ 'rules.yaml': 'rule: x\n' }), 'CS651');
  });
});

describe('CS652 Falco rules file has an item Falco refuses', () => {
  test('accepts valid rules, macros, lists, overrides and version items, as in the falco chart\'s ConfigMap', () => {
    const text = stringify([
      { required_engine_version: '0.31.0' },
      { list: 'my_tools', items: ['nc', 80] },
      { macro: 'my_macro', condition: 'proc.name in (my_tools)' },
      GOOD_RULE,
      { rule: 'r', condition: 'and not my_macro', override: { condition: 'append' } },
      { rule: 'Terminal shell in container', enabled: false, override: { enabled: 'replace' } },
      { rule: 'Legacy', enabled: false },
      { rule: 'r2', desc: 'd', condition: 'container', output: 'o', priority: 'info', exceptions: [{ name: 'e', fields: ['proc.name'], values: [['x']] }] },
    ]);
    expect(falcoFileProblems(text)).toEqual([]);
    expect(check(configMap({ 'falco_rules.local.yaml': text }, false))).toEqual([]);
  });

  test.each<[string, Obj, string]>([
    ['a new rule without priority', { ...GOOD_RULE, priority: undefined }, 'item 0 (rule "r"): misses priority (required for a new rule)'],
    ['an invalid priority', { ...GOOD_RULE, priority: 'LOUD' }, 'item 0 (rule "r"): priority "LOUD" is not one of emergency, alert, critical, error, warning, notice, informational, info, debug'],
    ['a condition with a syntax error', { ...GOOD_RULE, condition: 'spawned_process and (container' }, 'item 0 (rule "r"): the condition is not valid Falco syntax at character 30: expected ")" but found the end of the condition'],
    ['an override that appends to priority', { rule: 'r', priority: 'ERROR', override: { priority: 'append' } }, 'item 0 (rule "r"): "priority" cannot be appended to, use replace'],
    ['an override of a field the item does not set', { rule: 'r', override: { output: 'replace' } }, 'item 0 (rule "r"): override names "output" but the item does not set it'],
    ['a field set without an override entry', { rule: 'r', desc: 'x', condition: 'and container', override: { condition: 'append' } }, 'item 0 (rule "r"): "desc" is set without an override entry for it'],
    ['a rule with nothing to do', { rule: 'r', tags: ['a'] }, 'item 0 (rule "r"): has none of condition, output, desc, priority, and no enabled flag'],
    ['repeated exception names', { ...GOOD_RULE, exceptions: [{ name: 'e', fields: ['proc.name'] }, { name: 'e', fields: ['fd.name'] }] }, 'item 0 (rule "r"): exception "e" is defined twice'],
    ['a macro with a dash in its name', { macro: 'my-macro', condition: 'container' }, 'item 0 (macro "my-macro"): the macro name is not an identifier (letters, digits, "_", starting with a letter)'],
    ['a list without items', { list: 'l' }, 'item 0 (list "l"): items is missing or not a list'],
    ['an item that is not a mapping', 'just text' as unknown as Obj, 'item 0: is not a mapping (each item is "- rule: ...", "- macro: ..." or "- list: ...")'],
  ])('reports %s', (_name, item, message) => {
    const findings = check(configMap({ 'rules.yaml': stringify([item]) }));
    expect(findings.map(f => [f.ruleId, f.severity, f.path, f.message])).toEqual([
      ['CS652', Severity.ERROR, 'data["rules.yaml"]', `the Falco rules file "rules.yaml": ${message}`],
    ]);
  });

  test('detects rules files in unlabelled ConfigMaps by their items', () => {
    expect(ids(check(configMap({ 'custom.yaml': stringify([{ ...GOOD_RULE, priority: 'LOUD' }]) }, false)))).toEqual(['CS652']);
  });

  test('a suppression written by Suppressions.add on the construct accepts it', () => {
    const obj = configMap({ 'rules.yaml': stringify([{ ...GOOD_RULE, priority: 'LOUD' }]) });
    expectSuppressed(obj, 'CS652');
    const chart = Testing.chart();
    const falco = new FalcoRules(chart, 'falco', { rules: [FalcoPresets.shellInContainer()] });
    Suppressions.add(falco, { ruleId: 'CS652', reason: REASON });
    // A valid file: the suppression matches nothing, which the checker reports (CS001).
    const json = Testing.synth(chart);
    expect(ids(check(...json))).toEqual(['CS001']);
  });
});
