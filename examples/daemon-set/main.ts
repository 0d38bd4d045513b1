// Node agents as hardened DaemonSets. The metrics exporter needs no host access at all; the log shipper
// reads the node's /var/log, which it gets only through the named `hostPaths` prop and suppressions whose
// reason is written to the DaemonSet (and shown by every report).
import { App, Chart } from 'cdk8s';
import { HealthChecks, SecureDaemonSet, SecurityChecks } from '../../src'; // in your app: from 'cdk8s-secure'

const DIGEST = '@sha256:7a8b9c0d7a8b9c0d7a8b9c0d7a8b9c0d7a8b9c0d7a8b9c0d7a8b9c0d7a8b9c0d';
const app = new App();
SecurityChecks.of(app);
const chart = new Chart(app, 'daemon-set', { namespace: 'observability' });

new SecureDaemonSet(chart, 'exporter', {
  owner: 'team-platform',
  containers: [{ image: `ghcr.io/acme/exporter:1.8.0${DIGEST}`, portNumber: 9100, healthChecks: HealthChecks.http({ port: 9100 }) }],
});

const reason = 'log shipper reads node logs, mounted read-only; SEC-301';
new SecureDaemonSet(chart, 'log-shipper', {
  owner: 'team-platform',
  containers: [{ image: `ghcr.io/acme/log-shipper:3.1.0${DIGEST}`, portNumber: 2020, healthChecks: HealthChecks.http({ port: 2020 }), writablePaths: ['/var/lib/shipper'] }],
  hostPaths: [{ name: 'varlog', hostPath: '/var/log', mountPath: '/host/var/log' }], // read-only by default
  suppressions: [{ ruleId: 'CS105', reason }, { ruleId: 'CS121', reason }],
});
app.synth();
