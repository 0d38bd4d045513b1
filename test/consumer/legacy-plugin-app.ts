// The same plain cdk8s-plus Deployment without SecurityChecks: only the cdk8s-cli validation plugin
// (cdk8s.yaml `validations:`) checks it, after the app wrote its manifests.
import { App, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';

const app = new App();
const chart = new Chart(app, 'legacy');
new kplus.Deployment(chart, 'web', { containers: [{ image: 'ghcr.io/acme/web:1.0.0' }] });
app.synth();
