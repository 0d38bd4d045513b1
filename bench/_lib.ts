// Benchmarks run the compiled library (lib/), as users do; the path is resolved at run time because
// the benchmark itself is compiled into bench/out/.
import { spawnSync } from 'child_process';
import * as path from 'path';

export const ROOT = path.resolve(__dirname, __dirname.endsWith(`${path.sep}out`) ? '../..' : '..');

export function lib(): typeof import('../lib') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(path.join(ROOT, 'lib'));
}

/**
 * A module of the compiled library; `BENCH_LIB` points a worker at another build of it (the one before a
 * change, see bench/before.ts), so both are measured side by side in one run.
 */
export function libModule<T>(relative: string): T {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(path.join(process.env.BENCH_LIB ?? path.join(ROOT, 'lib'), relative));
}

/** One measurement, as a worker process prints it (one JSON line). */
export interface Sample {
  readonly ms: number;
  readonly objects: number;
  /** Peak resident set size of the worker process, KiB. */
  readonly maxRssKiB: number;
}

/** The median of the samples (the mean of the middle two for an even count). */
export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/**
 * Runs `script` (a worker compiled into `out`, default bench/out) in a fresh node process and returns the
 * sample it prints last. `lib` points the worker at another build of the library (BENCH_LIB). A worker that
 * exits non-zero throws with its stderr; the check workers report the CLI's exit code as `code` instead.
 */
export function runWorker<T extends Sample = Sample>(script: string, args: string[],
  options: { out?: string; lib?: string } = {}): T & { stderr: string } {
  const env = options.lib ? { ...process.env, BENCH_LIB: options.lib } : process.env;
  const out = options.out ?? path.join(ROOT, 'bench', 'out');
  const r = spawnSync(process.execPath, [path.join(out, script), ...args], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024, env });
  if (r.status !== 0) throw new Error(`${script} ${args.join(' ')} failed (${r.status}):\n${r.stderr}`);
  return { ...JSON.parse(r.stdout.trim().split('\n').pop()!), stderr: r.stderr };
}
