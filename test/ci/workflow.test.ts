import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Project } from 'projen';
import { parse } from 'yaml';
import { PINNED_ACTIONS, workflowObject, workflowYaml } from '../../src/ci/_workflow';
import { SecurityWorkflow } from '../../src/ci/projen';
import { run } from '../../src/cli/run';

const wf = (opts = {}) => parse(workflowYaml(opts));
const allSteps = (w: any): any[] => Object.values(w.jobs).flatMap((j: any) => j.steps);

describe('the GitHub Actions workflow for app repos', () => {
  test('least privilege: nothing at the top, each job read contents + write security events only', () => {
    const w = wf({ buildImage: 'ghcr.io/acme/api' });
    expect(w.permissions).toEqual({});
    for (const job of Object.values(w.jobs) as any[]) {
      expect(job.permissions).toEqual({ 'contents': 'read', 'security-events': 'write' });
    }
  });

  test('every third-party action is pinned by a full commit SHA; trivy-action by SHA (its tags were hijacked)', () => {
    const uses = allSteps(wf({ buildImage: 'ghcr.io/acme/api' })).map(s => s.uses).filter(Boolean);
    for (const u of uses) {
      if (u.startsWith('github/codeql-action/')) expect(u).toBe('github/codeql-action/upload-sarif@v4');
      else expect(u).toMatch(/^[\w-]+\/[\w-]+@[0-9a-f]{40}$/);
    }
    expect(uses).toContain('aquasecurity/trivy-action@ed142fd0673e97e23eac54620cfb913e5ce36c25');
    expect(workflowYaml()).toContain('uses: aquasecurity/trivy-action@ed142fd0673e97e23eac54620cfb913e5ce36c25 # v0.36.0\n');
    expect(Object.values(PINNED_ACTIONS).filter(a => !a.uses.startsWith('github/')).every(a => /@[0-9a-f]{40}$/.test(a.uses))).toBe(true);
  });

  test('manifests job: synth, check as SARIF, upload with upload-sarif@v4 even on findings, then fail', () => {
    const steps = wf().jobs.manifests.steps;
    const names = steps.map((s: any) => s.name ?? s.uses);
    expect(names).toEqual([
      PINNED_ACTIONS.checkout.uses, PINNED_ACTIONS.setupNode.uses, 'Install', 'Synthesize', 'cdk8s-secure check',
      'Upload manifest findings', 'List the images the manifests run', 'Fail on manifest findings',
    ]);
    expect(steps[4]).toMatchObject({ 'run': 'npx cdk8s-secure check --format sarif --output cdk8s-secure.sarif dist', 'continue-on-error': true });
    expect(steps[5]).toMatchObject({ if: 'always()', with: { sarif_file: 'cdk8s-secure.sarif' } });
    expect(steps[7].if).toBe("steps.check.outcome == 'failure'");
  });

  test('every image the manifests run is scanned by Trivy: HIGH,CRITICAL, exit-code 1, SARIF limited to those severities', () => {
    const w = wf();
    expect(w.jobs.manifests.steps[6].run).toBe('echo "images=$(npx cdk8s-secure images --format matrix dist)" >> "$GITHUB_OUTPUT"');
    expect(w.jobs.images.strategy.matrix.image).toBe('${{ fromJSON(needs.manifests.outputs.images) }}');
    const trivy = w.jobs.images.steps[0];
    expect(trivy.with).toEqual({
      'image-ref': '${{ matrix.image }}',
      'format': 'sarif',
      'output': 'trivy.sarif',
      'severity': 'HIGH,CRITICAL',
      'exit-code': '1',
      'ignore-unfixed': true,
      'limit-severities-for-sarif': true,
    });
    expect(w.jobs.images.steps[1]).toMatchObject({ uses: 'github/codeql-action/upload-sarif@v4', if: 'always()' });
  });

  test('with buildImage, the app image is built and scanned too; without, no build job', () => {
    expect(wf().jobs.build).toBeUndefined();
    const build = wf({ buildImage: 'ghcr.io/acme/api', buildContext: 'app' }).jobs.build;
    expect(build.steps[1].run).toBe('docker build -t ghcr.io/acme/api:${{ github.sha }} app');
    expect(build.steps[2].with['image-ref']).toBe('ghcr.io/acme/api:${{ github.sha }}');
  });

  test('options: synth command, manifests dir, branches, severities', () => {
    const o = workflowObject({ synthCommand: 'npm run synth', manifestsDir: 'out', branches: ['release'], severities: ['CRITICAL'] }) as any;
    expect(o.on.push.branches).toEqual(['release']);
    expect(o.jobs.manifests.steps[3].run).toBe('npm run synth');
    expect(o.jobs.manifests.steps[4].run).toContain('cdk8s-secure.sarif out');
    expect(o.jobs.images.steps[0].with.severity).toBe('CRITICAL');
  });

  test('the CLI writes the same file', async () => {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'wf-')), '.github', 'workflows', 'cdk8s-secure.yml');
    let stderr = '';
    const code = await run(['workflow', '--output', out, '--build-image', 'ghcr.io/acme/api'], { stdout: () => undefined, stderr: s => { stderr += s; } });
    expect([code, stderr]).toEqual([0, `cdk8s-secure: wrote ${out}\n`]);
    expect(fs.readFileSync(out, 'utf8')).toBe(workflowYaml({ buildImage: 'ghcr.io/acme/api' }));
  });

  test('the projen component writes it as a managed file', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'projen-'));
    const project = new Project({ name: 'app', outdir });
    const c = new SecurityWorkflow(project, { buildImage: 'ghcr.io/acme/api' });
    project.synth();
    const text = fs.readFileSync(path.join(outdir, '.github/workflows/cdk8s-secure.yml'), 'utf8');
    expect(c.file.path).toBe('.github/workflows/cdk8s-secure.yml');
    expect(parse(text)).toEqual(wf({ buildImage: 'ghcr.io/acme/api' }));
  });
});

