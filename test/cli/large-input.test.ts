import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Readable } from 'stream';
import * as v8 from 'v8';
import * as vm from 'vm';
import { checkJson, fixture, JsonReport, shown, STACK_FRAME, stderrLines, TempDir } from './_cli';
import { MAX_DOCUMENT_BYTES } from '../../src/cli/_yaml-stream';
import { run } from '../../src/cli/run';

/*
 * Streaming: the CLI reads one document at a time, so memory must depend on the largest document, not on
 * the size of the input. These tests generate their inputs in os.tmpdir() and delete them afterwards.
 */

v8.setFlagsFromString('--expose-gc');
const gc: () => void = vm.runInNewContext('gc');

const MiB = 1024 * 1024;

let tmp: TempDir;
beforeAll(() => { tmp = new TempDir('cdk8s-secure-large-'); });
afterAll(() => tmp.cleanup());

interface Measured<T> {
  readonly result: T;
  readonly ms: number;
  readonly rssBefore: number;
  readonly rssPeak: number;
  readonly heapBefore: number;
  readonly heapPeak: number;
  readonly heapAfter: number;
}

/** Runs `fn`, sampling rss and heapUsed every 10 ms (the stream yields to the event loop between chunks). */
async function measure<T>(fn: () => Promise<T>): Promise<Measured<T>> {
  gc();
  const before = process.memoryUsage();
  let rssPeak = before.rss;
  let heapPeak = before.heapUsed;
  const sample = () => {
    const m = process.memoryUsage();
    rssPeak = Math.max(rssPeak, m.rss);
    heapPeak = Math.max(heapPeak, m.heapUsed);
  };
  const timer = setInterval(sample, 10);
  const start = Date.now();
  try {
    const result = await fn();
    sample();
    const ms = Date.now() - start;
    gc();
    return { result, ms, rssBefore: before.rss, rssPeak, heapBefore: before.heapUsed, heapPeak, heapAfter: process.memoryUsage().heapUsed };
  } finally {
    clearInterval(timer);
  }
}

const mb = (n: number) => `${(n / MiB).toFixed(1)} MiB`;

function report(label: string, fileSize: number, m: Measured<unknown>): void {
  const line = `${label}: ${mb(fileSize)} in ${m.ms} ms; rss ${mb(m.rssBefore)} -> peak ${mb(m.rssPeak)} (+${mb(m.rssPeak - m.rssBefore)}, `
    + `${Math.round(100 * (m.rssPeak - m.rssBefore) / fileSize)}% of the input); heapUsed ${mb(m.heapBefore)} -> peak ${mb(m.heapPeak)} `
    + `(+${mb(m.heapPeak - m.heapBefore)}), after GC ${mb(m.heapAfter)}`;
  // Printed so the figures are visible in the test output.
  process.stdout.write(`${line}\n`);
}

async function runCheck(argv: string[], stdin?: NodeJS.ReadableStream) {
  let stdout = '';
  let stderr = '';
  const code = await run(argv, { stdout: s => { stdout += s; }, stderr: s => { stderr += s; }, stdin: stdin ?? Readable.from([]) });
  return { code, stdout, stderr };
}

/** Writes `count` documents made by `doc(i)` to `file`, 1 MiB at a time. Returns the file size. */
function writeDocuments(file: string, count: number, doc: (i: number) => string): number {
  const fd = fs.openSync(file, 'w');
  try {
    let chunk = '';
    for (let i = 0; i < count; i++) {
      chunk += doc(i);
      if (chunk.length >= MiB) {
        fs.writeSync(fd, chunk);
        chunk = '';
      }
    }
    fs.writeSync(fd, chunk);
  } finally {
    fs.closeSync(fd);
  }
  return fs.statSync(file).size;
}

/** A ~1 KiB ConfigMap, the size of a typical small manifest (as `helm template` emits them). */
function configMap(i: number): string {
  return `---
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings-${i}
  namespace: shop
  labels:
    app.kubernetes.io/name: api
    app.kubernetes.io/instance: api-prod
    app.kubernetes.io/part-of: shop
    app.kubernetes.io/managed-by: Helm
  annotations:
    meta.helm.sh/release-name: api-prod
    meta.helm.sh/release-namespace: shop
data:
${Array.from({ length: 12 }, (_, k) => `  SETTING_${k}: "value-${k}-${'v'.repeat(36)}"`).join('\n')}
`;
}

const cleanDocs = fs.readFileSync(fixture('clean.yaml'), 'utf8').split(/^---$/m);
/** The hardened Deployment of the clean fixture, renamed. */
const deployment = (i: number) => `---${cleanDocs[1].replace('name: api\n  namespace', `name: api-${i}\n  namespace`)}`;
/** Its ServiceAccount and NetworkPolicies: every Deployment above is clean next to them. */
const preamble = `${cleanDocs[0]}---${cleanDocs[2]}---${cleanDocs[3]}`;

