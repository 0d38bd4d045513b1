// Synthesizes the runtime example: the chart (Falco rules ConfigMap) into the app's outdir, and, next to
// that directory, the files that are not Kubernetes objects: the kube-apiserver audit policy and the
// falco Helm values. Keeping them out of the manifests directory means `kubectl apply -f <outdir>` (and
// `cdk8s-secure check <outdir>`) never sees them: kubectl cannot apply an audit.k8s.io Policy.
import * as path from 'path';
import { App } from 'cdk8s';
import { RuntimeChart } from './chart';
import { AuditPolicy, SecurityChecks } from '../../src'; // in your app: from 'cdk8s-secure'

const app = new App();
SecurityChecks.of(app);
const runtime = new RuntimeChart(app, 'runtime');
// Under the App, never in a Chart: an audit policy is a kube-apiserver file (--audit-policy-file).
const audit = new AuditPolicy(app, 'audit-policy'); // AuditRules.recommended(): reference policy + CIS 3.2.2
app.synth();

const files = `${app.outdir}-files`;
audit.writeFile(path.join(files, 'kube-apiserver', 'audit-policy.yaml'));
runtime.falcoRules.writeHelmValues(path.join(files, 'helm', 'falco-values.yaml'));
