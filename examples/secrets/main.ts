// Synthesizes the secrets scenario with synth-time checks on.
import { App } from 'cdk8s';
import { SecretsChart } from './chart';
import { SecurityChecks } from '../../src'; // in your app: from 'cdk8s-secure'

const app = new App();
SecurityChecks.of(app);
new SecretsChart(app, 'secrets');
app.synth();
