/**
 * The graph draws the open doors: allow-all rules as edges from / to `any`, ipBlocks and namespace
 * selectors outside the input as nodes, and ingress and egress isolation (and the host network) labelled
 * separately, so the most exposed workload no longer looks the most locked down.
 */
import { FlowModel, toDot, toMermaid } from '../../src/network/_flow-model';

type Obj = Record<string, any>;
const web = (spec: Obj = {}): Obj => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'shop' },
  spec: { selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'app', image: 'x:1', ports: [{ containerPort: 8080 }] }], ...spec } } },
});
const policy = (name: string, spec: Obj): Obj => ({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name, namespace: 'shop' }, spec: { podSelector: { matchLabels: { app: 'web' } }, ...spec } });
const model = (...objects: Obj[]) => {
  const m = new FlowModel();
  objects.forEach(o => m.add(o));
  return m;
};
const edges = (m: FlowModel) => m.flows().map(f => `${f.from} -> ${f.to}: ${f.ports.join(', ')}`);
const WEB = 'Deployment shop/web';

test('ingress: [{}] draws an edge from any, with the rule\'s ports', () => {
  const m = model(web(), policy('open', { policyTypes: ['Ingress', 'Egress'], ingress: [{ ports: [{ port: 8080 }] }], egress: [] }));
  expect(edges(m)).toEqual([`any -> ${WEB}: TCP 8080`]);
});

test('egress to 0.0.0.0/0 (or 0::/0, or /1 halves) draws an edge to any', () => {
  for (const to of [[{ ipBlock: { cidr: '0.0.0.0/0' } }], [{ ipBlock: { cidr: '0::/0' } }], [{ ipBlock: { cidr: '0.0.0.0/1' } }, { ipBlock: { cidr: '128.0.0.0/1' } }]]) {
    const m = model(web(), policy('out', { policyTypes: ['Ingress', 'Egress'], ingress: [], egress: [{ to }] }));
    expect(edges(m)).toEqual([`${WEB} -> any: all`]);
  }
});

test('ipBlocks are nodes, with their except list', () => {
  const m = model(web(), policy('p', {
    policyTypes: ['Ingress', 'Egress'],
    ingress: [{ from: [{ ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } }], ports: [{ port: 8080 }] }],
    egress: [{ to: [{ ipBlock: { cidr: '203.0.113.10/32' } }], ports: [{ protocol: 'TCP', port: 443 }] }],
  }));
  expect(edges(m)).toEqual([`ipBlock 10.0.0.0/8 except 10.1.0.0/16 -> ${WEB}: TCP 8080`, `${WEB} -> ipBlock 203.0.113.10/32: TCP 443`]);
  expect(toMermaid(m, m.flows())).toContain('(["ipBlock 203.0.113.10/32"])');
});

test('a namespace selector that matches no workload of the input is a node (ingress controller -> frontend)', () => {
  const m = model(web(), policy('from-ingress', {
    policyTypes: ['Ingress'],
    ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } }, podSelector: { matchLabels: { 'app.kubernetes.io/name': 'ingress-nginx' } } }] }],
  }));
  expect(edges(m)).toEqual([
    `${WEB} -> any: all`,
    `namespaces kubernetes.io/metadata.name=ingress-nginx / pods app.kubernetes.io/name=ingress-nginx -> ${WEB}: all`,
  ]);
});

test('a namespace selector that matches a workload of the input is drawn as that workload, not as a node', () => {
  const api: Obj = { ...web(), metadata: { name: 'api', namespace: 'shop' } };
  api.spec.template.metadata.labels = { app: 'api' };
  api.spec.selector.matchLabels = { app: 'api' };
  const m = model(web(), api, policy('from-shop', { policyTypes: ['Ingress'], ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'shop' } } }] }] }));
  expect(edges(m).filter(e => e.startsWith('namespaces'))).toEqual([]);
});

test('ingress and egress isolation, and the host network, are labelled separately', () => {
  const onlyIngress = model(web(), policy('in', { policyTypes: ['Ingress'], ingress: [] }));
  expect(toMermaid(onlyIngress, onlyIngress.flows())).toContain(`["${WEB} ⚠ egress not isolated"]`);
  const host = model(web({ hostNetwork: true }), policy('deny', { policyTypes: ['Ingress', 'Egress'] }));
  expect(toMermaid(host, host.flows())).toContain(`["${WEB} ⚠ host network: NetworkPolicies do not apply"]`);
  expect(toDot(host, host.flows())).toContain('xlabel="host network: NetworkPolicies do not apply"');
});
