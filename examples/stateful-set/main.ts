// A database as a hardened StatefulSet: one pod with a stable name, its data on a PersistentVolumeClaim
// (kept when the StatefulSet is deleted), the root filesystem read-only, reachable only from the API.
import { App, Chart, Size } from 'cdk8s';
import { NetworkPolicyPort } from 'cdk8s-plus-28';
import { HealthChecks, SecureDeployment, SecureStatefulSet, SecurityChecks } from '../../src'; // in your app: from 'cdk8s-secure'

const DIGEST = '@sha256:4c2d0e7f9a1b3c5d7e9f0a2b4c6d8e0f1a3b5c7d9e0f2a4b6c8d0e1f3a5b7c9d';
const app = new App();
SecurityChecks.of(app);
const chart = new Chart(app, 'stateful-set', { namespace: 'shop' });

const db = new SecureStatefulSet(chart, 'postgres', {
  owner: 'team-shop',
  containers: [{
    image: `ghcr.io/acme/postgres:16.4${DIGEST}`,
    portNumber: 5432,
    healthChecks: HealthChecks.command(['pg_isready', '-q']),
    writablePaths: ['/var/run/postgresql'], // the socket directory; the data directory is the claim below
  }],
  volumeClaimTemplates: [{ name: 'data', storage: Size.gibibytes(20), mountPath: '/var/lib/postgresql/data', storageClassName: 'standard' }],
});
const api = new SecureDeployment(chart, 'api', {
  owner: 'team-shop',
  containers: [{ image: `ghcr.io/acme/api:1.4.2${DIGEST}`, portNumber: 8080, healthChecks: HealthChecks.http({ port: 8080 }) }],
});
api.connectTo(db, NetworkPolicyPort.tcp(5432)); // the database accepts the API on 5432 and nothing else
app.synth();
