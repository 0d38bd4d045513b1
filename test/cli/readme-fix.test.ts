import * as fs from 'fs';
import * as path from 'path';
import { cli } from './_cli';

/*
 * The README's `cdk8s-secure fix` excerpts are real output: each block after `<!-- fix-output: stdout|stderr -->`
 * must appear in what `cdk8s-secure fix legacy.yaml` prints in examples/migrate/, line for line and in order
 * (consecutive, unless a `...` line marks a gap).
 */
const ROOT = path.join(__dirname, '..', '..');
const README = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const blocks = [...README.matchAll(/<!-- fix-output: (stdout|stderr) -->\n```(?:diff)?\n([\s\S]*?)```/g)].map(m => ({ stream: m[1] as 'stdout' | 'stderr', excerpt: m[2].trimEnd().split('\n') }));

function expectExcerpt(output: string, excerpt: string[]): void {
  const lines = output.split('\n');
  let at = 0;
  let gap = true;
  for (const line of excerpt) {
    if (line === '...') {
      gap = true;
      continue;
    }
    const found = gap ? lines.indexOf(line, at) : (lines[at] === line ? at : -1);
    expect({ line, found: found >= 0 }).toEqual({ line, found: true });
    at = found + 1;
    gap = false;
  }
}

test('the README shows what `cdk8s-secure fix` prints for examples/migrate/legacy.yaml', async () => {
  expect(blocks.map(b => b.stream)).toEqual(['stderr', 'stdout']);
  const cwd = process.cwd();
  process.chdir(path.join(ROOT, 'examples', 'migrate'));
  try {
    const r = await cli(['fix', 'legacy.yaml']);
    expect(r.code).toBe(1);
    for (const b of blocks) expectExcerpt(r[b.stream], b.excerpt);
  } finally {
    process.chdir(cwd);
  }
});
