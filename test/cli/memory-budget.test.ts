import { spawnSync } from 'child_process';
import * as path from 'path';
import { TempDir } from './_cli';
import { MAX_DOCUMENT_NODES } from '../../src/cli/_k8s-yaml';

/**
 * Issue #12: memory is bounded by the input, not by the parser's tree. The YAML parser keeps about 1 KB per
 * node, so a 2 MB document of one flow sequence took 1 GB and a 12 MB one died with V8's out-of-memory stack
 * trace. Documents over MAX_DOCUMENT_NODES nodes are counted first (without building the tree) and refused
 * with exit 2. The CLI runs in a fresh process with its heap capped at 384 MB: an out-of-memory crash fails
 * the test.
 */
let tmp: TempDir;
beforeAll(() => { tmp = new TempDir(); });
afterAll(() => tmp.cleanup());

const MAIN = path.join(__dirname, '..', '..', 'lib', 'cli', 'main.js');

function flowSequenceDocument(items: number): string {
  return `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: wide}\ndata:\n  a: [${Array(items).fill('1').join(',')}]\n`;
}

function runCapped(file: string) {
  return spawnSync(process.execPath, ['--max-old-space-size=384', MAIN, 'check', file], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

test.each([
  ['2 MB', 1_000_000],
  ['12 MB', 6_000_000],
])('a %s document of one flow sequence is refused with exit 2, not an out-of-memory crash', (_size, items) => {
  const file = tmp.write(`flow-${items}.yaml`, flowSequenceDocument(items));
  const r = runCapped(file);
  expect(r.stderr).not.toMatch(/heap out of memory|FATAL ERROR|\n\s+at /);
  expect(r.status).toBe(2);
  expect(r.stderr).toContain(`(document 0, line 1): the document has more than ${MAX_DOCUMENT_NODES.toLocaleString('en-US')} YAML nodes`);
}, 120_000);

test('a document just under the node budget is read and checked under the same heap cap', () => {
  const file = tmp.write('flow-under.yaml', flowSequenceDocument(MAX_DOCUMENT_NODES - 1_000));
  const r = runCapped(file);
  expect(r.stderr).not.toMatch(/heap out of memory|FATAL ERROR/);
  expect(r.status).toBe(0);
  expect(r.stdout).toContain('checked 1 object(s) in 1 file(s)');
}, 120_000);
