// Benchmarks run the compiled library (lib/), as users do; the path is resolved at run time because
// the benchmark itself is compiled into bench/out/.
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
