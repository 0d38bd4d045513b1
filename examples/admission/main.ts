// Synthesizes the admission policies: `0000-gatekeeper-templates.k8s.yaml` (apply first, then wait for the
// constraint CRDs), `0001-gatekeeper-constraints.k8s.yaml` and `0002-admission-policies.k8s.yaml`.
import { App } from 'cdk8s';
import { AdmissionPoliciesChart, GatekeeperConstraintsChart } from './chart';
import { GatekeeperTemplates, SecurityChecks } from '../../src'; // in your app: from 'cdk8s-secure'

const app = new App();
SecurityChecks.of(app);

const templates = new GatekeeperTemplates(app, 'gatekeeper-templates');
new GatekeeperConstraintsChart(app, 'gatekeeper-constraints', { templates });
new AdmissionPoliciesChart(app, 'admission-policies');

app.synth();
