// Synthesizes the whole guide: manifests into the outdir in apply order (the platform's Gateway, namespace,
// Gatekeeper templates, constraints, shop, runtime), and the two files that are not Kubernetes objects next to it:
// the kube-apiserver audit policy (--audit-policy-file) and the falco Helm values.
import * as path from 'path';
import { App } from 'cdk8s';
import { GatewayChart, NamespaceChart, PolicyChart, RuntimeChart, ShopChart } from './chart';
import { AuditPolicy, GatekeeperTemplates, SecurityChecks } from '../../src'; // in your app: from 'cdk8s-secure'

const app = new App();
SecurityChecks.of(app);
const ns = new NamespaceChart(app, 'namespace');
const templates = new GatekeeperTemplates(app, 'gatekeeper-templates');
const policy = new PolicyChart(app, 'gatekeeper-constraints', { templates });
new GatewayChart(app, 'gateway'); // the platform's (see GatewayChart): here so the check sees the route's listener
const shop = new ShopChart(app, 'shop');
shop.addDependency(ns, policy);
const runtime = new RuntimeChart(app, 'runtime');
// Under the App, never in a Chart: an audit policy is a file for kube-apiserver, not an object to apply.
const audit = new AuditPolicy(app, 'audit-policy');
app.synth();

const files = `${app.outdir}-files`;
audit.writeFile(path.join(files, 'kube-apiserver', 'audit-policy.yaml'));
runtime.falcoRules.writeHelmValues(path.join(files, 'helm', 'falco-values.yaml'));
