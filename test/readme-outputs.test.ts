// Every command output and error message the README shows is produced here, so the README cannot drift
// from what the code prints. (The cdk8s synth outputs of "In an app repo" and "Checks at synth time" come
// from the real cdk8s-cli in test/consumer/consumer.test.ts; the workflow pins from test/ci/workflow.test.ts;
// the CLI text report from test/cli/readme-adoption.test.ts.)
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { parse } from 'yaml';
import { codeBlocks, ROOT } from './_docs';
import { PolicyChart, RuntimeChart } from '../examples/guide/chart';
import { GuideBackendChart } from '../examples/guide-backend/chart';
import { GuideNetworkChart, ShopNamespaceChart } from '../examples/guide-network/chart';
import { GatekeeperTemplates, HealthChecks, IsolatedBackend, SecureDeployment, SecurityChecks } from '../src';
import { run } from '../src/cli/run';

const README = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');

/** The README code block (```lang) right after the paragraph that ends with `intro`. */
function blockAfter(intro: string, lang = ''): string {
  const at = README.indexOf(`${intro}\n\n\`\`\`${lang}\n`);
  expect({ intro, found: at >= 0 }).toEqual({ intro, found: true });
  return codeBlocks(README.slice(at + intro.length + 2), lang)[0];
}

/**
 * Asserts that `shown` is an excerpt of `actual`: its lines appear in order, next to each other unless a
 * line of only `...` stands between them; a line that ends with `: ...` matches a line that starts with
 * what comes before the `...`.
 */
function expectExcerpt(shown: string, actual: string): void {
  const lines = actual.split('\n').map(l => l.trimEnd());
  let at = 0;
  let adjacent = false;
  for (const line of shown.trimEnd().split('\n').map(l => l.trimEnd())) {
    if (line.trim() === '...') {
      adjacent = false;
      continue;
    }
    const prefix = line.endsWith(': ...') ? line.slice(0, -3) : undefined;
    const matches = (l: string) => (prefix !== undefined ? l.startsWith(prefix) : l === line);
    let found = -1;
    if (adjacent) found = at < lines.length && matches(lines[at]) ? at : -1;
    else for (let i = at; i < lines.length && found < 0; i++) if (matches(lines[i])) found = i;
    expect({ line, found: found >= 0 }).toEqual({ line, found: true });
    at = found + 1;
    adjacent = true;
  }
}

async function cli(args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await run(args, { stdout: s => { stdout += s; }, stderr: s => { stderr += s; } });
  return { code, stdout, stderr };
}

test('"Opting out": the CSE100 error a SecureDeployment throws without its suppressions', () => {
  const shown = blockAfter('Without the suppressions, the constructor throws and says what to do:');
  const chart = new Chart(Testing.app(), 'shop');
  let message = '';
  try {
    new SecureDeployment(chart, 'backend', { owner: 'team-shop', containers: [{ image: 'myapp:latest', portNumber: 8080 }] });
  } catch (e) {
    message = (e as Error).message;
  }
  expect(message).toMatch(/^\[shop\/backend\] CSE100 /);
  expectExcerpt(shown, message);
});

