// One synth measurement in a fresh process: `node synth-worker.js <secure|plain|empty> <N>`.
// secure: N IsolatedBackends (each allowing one shared frontend peer) with SecurityChecks on.
// secure-unchecked: the same without synth-time checks (checked instead by the cdk8s-cli plugin or
//         `cdk8s-secure check` on the written YAML), to show what the checks' own serialization costs.
// plain:  N cdk8s-plus-28 Deployments + Services, same images and ports, no hardening.
// empty:  loads the same modules and synthesizes nothing (the process baseline for memory).
// <kind>-secure / <kind>-plain (kind: sts, job, cron, ds): N SecureStatefulSets (with a claim template),
//         SecureJobs, SecureCronJobs, SecureDaemonSets with checks on, vs N cdk8s-plus-28 StatefulSets,
//         Jobs, CronJobs, DaemonSets with the same images and ports.
// Both variants go through the same synth path to YAML: App.synthYaml().
import { App, Chart, Cron, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { lib } from './_lib';

const [variant, nArg] = process.argv.slice(2);
const n = Number(nArg ?? 0);
const { HealthChecks, IsolatedBackend, SecureCronJob, SecureDaemonSet, SecureJob, SecureStatefulSet, SecurityChecks } = lib();

const t0 = process.hrtime.bigint();
const app = new App({ outdir: '/tmp/cdk8s-secure-bench-unused' });
const chart = new Chart(app, 'bench', { namespace: 'bench' });
if (variant === 'secure' || variant === 'secure-unchecked') {
  if (variant === 'secure') SecurityChecks.of(app, { reportBelowThreshold: false });
  const frontend = kplus.Pods.select(chart, 'frontend', { labels: { app: 'frontend' } });
  for (let i = 0; i < n; i++) {
    const b = new IsolatedBackend(chart, `svc${i}`, {
      owner: 'bench',
      containers: [{ image: `registry.example.com/team/svc${i % 50}:1.${i % 7}.0`, portNumber: 8080, healthChecks: HealthChecks.http({ port: 8080 }) }],
    });
    b.allowFrom(frontend, kplus.NetworkPolicyPort.tcp(8080));
  }
} else if (variant === 'plain') {
  for (let i = 0; i < n; i++) {
    const d = new kplus.Deployment(chart, `svc${i}`, {
      containers: [{ image: `registry.example.com/team/svc${i % 50}:1.${i % 7}.0`, portNumber: 8080 }],
    });
    d.exposeViaService();
  }
}
const image = (i: number) => `registry.example.com/team/svc${i % 50}:1.${i % 7}.0`;
const [kind, flavour] = variant.split('-');
if (['sts', 'job', 'cron', 'ds'].includes(kind) && flavour === 'secure') {
  SecurityChecks.of(app, { reportBelowThreshold: false });
  for (let i = 0; i < n; i++) {
    const owner = 'bench';
    const probes = HealthChecks.tcp(8080);
    if (kind === 'sts') {
      new SecureStatefulSet(chart, `svc${i}`, {
        owner,
        containers: [{ image: image(i), portNumber: 8080, healthChecks: probes }],
        volumeClaimTemplates: [{ name: 'data', storage: Size.gibibytes(1), mountPath: '/data' }],
      });
    } else if (kind === 'job') {
      new SecureJob(chart, `svc${i}`, { owner, containers: [{ image: image(i) }] });
    } else if (kind === 'cron') {
      new SecureCronJob(chart, `svc${i}`, { owner, schedule: Cron.daily(), containers: [{ image: image(i) }] });
    } else {
      new SecureDaemonSet(chart, `svc${i}`, { owner, containers: [{ image: image(i), portNumber: 8080, healthChecks: probes }] });
    }
  }
} else if (['sts', 'job', 'cron', 'ds'].includes(kind) && flavour === 'plain') {
  for (let i = 0; i < n; i++) {
    if (kind === 'sts') new kplus.StatefulSet(chart, `svc${i}`, { containers: [{ image: image(i), portNumber: 8080 }] });
    else if (kind === 'job') new kplus.Job(chart, `svc${i}`, { containers: [{ image: image(i) }] });
    else if (kind === 'cron') new kplus.CronJob(chart, `svc${i}`, { schedule: Cron.daily(), containers: [{ image: image(i) }] });
    else new kplus.DaemonSet(chart, `svc${i}`, { containers: [{ image: image(i), portNumber: 8080 }] });
  }
}
const yaml = variant === 'empty' ? '' : app.synthYaml();
const ms = Number(process.hrtime.bigint() - t0) / 1e6;
const objects = yaml === '' ? 0 : yaml.split(/^---$/m).filter(d => d.trim() !== '').length;
process.stdout.write(`${JSON.stringify({ ms, objects, maxRssKiB: process.resourceUsage().maxRSS })}\n`);
