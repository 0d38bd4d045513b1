// `node hostile-worker.js <value bytes>`: every rule on one object of every kind with a value of that many
// bytes in every field it reads, for each hostile shape (bench/_hostile.ts), in a fresh process.
import { HOSTILE_UNITS, hostileObjects, hostileValue } from './_hostile';
import { libModule } from './_lib';

const { Checker } = libModule<typeof import('../lib/checks/engine')>('checks/engine');
const n = Number(process.argv[2]);
let ms = 0;
for (const unit of Object.values(HOSTILE_UNITS)) {
  const objects = hostileObjects(hostileValue(unit, n));
  const t0 = process.hrtime.bigint();
  new Checker().check(objects);
  ms += Number(process.hrtime.bigint() - t0) / 1e6;
}
process.stdout.write(`${JSON.stringify({ ms, objects: -1, maxRssKiB: process.resourceUsage().maxRSS })}\n`);
