// Synth per workload kind: N SecureStatefulSets (with a claim template), SecureJobs, SecureCronJobs and
// SecureDaemonSets with SecurityChecks on, against as many cdk8s-plus-28 StatefulSets, Jobs, CronJobs and
// DaemonSets with the same images and ports, per emitted object. Each measurement is a fresh process
// (bench/synth-worker.ts); the two variants alternate within a round, and the ratio is taken of the medians.
// Budget: <= 1.25x. Run alone: `node bench/out/kinds-bench.js [--quick] [sts|job|cron|ds ...]`.
import * as path from 'path';
import { median, ROOT, runWorker, Sample } from './_lib';

export const KINDS_BUDGET = 1.25;

/** The kinds measured, with the label the tables use. */
export const KINDS: ReadonlyArray<readonly [string, string]> = [['sts', 'StatefulSet'], ['job', 'Job'], ['cron', 'CronJob'], ['ds', 'DaemonSet']];

export interface KindRow {
  readonly kind: string;
  readonly oursObjects: number;
  readonly plainObjects: number;
  /** Microseconds per emitted object, one per round. */
  readonly oursUs: number[];
  readonly plainUs: number[];
  /** Ours over plain within each round (the spread the medians hide). */
  readonly roundRatios: number[];
  /** Median of ours over median of plain: what the budget applies to. */
  readonly ratio: number;
}

/** Measures each kind (`kinds`: the short names, default all) over `rounds` alternated rounds of `n` workloads. */
export function kindsBench(rounds: number, n: number, out: string, kinds: readonly string[] = KINDS.map(k => k[0])): KindRow[] {
  return KINDS.filter(([k]) => kinds.includes(k)).map(([kind, label]) => {
    const ours: Sample[] = [];
    const plain: Sample[] = [];
    for (let r = 0; r < rounds; r++) {
      const o = () => ours.push(runWorker('synth-worker.js', [`${kind}-secure`, String(n)], { out }));
      const p = () => plain.push(runWorker('synth-worker.js', [`${kind}-plain`, String(n)], { out }));
      if (r % 2 === 0) { o(); p(); } else { p(); o(); }
    }
    const us = (x: Sample) => (x.ms * 1000) / x.objects;
    const oursUs = ours.map(us);
    const plainUs = plain.map(us);
    return {
      kind: label,
      oursObjects: ours[0].objects,
      plainObjects: plain[0].objects,
      oursUs,
      plainUs,
      roundRatios: oursUs.map((x, i) => x / plainUs[i]),
      ratio: median(oursUs) / median(plainUs),
    };
  });
}

if (require.main === module) {
  const args = process.argv.slice(2);
  const quick = args.includes('--quick');
  const kinds = args.filter(a => !a.startsWith('--'));
  const unknown = kinds.filter(k => !KINDS.some(([short]) => short === k));
  if (unknown.length > 0) {
    process.stderr.write(`kinds-bench: unknown kind ${unknown.join(', ')}; use ${KINDS.map(k => k[0]).join(', ')}\n`);
    process.exit(2);
  }
  const rows = kindsBench(quick ? 2 : 9, quick ? 200 : 1000, path.join(ROOT, 'bench', 'out'), kinds.length > 0 ? kinds : undefined);
  const r1 = (x: number) => x.toFixed(1);
  const r2 = (x: number) => x.toFixed(2);
  for (const r of rows) {
    process.stdout.write(`${r.kind}: ${r.oursObjects} / ${r.plainObjects} objects, ours ${r1(median(r.oursUs))} µs/object `
      + `(${r1(Math.min(...r.oursUs))}-${r1(Math.max(...r.oursUs))}), plain ${r1(median(r.plainUs))} (${r1(Math.min(...r.plainUs))}-${r1(Math.max(...r.plainUs))}), `
      + `ratio ${r2(r.ratio)} (rounds ${r2(Math.min(...r.roundRatios))}-${r2(Math.max(...r.roundRatios))}), budget <= ${KINDS_BUDGET}\n`);
  }
}
