// Custom rules at synth time: the app's own rule pack runs with the catalog; synth fails on its errors and
// prints its warnings like the catalog's. (Its findings can be suppressed like built-in ones, with
// Suppressions.add(scope, { ruleId: 'ACME002', reason }); `cdk8s-secure check` then needs `--rules` too.)
import { App, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { rules } from './acme-rules';
import { HealthChecks, SecureDeployment, SecurityChecks } from '../../src'; // in your app: from 'cdk8s-secure'

const app = new App();
SecurityChecks.of(app, { rules });

const chart = new Chart(app, 'custom-rules', { labels: { 'acme.com/cost-center': 'cc-4711' } });
new SecureDeployment(chart, 'billing', {
  owner: 'team-billing',
  containers: [{
    image: 'ghcr.io/acme/billing:3.1.0@sha256:0c1e2d3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d',
    portNumber: 8080,
    healthChecks: HealthChecks.http({ port: 8080 }),
    envVariables: { JAVA_TOOL_OPTIONS: kplus.EnvValue.fromValue('-Xmx512m') },
  }],
});
app.synth();