describe('large input', () => {
  // Sizes are chosen so the suite stays within a few minutes on a slow, shared 2-core CI machine: the
  // in-process run checks correctness and that nothing is kept, the fresh process measures the peak.
  test('a ~25 MB file of many small documents streams: it completes and nothing of the input is kept', async () => {
    const file = tmp.path('large.yaml');
    const count = 24_000;
    // Every 10th document a hardened Deployment (all rules run on it), the others ~1 KiB ConfigMaps.
    const size = writeDocuments(file, count, i => (i === 0 ? preamble : '') + (i % 10 === 5 ? deployment(i) : configMap(i)));
    expect(size).toBeGreaterThan(23 * MiB);

    const m = await measure(() => runCheck(['check', '--format', 'json', file]));
    fs.rmSync(file);
    report('many small documents', size, m);

    const r = m.result;
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout) as JsonReport;
    expect(json.checked).toEqual({ objects: count + 3, files: 1 });
    expect(json.findings).toEqual([]);
    // Nothing of the input is kept after the run.
    expect(m.heapAfter - m.heapBefore).toBeLessThan(16 * MiB);
  }, 240_000);

  test('streaming, measured in a fresh process: peak memory stops growing with the file (12k vs 48k documents)', () => {
    // In the jest process the peak depends on what other tests left and on when the GC runs; a fresh
    // process running the compiled CLI gives the peak resident size of exactly one check. Measured here:
    // ~68 MiB on 100 documents, then ~100 MiB from ~5 MB of input on, whatever the size (V8 grows its
    // heap to a working size once, then reuses it). A reader that kept the input would grow by a multiple
    // of the ~30 MB between the two files below.
    const docs = (i: number) => (i === 0 ? preamble : '') + (i % 10 === 5 ? deployment(i) : configMap(i));
    const peak = (count: number) => {
      const file = tmp.path(`fresh-${count}.yaml`);
      const size = writeDocuments(file, count, docs);
      const script = `require(${JSON.stringify(path.join(__dirname, '..', '..', 'lib', 'cli', 'run'))}).run(['check', '--format', 'json', '--output', ${JSON.stringify(os.devNull)}, process.argv[1]], { stdout() {}, stderr(s) { process.stderr.write(s); } }).then(c => console.log(JSON.stringify({ c, rss: process.resourceUsage().maxRSS * 1024 })))`;
      const r = spawnSync(process.execPath, ['-e', script, file], { encoding: 'utf8' });
      fs.rmSync(file);
      expect(r.stderr).toBe('');
      return { size, ...(JSON.parse(r.stdout) as { c: number; rss: number }) };
    };
    // The lower of two runs per size: one run's peak also depends on when V8 happened to collect.
    const lower = (count: number) => [peak(count), peak(count)].reduce((x, y) => (y.rss < x.rss ? y : x));
    const s = lower(12_000);
    const b = lower(48_000);
    const grew = b.rss - s.rss;
    process.stdout.write(`fresh process: peak rss ${mb(s.rss)} on ${mb(s.size)}, ${mb(b.rss)} on ${mb(b.size)} `
      + `(+${mb(grew)} for +${mb(b.size - s.size)} of input, ${Math.round(100 * grew / (b.size - s.size))}%)\n`);
    expect([s.c, b.c]).toEqual([0, 0]);
    expect(b.size - s.size).toBeGreaterThan(25 * MiB);
    // Growth seen in single runs on 2026-12-02: 0%, 14%, 32%, 42% and once 111% of the extra input, varying
    // with when the GC runs; set rules keep a small summary per object. A reader that kept the parsed
    // input grows by a multiple of it.
    expect(grew).toBeLessThan(0.75 * (b.size - s.size));
  }, 240_000);

  test('a multi-line document larger than 16 MiB (here 128 MiB) is refused, the documents around it are still checked', async () => {
    const file = tmp.path('huge-doc.yaml');
    const dataLines = (128 * MiB) / 64;
    const fd = fs.openSync(file, 'w');
    // Document 0: lines 1-3. Document 1: `---` on line 4, content from line 5.
    fs.writeSync(fd, 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: before}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: huge}\ndata:\n');
    const line = `  key-XXXXXXXX: "${'x'.repeat(64 - 19)}"\n`;
    expect(line.length).toBe(64);
    let chunk = '';
    for (let i = 0; i < dataLines; i++) {
      chunk += line.replace('XXXXXXXX', String(i).padStart(8, '0'));
      if (chunk.length >= MiB) { fs.writeSync(fd, chunk); chunk = ''; }
    }
    fs.writeSync(fd, chunk);
    const afterLine = 8 + dataLines + 1; // the --- after the huge document
    fs.writeSync(fd, '---\napiVersion: v1\nkind: Pod\nmetadata: {name: after}\nspec:\n  containers:\n    - name: app\n      image: nginx:latest\n');
    fs.closeSync(fd);
    const size = fs.statSync(file).size;
    expect(size).toBeGreaterThan(MAX_DOCUMENT_BYTES);

    const m = await measure(() => runCheck(['check', '--format', 'json', file]));
    fs.rmSync(file);
    report('one 128 MiB multi-line document', size, m);
    const r = m.result;
    expect(r.code).toBe(2);
    expect(r.stderr).not.toMatch(STACK_FRAME);
    expect(stderrLines(r.stderr)).toEqual([`cdk8s-secure: error: ${shown(file)} (document 1, line 5): the document is larger than 16 MiB`]);
    const json = JSON.parse(r.stdout) as JsonReport;
    expect(json.checked.objects).toBe(2);
    expect(json.findings.find(f => f.ruleId === 'CS207')).toMatchObject({
      object: { name: 'after' },
      source: { documentIndex: 2, line: afterLine + 7 },
    });
    // The refused document is not kept whole: what is kept is bounded by the limit, not by the document.
    expect(m.heapPeak - m.heapBefore).toBeLessThan(size / 2);
    expect(m.rssPeak - m.rssBefore).toBeLessThan(size / 2);
  }, 60_000);

  test('a single-line (minified JSON) document larger than 16 MiB is refused without buffering the line', async () => {
    const file = tmp.path('huge-line.json');
    const fd = fs.openSync(file, 'w');
    fs.writeSync(fd, '{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "huge"}, "data": {');
    const entry = `"k": "${'x'.repeat(1018)}", `;
    const block = entry.repeat(1024);
    for (let written = 0; written < 128 * MiB; written += block.length) fs.writeSync(fd, block);
    fs.writeSync(fd, '"end": "x"}}\n');
    fs.closeSync(fd);
    const size = fs.statSync(file).size;

    const m = await measure(() => runCheck(['check', file]));
    fs.rmSync(file);
    report('one 128 MiB single-line document', size, m);
    const r = m.result;
    expect(r.code).toBe(2);
    expect(r.stderr).not.toMatch(STACK_FRAME);
    expect(stderrLines(r.stderr)).toEqual([`cdk8s-secure: error: ${shown(file)} (document 0, line 1): the document is larger than 16 MiB`]);
    // Well below the line itself: it was not read into one string.
    expect(m.heapPeak - m.heapBefore).toBeLessThan(size / 2);
    expect(m.rssPeak - m.rssBefore).toBeLessThan(size / 2);
  }, 60_000);

  test('a 600 MB line on stdin (beyond the longest string V8 can hold) is refused, not a crash', async () => {
    const piece = 'x'.repeat(MiB);
    const total = 600;
    async function* endless() {
      yield 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ok}\n---\n';
      for (let i = 0; i < total; i++) yield piece;
      yield '\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: after}\n';
    }
    const m = await measure(() => runCheck(['check', '--format', 'json', '-'], Readable.from(endless())));
    report('a 600 MiB line on stdin', total * MiB, m);
    const r = m.result;
    expect(r.code).toBe(2);
    expect(r.stderr).not.toMatch(STACK_FRAME);
    expect(stderrLines(r.stderr)).toEqual(['cdk8s-secure: error: <stdin> (document 1, line 5): the document is larger than 16 MiB']);
    expect((JSON.parse(r.stdout) as JsonReport).checked.objects).toBe(2);
    expect(m.heapPeak - m.heapBefore).toBeLessThan(48 * MiB);
    expect(m.rssPeak - m.rssBefore).toBeLessThan(48 * MiB);
  }, 60_000);

  test('the generated files are deleted', () => {
    expect(fs.readdirSync(tmp.dir)).toEqual([]);
  });
});

