// One `cdk8s-secure fix` run in a fresh process, exactly as the CLI runs it (the diff to stdout, discarded; the
// report of changes and decisions to stderr, discarded), then its peak memory: `node fix-worker.js <file> [options...]`.
import { libModule } from './_lib';

const { run } = libModule<typeof import('../lib/cli/run')>('cli/run');
const t0 = process.hrtime.bigint();
let out = 0;
void run(['fix', ...process.argv.slice(3), process.argv[2]], { stdout: s => { out += s.length; }, stderr: () => undefined })
  .then(code => {
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    process.stdout.write(`${JSON.stringify({ ms, objects: -1, maxRssKiB: process.resourceUsage().maxRSS, code, outputChars: out })}\n`);
  });
