// The guide's network scenario: the backend accepts traffic only from the frontend on TCP 8080 and may
// only reach the database on TCP 5432; traffic between them is mutually authenticated and encrypted.
// The database is a StatefulSet with a PersistentVolumeClaim per pod; a nightly backup CronJob may only
// reach the database on TCP 5432.
import { Chart, ChartProps, Cron, Size } from 'cdk8s';
import { NetworkPolicyPort } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { HealthChecks, IsolatedBackend, SecureCronJob, SecureDeployment, SecureNamespace, SecureStatefulSet, StrictMtls } from '../../src'; // in your app: from 'cdk8s-secure'

const DIGEST = '@sha256:4c2d0e7f9a1b3c5d7e9f0a2b4c6d8e0f1a3b5c7d9e0f2a4b6c8d0e1f3a5b7c9d';

/** The namespace: PSA restricted (pinned), default deny with DNS, default requests and limits. */
export class ShopNamespaceChart extends Chart {
  public readonly shop: SecureNamespace;
  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.shop = new SecureNamespace(this, 'shop', { name: 'shop', owner: 'team-shop' });
  }
}

/**
 * frontend -> backend:8080 -> database:5432 and backup -> database:5432, with STRICT mTLS and mesh
 * authorization from the same graph.
 */
export class GuideNetworkChart extends Chart {
  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, { namespace: 'shop', ...props });

    new StrictMtls(this, 'mtls', { namespace: 'shop' });

    const frontend = new SecureDeployment(this, 'frontend', {
      owner: 'team-shop',
      meshAuthorization: true,
      containers: [{ image: `ghcr.io/acme/frontend:2.0.1${DIGEST}`, portNumber: 8080, healthChecks: HealthChecks.http() }],
    });
    const backend = new IsolatedBackend(this, 'backend', {
      owner: 'team-shop',
      meshAuthorization: true,
      containers: [{ image: `ghcr.io/acme/backend:1.4.2${DIGEST}`, portNumber: 8080, healthChecks: HealthChecks.http() }],
    });
    // One database pod with its data on a PersistentVolumeClaim (kept when the StatefulSet is deleted).
    const database = new SecureStatefulSet(this, 'database', {
      owner: 'team-shop',
      meshAuthorization: true,
      containers: [{ image: `ghcr.io/acme/postgres:16.4${DIGEST}`, portNumber: 5432, healthChecks: HealthChecks.command(['pg_isready', '-q']), writablePaths: ['/var/run/postgresql'] }],
      volumeClaimTemplates: [{ name: 'data', storage: Size.gibibytes(20), mountPath: '/var/lib/postgresql/data' }],
    });
    // Nightly at 02:30 Berlin time; no overlapping runs; it may reach the database on 5432 and nothing else.
    const backup = new SecureCronJob(this, 'backup', {
      owner: 'team-shop',
      schedule: Cron.schedule({ minute: '30', hour: '2' }),
      timeZone: 'Europe/Berlin',
      containers: [{ image: `ghcr.io/acme/pg-backup:2.1.0${DIGEST}` }],
    });

    backend.allowFrom(frontend, NetworkPolicyPort.tcp(8080));
    backend.connectTo(database, NetworkPolicyPort.tcp(5432));
    backup.connectTo(database, NetworkPolicyPort.tcp(5432));
  }
}
