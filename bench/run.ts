// `npm run bench`: what hardening and checking cost, measured side by side in one run.
//   1. synth: IsolatedBackend with checks on vs cdk8s-plus-28 Deployment + Service, N = 100, 1,000, 5,000
//   2. check: `cdk8s-secure check` vs parsing the same YAML with the same reader, 10,000 and 100,000 objects,
//      and the heap the check keeps while it streams; the reader of #12 against the build before it; the rules
//      on hostile 100 KB and 1 MB values
//   3. start-up: `cdk8s-secure check` on one small file vs node loading the YAML parser and parsing it
// Every measurement runs in a fresh process; variants alternate within each round; the table shows
// medians with min-max and the ratios, never a bare time alone.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { median, ROOT, runWorker, Sample } from './_lib';
import { BASELINE_BENCH_ROUNDS, BASELINE_ENTRIES, baselineBench } from './baseline';
import { BEFORE_READER_CHANGE, buildBefore } from './before';
import { FIX_BUDGET, fixBench } from './fix-bench';
import { generate } from './gen';
import { kindsBench, KINDS_BUDGET } from './kinds-bench';

const OUT = path.join(ROOT, 'bench', 'out');
const quick = process.argv.includes('--quick');
const ROUNDS = quick ? 2 : 5;

const worker = (script: string, args: string[], lib?: string): Sample => runWorker(script, args, { out: OUT, lib });

function timed(cmd: string[]): { ms: number } {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd[0], cmd.slice(1), { encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0 && r.status !== 1) throw new Error(`${cmd.join(' ')} failed (${r.status}):\n${r.stderr}`);
  return { ms };
}

const fmt = (x: number, d = 1) => x.toFixed(d);
const range = (xs: number[], d = 1) => `${fmt(Math.min(...xs), d)}-${fmt(Math.max(...xs), d)}`;

interface Row { [k: string]: string }
const results: Record<string, unknown> = {
  machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, memGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version },
  rounds: ROUNDS,
};
function table(title: string, rows: Row[]): void {
  const cols = Object.keys(rows[0]);
  const width = cols.map(c => Math.max(c.length, ...rows.map(r => r[c].length)));
  process.stdout.write(`\n${title}\n`);
  process.stdout.write(`| ${cols.map((c, i) => c.padEnd(width[i])).join(' | ')} |\n|${width.map(w => '-'.repeat(w + 2)).join('|')}|\n`);
  for (const r of rows) process.stdout.write(`| ${cols.map((c, i) => r[c].padEnd(width[i])).join(' | ')} |\n`);
}

// 1. Synth
const base = median(Array.from({ length: 3 }, () => worker('synth-worker.js', ['empty', '0']).maxRssKiB));
const synthRows: Row[] = [];
const perObject: Record<number, number> = {};
let synthOk = true;
for (const n of quick ? [100, 1000] : [100, 1000, 5000]) {
  const s: Sample[] = [];
  const p: Sample[] = [];
  const u: Sample[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const ours = () => s.push(worker('synth-worker.js', ['secure', String(n)]));
    const plain = () => p.push(worker('synth-worker.js', ['plain', String(n)]));
    const unchecked = () => u.push(worker('synth-worker.js', ['secure-unchecked', String(n)]));
    if (r % 2 === 0) { ours(); plain(); unchecked(); } else { unchecked(); plain(); ours(); }
  }
  const usPerObj = (xs: Sample[]) => xs.map(x => (x.ms * 1000) / x.objects);
  const kibPerObj = (xs: Sample[]) => xs.map(x => (x.maxRssKiB - base) / x.objects);
  const ratioT = median(usPerObj(s)) / median(usPerObj(p));
  const ratioM = median(kibPerObj(s)) / median(kibPerObj(p));
  perObject[n] = median(usPerObj(s));
  synthOk = synthOk && ratioT <= 1.25;
  synthRows.push({
    'N': String(n),
    'objects (ours / plain)': `${s[0].objects} / ${p[0].objects}`,
    'ours µs/object': `${fmt(median(usPerObj(s)))} (${range(usPerObj(s))})`,
    'plain µs/object': `${fmt(median(usPerObj(p)))} (${range(usPerObj(p))})`,
    'time ratio': fmt(ratioT, 2),
    'ours KiB/object': fmt(median(kibPerObj(s))),
    'plain KiB/object': fmt(median(kibPerObj(p))),
    'memory ratio': fmt(ratioM, 2),
    'unchecked µs/object (ratio)': `${fmt(median(usPerObj(u)))} (${fmt(median(usPerObj(u)) / median(usPerObj(p)), 2)})`,
  });
}
const ns = Object.keys(perObject).map(Number);
const scaling = perObject[ns[ns.length - 1]] / perObject[ns[0]];
table(`1. synth (per emitted object; peak RSS above an empty process of ${fmt(base / 1024)} MiB) — budget: time ratio <= 1.25 at every N`, synthRows);
process.stdout.write(`scaling: ours per-object time at N=${ns[ns.length - 1]} is ${fmt(scaling, 2)}x that at N=${ns[0]} (budget <= 1.3)\n`);
results.synth = { rows: synthRows, scaling, baseRssKiB: base };

