// docs/runtime.md (the README section for FalcoRules and AuditPolicy): its TypeScript blocks are
// excerpts of compiled example files, and its YAML blocks are what the code emits.
import * as fs from 'fs';
import * as path from 'path';
import { App, Chart } from 'cdk8s';
import { guideAuditPolicy } from '../../examples/runtime/guide-audit-rule';
import { FalcoPresets, FalcoRules } from '../../src';

const root = path.join(__dirname, '..', '..');
const doc = fs.readFileSync(path.join(root, 'docs', 'runtime.md'), 'utf8');
const blocks = (lang: string) => [...doc.matchAll(new RegExp('```' + lang + '\\n([\\s\\S]*?)```', 'g'))].map(m => m[1]);

test('TypeScript blocks are excerpts of example files (each line, in order)', () => {
  const ts = blocks('ts');
  expect(ts.length).toBeGreaterThanOrEqual(4);
  for (const block of ts) {
    const [marker, ...lines] = block.trimEnd().split('\n');
    const file = /^\/\/ (examples\/\S+\.ts)$/.exec(marker)?.[1];
    expect({ marker, file }).toEqual({ marker, file: expect.stringMatching(/^examples\//) });
    const source = fs.readFileSync(path.join(root, file!), 'utf8').split('\n').map(l => l.trim());
    let at = 0;
    for (const line of lines.map(l => l.trim()).filter(l => l !== '' && l !== '// ...')) {
      const found = source.indexOf(line, at);
      expect({ file, line, found: found >= 0 }).toEqual({ file, line, found: true });
      at = found + 1;
    }
  }
});

test('the YAML shown for the guide\'s Falco rule and audit rule is what the code emits', () => {
  const app = new App();
  const falco = new FalcoRules(new Chart(app, 'runtime'), 'falco-rules', { rules: [FalcoPresets.shellInContainer()] });
  expect(blocks('yaml')).toEqual([falco.toYaml(), guideAuditPolicy(app).toYaml()]);
});
