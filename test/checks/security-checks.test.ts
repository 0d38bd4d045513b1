import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, App, Chart, JsonPatch, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { HealthChecks, IsolatedBackend, SecureDeployment, SecurityChecks, Severity, Suppressions } from '../../src';

function plainDeployment(chart: Chart): kplus.Deployment {
  // A cdk8s-plus Deployment as an existing app would have it: no probes, no seccomp, no isolation.
  return new kplus.Deployment(chart, 'legacy', { containers: [{ image: 'ghcr.io/acme/legacy:1.0.0' }] });
}

function captureStderr(fn: () => void): string {
  const write = process.stderr.write;
  let out = '';
  process.stderr.write = ((s: string) => { out += s; return true; }) as any;
  try {
    fn();
  } finally {
    process.stderr.write = write;
  }
  return out;
}

describe('synth-time checks', () => {
  test('one line turns them on: synth fails on error findings with construct path, rule, field and fix', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'shop');
    plainDeployment(chart);
    SecurityChecks.of(app, { reportBelowThreshold: false });
    let message = '';
    try {
      app.synth();
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain('CS204 Missing liveness probe [shop/legacy/Resource] Deployment/shop-legacy-');
    expect(message).toContain('at spec.template.spec.containers[0].livenessProbe. Fix: Add a livenessProbe (HTTP, TCP, exec or gRPC).');
    expect(message).toContain('CS126 Capabilities not dropped');
    expect(message).toContain('CS301 Workload not isolated by NetworkPolicy');
  });

  test('Testing.synth and chart.toJson fail the same way when checks are on for the chart', () => {
    const chart = Testing.chart();
    plainDeployment(chart);
    SecurityChecks.of(chart, { reportBelowThreshold: false });
    expect(() => Testing.synth(chart)).toThrow(/CS125 No seccomp profile \[test\/legacy\/Resource\]/);
  });

  test('warnings are reported on stderr without failing', () => {
    const chart = Testing.chart();
    new SecureDeployment(chart, 'api', {
      owner: 'team-a',
      runAsUser: 1001,
      suppressions: [{ ruleId: 'CS213', reason: 'guide image runs as user 1001' }],
      containers: [{ image: 'ghcr.io/acme/api:1.0.0', portNumber: 8080, healthChecks: HealthChecks.http() }],
    });
    new kplus.Service(chart, 'public', { type: kplus.ServiceType.LOAD_BALANCER, ports: [{ port: 443 }] });
    SecurityChecks.of(chart);
    const stderr = captureStderr(() => expect(() => Testing.synth(chart)).not.toThrow());
    expect(stderr).toContain('  CS302 warning  1 finding(s) on 1 object(s): Service exposed on nodes or to a load balancer (e.g. test/public/Resource)\n');
    expect(stderr).toContain('  CS213 1 finding(s) on 1 object(s), reason: guide image runs as user 1001\n');
  });

  test('the threshold is configurable: failOn warning fails on a warning', () => {
    const chart = Testing.chart();
    new kplus.Service(chart, 'public', { type: kplus.ServiceType.NODE_PORT, ports: [{ port: 443 }] });
    SecurityChecks.of(chart, { failOn: Severity.WARNING, reportBelowThreshold: false });
    expect(() => Testing.synth(chart)).toThrow(/CS302 Service exposed on nodes or to a load balancer \[test\/public\/Resource\]/);
  });

  test('works on plain cdk8s L1 objects and JSON patches: the final output is checked', () => {
    const chart = Testing.chart();
    const pod = new kplus.k8s.KubePod(chart, 'raw', {
      spec: {
        automountServiceAccountToken: false,
        serviceAccountName: 'raw',
        securityContext: { runAsNonRoot: true, runAsUser: 20000, seccompProfile: { type: 'RuntimeDefault' } },
        containers: [{
          name: 'c',
          image: 'ghcr.io/acme/raw:1.0.0',
          imagePullPolicy: 'Always',
          securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
          resources: { requests: { cpu: kplus.k8s.Quantity.fromString('10m'), memory: kplus.k8s.Quantity.fromString('10Mi') }, limits: { cpu: kplus.k8s.Quantity.fromString('10m'), memory: kplus.k8s.Quantity.fromString('10Mi') } },
          livenessProbe: { exec: { command: ['true'] } },
          readinessProbe: { exec: { command: ['true'] } },
        }],
      },
    });
    Suppressions.add(chart, { ruleId: 'CS301', reason: 'isolated by the namespace default deny' });
    const before = SecurityChecks.findings(chart).filter(f => !f.suppressed && f.severity === Severity.ERROR);
    expect(before).toEqual([]);
    pod.addJsonPatch(JsonPatch.add('/spec/hostNetwork', true));
    const after = SecurityChecks.findings(chart).filter(f => !f.suppressed && f.severity === Severity.ERROR);
    expect(after.map(f => `${f.ruleId} ${f.path} ${f.source.constructPath}`)).toEqual(['CS102 spec.hostNetwork test/raw']);
  });

  test('a suppression on a chart reaches the YAML as an annotation, and is reported as suppressed', () => {
    const chart = Testing.chart();
    new kplus.Service(chart, 'public', { type: kplus.ServiceType.LOAD_BALANCER, ports: [{ port: 443 }] });
    Suppressions.add(chart, { ruleId: 'CS302', reason: 'public entry point behind the cloud WAF', expires: '2099-01-31' });
    const [svc] = Testing.synth(chart);
    expect(JSON.parse(svc.metadata.annotations[Suppressions.ANNOTATION])).toEqual([
      { ruleId: 'CS302', reason: 'public entry point behind the cloud WAF', expires: '2099-01-31', scope: 'test' },
    ]);
    const [f] = SecurityChecks.findings(chart);
    expect(f).toMatchObject({ ruleId: 'CS302', suppressed: { reason: 'public entry point behind the cloud WAF', expires: '2099-01-31' } });
  });

  test('a suppression that matches nothing fails synth (CS001)', () => {
    const chart = Testing.chart();
    new kplus.Service(chart, 'internal', { ports: [{ port: 443 }] });
    Suppressions.add(chart, { ruleId: 'CS302', reason: 'was public once, no longer' });
    SecurityChecks.of(chart, { reportBelowThreshold: false });
    expect(() => Testing.synth(chart)).toThrow(/CS001 Suppression matches nothing \[test\/internal\/Resource\] Service\/.*: the suppression of CS302 matches no finding/);
  });

  test('an expired suppression fails synth (CS002) and the finding is active again', () => {
    const chart = Testing.chart();
    new kplus.Service(chart, 'public', { type: kplus.ServiceType.LOAD_BALANCER, ports: [{ port: 443 }] });
    Suppressions.add(chart, { ruleId: 'CS302', reason: 'temporary exposure for the migration', expires: '2020-01-01' });
    const findings = SecurityChecks.findings(chart);
    expect(findings.map(f => `${f.ruleId}:${f.suppressed ? 'suppressed' : 'active'}`).sort()).toEqual(['CS002:active', 'CS302:active']);
    expect(findings.find(f => f.ruleId === 'CS002')!.message).toBe('the suppression of CS302 expired on 2020-01-01 (reason: temporary exposure for the migration)');
  });

  test('assertNoFindings: silent when clean, a readable report when not', () => {
    const clean = Testing.chart();
    new SecureDeployment(clean, 'api', { owner: 'team-a', containers: [{ image: 'ghcr.io/acme/api:1.0.0', portNumber: 8080, healthChecks: HealthChecks.http() }] });
    expect(() => SecurityChecks.assertNoFindings(clean)).not.toThrow();

    const dirty = Testing.chart();
    plainDeployment(dirty);
    expect(() => SecurityChecks.assertNoFindings(dirty)).toThrow(/^cdk8s-secure: \d+ finding\(s\) at or above error under test\n\nERROR CS122 Privilege escalation allowed|ERROR CS125/);
  });

  test('SecurityChecks.of returns the same instance for a scope', () => {
    const app = new App();
    expect(SecurityChecks.of(app)).toBe(SecurityChecks.of(app));
  });
});