// 1b. Synth per workload kind: each hardened kind against its cdk8s-plus-28 counterpart, per emitted object
// (bench/kinds-bench.ts). More rounds than elsewhere: a round of these takes seconds, and single rounds vary.
const KIND_N = quick ? 200 : 1000;
const KIND_ROUNDS = quick ? 2 : 9;
const kindResults = kindsBench(KIND_ROUNDS, KIND_N, OUT);
const kindRows: Row[] = kindResults.map(r => ({
  'kind': r.kind,
  'objects (ours / plain)': `${r.oursObjects} / ${r.plainObjects}`,
  'ours µs/object': `${fmt(median(r.oursUs))} (${range(r.oursUs)})`,
  'plain µs/object': `${fmt(median(r.plainUs))} (${range(r.plainUs)})`,
  'time ratio': fmt(r.ratio, 2),
  'per-round ratios': range(r.roundRatios, 2),
}));
table(`1b. synth per workload kind, N = ${KIND_N}, ${KIND_ROUNDS} rounds (hardened with checks on vs cdk8s-plus-28) — budget: time ratio <= ${KINDS_BUDGET}`, kindRows);
const kindsOk = kindResults.every(r => r.ratio <= KINDS_BUDGET);
results.synthKinds = { n: KIND_N, rounds: KIND_ROUNDS, rows: kindRows };

// 2. Check
fs.mkdirSync(path.join(OUT, 'data'), { recursive: true });
const checkRows: Row[] = [];
const checkPeak: Record<number, number> = {};
const parsePeak: Record<number, number> = {};
let checkOk = true;
for (const n of quick ? [10000] : [10000, 100000]) {
  const file = path.join(OUT, 'data', `mixed-${n}.yaml`);
  const written = generate(file, n);
  const c: Array<{ ms: number; rss: number }> = [];
  const q: Array<{ ms: number; rss: number }> = [];
  for (let r = 0; r < ROUNDS; r++) {
    const runCheck = () => { const t = process.hrtime.bigint(); const w = worker('check-worker.js', [file]); c.push({ ms: Number(process.hrtime.bigint() - t) / 1e6, rss: w.maxRssKiB }); };
    const runParse = () => { const t = process.hrtime.bigint(); const w = worker('parse-worker.js', [file]); q.push({ ms: Number(process.hrtime.bigint() - t) / 1e6, rss: w.maxRssKiB }); };
    if (r % 2 === 0) { runCheck(); runParse(); } else { runParse(); runCheck(); }
  }
  const ratio = median(c.map(x => x.ms)) / median(q.map(x => x.ms));
  checkOk = checkOk && ratio <= 1.25;
  checkPeak[n] = median(c.map(x => x.rss));
  parsePeak[n] = median(q.map(x => x.rss));
  checkRows.push({
    'objects': String(written),
    'file MiB': fmt(fs.statSync(file).size / 2 ** 20),
    'check ms': `${fmt(median(c.map(x => x.ms)), 0)} (${range(c.map(x => x.ms), 0)})`,
    'parse-only ms': `${fmt(median(q.map(x => x.ms)), 0)} (${range(q.map(x => x.ms), 0)})`,
    'ratio': fmt(ratio, 2),
    // Peak RSS follows when V8 happens to collect, so it varies between runs more than time does.
    'check peak MiB': `${fmt(checkPeak[n] / 1024)} (${range(c.map(x => x.rss / 1024))})`,
    'parse peak MiB': `${fmt(parsePeak[n] / 1024)} (${range(q.map(x => x.rss / 1024))})`,
  });
}
table('2. check (wall time of a fresh process) — budget: ratio <= 1.25; peak memory flat in the number of documents', checkRows);
const sizes = Object.keys(checkPeak).map(Number);
if (sizes.length > 1) {
  process.stdout.write(`memory: check peak at ${sizes[1]} objects is ${fmt(checkPeak[sizes[1]] / checkPeak[sizes[0]], 2)}x that at ${sizes[0]} (parse-only: ${fmt(parsePeak[sizes[1]] / parsePeak[sizes[0]], 2)}x)\n`);
}
results.check = { rows: checkRows };

