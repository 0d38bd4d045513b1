import * as fs from 'fs';
import * as path from 'path';
import { cli } from './_cli';
import { expectLineExcerpt } from '../_docs';

/*
 * The README's `cdk8s-secure fix` excerpts are real output: each block after `<!-- fix-output: stdout|stderr -->`
 * must appear in what `cdk8s-secure fix legacy.yaml` prints in examples/migrate/, line for line and in order
 * (consecutive, unless a `...` line marks a gap).
 */
const ROOT = path.join(__dirname, '..', '..');
const README = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const blocks = [...README.matchAll(/<!-- fix-output: (stdout|stderr) -->\n```(?:diff)?\n([\s\S]*?)```/g)].map(m => ({ stream: m[1] as 'stdout' | 'stderr', excerpt: m[2].trimEnd().split('\n') }));

test('the README shows what `cdk8s-secure fix` prints for examples/migrate/legacy.yaml', async () => {
  expect(blocks.map(b => b.stream)).toEqual(['stderr', 'stdout']);
  const cwd = process.cwd();
  process.chdir(path.join(ROOT, 'examples', 'migrate'));
  try {
    const r = await cli(['fix', 'legacy.yaml']);
    expect(r.code).toBe(1);
    for (const b of blocks) expectLineExcerpt(r[b.stream], b.excerpt);
  } finally {
    process.chdir(cwd);
  }
});
