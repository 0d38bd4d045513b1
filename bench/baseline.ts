// `check` with a 10,000-entry baseline against `check` without one, on the same input, side by side:
// what adopting a baseline costs a CI run. The baseline holds every finding of the input (written with
// --write-baseline) plus entries for objects that no longer exist, up to 10,000 entries, so both the
// lookups and the stale-entry report are exercised. Run alone: `node bench/out/baseline.js [FILE]`.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { libModule, median, ROOT, runWorker, Sample } from './_lib';
import { generate } from './gen';

export const BASELINE_ENTRIES = 10000;

/** Rounds of `npm run bench` and of a run alone (ROUNDS overrides): the difference is a few percent. */
export const BASELINE_BENCH_ROUNDS = 11;

/** Writes the baseline for `file` (its findings, padded with stale entries to `entries`); returns its path and counts. */
export function writePaddedBaseline(file: string, entries: number): { path: string; real: number; stale: number } {
  const { fingerprint } = libModule<typeof import('../lib/checks/_baseline')>('checks/_baseline');
  const out = `${file}.baseline.json`;
  const w = spawnSync(process.execPath, [path.join(ROOT, 'lib', 'cli', 'main.js'), 'check', '--write-baseline', out, '--output', '/dev/null', file], { encoding: 'utf8' });
  if (w.status !== 0) throw new Error(`writing the baseline failed (${w.status}):\n${w.stderr}`);
  const doc = JSON.parse(fs.readFileSync(out, 'utf8'));
  const real = doc.entries.length;
  for (let i = 0; doc.entries.length < entries; i++) {
    const f: any = {
      ruleId: 'CS201',
      object: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'retired', name: `gone-${i}` },
      container: 'main',
      path: 'spec.template.spec.containers[0].securityContext.readOnlyRootFilesystem',
    };
    doc.entries.push({ fingerprint: fingerprint(f), ruleId: f.ruleId, kind: 'Deployment', namespace: 'retired', name: f.object.name, container: 'main', path: f.path });
  }
  fs.writeFileSync(out, JSON.stringify(doc));
  return { path: out, real, stale: doc.entries.length - real };
}

export interface BaselineBench {
  readonly withMs: number[];
  readonly withoutMs: number[];
  readonly ratio: number;
  /** With over without within each round (neighbours in time share the machine's state). */
  readonly roundRatios: number[];
  readonly real: number;
  readonly stale: number;
}

/** Alternates `check` with and without the baseline, each in a fresh process, `rounds` times. */
export function baselineBench(file: string, rounds: number, out: string): BaselineBench {
  const baseline = writePaddedBaseline(file, BASELINE_ENTRIES);
  const worker = (args: string[]): Sample => {
    const sample = runWorker<Sample & { code: number }>('check-worker.js', [file, ...args], { out });
    // Exit 2 would time a check that stopped early (e.g. an unreadable baseline), not a check.
    if (sample.code === 2) throw new Error(`check ${args.join(' ')} exited 2:\n${sample.stderr}`);
    return sample;
  };
  const withMs: number[] = [];
  const withoutMs: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const a = () => withMs.push(worker(['--baseline', baseline.path]).ms);
    const b = () => withoutMs.push(worker([]).ms);
    if (r % 2 === 0) { a(); b(); } else { b(); a(); }
  }
  const roundRatios = withMs.map((w, i) => w / withoutMs[i]);
  return { withMs, withoutMs, ratio: median(withMs) / median(withoutMs), roundRatios, real: baseline.real, stale: baseline.stale };
}

if (require.main === module) {
  const outDir = path.join(ROOT, 'bench', 'out');
  const file = process.argv[2] ?? path.join(outDir, 'data', 'mixed-10000.yaml');
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    generate(file, 10000);
  }
  const rounds = Number(process.env.ROUNDS ?? BASELINE_BENCH_ROUNDS);
  const r = baselineBench(file, rounds, outDir);
  const f = (xs: number[]) => `${median(xs).toFixed(0)} (${Math.min(...xs).toFixed(0)}-${Math.max(...xs).toFixed(0)})`;
  process.stdout.write(`check with a ${BASELINE_ENTRIES}-entry baseline (${r.real} matching, ${r.stale} stale): ${f(r.withMs)} ms; without: ${f(r.withoutMs)} ms; ratio ${r.ratio.toFixed(2)} (budget <= 1.1); `
    + `per round: median ${median(r.roundRatios).toFixed(2)}, ${Math.min(...r.roundRatios).toFixed(2)}-${Math.max(...r.roundRatios).toFixed(2)}\n`);
}
