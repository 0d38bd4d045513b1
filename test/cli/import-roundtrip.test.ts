// Round trips of `cdk8s-secure import` on every example app's synthesized YAML and on examples/insecure:
// import -> type-check (one TypeScript program, the project's compiler settings) -> synthesize -> check.
// The synthesized workloads keep the original images, ports, env references, volumes and probes.
import * as fs from 'fs';
import * as path from 'path';
import { App } from 'cdk8s';
import * as ts from 'typescript';
import * as yaml from 'yaml';
import { cli } from './_cli';
import * as secure from '../../src';

const ROOT = path.join(__dirname, '..', '..');
const EXAMPLES = path.join(ROOT, 'examples');
const WORKLOADS = new Set(['Deployment', 'StatefulSet', 'Job', 'CronJob', 'DaemonSet']);
type Obj = Record<string, any>;

/** Inside the repository (so cdk8s, cdk8s-plus-28 and constructs resolve), in a directory no tsconfig includes. */
const work = fs.mkdtempSync(path.join(ROOT, '.import-roundtrip-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

const apps = fs.readdirSync(EXAMPLES, { withFileTypes: true })
  .filter(e => e.isDirectory() && fs.existsSync(path.join(EXAMPLES, e.name, 'main.ts')))
  .map(e => e.name)
  .sort();

/** Synthesizes each example app as examples/run.ts does: its main.ts synthesizes on import, into CDK8S_OUTDIR. */
function synthExamples(): Record<string, string> {
  const out: Record<string, string> = {};
  const saved = process.env.CDK8S_OUTDIR;
  try {
    for (const name of apps) {
      const outdir = path.join(work, 'examples', name);
      process.env.CDK8S_OUTDIR = outdir;
      jest.isolateModules(() => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        require(path.join(EXAMPLES, name, 'main.ts'));
      });
      out[name] = outdir;
    }
  } finally {
    if (saved === undefined) delete process.env.CDK8S_OUTDIR;
    else process.env.CDK8S_OUTDIR = saved;
  }
  return out;
}

function readObjects(dir: string): Obj[] {
  const files = fs.statSync(dir).isDirectory()
    ? fs.readdirSync(dir).filter(f => /\.ya?ml$/.test(f)).sort().map(f => path.join(dir, f))
    : [dir];
  return files.flatMap(f => yaml.parseAllDocuments(fs.readFileSync(f, 'utf8')).map(d => d.toJS()).filter(Boolean));
}

/** The project's compiler options, with `cdk8s-secure` mapped to src/. */
function compilerOptions(): ts.CompilerOptions {
  const raw = ts.readConfigFile(path.join(ROOT, 'tsconfig.json'), ts.sys.readFile).config;
  const parsed = ts.parseJsonConfigFileContent(raw, ts.sys, ROOT);
  return { ...parsed.options, noEmit: true, rootDir: ROOT, paths: { 'cdk8s-secure': ['./src/index.ts'] }, baseUrl: ROOT };
}

/** Loads a generated chart module: TypeScript transpiled to CommonJS; `cdk8s-secure` is this checkout's src/. */
function loadChart(file: string): new (scope: App, id: string) => unknown {
  const js = ts.transpileModule(fs.readFileSync(file, 'utf8'), { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText;
  const mod = { exports: {} as Record<string, any> };
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const req = (name: string) => (name === 'cdk8s-secure' ? secure : require(name));
  new Function('require', 'module', 'exports', js)(req, mod, mod.exports);
  return mod.exports.ImportedChart;
}

function podSpec(o: Obj): Obj {
  return o.kind === 'CronJob' ? o.spec.jobTemplate.spec.template.spec : o.spec.template.spec;
}

const envRefs = (c: Obj) => (c.env ?? []).filter((e: Obj) => e.valueFrom?.secretKeyRef || e.valueFrom?.configMapKeyRef);
const ports = (c: Obj) => (c.ports ?? []).map((p: Obj) => `${p.protocol ?? 'TCP'}/${p.containerPort}`).sort();
const handler = (p: Obj | undefined) => (p === undefined ? undefined : { httpGet: p.httpGet, tcpSocket: p.tcpSocket, exec: p.exec });
const volumeSource = (v: Obj) => { const { name, ...source } = v; void name; return source; };

/** Asserts that the synthesized workloads keep what the original ones run: images, ports, env references, volumes, probes. */
function expectWorkloadsKept(original: Obj[], synthesized: Obj[]): number {
  let compared = 0;
  for (const o of original.filter(x => WORKLOADS.has(x.kind))) {
    const n = synthesized.find(x => x.kind === o.kind && x.metadata?.name === o.metadata?.name && x.metadata?.namespace === o.metadata?.namespace);
    expect(n).toBeDefined();
    const before = podSpec(o);
    const after = podSpec(n!);
    for (const list of ['containers', 'initContainers']) {
      for (const c of before[list] ?? []) {
        const d = (after[list] ?? []).find((x: Obj) => x.name === c.name);
        expect(d).toBeDefined();
        expect(d.image).toBe(c.image);
        expect(ports(d)).toEqual(ports(c));
        expect(envRefs(d)).toEqual(envRefs(c));
        // Every path the original mounts is mounted again (the construct may add /tmp).
        const mounted = new Set((d.volumeMounts ?? []).map((m: Obj) => m.mountPath));
        for (const m of c.volumeMounts ?? []) expect(mounted).toContain(m.mountPath);
        for (const p of ['livenessProbe', 'readinessProbe', 'startupProbe']) {
          if (c[p]) expect(handler(d[p])).toEqual(handler(c[p]));
        }
      }
    }
    // Volumes that point at something (ConfigMap, Secret, claim, host path) point at the same thing.
    for (const v of (before.volumes ?? []).filter((x: Obj) => !x.emptyDir)) {
      expect((after.volumes ?? []).map(volumeSource)).toContainEqual(volumeSource(v));
    }
    const claims = (x: Obj) => (x.spec.volumeClaimTemplates ?? []).map((c: Obj) => [c.metadata.name, c.spec.resources.requests.storage]);
    if (o.kind === 'StatefulSet') expect(claims(n!)).toEqual(claims(o));
    compared++;
  }
  return compared;
}

/** Replaces every TODO_RESOLVE_* identifier the way a person would: a secretKeyRef, a Secret value from elsewhere. */
function resolveTodos(code: string): string {
  return code
    .replace(/value: (TODO_RESOLVE_SECRET_ENV_\w+)/g, 'valueFrom: { secretKeyRef: { name: "api-credentials", key: "api-key" } }')
    .replace(/(TODO_RESOLVE_SECRET_ENV_\w+)/g, 'kplus.EnvValue.fromSecretValue({ secret: kplus.Secret.fromSecretName(this, "$1", "api-credentials"), key: "api-key" })')
    .replace(/(TODO_RESOLVE_SECRET_DATA_\w+)/g, 'process.env.API_KEY ?? "set-by-the-pipeline"');
}

test('import -> compile -> synth -> check: every example and the insecure example round-trip, keeping their workloads', async () => {
  const synthesized = synthExamples();
  const inputs: Record<string, string> = { ...synthesized, insecure: path.join(EXAMPLES, 'insecure', 'manifests.yaml') };
  const generated: Record<string, string> = {};
  for (const [name, input] of Object.entries(inputs)) {
    const file = path.join(work, 'generated', `${name}.ts`);
    const r = await cli(['import', input, '--out', file]);
    expect({ name, code: r.code, stderr: r.stderr.split('\n').filter(l => /error/.test(l)) }).toEqual({ name, code: 0, stderr: [] });
    generated[name] = file;
  }
  // The insecure import holds literal credentials: it must not compile until they are resolved.
  const insecureCode = fs.readFileSync(generated.insecure, 'utf8');
  expect(insecureCode).toContain('TODO_RESOLVE_SECRET_ENV_API_KEY');
  expect(insecureCode).not.toContain('hardcoded-key');
  expect(insecureCode).not.toContain('production-api-key');
  const resolved = path.join(work, 'generated', 'insecure-resolved.ts');
  fs.writeFileSync(resolved, resolveTodos(insecureCode));

  // One TypeScript program for every generated file.
  const program = ts.createProgram([...Object.values(generated), resolved], compilerOptions());
  const diagnostics = ts.getPreEmitDiagnostics(program).filter(d => d.file?.fileName.startsWith(path.join(work, 'generated')));
  const byFile = new Map<string, string[]>();
  for (const d of diagnostics) {
    const k = path.basename(d.file!.fileName, '.ts');
    byFile.set(k, [...(byFile.get(k) ?? []), ts.flattenDiagnosticMessageText(d.messageText, '\n')]);
  }
  expect(byFile.get('insecure')?.sort()).toEqual([
    "Cannot find name 'TODO_RESOLVE_SECRET_DATA_API_CREDENTIALS_API_KEY'.",
    "Cannot find name 'TODO_RESOLVE_SECRET_ENV_API_KEY'.",
  ]);
  byFile.delete('insecure');
  expect(Object.fromEntries(byFile)).toEqual({});

  // Synthesize each generated chart and check its output: nothing unsuppressed, at any severity.
  let workloads = 0;
  for (const [name, file] of Object.entries({ ...generated, insecure: resolved })) {
    const outdir = path.join(work, 'synth', name);
    const app = new App({ outdir });
    const Chart = loadChart(file);
    new Chart(app, 'imported');
    app.synth();
    const check = await cli(['check', '--severity', 'info', '--format', 'json', outdir]);
    const report = JSON.parse(check.stdout);
    const open = report.findings.filter((f: Obj) => !f.suppressed).map((f: Obj) => `${f.ruleId} ${f.object.kind}/${f.object.name}: ${f.message}`);
    expect({ name, open, code: check.code }).toEqual({ name, open: [], code: 0 });
    workloads += expectWorkloadsKept(readObjects(inputs[name]), readObjects(outdir));
  }
  // The examples have workloads of every kind; all of them were compared.
  expect(workloads).toBeGreaterThanOrEqual(20);
}, 300_000);
