import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { RuleCatalog, SecurityChecks, Suppressions } from '../../src';
import { checkovChecks, exemptionAnnotations, KUBE_LINTER, kubeLinterChecks, polarisChecks } from '../../src/checks/_exemptions';

describe('a suppression also writes the exemption annotations of Polaris and kube-linter', () => {
  test('mapped from the rule references (Polaris) and the kube-linter table, with the reason', () => {
    const chart = Testing.chart();
    const d = new kplus.Deployment(chart, 'legacy', { containers: [{ image: 'ghcr.io/acme/legacy:1.0.0', securityContext: { readOnlyRootFilesystem: false } }] });
    Suppressions.add(d, { ruleId: 'CS201', reason: 'vendor binary rewrites /opt at start (SEC-142)' });
    Suppressions.add(d, { ruleId: 'CS202', reason: 'sized by the vertical pod autoscaler' }, { ruleId: 'CS203', reason: 'sized by the vertical pod autoscaler' });
    const [deployment] = Testing.synth(chart).filter((o: any) => o.kind === 'Deployment');
    expect(deployment.metadata.annotations).toMatchObject({
      'polaris.fairwinds.com/notReadOnlyRootFilesystem-exempt': 'true',
      'polaris.fairwinds.com/cpuRequestsMissing-exempt': 'true',
      'polaris.fairwinds.com/memoryRequestsMissing-exempt': 'true',
      'polaris.fairwinds.com/cpuLimitsMissing-exempt': 'true',
      'polaris.fairwinds.com/memoryLimitsMissing-exempt': 'true',
      'ignore-check.kube-linter.io/no-read-only-root-fs': 'vendor binary rewrites /opt at start (SEC-142)',
      // Two suppressions with the same reason map to one kube-linter check: the reason once.
      'ignore-check.kube-linter.io/unset-cpu-requirements': 'sized by the vertical pod autoscaler',
      'ignore-check.kube-linter.io/unset-memory-requirements': 'sized by the vertical pod autoscaler',
    });
    // Objects of kinds the rule does not inspect get nothing.
    const sa = Testing.synth(chart).filter((o: any) => o.kind !== 'Deployment');
    for (const o of sa) expect(Object.keys(o.metadata.annotations ?? {}).filter(k => k.includes('polaris') || k.includes('kube-linter'))).toEqual([]);
  });

  test('parenthesised Polaris references are related checks, not exemptions; distinct reasons are joined', () => {
    // No catalog rule cites a parenthesised Polaris check any more (test/checks/peer-ids.test.ts); the parser still skips one.
    const related = { ...RuleCatalog.find('CS301')!, references: ['Polaris: (missingNetworkPolicy)'] };
    expect(polarisChecks(related)).toEqual([]);
    expect(polarisChecks(RuleCatalog.find('CS301')!)).toEqual(['missingNetworkPolicy']);
    expect(polarisChecks(RuleCatalog.find('CS102')!)).toEqual(['hostNetworkSet', 'hostPIDSet', 'hostIPCSet']);
    const cs123 = RuleCatalog.find('CS123')!;
    const cs124 = RuleCatalog.find('CS124')!;
    expect(exemptionAnnotations([{ rule: cs123, reason: 'reason one here' }, { rule: cs124, reason: 'reason two here' }])['ignore-check.kube-linter.io/run-as-non-root'])
      .toBe('reason one here; reason two here');
  });

  test('Checkov skips come from the rules\' Checkov references, numbered, with the reason', () => {
    const chart = Testing.chart();
    const d = new kplus.Deployment(chart, 'agent', {
      automountServiceAccountToken: true,
      containers: [{ image: 'ghcr.io/acme/agent:1.0.0', securityContext: { privileged: true, allowPrivilegeEscalation: true } }],
    });
    Suppressions.add(d,
      { ruleId: 'CS211', reason: 'reads pods through the API (ticket SEC-7)' },
      { ruleId: 'CS103', reason: 'node agent loads eBPF programs (SEC-8)' });
    const [deployment] = Testing.synth(chart).filter((o: any) => o.kind === 'Deployment');
    const checkov = Object.entries(deployment.metadata.annotations).filter(([k]) => k.startsWith('checkov.io/'));
    expect(checkov).toEqual([
      ['checkov.io/skip1', 'CKV_K8S_16=node agent loads eBPF programs (SEC-8)'],
      ['checkov.io/skip2', 'CKV_K8S_38=reads pods through the API (ticket SEC-7)'],
    ]);
    expect(checkovChecks(RuleCatalog.find('CS212')!)).toEqual(['CKV_K8S_41']);
    expect(checkovChecks(RuleCatalog.find('CS201')!)).toEqual([]);
  });

  test('every kube-linter mapping is keyed by a rule of the catalog and names checks in kube-linter\'s spelling', () => {
    for (const [id, checks] of Object.entries(KUBE_LINTER)) {
      expect(RuleCatalog.find(id)).toBeDefined();
      for (const check of checks) expect(check).toMatch(/^[a-z]+(-[a-z]+)*$/);
    }
    expect(kubeLinterChecks('CS999')).toEqual([]);
  });

  test('the opt-outs example: every suppressed finding is exempt from each Polaris check its rule maps to', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-secure-optouts-'));
    const saved = process.env.CDK8S_OUTDIR;
    process.env.CDK8S_OUTDIR = outdir;
    let OptOutsChart: any;
    try {
      // The example synthesizes when loaded; its output goes to the temporary directory.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      OptOutsChart = require('../../examples/opt-outs/main').OptOutsChart;
    } finally {
      if (saved === undefined) delete process.env.CDK8S_OUTDIR;
      else process.env.CDK8S_OUTDIR = saved;
      fs.rmSync(outdir, { recursive: true, force: true });
    }
    const app = Testing.app();
    const chart: Chart = new OptOutsChart(app, 'opt-outs');
    const objects = Testing.synth(chart);
    const suppressed = SecurityChecks.findings(chart).filter(f => f.suppressed);
    expect(suppressed.map(f => f.ruleId).sort()).toEqual(['CS201', 'CS213']);
    let mapped = 0;
    for (const f of suppressed) {
      const obj = objects.find((o: any) => o.kind === f.object.kind && o.metadata.name === f.object.name);
      for (const check of polarisChecks(RuleCatalog.find(f.ruleId)!)) {
        mapped++;
        expect({ rule: f.ruleId, check, value: obj.metadata.annotations[`polaris.fairwinds.com/${check}-exempt`] }).toEqual({ rule: f.ruleId, check, value: 'true' });
      }
      for (const check of kubeLinterChecks(f.ruleId)) {
        expect(obj.metadata.annotations[`ignore-check.kube-linter.io/${check}`]).toBe(f.suppressed!.reason);
      }
    }
    expect(mapped).toBeGreaterThan(0);
  });
});