describe('the size limit', () => {
  /** One ConfigMap document of exactly `bytes` bytes (newlines included), in lines of 1 KiB. */
  function documentOf(bytes: number): string {
    const header = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: big}\ndata:\n';
    const line = (key: string, size: number) => `  ${key}: "${'y'.repeat(size - key.length - 7)}"\n`;
    const full = Math.floor((bytes - header.length) / 1024) - 1;
    const body = Array.from({ length: full }, (_, i) => line(`k-${String(i).padStart(8, '0')}`, 1024)).join('');
    const text = header + body + line('last', bytes - header.length - full * 1024);
    expect(Buffer.byteLength(text)).toBe(bytes);
    return text;
  }

  test('a document of exactly 16 MiB is accepted, one byte more is refused', async () => {
    const exact = tmp.write('exact.yaml', documentOf(MAX_DOCUMENT_BYTES));
    const r = await checkJson([exact]);
    fs.rmSync(exact);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.report.checked.objects).toBe(1);

    const over = tmp.write('over.yaml', `${documentOf(MAX_DOCUMENT_BYTES + 1)}---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: small}\n`);
    const o = await checkJson([over]);
    fs.rmSync(over);
    expect(o.code).toBe(2);
    expect(stderrLines(o.stderr)).toEqual([`cdk8s-secure: error: ${shown(over)} (document 0, line 1): the document is larger than 16 MiB`]);
    expect(o.report.checked.objects).toBe(1);
  }, 60_000);
});
