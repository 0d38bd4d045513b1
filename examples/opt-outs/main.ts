// Weakening a default takes a reason: each suppression lands in the manifest and in every report.
import { App, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { HealthChecks, SecureDeployment, SecurityChecks } from '../../src'; // in your app: from 'cdk8s-secure'

export class OptOutsChart extends Chart {
  constructor(scope: Construct, id: string) {
    super(scope, id, { namespace: 'shop' });
    new SecureDeployment(this, 'legacy', {
      owner: 'team-shop',
      runAsUser: 1001, // the guide's uid
      containers: [{
        image: 'registry.example.com/shop/legacy:3.2.0@sha256:0d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d9c8b7a6f5e4d3c2b1a0f9e8d7c',
        portNumber: 8080,
        healthChecks: HealthChecks.http(),
        securityContext: { readOnlyRootFilesystem: false },
      }],
      suppressions: [
        { ruleId: 'CS201', reason: 'vendor binary rewrites files under /opt at start; SEC-142', expires: '2027-06-30' },
        { ruleId: 'CS213', reason: 'image is built with the guide user 1001; rebuild planned in SEC-150' },
      ],
    });
  }
}

const app = new App();
SecurityChecks.of(app);
new OptOutsChart(app, 'opt-outs');
app.synth();
