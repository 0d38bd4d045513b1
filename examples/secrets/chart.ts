// The hardening guide's secrets scenario: the backend's database URL lives in AWS Secrets Manager
// (key prod/database/url). External Secrets Operator syncs it into a Kubernetes Secret every hour; no
// secret value is ever in the manifests or in git. In an app repo the import is `from 'cdk8s-secure'`.
import { Chart, ChartProps, Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { ExternalSecretRef, HealthChecks, SecretStore, SecretStoreProvider, SecureDeployment } from '../../src';

export class SecretsChart extends Chart {
  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, { namespace: 'shop', ...props });

    // The ServiceAccount ESO uses to authenticate to AWS with IRSA: no access key anywhere.
    new kplus.ServiceAccount(this, 'eso-reader', {
      metadata: {
        name: 'eso-reader',
        annotations: { 'eks.amazonaws.com/role-arn': 'arn:aws:iam::123456789012:role/shop-secrets-reader' },
      },
      automountToken: false,
    });
    const store = new SecretStore(this, 'aws', {
      provider: SecretStoreProvider.awsSecretsManager({
        region: 'eu-central-1',
        serviceAccountRef: { name: 'eso-reader' },
      }),
    });

    const database = new ExternalSecretRef(this, 'database', {
      store,
      data: [{ secretKey: 'url', remoteRef: { key: 'prod/database/url' } }],
      refreshInterval: Duration.hours(1),
    });

    // Preferred: the Secret as a read-only file. A rotated value reaches the file within the kubelet's
    // sync period without a restart, and a file is not inherited by child processes or printed with the
    // environment.
    new SecureDeployment(this, 'backend', {
      owner: 'team-shop',
      containers: [{
        image: 'ghcr.io/acme/backend:1.4.2@sha256:3f1e0c2b9a7d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7',
        portNumber: 8080,
        healthChecks: HealthChecks.http({ port: 8080, livenessPath: '/health', readinessPath: '/ready' }),
        volumeMounts: [database.volumeMount('/var/run/secrets/database')],
        envVariables: { DATABASE_URL_FILE: kplus.EnvValue.fromValue('/var/run/secrets/database/url') },
      }],
    });

    // For a program that can only read its environment: the same key as an env var (secretKeyRef).
    // It keeps the old value until the pod restarts.
    new SecureDeployment(this, 'worker', {
      owner: 'team-shop',
      containers: [{
        image: 'ghcr.io/acme/worker:1.4.2@sha256:9a8b7c6d5e4f30211f2e3d4c5b6a79880f1e2d3c4b5a69788796a5b4c3d2e1f0',
        healthChecks: HealthChecks.command(['/app/healthcheck']),
        envVariables: database.envVariables({ DATABASE_URL: 'url' }),
      }],
    });
  }
}
