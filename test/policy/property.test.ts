/**
 * Whatever props a user passes, the policy constructs either throw a SecureError with a CSE6xx code, or emit
 * objects that validate against their schemas and that the checker reports nothing on (except CS612 for a
 * constraint deliberately in dryrun).
 */
import { Chart, Testing } from 'cdk8s';
import * as fc from 'fast-check';
import { policySchemaProblems } from './_schemas';
import {
  AdmissionValidationAction, CatalogAdmissionPolicies, Checker, EnforcementAction, GatekeeperTemplates, MatchKind, RequiredLabels,
} from '../../src';

function outcome(build: () => Record<string, any>[]): { error?: string; objects?: Record<string, any>[] } {
  try {
    return { objects: build() };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

const namespace = fc.constantFrom('kube-system', 'shop', 'team-a', 'Bad_NS', '', 'a'.repeat(64), 'monitoring');
const action = fc.constantFrom(AdmissionValidationAction.DENY, AdmissionValidationAction.WARN, AdmissionValidationAction.AUDIT);
const ruleId = fc.constantFrom(...CatalogAdmissionPolicies.supportedRuleIds(), 'CS301', 'CS999', 'CS401');

test('CatalogAdmissionPolicies: valid output or a CSE60x error', () => {
  fc.assert(fc.property(
    fc.record({
      rules: fc.option(fc.array(ruleId, { maxLength: 4 }), { nil: undefined }),
      excludeRules: fc.option(fc.array(ruleId, { maxLength: 2 }), { nil: undefined }),
      errorActions: fc.option(fc.array(action, { maxLength: 3 }), { nil: undefined }),
      warningActions: fc.option(fc.array(action, { maxLength: 3 }), { nil: undefined }),
      namespaces: fc.option(fc.array(namespace, { maxLength: 2 }), { nil: undefined }),
      excludedNamespaces: fc.option(fc.array(namespace, { maxLength: 2 }), { nil: undefined }),
      namePrefix: fc.option(fc.constantFrom('platform', 'Platform', 'a-b.c', '-x'), { nil: undefined }),
    }, { requiredKeys: [] }),
    props => {
      const r = outcome(() => {
        const chart = Testing.chart();
        new CatalogAdmissionPolicies(chart, 'p', props);
        return chart.toJson();
      });
      if (r.error) {
        expect(r.error).toMatch(/^\[test\/p\] CSE60\d CatalogAdmissionPolicies: /);
      } else {
        expect(policySchemaProblems(r.objects!)).toEqual([]);
        expect(new Checker().check(r.objects!)).toEqual([]);
      }
    },
  ), { numRuns: 200, seed: 3 });
});

test('RequiredLabels: valid output or a CSE62x error', () => {
  const key = fc.constantFrom('owner', 'app.kubernetes.io/name', 'example.com/team', 'Owner', 'bad key', '', 'x/', '/x', 'a.b/c-d_e');
  const regex = fc.option(fc.constantFrom('^team-[a-z]+$', '.+', '(', '^(?=x)', 'a{2,3}', '[[:alpha:]]+'), { nil: undefined });
  fc.assert(fc.property(
    fc.array(fc.record({ key, allowedRegex: regex }, { requiredKeys: ['key'] }), { maxLength: 3 }),
    fc.constantFrom(EnforcementAction.DENY, EnforcementAction.WARN),
    fc.option(fc.array(namespace, { maxLength: 2 }), { nil: undefined }),
    (labels, enforcementAction, excludedNamespaces) => {
      const r = outcome(() => {
        const app = Testing.app();
        const templates = new GatekeeperTemplates(app, 'templates');
        const chart = new Chart(app, 'c');
        new RequiredLabels(chart, 'owner', { templates, labels, enforcementAction, excludedNamespaces, kinds: [MatchKind.pods()] });
        return [...templates.toJson(), ...chart.toJson()];
      });
      if (r.error) {
        expect(r.error).toMatch(/^\[c\/owner\] CSE62\d RequiredLabels: /);
      } else {
        expect(policySchemaProblems(r.objects!)).toEqual([]);
        expect(new Checker().check(r.objects!)).toEqual([]);
      }
    },
  ), { numRuns: 200, seed: 5 });
});
