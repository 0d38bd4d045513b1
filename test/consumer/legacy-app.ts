// An existing app's plain cdk8s-plus Deployment, with the checks turned on: `cdk8s synth` fails with the
// report shown in the README ("Checks at synth time"). test/consumer/consumer.test.ts runs it in a scratch
// app against the packed package.
import { App, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { SecurityChecks } from '../../src'; // in your app: from 'cdk8s-secure'

const app = new App();
SecurityChecks.of(app);

const chart = new Chart(app, 'legacy');
new kplus.Deployment(chart, 'web', { containers: [{ image: 'ghcr.io/acme/web:1.0.0' }] });
app.synth();
