import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { cli } from './_cli';
import { expectLineExcerpt } from '../_docs';

/*
 * The README's "Adopting on an existing repo" walkthrough shows real output. Each excerpt follows a comment
 * `<!-- output: ARGS -->`; this test runs `cdk8s-secure ARGS` in a copy of examples/adoption/ (in README
 * order: the baseline written by one step is read by the next) and requires every excerpt line in the
 * output, in order, consecutive unless a `...` line marks a gap.
 */
const ROOT = path.join(__dirname, '..', '..');
const README = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const section = README.slice(README.indexOf('## Adopting on an existing repo'), README.indexOf('## Custom rules'));
const steps = [...section.matchAll(/<!-- output: (.*?) -->\n```\n([\s\S]*?)```/g)].map(m => ({ args: m[1].split(' '), excerpt: m[2].trimEnd().split('\n') }));

/** The exit code each step must have, in README order. */
const EXIT = [0, 1, 0, 0, 1];

test('the README walkthrough shows what the commands print', async () => {
  expect(steps.map(s => s.args.slice(0, 1))).toEqual(EXIT.map(() => ['check']));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-secure-adoption-'));
  fs.cpSync(path.join(ROOT, 'examples', 'adoption'), dir, { recursive: true });
  const cwd = process.cwd();
  process.chdir(dir);
  try {
    for (const [i, step] of steps.entries()) {
      const r = await cli(step.args);
      expect({ step: step.args.join(' '), code: r.code }).toEqual({ step: step.args.join(' '), code: EXIT[i] });
      expectLineExcerpt(`${r.stderr}${r.stdout}`, step.excerpt);
    }
  } finally {
    process.chdir(cwd);
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('output excerpts elsewhere in the README (run from the repository root)', async () => {
  const blocks = [...README.matchAll(/<!-- output-root: (.*?) -->\n```\n([\s\S]*?)```/g)];
  expect(blocks.length).toBeGreaterThan(0);
  for (const [, args, excerpt] of blocks) {
    const r = await cli(args.split(' '));
    expectLineExcerpt(`${r.stderr}${r.stdout}`, excerpt.trimEnd().split('\n'));
  }
});

test('the suppression file shown in the README is an excerpt of examples/adoption/suppressions.yaml', () => {
  const shown = /\n```yaml\n(version: 1\nsuppressions:\n[\s\S]*?)```/.exec(section)![1].split('\n').filter(l => l.startsWith('  '));
  const file = fs.readFileSync(path.join(ROOT, 'examples', 'adoption', 'suppressions.yaml'), 'utf8');
  for (const line of shown) expect(file).toContain(`${line}\n`);
});
