// `cdk8s-secure fix` against `cdk8s-secure check` on the same 10,000 objects, side by side in one run, each in a
// fresh process, alternating: on the mixed input of the check benchmark (one pod in a hundred needs fixing) and on
// 10,000 Deployments that each need every mechanical fix (every document edited, verified and diffed).
// Budget: fix within 1.5x of check. Run alone: `node bench/out/fix-bench.js [--quick]`.
import * as fs from 'fs';
import * as path from 'path';
import { median, ROOT, runWorker } from './_lib';
import { generate } from './gen';
import { generateInsecure } from './gen-insecure';

export const FIX_BUDGET = 1.5;

export interface FixRow {
  readonly input: string;
  readonly objects: number;
  readonly checkMs: number[];
  readonly fixMs: number[];
  readonly ratio: number;
}

/** Measures both inputs; `out` is bench/out (workers and data live there). */
export function fixBench(rounds: number, out: string): FixRow[] {
  fs.mkdirSync(path.join(out, 'data'), { recursive: true });
  const mixed = path.join(out, 'data', 'mixed-10000.yaml');
  const insecure = path.join(out, 'data', 'insecure-10000.yaml');
  const inputs: Array<[string, string, number]> = [
    ['mixed (1 pod in 100 to fix)', mixed, generate(mixed, 10000)],
    ['every Deployment to fix', insecure, generateInsecure(insecure, 10000)],
  ];
  return inputs.map(([input, file, objects]) => {
    const checkMs: number[] = [];
    const fixMs: number[] = [];
    for (let r = 0; r < rounds; r++) {
      const c = () => checkMs.push(runWorker('check-worker.js', [file], { out }).ms);
      const f = () => fixMs.push(runWorker('fix-worker.js', [file], { out }).ms);
      if (r % 2 === 0) { c(); f(); } else { f(); c(); }
    }
    return { input, objects, checkMs, fixMs, ratio: median(fixMs) / median(checkMs) };
  });
}

if (require.main === module) {
  const rounds = process.argv.includes('--quick') ? 2 : 5;
  const rows = fixBench(rounds, path.join(ROOT, 'bench', 'out'));
  for (const r of rows) {
    process.stdout.write(`${r.input}: ${r.objects} objects, fix ${median(r.fixMs).toFixed(0)} ms (${Math.min(...r.fixMs).toFixed(0)}-${Math.max(...r.fixMs).toFixed(0)}), `
      + `check ${median(r.checkMs).toFixed(0)} ms (${Math.min(...r.checkMs).toFixed(0)}-${Math.max(...r.checkMs).toFixed(0)}), ratio ${r.ratio.toFixed(2)}\n`);
  }
}

