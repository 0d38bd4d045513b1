import * as fs from 'fs';
import * as path from 'path';
import { RuleCatalog } from '../src';
import { expectTsExcerpts } from './_docs';
import { PSS_LATEST_VERSION } from '../src/checks/pss-version';
import { rulesMarkdown } from '../src/cli/run';

const root = path.join(__dirname, '..');

test('RULES.md is generated from the rule metadata and up to date (run `npm run rules-doc`)', () => {
  expect(fs.readFileSync(path.join(root, 'RULES.md'), 'utf8')).toBe(rulesMarkdown(RuleCatalog.all()));
});

test('the README names the Pod Security version SecureNamespace pins by default', () => {
  const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
  expect(readme).toContain(`pinned to \`podSecurityVersion\` (default \`${PSS_LATEST_VERSION}\``);
});

test('every rule id in the catalog is unique and well-formed', () => {
  const ids = RuleCatalog.all().map(r => r.id);
  expect(new Set(ids).size).toBe(ids.length);
  for (const id of ids) expect(id).toMatch(/^CS\d{3}$/);
});

test('every rule documents what, why, fix', () => {
  for (const r of RuleCatalog.all()) {
    expect(r.title.length).toBeGreaterThan(5);
    expect(r.description.length).toBeGreaterThan(20);
    expect(r.rationale.length).toBeGreaterThan(20);
    expect(r.fix.length).toBeGreaterThan(10);
  }
});

test('TypeScript snippets in the README and docs/ are excerpts of compiled example files', () => {
  expect(expectTsExcerpts(fs.readFileSync(path.join(root, 'README.md'), 'utf8'))).toBeGreaterThan(5);
  for (const doc of fs.readdirSync(path.join(root, 'docs')).filter(f => f.endsWith('.md'))) {
    expectTsExcerpts(fs.readFileSync(path.join(root, 'docs', doc), 'utf8'));
  }
});

test('an excerpt that leaves out a line of code without `// ...` fails the excerpt check', () => {
  const excerpt = (lines: string[]) => ['```ts', '// examples/guide-backend/chart.ts', ...lines, '```', ''].join('\n');
  const head = ["const backend = new SecureDeployment(this, 'backend', {", "  owner: 'team-shop',", '  containers: [{'];
  // The README once showed this without the image line.
  expect(() => expectTsExcerpts(excerpt([...head, '    portNumber: 8080,']))).toThrow(/portNumber: 8080/);
  expect(expectTsExcerpts(excerpt([...head, '    // ...', '    portNumber: 8080,']))).toBe(1);
  // Comments of the source may be left out.
  expect(expectTsExcerpts(excerpt(['    portNumber: 8080,', "    healthChecks: HealthChecks.http({ port: 8080, livenessPath: '/health', readinessPath: '/ready' }),"]))).toBe(1);
});

/**
 * Every rule is tested: its id appears in a test file that names both a compliant ("passes", "zero",
 * "compliant") and a reported case. A new rule without tests fails here.
 */
test('every rule in the catalog has tests that name it', () => {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else if (e.name.endsWith('.test.ts')) files.push(full);
    }
  };
  walk(path.join(root, 'test'));
  const text = files.map(f => fs.readFileSync(f, 'utf8')).join('\n');
  const untested = RuleCatalog.all().map(r => r.id).filter(id => !new RegExp(`['"\`]${id}['"\`:\\s]`).test(text) && !text.includes(`${id} `));
  expect(untested).toEqual([]);
});
