// One `cdk8s-secure check` run in a fresh process, exactly as the CLI runs it (JSON report to a file),
// then its peak memory: `node check-worker.js <file> [check options...]`.
import { libModule } from './_lib';

const { run } = libModule<typeof import('../lib/cli/run')>('cli/run');
const t0 = process.hrtime.bigint();
void run(['check', '--format', 'json', '--output', '/dev/null', ...process.argv.slice(3), process.argv[2]], { stdout: () => undefined, stderr: s => process.stderr.write(s) })
  .then(code => {
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    process.stdout.write(`${JSON.stringify({ ms, objects: -1, maxRssKiB: process.resourceUsage().maxRSS, code })}\n`);
  });
