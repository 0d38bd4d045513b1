// Autoscaling that works with hardened workloads: `autoscale()` emits an autoscaling/v2 HPA, leaves
// `replicas` out of the Deployment and keeps at least 2 pods (the PodDisruptionBudget allows one down).
import { App, Chart } from 'cdk8s';
import { HealthChecks, SecureDeployment, SecurityChecks } from '../../src'; // in your app: from 'cdk8s-secure'

const app = new App();
SecurityChecks.of(app);
const chart = new Chart(app, 'autoscaling', { namespace: 'shop' });

const api = new SecureDeployment(chart, 'api', {
  owner: 'team-shop',
  containers: [{
    image: 'ghcr.io/acme/api:1.4.2@sha256:5b1f3a0c9d7e6f4a2b8c0d1e3f5a7b9c1d3e5f7a9b0c2d4e6f8a0b1c3d5e7f9a',
    portNumber: 8080,
    healthChecks: HealthChecks.http({ port: 8080 }),
  }],
});
api.autoscale({ minReplicas: 2, maxReplicas: 10, cpuUtilizationPercent: 70 });
app.synth();