describe('cdk8s-secure images', () => {
  const file = path.join(__dirname, '..', '..', 'examples', 'insecure', 'manifests.yaml');
  async function cli(args: string[]) {
    let stdout = '';
    let stderr = '';
    const code = await run(args, { stdout: s => { stdout += s; }, stderr: s => { stderr += s; } });
    return { code, stdout, stderr };
  }

  test('lists every image with the workloads that use it', async () => {
    const r = await cli(['images', file]);
    expect(r).toEqual({ code: 0, stderr: '', stdout: 'myapp:latest\n  Pod shop/legacy-app [app]\nregistry.example.com/shop/api:2.3.1\n  Deployment shop/api [api]\n' });
  });

  test('deduplicates across workloads and covers init and ephemeral containers', async () => {
    const yaml = [
      'apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec:\n  initContainers: [{name: init, image: "busybox:1.36"}]\n  containers: [{name: c, image: "nginx:1.27.3"}]\n  ephemeralContainers: [{name: dbg, image: "busybox:1.36"}]',
      'apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: b, namespace: ops}\nspec:\n  schedule: "@daily"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          containers: [{name: job, image: "nginx:1.27.3"}]',
    ].join('\n---\n');
    const f = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'img-')), 'm.yaml');
    fs.writeFileSync(f, yaml);
    const json = JSON.parse((await cli(['images', '--format', 'json', f])).stdout);
    expect(json).toEqual([
      { image: 'nginx:1.27.3', workloads: [{ kind: 'Pod', name: 'a', container: 'c' }, { kind: 'CronJob', namespace: 'ops', name: 'b', container: 'job' }] },
      { image: 'busybox:1.36', workloads: [{ kind: 'Pod', name: 'a', container: 'init' }, { kind: 'Pod', name: 'a', container: 'dbg' }] },
    ]);
    expect((await cli(['images', '--format', 'list', f])).stdout).toBe('nginx:1.27.3\nbusybox:1.36\n');
    expect((await cli(['images', '--format', 'matrix', f])).stdout).toBe('["nginx:1.27.3","busybox:1.36"]\n');
  });

  test('bad usage and input exit 2', async () => {
    expect((await cli(['images'])).code).toBe(2);
    expect((await cli(['images', '--format', 'xml', file])).stderr).toContain('--format must be text, list, json or matrix (got "xml")');
    expect(await cli(['images', '/nope.yaml'])).toMatchObject({ code: 2, stderr: 'cdk8s-secure: error: /nope.yaml: no such file or directory\n' });
  });
});
