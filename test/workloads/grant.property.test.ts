/**
 * Property test of grant(): whatever grant a user asks for from the built-in table (any group, resources,
 * verbs that may or may not apply, names, cluster-wide or not), either the constructor refuses it with a
 * CSE51x error, or the Role carries exactly that rule and the output has no finding at warning or above
 * and validates against its schema. Nothing in between.
 */
import { Chart, Testing } from 'cdk8s';
import * as fc from 'fast-check';
import { guideContainer } from './_fixtures';
import { atOrAbove, GrantOptions, SecureDeployment, SecurityChecks, Severity, Suppression } from '../../src';
import { allKnownResources, STANDARD_VERBS } from '../../src/workloads/_grant';
import { expectValidObjects } from '../_schema';

const TABLE = allKnownResources();
const GROUPS = [...new Set(TABLE.map(k => k.group))];
const VERBS = [...STANDARD_VERBS, 'bind', 'escalate', 'impersonate', 'approve', 'sign', 'use', 'read'];

describe('the built-in resource table', () => {
  test('each (group, resource) once; every subresource has its parent in the same group and scope', () => {
    const keys = TABLE.map(k => `${k.group}/${k.resource}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const k of TABLE.filter(r => r.resource.includes('/'))) {
      const parent = TABLE.find(p => p.group === k.group && p.resource === k.resource.split('/')[0]);
      expect({ sub: k.resource, parent: parent?.resource, scope: parent?.clusterScoped }).toEqual({ sub: k.resource, parent: k.resource.split('/')[0], scope: k.clusterScoped });
    }
  });

  test('the facts the README states', () => {
    const get = (group: string, resource: string) => TABLE.find(k => k.group === group && k.resource === resource);
    expect(get('', 'pods/log')?.verbs).toEqual(['get']);
    expect([...get('', 'pods/exec')!.verbs].sort()).toEqual(['create', 'get']);
    expect(get('', 'configmaps')?.verbs).toEqual(STANDARD_VERBS);
    expect(get('', 'nodes')?.clusterScoped).toBe(true);
    expect(get('apps', 'deployments')?.clusterScoped).toBe(false);
    expect(TABLE.filter(k => k.resource === 'events').map(k => k.group).sort()).toEqual(['', 'events.k8s.io']);
  });
});

test('any grant from the table: a CSE51x error, or exactly that rule with zero findings', () => {
  const seen = { emitted: 0, refused: new Map<string, number>() };
  // Mostly verbs the first resource takes (so grants get through and reach the RBAC rules), sometimes any verb.
  const resourcesOf = (group: string) => TABLE.filter(k => k.group === group).map(k => k.resource);
  const verbsOf = (group: string, resource: string) => TABLE.find(k => k.group === group && k.resource === resource)!.verbs;
  const grantArb = fc.constantFrom(...GROUPS).chain(group => fc.uniqueArray(fc.constantFrom(...resourcesOf(group)), { minLength: 1, maxLength: 2 })
    .chain(resources => fc.record({
      group: fc.constant(group),
      resources: fc.constant(resources),
      verbs: fc.oneof(
        { weight: 4, arbitrary: fc.uniqueArray(fc.constantFrom(...verbsOf(group, resources[0])), { minLength: 1, maxLength: 3 }) },
        { weight: 1, arbitrary: fc.uniqueArray(fc.constantFrom(...VERBS), { minLength: 1, maxLength: 3 }) },
      ),
      names: fc.option(fc.uniqueArray(fc.constantFrom('app-config', 'leader', 'db'), { minLength: 1, maxLength: 2 }), { nil: undefined }),
      explicitGroup: fc.boolean(),
      clusterWide: fc.boolean(),
    })));
  fc.assert(fc.property(grantArb, g => {
    const build = (suppressions: Suppression[] = []) => {
      const c = new Chart(Testing.app(), 'test', { namespace: 'prod' });
      return { c, w: new SecureDeployment(c, 'backend', { owner: 'team-a', containers: [guideContainer()], suppressions }) };
    };
    const { c: chart, w: d } = build();
    const options: GrantOptions = {
      resources: g.resources,
      verbs: g.verbs,
      ...(g.names ? { resourceNames: g.names } : {}),
      ...(g.explicitGroup ? { apiGroup: g.group } : {}),
      ...(g.clusterWide ? { clusterWide: { reason: 'needed by the property test' } } : {}),
    };
    try {
      d.grant(options);
    } catch (e) {
      const code = (e as { code?: string }).code;
      expect(code).toMatch(/^CSE51[0-6]$/);
      expect((e as Error).message).toMatch(/^\[test\/backend\] CSE51\d SecureDeployment: grant\(\)/);
      seen.refused.set(code!, (seen.refused.get(code!) ?? 0) + 1);
      if (code === 'CSE512') {
        // Suppressing exactly the rules the error names lets the grant through, and the checker agrees.
        const ids = [...(e as Error).message.matchAll(/^  - (CS\d{3}) /gm)].map(m => m[1]);
        expect(ids.length).toBeGreaterThan(0);
        const again = build(ids.map(ruleId => ({ ruleId, reason: 'accepted for the property test' })));
        again.w.grant(options);
        expect(SecurityChecks.findings(again.c).filter(f => !f.suppressed && atOrAbove(f.severity, Severity.WARNING))).toEqual([]);
        expect(SecurityChecks.findings(again.c).filter(f => f.suppressed).map(f => f.ruleId)).toEqual(expect.arrayContaining(ids));
      }
      return;
    }
    seen.emitted++;
    const out = Testing.synth(chart);
    const role = out.find(o => o.kind === (g.clusterWide ? 'ClusterRole' : 'Role'));
    expect(role.rules).toEqual([{ apiGroups: [g.group], resources: g.resources, verbs: g.verbs, ...(g.names ? { resourceNames: g.names } : {}) }]);
    expect(SecurityChecks.findings(chart).filter(f => !f.suppressed && atOrAbove(f.severity, Severity.WARNING))).toEqual([]);
    expectValidObjects(out);
  }), { numRuns: 300, seed: 14 });
  // Both outcomes, and the main refusals, were exercised.
  expect(seen.emitted).toBeGreaterThan(10);
  for (const code of ['CSE510', 'CSE511', 'CSE512', 'CSE513', 'CSE515']) expect({ code, seen: (seen.refused.get(code) ?? 0) > 0 }).toEqual({ code, seen: true });
});