// 2b. What the cross-object rules keep: heap in use after streaming each file (after a full GC), with every
// rule and with CS301/CS304 (the two rules that keep state per workload or policy) disabled.
const heapRows: Row[] = [];
for (const n of Object.keys(checkPeak).map(Number)) {
  const file = path.join(OUT, 'data', `mixed-${n}.yaml`);
  const heap = (disabled: string[]) => {
    const r = spawnSync(process.execPath, ['--expose-gc', path.join(OUT, 'heap-worker.js'), file, ...disabled], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`heap-worker failed (${r.status}):\n${r.stderr}`);
    return JSON.parse(r.stdout.trim().split('\n').pop()!) as { objects: number; retainedMiB: number };
  };
  const all = heap([]);
  const without = heap(['CS301', 'CS304']);
  heapRows.push({
    'objects': String(all.objects),
    'retained MiB, all rules': fmt(all.retainedMiB),
    'without CS301/CS304': fmt(without.retainedMiB),
    'bytes per object kept by CS301/CS304': fmt(((all.retainedMiB - without.retainedMiB) * 2 ** 20) / all.objects, 0),
  });
}
table('2b. heap still in use after streaming (full GC), i.e. what the check keeps', heapRows);
results.heap = { rows: heapRows };

// 2c. check with a 10,000-entry baseline against check without one (bench/baseline.ts).
// The baseline costs a few percent of a check; with 5 rounds the noise of single runs (±10% here) decides the
// median, so this comparison takes more rounds.
const BASELINE_ROUNDS = quick ? 2 : BASELINE_BENCH_ROUNDS;
const baselineRun = baselineBench(path.join(OUT, 'data', 'mixed-10000.yaml'), BASELINE_ROUNDS, OUT);
table(`2c. check with a ${BASELINE_ENTRIES}-entry baseline (${baselineRun.real} matching, ${baselineRun.stale} stale) vs without, 10,000 objects, ${BASELINE_ROUNDS} rounds — budget: ratio <= 1.1`, [{
  'with baseline ms': `${fmt(median(baselineRun.withMs), 0)} (${range(baselineRun.withMs, 0)})`,
  'without ms': `${fmt(median(baselineRun.withoutMs), 0)} (${range(baselineRun.withoutMs, 0)})`,
  'ratio': fmt(baselineRun.ratio, 2),
  'per-round ratios (median)': `${range(baselineRun.roundRatios, 2)} (${fmt(median(baselineRun.roundRatios), 2)})`,
}]);
results.baseline = baselineRun;

// 2d. The reader of issue #12 (go-yaml's YAML 1.1 rules, node budget, kubectl's document splitting) against
// the build before it, on the same files, alternating: check, and the reader alone (parse-only).
const beforeLib = buildBefore(BEFORE_READER_CHANGE, OUT);
const readerRows: Row[] = [];
let readerOk = true;
for (const n of Object.keys(checkPeak).map(Number)) {
  const file = path.join(OUT, 'data', `mixed-${n}.yaml`);
  const now: number[] = [];
  const before: number[] = [];
  const parseNow: number[] = [];
  const parseBefore: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const a = () => now.push(worker('check-worker.js', [file]).ms);
    const b = () => before.push(worker('check-worker.js', [file], beforeLib).ms);
    const c = () => parseNow.push(worker('parse-worker.js', [file]).ms);
    const d = () => parseBefore.push(worker('parse-worker.js', [file], beforeLib).ms);
    if (r % 2 === 0) { a(); b(); c(); d(); } else { d(); c(); b(); a(); }
  }
  const ratio = median(now) / median(before);
  readerOk = readerOk && median(parseNow) / median(parseBefore) <= 1.1;
  readerRows.push({
    'objects': String(n),
    'check ms (now)': `${fmt(median(now), 0)} (${range(now, 0)})`,
    [`check ms (${BEFORE_READER_CHANGE})`]: `${fmt(median(before), 0)} (${range(before, 0)})`,
    'check ratio': fmt(ratio, 2),
    'parse-only ms (now)': `${fmt(median(parseNow), 0)} (${range(parseNow, 0)})`,
    [`parse-only ms (${BEFORE_READER_CHANGE})`]: `${fmt(median(parseBefore), 0)} (${range(parseBefore, 0)})`,
    'parse ratio': fmt(median(parseNow) / median(parseBefore), 2),
  });
}
// The parse ratio is the reader alone; the check ratio also carries every rule added since that build.
table(`2d. now vs the build before the kubectl-exact reader (${BEFORE_READER_CHANGE}) — budget: reader (parse ratio) <= 1.10; the check ratio includes the rules added since`, readerRows);
results.reader = { before: BEFORE_READER_CHANGE, rows: readerRows };

