// `npm run examples`: synthesizes every app under examples/<name>/main.ts into examples/dist/<name>/,
// then runs the compiled `cdk8s-secure check` on each output and prints the report. Fails when an app
// does not synthesize or its output has findings. Also shows the report for the deliberately insecure
// manifests in examples/insecure/, which must have findings.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const root = __dirname;
const dist = path.join(root, 'dist');
const cli = path.join(root, '..', 'lib', 'cli', 'main.js');
let failed = false;

fs.rmSync(dist, { recursive: true, force: true });
const apps = fs.readdirSync(root, { withFileTypes: true })
  .filter(e => e.isDirectory() && fs.existsSync(path.join(root, e.name, 'main.ts')))
  .map(e => e.name)
  .sort();

for (const name of apps) {
  const outdir = path.join(dist, name);
  process.stdout.write(`\n== ${name}: synth -> ${path.relative(process.cwd(), outdir)}\n`);
  process.env.CDK8S_OUTDIR = outdir;
  try {
    // Each app synthesizes on import (its main.ts calls app.synth()); ts-node compiles it in this process.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require(path.join(root, name, 'main.ts'));
  } catch (e) {
    process.stdout.write(`synth failed:\n${(e as Error).message}\n`);
    failed = true;
    continue;
  }
  const check = spawnSync(process.execPath, [cli, 'check', outdir], { encoding: 'utf8' });
  process.stdout.write(`== ${name}: cdk8s-secure check ${path.relative(process.cwd(), outdir)}\n${check.stdout}${check.stderr}`);
  if (check.status !== 0) {
    process.stdout.write(`!! ${name}: check exited ${check.status}\n`);
    failed = true;
  }
  // The flows the NetworkPolicies allow, for apps that have workloads (Mermaid, next to the manifests).
  const graph = spawnSync(process.execPath, [cli, 'graph', outdir], { encoding: 'utf8' });
  if (graph.status === 0 && graph.stdout.includes('-->')) {
    fs.writeFileSync(path.join(dist, `${name}.flows.mmd`), graph.stdout);
    process.stdout.write(`== ${name}: allowed flows (examples/dist/${name}.flows.mmd)\n${graph.stdout}`);
  }
}

const insecure = path.join(root, 'insecure', 'manifests.yaml');
const demo = spawnSync(process.execPath, [cli, 'check', insecure], { encoding: 'utf8' });
process.stdout.write(`\n== insecure (expected to fail): cdk8s-secure check ${path.relative(process.cwd(), insecure)}\n${demo.stdout}${demo.stderr}`);
if (demo.status !== 1) {
  process.stdout.write(`!! the insecure example should exit 1 (findings), but exited ${demo.status}\n`);
  failed = true;
}

process.stdout.write(failed ? '\nexamples: FAILED\n' : `\nexamples: ${apps.length} app(s) synthesized and checked clean; insecure example reported as expected\n`);
process.exitCode = failed ? 1 : 0;
