import { Checker, Finding, Severity } from '../../src';

const ANN = 'cdk8s-secure.io/suppressions';
const suppress = (obj: any, ruleId: string) => ({ ...obj, metadata: { ...obj.metadata, annotations: { [ANN]: JSON.stringify([{ ruleId, reason: 'accepted for this test fixture' }]) } } });
const only = (findings: Finding[], id: string) => findings.filter(f => f.ruleId === id);
const check = (...objects: any[]) => new Checker({ disabledRules: ['CS301'] }).check(objects);

const pa = (mode: string, extra: any = {}) => ({ apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: { name: 'default', namespace: 'shop' }, spec: { mtls: { mode }, ...extra } });
const np = (name: string, spec: any, ns = 'shop') => ({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name, namespace: ns }, spec });
const workload = (labels: Record<string, string>, ns = 'shop') => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'w', namespace: ns },
  spec: { selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [] } } },
});
const namespace = (name: string) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });

describe('CS303 mutual TLS not strict', () => {
  test('STRICT passes', () => expect(only(check(pa('STRICT')), 'CS303')).toEqual([]));
  test('reports DISABLE as an error', () => {
    expect(only(check(pa('DISABLE')), 'CS303').map(f => [f.severity, f.path, f.message])).toEqual([[Severity.ERROR, 'spec.mtls.mode', 'the mTLS mode is DISABLE']]);
  });
  test('reports PERMISSIVE as a warning, also per port', () => {
    const f = only(check(pa('STRICT', { portLevelMtls: { 8080: { mode: 'PERMISSIVE' } } })), 'CS303');
    expect(f.map(x => [x.severity, x.path])).toEqual([[Severity.WARNING, 'spec.portLevelMtls["8080"].mode']]);
  });
  test('suppressed with a reason', () => {
    expect(only(check(suppress(pa('PERMISSIVE'), 'CS303')), 'CS303')[0].suppressed?.reason).toBe('accepted for this test fixture');
  });
});

describe('CS304 NetworkPolicy selects no workload', () => {
  const policy = np('p', { podSelector: { matchLabels: { app: 'api' } }, policyTypes: ['Ingress'] });
  test('a policy selecting a workload passes; an empty selector is never reported', () => {
    expect(only(check(policy, workload({ app: 'api' })), 'CS304')).toEqual([]);
    expect(only(check(np('all', { podSelector: {} })), 'CS304')).toEqual([]);
  });
  test('reports a selector that matches nothing (a typo), or a workload in another namespace', () => {
    expect(only(check(policy, workload({ app: 'apl' })), 'CS304').map(f => f.message)).toEqual(['the podSelector matches no workload in namespace "shop"']);
    expect(only(check(policy, workload({ app: 'api' }, 'other')), 'CS304')).toHaveLength(1);
  });
  test('suppressed with a reason', () => {
    expect(only(check(suppress(policy, 'CS304')), 'CS304')[0].suppressed).toBeDefined();
  });
});

describe('CS305 / CS306 allow-all rules', () => {
  const sel = { matchLabels: { app: 'api' } };
  test.each([
    ['a named peer', { from: [{ podSelector: { matchLabels: { app: 'web' } } }] }],
    ['a narrow ipBlock', { from: [{ ipBlock: { cidr: '10.0.0.0/8' } }] }],
    ['all of 0.0.0.0/0 except a range', { from: [{ ipBlock: { cidr: '0.0.0.0/0', except: ['169.254.169.254/32'] } }] }],
    ['one namespace', { from: [{ namespaceSelector: { matchLabels: { team: 'a' } } }] }],
  ])('ingress from %s passes', (_n, rule) => {
    expect(only(check(np('p', { podSelector: sel, ingress: [rule] })), 'CS305')).toEqual([]);
  });
  test.each([
    ['no from', { ports: [{ port: 80 }] }],
    ['an empty peer', { from: [{}] }],
    ['every namespace', { from: [{ namespaceSelector: {} }] }],
    ['0.0.0.0/0', { from: [{ ipBlock: { cidr: '0.0.0.0/0' } }] }],
    ['::/0', { from: [{ ipBlock: { cidr: '::/0' } }] }],
  ])('reports ingress from %s', (_n, rule) => {
    expect(only(check(np('p', { podSelector: sel, ingress: [{ from: [{ podSelector: {} }] }, rule] })), 'CS305').map(f => [f.path, f.message]))
      .toEqual([['spec.ingress[1]', 'ingress rule 1 allows traffic from any source']]);
  });
  test('reports egress to anywhere', () => {
    expect(only(check(np('p', { podSelector: sel, policyTypes: ['Egress'], egress: [{ to: [{ ipBlock: { cidr: '0.0.0.0/0' } }] }] })), 'CS306').map(f => f.path)).toEqual(['spec.egress[0]']);
  });
  test('a policy with an empty ingress list (deny all) is not allow-all', () => {
    expect(only(check(np('deny', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] })), 'CS305')).toEqual([]);
  });
  test('suppressed with a reason (an ingress controller)', () => {
    const f = check(suppress(np('p', { podSelector: sel, ingress: [{ ports: [{ port: 443 }] }] }), 'CS305'));
    expect(only(f, 'CS305')[0].suppressed).toBeDefined();
  });
});

describe('CS307 namespace without default deny', () => {
  const deny = np('default-deny', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
  test('a namespace with a default deny passes', () => {
    expect(only(check(namespace('shop'), deny), 'CS307')).toEqual([]);
  });
  test('two policies (ingress-only and egress-only) together count', () => {
    expect(only(check(namespace('shop'), np('i', { podSelector: {} }), np('e', { podSelector: {}, policyTypes: ['Egress'] })), 'CS307')).toEqual([]);
  });
  test('reports a namespace without one, or with ingress only, or with a non-empty selector', () => {
    expect(only(check(namespace('shop')), 'CS307').map(f => f.message)).toEqual(['namespace "shop" has no default-deny NetworkPolicy for ingress and egress']);
    expect(only(check(namespace('shop'), np('i', { podSelector: {} })), 'CS307').map(f => f.message)).toEqual(['namespace "shop" has no default-deny NetworkPolicy for egress']);
    expect(only(check(namespace('shop'), np('x', { podSelector: { matchLabels: { a: 'b' } }, policyTypes: ['Ingress', 'Egress'] })), 'CS307')).toHaveLength(1);
    expect(only(check(namespace('shop'), { ...deny, metadata: { name: 'd', namespace: 'other' } }), 'CS307')).toHaveLength(1);
  });
  test('suppressed with a reason', () => {
    expect(only(check(suppress(namespace('shop'), 'CS307')), 'CS307')[0].suppressed).toBeDefined();
  });
});
