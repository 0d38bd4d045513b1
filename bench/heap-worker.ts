// What `cdk8s-secure check` keeps in memory while it streams: `node --expose-gc heap-worker.js <file> [ruleId...]`
// streams the file through the CLI's reader into one check session (rules given are disabled), then
// prints the heap still in use after a full GC, before the findings are gathered, above the heap before the
// first document: what the cross-object rules keep, plus the findings so far.
import * as fs from 'fs';
import { libModule } from './_lib';

const { streamYaml } = libModule<typeof import('../lib/cli/_yaml-stream')>('cli/_yaml-stream');
const { CheckSession } = libModule<typeof import('../lib/checks/engine')>('checks/engine');

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');
const [file, ...disabled] = process.argv.slice(2);
const session = new CheckSession({ copyKeptValues: true, disabledRules: disabled });
gc();
const before = process.memoryUsage().heapUsed;
let objects = 0;
void streamYaml(fs.createReadStream(file, { encoding: 'utf8' }), {
  object: o => { objects++; session.add(o.obj, { file }, o.locate); },
  problem: p => { throw new Error(p.message); },
  note: () => undefined,
}).then(() => {
  gc();
  const retained = process.memoryUsage().heapUsed - before;
  const findings = session.finish().length;
  process.stdout.write(`${JSON.stringify({ objects, disabled, retainedMiB: retained / 2 ** 20, findings, maxRssKiB: process.resourceUsage().maxRSS })}\n`);
});
