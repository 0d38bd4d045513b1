import { App } from 'cdk8s';
import { GuideNetworkChart, ShopNamespaceChart } from './chart';
import { SecurityChecks } from '../../src'; // in your app: from 'cdk8s-secure'

const app = new App();
SecurityChecks.of(app);
const ns = new ShopNamespaceChart(app, 'namespace');
const workloads = new GuideNetworkChart(app, 'guide-network');
workloads.addDependency(ns); // the namespace is applied first
app.synth();
