// Synthesizes the exposure scenario (an Ingress and an HTTPRoute, TLS only) with synth-time checks on.
import { App } from 'cdk8s';
import { ExposureChart, PlatformGatewayChart } from './chart';
import { SecurityChecks } from '../../src'; // in your app: from 'cdk8s-secure'

const app = new App();
SecurityChecks.of(app);
new PlatformGatewayChart(app, 'gateway');
new ExposureChart(app, 'exposure');
app.synth();