// 2e. Hostile values: every rule on a value of 100 KB and of 1 MB in every field it reads. Linear rules take
// about 10x as long for 10x the size; a quadratic one takes 100x (the build before #12: 12 s at 100 KB).
const hostile: Record<number, number[]> = { 100_000: [], 1_000_000: [] };
for (let r = 0; r < ROUNDS; r++) {
  for (const size of r % 2 === 0 ? [100_000, 1_000_000] : [1_000_000, 100_000]) hostile[size].push(worker('hostile-worker.js', [String(size)]).ms);
}
const beforeHostile = quick ? undefined : worker('hostile-worker.js', ['100000'], beforeLib).ms;
const growth = median(hostile[1_000_000]) / median(hostile[100_000]);
table('2e. rules on hostile values (5 shapes, every field a rule reads), 10x the size — budget: time grows about 10x (linear), never ~100x', [{
  '100 KB ms': `${fmt(median(hostile[100_000]), 0)} (${range(hostile[100_000], 0)})`,
  '1 MB ms': `${fmt(median(hostile[1_000_000]), 0)} (${range(hostile[1_000_000], 0)})`,
  'growth for 10x size': fmt(growth, 1),
  [`100 KB ms (${BEFORE_READER_CHANGE})`]: beforeHostile === undefined ? '(not run with --quick)' : fmt(beforeHostile, 0),
}]);
results.hostile = { ms: hostile, growth, before100k: beforeHostile };

// 2f. `fix` against `check` on the same 10,000 objects (bench/fix-bench.ts): the mixed input and one where every
// Deployment needs every mechanical fix.
const fixRows = fixBench(ROUNDS, OUT);
table(`2f. fix vs check on the same input (wall time of a fresh process) — budget: ratio <= ${FIX_BUDGET}`, fixRows.map(r => ({
  'input': r.input,
  'objects': String(r.objects),
  'fix ms': `${fmt(median(r.fixMs), 0)} (${range(r.fixMs, 0)})`,
  'check ms': `${fmt(median(r.checkMs), 0)} (${range(r.checkMs, 0)})`,
  'ratio': fmt(r.ratio, 2),
})));
const fixOk = fixRows.every(r => r.ratio <= FIX_BUDGET);
results.fix = fixRows;

// 3. Start-up
const small = path.join(OUT, 'data', 'small.yaml');
generate(small, 8);
const cli = path.join(ROOT, 'lib', 'cli', 'main.js');
const yamlPath = require.resolve('yaml', { paths: [ROOT] });
const s1: number[] = [];
const s2: number[] = [];
for (let r = 0; r < ROUNDS * 2; r++) {
  s1.push(timed([process.execPath, cli, 'check', small]).ms);
  s2.push(timed([process.execPath, '-e', `require(${JSON.stringify(yamlPath)}).parseAllDocuments(require('fs').readFileSync(${JSON.stringify(small)}, 'utf8'))`]).ms);
}
const startRatio = median(s1) / median(s2);
table('3. start-up (one small file, wall time) — budget: ratio <= 3', [{
  'cdk8s-secure check ms': `${fmt(median(s1), 0)} (${range(s1, 0)})`,
  'node + yaml parse ms': `${fmt(median(s2), 0)} (${range(s2, 0)})`,
  'ratio': fmt(startRatio, 2),
}]);
results.startup = { check: median(s1), baseline: median(s2), ratio: startRatio };

fs.writeFileSync(path.join(OUT, 'results.json'), JSON.stringify(results, null, 2));
process.stdout.write(`\nmachine: ${os.cpus().length} cores (${os.cpus()[0]?.model}), ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}; ${ROUNDS} rounds\n`);
process.stdout.write(`budgets: synth ${synthOk ? 'met' : 'NOT met'}, synth per kind ${kindsOk ? 'met' : 'NOT met'}, scaling ${scaling <= 1.3 ? 'met' : 'NOT met'}, check ${checkOk ? 'met' : 'NOT met'}, reader ${readerOk ? 'met' : 'NOT met'}, hostile values ${growth <= 20 ? 'linear' : 'NOT linear'}, baseline ${baselineRun.ratio <= 1.1 ? 'met' : 'NOT met'}, start-up ${startRatio <= 3 ? 'met' : 'NOT met'}, fix ${fixOk ? 'met' : 'NOT met'}\n`);
