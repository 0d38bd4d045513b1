/**
 * Issue #14: the RBAC rules CS501 and CS503-CS509 and their CEL forms agree on generated Roles and
 * ClusterRoles: the checker (run alone on the role) reports a rule exactly when the rule's policy refuses it.
 */
import { Testing } from 'cdk8s';
import * as fc from 'fast-check';
import { admit, Obj } from './_cel';
import { CatalogAdmissionPolicies, Checker } from '../../src';

const IDS = ['CS501', 'CS503', 'CS504', 'CS505', 'CS506', 'CS507', 'CS509'];

const POLICIES = (() => {
  const chart = Testing.chart();
  new CatalogAdmissionPolicies(chart, 'policies', { rules: IDS });
  return new Map<string, Obj>(chart.toJson().filter(o => o.kind === 'ValidatingAdmissionPolicy').map(o => [o.metadata.labels['cdk8s-secure.io/rule'], o]));
})();

// Repeated entries are drawn more often, so that every rule is seen refusing and admitting in each run.
const GROUPS = ['', '', '', '*', 'apps', 'rbac.authorization.k8s.io', 'authentication.k8s.io', 'example.com'];
const RESOURCES = ['*', 'secrets', 'secrets', 'pods', 'pods/exec', 'pods/attach', 'pods/*', 'pods/log', 'secrets', 'configmaps', 'nodes', 'nodes/proxy', 'nodes/*',
  'nodes/metrics', 'roles', 'clusterroles', 'users', 'groups', 'serviceaccounts', 'uids', 'userextras', 'deployments'];
const VERBS = ['*', 'get', 'get', 'list', 'list', 'watch', 'create', 'update', 'delete', 'escalate', 'bind', 'impersonate'];

const subset = (values: string[]) => fc.option(fc.uniqueArray(fc.constantFrom(...values), { maxLength: 3 }), { nil: undefined });
const ruleArb = fc.record({
  apiGroups: subset(GROUPS),
  resources: subset(RESOURCES),
  verbs: subset(VERBS),
  resourceNames: fc.option(fc.constantFrom([], ['tls'], ['a', 'b']), { nil: undefined }),
}, { requiredKeys: [] });
const roleArb = fc.record({
  kind: fc.constantFrom('Role', 'ClusterRole'),
  name: fc.constantFrom('web', 'cluster-admin', 'admin'),
  rules: fc.option(fc.array(ruleArb, { maxLength: 3 }), { nil: undefined }),
});

test('the checker and the CEL policies agree on 1000 generated roles', () => {
  expect([...POLICIES.keys()].sort()).toEqual(IDS);
  const seen = new Map(IDS.map(id => [id, { fail: 0, pass: 0 }]));
  fc.assert(fc.property(roleArb, r => {
    const obj: Obj = JSON.parse(JSON.stringify({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: r.kind,
      metadata: { name: r.name, ...(r.kind === 'Role' ? { namespace: 'prod' } : {}) },
      rules: r.rules,
    }));
    const checker = new Set(new Checker().check([obj]).map(f => f.ruleId));
    for (const id of IDS) {
      const refused = !admit(POLICIES.get(id)!, obj).allowed;
      expect({ id, obj, refused }).toEqual({ id, obj, refused: checker.has(id) });
      seen.get(id)![refused ? 'fail' : 'pass']++;
    }
  }), { numRuns: 1000 });
  // Each rule was seen refusing and admitting: the generator reaches both sides.
  for (const [id, s] of seen) expect({ id, failing: s.fail > 0, passing: s.pass > 0 }).toEqual({ id, failing: true, passing: true });
});
