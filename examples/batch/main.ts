// Batch work, hardened: a one-off migration Job and a nightly backup CronJob. Neither needs probes; both
// are isolated and may only reach the database on 5432.
import { App, Chart, Cron, Size } from 'cdk8s';
import { NetworkPolicyPort } from 'cdk8s-plus-28';
import { HealthChecks, SecureCronJob, SecureJob, SecureStatefulSet, SecurityChecks } from '../../src'; // in your app: from 'cdk8s-secure'

const DIGEST = '@sha256:5e6f7a8b5e6f7a8b5e6f7a8b5e6f7a8b5e6f7a8b5e6f7a8b5e6f7a8b5e6f7a8b';
const app = new App();
SecurityChecks.of(app);
const chart = new Chart(app, 'batch', { namespace: 'shop' });

const db = new SecureStatefulSet(chart, 'postgres', {
  owner: 'team-shop',
  containers: [{ image: `ghcr.io/acme/postgres:16.4${DIGEST}`, portNumber: 5432, healthChecks: HealthChecks.tcp(5432) }],
  volumeClaimTemplates: [{ name: 'data', storage: Size.gibibytes(20), mountPath: '/var/lib/postgresql/data' }],
});
// Retried 3 times, stopped after an hour, deleted a day after it finished (the defaults).
const migrate = new SecureJob(chart, 'migrate', {
  owner: 'team-shop',
  containers: [{ image: `ghcr.io/acme/migrate:1.4.2${DIGEST}`, args: ['up'] }],
});
// 02:30 Berlin time; a run never overlaps the previous one (concurrencyPolicy Forbid, the default).
const backup = new SecureCronJob(chart, 'backup', {
  owner: 'team-shop',
  schedule: Cron.schedule({ minute: '30', hour: '2' }),
  timeZone: 'Europe/Berlin',
  containers: [{ image: `ghcr.io/acme/pg-backup:2.1.0${DIGEST}`, writablePaths: ['/backup'] }],
});
migrate.connectTo(db, NetworkPolicyPort.tcp(5432));
backup.connectTo(db, NetworkPolicyPort.tcp(5432));
app.synth();