test('"Errors": the CSE302 example', () => {
  const shown = /e\.g\.\n`(\[shop\/backend\] CSE302 [^`]+)`/.exec(README)?.[1];
  expect(shown).toBeDefined();
  const chart = new Chart(Testing.app(), 'shop', { namespace: 'shop' });
  const container = (image: string, port: number) => ({ image, portNumber: port, healthChecks: HealthChecks.tcp(port) });
  const frontend = new SecureDeployment(chart, 'frontend', { owner: 't', containers: [container('ghcr.io/acme/web:1.0.0', 3000)] });
  const backend = new IsolatedBackend(chart, 'backend', { owner: 't', containers: [container('ghcr.io/acme/api:1.0.0', 8080)] });
  expect(() => backend.allowFrom(frontend, kplus.NetworkPolicyPort.tcp(9999))).toThrow(shown!);
  expect(shown).toMatch(/^\[shop\/backend\] CSE302 allowFrom: shop\/frontend -> shop\/backend: TCP 9999 is not a port/);
});

test('"The CLI": the SARIF excerpt is a result of the same run', async () => {
  const shown = JSON.parse(blockAfter('suppressed findings as SARIF suppressions with the reason. An excerpt of the same run:', 'json'));
  const r = await cli(['check', '--format', 'sarif', 'examples/insecure/manifests.yaml']);
  const results = JSON.parse(r.stdout).runs[0].results;
  expect(results).toContainEqual(expect.objectContaining(shown));
});

test('"cdk8s-secure graph": the Mermaid diagram of the guide scenario', async () => {
  const shown = codeBlocks(README.slice(README.indexOf('(`examples/guide-network`:')), 'mermaid')[0];
  expect(shown).toMatch(/^flowchart LR\n/);
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'guide-network-'));
  const app = new App({ outdir });
  SecurityChecks.of(app);
  const ns = new ShopNamespaceChart(app, 'namespace');
  new GuideNetworkChart(app, 'guide-network').addDependency(ns);
  app.synth();
  const r = await cli(['graph', outdir]);
  expect(r.code).toBe(0);
  expect(r.stdout).toBe(shown);
});

test('"Admission policies": the Gatekeeper constraint the guide chart emits', () => {
  const shown = parse(blockAfter('emits (the guide wrote `labels: ["owner"]`, a shape this template does not take; CS610 reports it):', 'yaml'));
  const app = Testing.app();
  const templates = new GatekeeperTemplates(app, 'gatekeeper-templates');
  const objects = Testing.synth(new PolicyChart(app, 'gatekeeper-constraints', { templates }));
  // Every field the README shows is emitted with that value (it leaves out the managed-by label).
  const emitted = objects.filter((o: any) => o.kind === shown.kind);
  expect(emitted).toHaveLength(1);
  expect(emitted[0]).toMatchObject(shown);
});

test('"Runtime": the Falco shell rule as the guide chart emits it', () => {
  const intro = "guide's `user.uid >= 1000` filter is off by default because it ignores root shells):";
  const [shown] = parse(blockAfter(intro, 'yaml'));
  const [rule] = parse(new RuntimeChart(Testing.app(), 'runtime').falcoRules.toYaml());
  // The README shortens the output field with "...": the rest is shown as emitted.
  const [before, after] = shown.output.split(' ... ');
  expect(rule.output.startsWith(before) && rule.output.endsWith(after)).toBe(true);
  expect({ ...rule, output: shown.output }).toEqual(shown);
});

test('"Migrating existing manifests": the import excerpt is what `import` writes for examples/insecure', async () => {
  const shown = blockAfter('After (`cdk8s-secure import examples/insecure/manifests.yaml --out src/imported.ts`, excerpt):', 'typescript');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-secure-import-'));
  try {
    const out = path.join(dir, 'imported.ts');
    const { code, stderr } = await cli(['import', path.join(ROOT, 'examples/insecure/manifests.yaml'), '--out', out]);
    expect({ code, stderr: stderr.includes('Error:') }).toEqual({ code: 0, stderr: false });
    expectExcerpt(shown, fs.readFileSync(out, 'utf8'));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('"Migrating existing manifests": a NetworkPolicy between two imported workloads comes back as allowFrom', async () => {
  const shown = blockAfter('line the app was written with:', 'typescript');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-secure-import-'));
  try {
    const manifests = path.join(dir, 'guide-backend.k8s.yaml');
    fs.writeFileSync(manifests, Testing.synth(new GuideBackendChart(Testing.app(), 'guide-backend')).map(o => `---\n${JSON.stringify(o)}\n`).join(''));
    const out = path.join(dir, 'imported.ts');
    const { code } = await cli(['import', manifests, '--out', out]);
    expect(code).toBe(0);
    expectExcerpt(shown, fs.readFileSync(out, 'utf8'));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
