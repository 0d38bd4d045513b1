// The runtime example: the chart is clean, every emitted file validates, and main.ts writes the audit
// policy and Helm values next to (not inside) the manifests directory.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Testing } from 'cdk8s';
import { parse, parseAllDocuments } from 'yaml';
import { RuntimeChart } from './chart';
import { guideAuditPolicy } from './guide-audit-rule';
import { Checker, SecurityChecks } from '../../src';
import { expectValidObjects } from '../../test/_schema';
import { auditPolicyProblems, falcoRulesProblems, helmValuesProblems } from '../../test/monitoring/_schemas';

test('the chart has no security findings and valid objects', () => {
  const chart = new RuntimeChart(Testing.app(), 'runtime');
  SecurityChecks.assertNoFindings(chart);
  const objects = Testing.synth(chart);
  expect(objects.map((o: any) => `${o.kind}/${o.metadata.namespace}/${Object.keys(o.data)}`)).toEqual(['ConfigMap/falco/shop-rules.yaml']);
  expectValidObjects(objects);
  expect(falcoRulesProblems(objects[0].data['shop-rules.yaml'])).toEqual([]);
});

test('main.ts writes the manifests, and the audit policy and Helm values beside them', () => {
  const outdir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'runtime-')), 'runtime');
  const previous = process.env.CDK8S_OUTDIR;
  process.env.CDK8S_OUTDIR = outdir;
  try {
    // main.ts synthesizes on import, into CDK8S_OUTDIR.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    jest.isolateModules(() => require('./main'));
  } finally {
    if (previous === undefined) delete process.env.CDK8S_OUTDIR; else process.env.CDK8S_OUTDIR = previous;
  }
  expect(fs.readdirSync(outdir)).toEqual(['runtime.k8s.yaml']);
  const manifests = parseAllDocuments(fs.readFileSync(path.join(outdir, 'runtime.k8s.yaml'), 'utf8')).map(d => d.toJS());
  expect(new Checker().check(manifests)).toEqual([]);

  const audit = fs.readFileSync(path.join(`${outdir}-files`, 'kube-apiserver', 'audit-policy.yaml'), 'utf8');
  expect(auditPolicyProblems(audit)).toEqual([]);
  // Had it been put among the manifests, the checker would flag it.
  expect(new Checker().check([parse(audit)]).map(f => f.ruleId)).toEqual(['CS650']);

  const values = fs.readFileSync(path.join(`${outdir}-files`, 'helm', 'falco-values.yaml'), 'utf8');
  expect(helmValuesProblems(values)).toEqual([]);
  expect(parse(values).customRules['shop-rules.yaml']).toBe(manifests[0].data['shop-rules.yaml']);
  fs.rmSync(path.dirname(outdir), { recursive: true, force: true });
});

test('the guide\'s audit rule, corrected, is a valid policy without warnings', () => {
  const policy = guideAuditPolicy(new App());
  expect(policy.warnings).toEqual([]);
  expect(auditPolicyProblems(policy.toJson())).toEqual([]);
});
