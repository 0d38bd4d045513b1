/**
 * docs/policy.md (the README section on admission policies) cannot drift: its TypeScript blocks are
 * excerpts of compiled example files, its YAML for the guide's example is what the example synthesizes,
 * and its figures and tables match the code.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Testing, Yaml } from 'cdk8s';
import { MUTATIONS, OTHER_OBJECTS } from './_agreement-fixtures';
import { GatekeeperConstraintsChart } from '../../examples/admission/chart';
import { CatalogAdmissionPolicies, GatekeeperTemplates, RuleCatalog } from '../../src';
import { expectTsExcerpts } from '../_docs';

const root = path.join(__dirname, '..', '..');
const docs = fs.readFileSync(path.join(root, 'docs', 'policy.md'), 'utf8');

test('TypeScript snippets are excerpts of compiled example files', () => {
  expect(expectTsExcerpts(docs)).toBeGreaterThanOrEqual(3);
});

test('the YAML shown for the guide\'s example is what the example synthesizes', () => {
  const app = Testing.app();
  const templates = new GatekeeperTemplates(app, 'gatekeeper-templates');
  const constraints = new GatekeeperConstraintsChart(app, 'gatekeeper-constraints', { templates });
  const blocks = [...docs.matchAll(/```yaml\n([\s\S]*?)```/g)].map(m => m[1]);
  expect(blocks).toContain(Yaml.stringify(templates.toJson()[0]));
  expect(blocks).toContain(Yaml.stringify(constraints.toJson()[0]));
});

test('the figures of the agreement test are current', () => {
  const rules = CatalogAdmissionPolicies.supportedRuleIds().length;
  const objects = MUTATIONS.length * 8 + OTHER_OBJECTS.length;
  expect(docs).toContain(`${MUTATIONS.length} variants`);
  expect(docs).toContain(`plus ${OTHER_OBJECTS.length}\nServices`);
  expect(docs).toContain(`${objects.toLocaleString('en-US')} objects x ${rules} rules = ${(objects * rules).toLocaleString('en-US')} verdicts`);
  expect(docs).toContain(`Rules with a CEL form (${rules})`);
});

test('the checker rule table lists the CS6xx rules of the catalog with their severities', () => {
  const rows = [...docs.matchAll(/^\| (CS6\d\d) \| (\w+) \|/gm)].map(m => [m[1], m[2]]);
  const catalog = RuleCatalog.all().filter(r => /^CS6[0-4]\d$/.test(r.id)).map(r => [r.id, r.severity]);
  expect(rows).toEqual(catalog);
});
