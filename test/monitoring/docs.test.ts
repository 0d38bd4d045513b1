// docs/runtime.md (the README section for FalcoRules and AuditPolicy): its TypeScript blocks are
// excerpts of compiled example files, and its YAML blocks are what the code emits.
import * as fs from 'fs';
import * as path from 'path';
import { App, Chart } from 'cdk8s';
import { guideAuditPolicy } from '../../examples/runtime/guide-audit-rule';
import { FalcoPresets, FalcoRules } from '../../src';
import { codeBlocks, expectTsExcerpts } from '../_docs';

const root = path.join(__dirname, '..', '..');
const doc = fs.readFileSync(path.join(root, 'docs', 'runtime.md'), 'utf8');
const blocks = (lang: string) => codeBlocks(doc, lang);

test('TypeScript blocks are excerpts of example files (each line, in order)', () => {
  expect(expectTsExcerpts(doc)).toBeGreaterThanOrEqual(4);
});

test('the YAML shown for the guide\'s Falco rule and audit rule is what the code emits', () => {
  const app = new App();
  const falco = new FalcoRules(new Chart(app, 'runtime'), 'falco-rules', { rules: [FalcoPresets.shellInContainer()] });
  expect(blocks('yaml')).toEqual([falco.toYaml(), guideAuditPolicy(app).toYaml()]);
});
