// The parse-only baseline for `check`: the same streaming reader and YAML parser the CLI uses
// (line-split documents, yaml.parseDocument + toJS), with nothing done per object.
import * as fs from 'fs';
import { libModule } from './_lib';

const { streamYaml } = libModule<typeof import('../lib/cli/_yaml-stream')>('cli/_yaml-stream');
const t0 = process.hrtime.bigint();
let objects = 0;
void streamYaml(fs.createReadStream(process.argv[2], { encoding: 'utf8' }), {
  object: () => { objects++; },
  problem: p => { throw new Error(p.message); },
  note: () => undefined,
}).then(() => {
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  process.stdout.write(`${JSON.stringify({ ms, objects, maxRssKiB: process.resourceUsage().maxRSS })}\n`);
});
