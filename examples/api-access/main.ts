// API access through grants. The backend reads exactly one ConfigMap and keeps one leader-election Lease;
// the node agent reads nodes, which are cluster-scoped, so its grant is cluster-wide and says why. Each
// grant is one Role rule bound to the workload's own ServiceAccount, and only a workload with a grant
// gets its token mounted: the binding is the reason, so the checker reports nothing.
import { App, Chart } from 'cdk8s';
import { NetworkPolicyIpBlock, NetworkPolicyPort } from 'cdk8s-plus-28';
import { HealthChecks, SecureDaemonSet, SecureDeployment, SecurityChecks } from '../../src'; // in your app: from 'cdk8s-secure'

const DIGEST = '@sha256:3c4d5e6f3c4d5e6f3c4d5e6f3c4d5e6f3c4d5e6f3c4d5e6f3c4d5e6f3c4d5e6f';
const app = new App();
SecurityChecks.of(app);
const chart = new Chart(app, 'api-access', { namespace: 'shop' });
// The API server as the pods reach it once the Service is resolved: the addresses and port of
// `kubectl get endpointslices -n default -l kubernetes.io/service-name=kubernetes` (often 6443).
const apiServer = NetworkPolicyIpBlock.ipv4(chart, 'api-server', '10.0.0.10/32');

const backend = new SecureDeployment(chart, 'backend', {
  owner: 'team-shop',
  containers: [{ image: `ghcr.io/acme/backend:1.4.2${DIGEST}`, portNumber: 8080, healthChecks: HealthChecks.http({ port: 8080 }) }],
});
// get and watch on the ConfigMap "app-config" only: no other ConfigMap, no list.
backend.grant({ resources: ['configmaps'], verbs: ['get', 'watch'], resourceNames: ['app-config'] });
// Leader election: create cannot be limited by name (the request carries none), so it is a rule of its own.
backend.grant({ resources: ['leases'], verbs: ['create'] });
backend.grant({ resources: ['leases'], verbs: ['get', 'update'], resourceNames: ['backend-leader'] });
// The pods are isolated (default deny): a grant opens no network path, so allow egress to the API server.
backend.connectTo(apiServer, NetworkPolicyPort.tcp(6443));

const agent = new SecureDaemonSet(chart, 'zone-reporter', {
  owner: 'team-platform',
  containers: [{ image: `ghcr.io/acme/zone-reporter:0.9.1${DIGEST}`, portNumber: 9100, healthChecks: HealthChecks.http({ port: 9100 }) }],
});
// A ClusterRole and ClusterRoleBinding; the reason is written to both.
agent.grant({ resources: ['nodes'], verbs: ['get'], clusterWide: { reason: 'reads the zone label of the node it runs on' } });
agent.connectTo(apiServer, NetworkPolicyPort.tcp(6443));
app.synth();
