// The hardening guide's application: a backend serving HTTP on 8080 with /health and /ready,
// hardened by construction. In an app repo the import is `from 'cdk8s-secure'`.
import { Chart, ChartProps, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { HealthChecks, SecureDeployment } from '../../src';

export class GuideBackendChart extends Chart {
  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, { namespace: 'shop', ...props });

    const backend = new SecureDeployment(this, 'backend', {
      owner: 'team-shop',
      containers: [{
        image: 'ghcr.io/acme/backend:1.4.2@sha256:3f1e0c2b9a7d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7',
        portNumber: 8080,
        // The guide's probes: liveness /health, readiness /ready.
        healthChecks: HealthChecks.http({ port: 8080, livenessPath: '/health', readinessPath: '/ready' }),
        // The guide mounts /tmp and /app/cache writable on a read-only root filesystem.
        writablePaths: ['/app/cache'],
        writableSizeLimit: Size.mebibytes(128),
      }],
    });
    const service = backend.exposeViaService({ ports: [{ port: 8080 }] });

    const frontend = new SecureDeployment(this, 'frontend', {
      owner: 'team-shop',
      containers: [{
        image: 'ghcr.io/acme/frontend:2.0.1@sha256:9a8b7c6d5e4f30211f2e3d4c5b6a79880f1e2d3c4b5a69788796a5b4c3d2e1f0',
        portNumber: 8080,
        healthChecks: HealthChecks.http({ port: 8080 }),
      }],
    });
    // Only the frontend may call the backend, on its port; both sides stay isolated otherwise.
    backend.connections.allowFrom(frontend, { ports: [kplus.NetworkPolicyPort.tcp(8080)] });
    void service;
  }
}