describe('one synthesis serializes each object once, and writes what it checked', () => {
  /** A clean app: hardened workloads, a plain ConfigMap, and a chart-level label, in two charts. */
  function build(checks: boolean): { app: App; charts: Chart[] } {
    const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-secure-pass-')) });
    const charts = ['shop', 'billing'].map(id => {
      const chart = new Chart(app, id, { namespace: id, labels: { tier: 'apps' } });
      const db = new IsolatedBackend(chart, 'db', {
        owner: 'team-data',
        containers: [{ image: 'ghcr.io/acme/db:16.4', portNumber: 5432, healthChecks: HealthChecks.tcp(5432) }],
      });
      const api = new SecureDeployment(chart, 'api', {
        owner: 'team-a',
        containers: [{ image: 'ghcr.io/acme/api:1.0.0', portNumber: 8080, healthChecks: HealthChecks.http() }],
      });
      api.connectTo(db, kplus.NetworkPolicyPort.tcp(5432));
      new kplus.ConfigMap(chart, 'settings', { data: { LOG_LEVEL: 'info' } });
      return chart;
    });
    if (checks) SecurityChecks.of(app, { reportBelowThreshold: false });
    return { app, charts };
  }

  test('the YAML is the same with checks on as without', () => {
    expect(build(true).app.synthYaml()).toEqual(build(false).app.synthYaml());
  });

  test('app.synth() writes the same files with checks on as without', () => {
    const on = build(true).app;
    const off = build(false).app;
    on.synth();
    off.synth();
    const files = fs.readdirSync(off.outdir).sort();
    expect(fs.readdirSync(on.outdir).sort()).toEqual(files);
    expect(files.length).toBe(2);
    for (const f of files) expect(fs.readFileSync(path.join(on.outdir, f), 'utf8')).toEqual(fs.readFileSync(path.join(off.outdir, f), 'utf8'));
  });

  test('synthYaml serializes every object exactly once, though cdk8s validates once per chart and once more', () => {
    const { app } = build(true);
    const objects = app.node.findAll().filter(ApiObject.isApiObject);
    const calls = new Map<ApiObject, number>();
    const original = ApiObject.prototype.toJson;
    const spy = jest.spyOn(ApiObject.prototype, 'toJson').mockImplementation(function (this: ApiObject) {
      calls.set(this, (calls.get(this) ?? 0) + 1);
      return original.call(this);
    });
    try {
      app.synthYaml();
    } finally {
      spy.mockRestore();
    }
    expect(objects.length).toBeGreaterThan(10);
    const paths = (xs: ApiObject[]) => xs.map(o => o.node.path).sort();
    expect(paths([...calls.keys()])).toEqual(paths(objects));
    expect(new Set(calls.values())).toEqual(new Set([1]));
  });

  test('nothing is reused after the synthesis: a change made afterwards reaches the next synthesis', () => {
    const { app, charts } = build(true);
    const first = app.synthYaml();
    const objects = app.node.findAll().filter(ApiObject.isApiObject);
    expect(objects.filter(o => Object.prototype.hasOwnProperty.call(o, 'toJson')).map(o => o.node.path)).toEqual([]);
    const cm = objects.find(o => o.kind === 'ConfigMap' && o.chart === charts[0])!;
    cm.metadata.addLabel('changed', 'after-first-synth');
    const workload = objects.find(o => o.kind === 'Deployment' && o.chart === charts[0])!;
    workload.addJsonPatch(JsonPatch.add('/metadata/labels/example.com~1note', 'second'));
    const second = app.synthYaml();
    expect(first).not.toContain('after-first-synth');
    expect(second).toContain('changed: after-first-synth');
    expect(second).toContain('example.com/note: second');
  });

  test('a change that breaks a rule after one synthesis fails the next, and a failed synthesis leaves nothing behind', () => {
    const { app, charts } = build(true);
    expect(() => app.synthYaml()).not.toThrow();
    const workload = app.node.findAll().filter(ApiObject.isApiObject).find(o => o.kind === 'Deployment' && o.chart === charts[1])!;
    workload.addJsonPatch(JsonPatch.replace('/spec/template/spec/containers/0/securityContext/readOnlyRootFilesystem', false));
    expect(() => app.synthYaml()).toThrow(/CS201 .*\[billing\//);
    expect(app.node.findAll().filter(ApiObject.isApiObject).filter(o => Object.prototype.hasOwnProperty.call(o, 'toJson')).map(o => o.node.path)).toEqual([]);
    expect(() => app.synthYaml()).toThrow(/CS201/);
  });

  test('checks on a chart: Testing.synth serializes each object once', () => {
    const chart = Testing.chart();
    new SecureDeployment(chart, 'api', {
      owner: 'team-a',
      containers: [{ image: 'ghcr.io/acme/api:1.0.0', portNumber: 8080, healthChecks: HealthChecks.http() }],
    });
    SecurityChecks.of(chart, { reportBelowThreshold: false });
    const original = ApiObject.prototype.toJson;
    let calls = 0;
    const spy = jest.spyOn(ApiObject.prototype, 'toJson').mockImplementation(function (this: ApiObject) {
      calls++;
      return original.call(this);
    });
    let out: any[];
    try {
      out = Testing.synth(chart);
    } finally {
      spy.mockRestore();
    }
    expect(out.length).toBeGreaterThan(3);
    expect(calls).toBe(out.length);
  });
});
