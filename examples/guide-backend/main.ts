// Synthesizes the guide's backend chart with synth-time checks on.
import { App } from 'cdk8s';
import { GuideBackendChart } from './chart';
import { SecurityChecks } from '../../src'; // in your app: from 'cdk8s-secure'

const app = new App();
// One line: synth fails on any error-level finding, naming the construct path, rule and fix.
SecurityChecks.of(app);
new GuideBackendChart(app, 'guide-backend');
app.synth();
