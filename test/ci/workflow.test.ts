import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Project } from 'projen';
import { parse } from 'yaml';
import { findDockerfiles, PINNED_ACTIONS, workflowObject, workflowYaml } from '../../src/ci/_workflow';
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

  test('every action is pinned by a full 40-hex commit SHA with its release tag in a comment, at the current majors', () => {
    const all = { buildImage: 'ghcr.io/acme/api', dockerfiles: ['Dockerfile'] };
    const uses = allSteps(wf(all)).map(s => s.uses).filter(Boolean);
    expect(new Set(uses)).toEqual(new Set(Object.values(PINNED_ACTIONS).map(a => a.uses)));
    for (const u of uses) expect(u).toMatch(/^[\w-]+\/[\w/-]+@[0-9a-f]{40}$/);
    const lines = workflowYaml(all).split('\n').filter(l => /^\s*(- )?uses: /.test(l));
    expect(lines.length).toBe(uses.length);
    for (const l of lines) expect(l).toMatch(/uses: [\w/-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$/);
    expect(PINNED_ACTIONS).toEqual({
      checkout: { uses: 'actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1', tag: 'v7.0.1' },
      setupNode: { uses: 'actions/setup-node@949feb2413d6458794dcd2491c4babbbce0c15c1', tag: 'v7.1.0' },
      trivy: { uses: 'aquasecurity/trivy-action@ed142fd0673e97e23eac54620cfb913e5ce36c25', tag: 'v0.36.0' },
      uploadSarif: { uses: 'github/codeql-action/upload-sarif@24c54180a607b1449ed407dd24f251e4e9147c8d', tag: 'v4.38.3' },
    });
    expect(workflowYaml()).toContain('uses: aquasecurity/trivy-action@ed142fd0673e97e23eac54620cfb913e5ce36c25 # v0.36.0\n');
    // The README's table of pins is this table.
    const readme = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');
    for (const a of Object.values(PINNED_ACTIONS)) {
      const [name, sha] = a.uses.split('@');
      expect(readme).toContain(`| \`${name}\` | ${a.tag} | \`${sha}\` |`);
    }
    // Steps two jobs share are written out in full, not as YAML anchors and aliases.
    expect(workflowYaml(all)).not.toMatch(/^\s*- [&*]\w+/m);
  });

  test('Node 24 by default (20 is end of life), or the version given', () => {
    const nodes = (w: any) => allSteps(w).filter(s => s.uses === PINNED_ACTIONS.setupNode.uses).map(s => s.with['node-version']);
    expect(nodes(wf({ dockerfiles: ['Dockerfile'] }))).toEqual(['24', '24']);
    expect(nodes(wf({ nodeVersion: '22' }))).toEqual(['22']);
    expect(workflowYaml()).not.toMatch(/node-version: "?20"?\n/);
  });

  test('manifests job: synth, check as SARIF, upload with upload-sarif even on findings, then fail', () => {
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
      'ignore-unfixed': false,
      'limit-severities-for-sarif': true,
    });
    expect(w.jobs.images.steps[1]).toMatchObject({ uses: PINNED_ACTIONS.uploadSarif.uses, if: 'always()' });
  });

  test('ignore-unfixed is off by default and written out; ignoreUnfixed turns it on for every Trivy step', () => {
    const trivySteps = (w: any) => allSteps(w).filter(s => s.uses === PINNED_ACTIONS.trivy.uses);
    expect(trivySteps(wf({ buildImage: 'ghcr.io/acme/api' })).map(s => s.with['ignore-unfixed'])).toEqual([false, false]);
    expect(workflowYaml()).toContain('ignore-unfixed: false\n');
    expect(trivySteps(wf({ buildImage: 'ghcr.io/acme/api', ignoreUnfixed: true })).map(s => s.with['ignore-unfixed'])).toEqual([true, true]);
  });

  test('with Dockerfiles, a job checks them with cdk8s-secure dockerfile and uploads the SARIF; without, no such job', () => {
    expect(wf().jobs.dockerfiles).toBeUndefined();
    expect(wf({ dockerfiles: [] }).jobs.dockerfiles).toBeUndefined();
    const job = wf({ dockerfiles: ['Dockerfile', 'services/api/Dockerfile.prod', "odd dir/it's.Dockerfile"] }).jobs.dockerfiles;
    expect(job.permissions).toEqual({ 'contents': 'read', 'security-events': 'write' });
    expect(job.steps.map((s: any) => s.name ?? s.uses)).toEqual([
      PINNED_ACTIONS.checkout.uses, PINNED_ACTIONS.setupNode.uses, 'Install', 'cdk8s-secure dockerfile', 'Upload Dockerfile findings', 'Fail on Dockerfile findings',
    ]);
    expect(job.steps[3]).toEqual({
      'id': 'check',
      'name': 'cdk8s-secure dockerfile',
      'run': "npx cdk8s-secure dockerfile --format sarif Dockerfile services/api/Dockerfile.prod 'odd dir/it'\\''s.Dockerfile' > cdk8s-secure-dockerfile.sarif",
      'continue-on-error': true,
    });
    expect(job.steps[4]).toMatchObject({ if: 'always()', uses: PINNED_ACTIONS.uploadSarif.uses, with: { sarif_file: 'cdk8s-secure-dockerfile.sarif', category: 'cdk8s-secure-dockerfile' } });
    expect(job.steps[5].if).toBe("steps.check.outcome == 'failure'");
  });

  test('findDockerfiles lists the Dockerfiles of a repository, not those in node_modules, .git or build output', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'repo-'));
    for (const f of ['Dockerfile', 'api/Dockerfile.prod', 'web/web.Dockerfile', 'tools/Containerfile', 'node_modules/x/Dockerfile', '.git/Dockerfile', 'dist/Dockerfile', 'docs/Dockerfile.md.txt', 'docs/README.md']) {
      fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
      fs.writeFileSync(path.join(dir, f), 'FROM scratch\n');
    }
    expect(findDockerfiles(dir)).toEqual(['Dockerfile', 'api/Dockerfile.prod', 'docs/Dockerfile.md.txt', 'tools/Containerfile', 'web/web.Dockerfile']);
    expect(findDockerfiles(path.join(dir, 'nope'))).toEqual([]);
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
    // Without --dockerfile it checks the Dockerfiles under the current directory (this repository has some).
    const found = findDockerfiles(process.cwd());
    expect(found.length).toBeGreaterThan(0);
    expect(fs.readFileSync(out, 'utf8')).toBe(workflowYaml({ buildImage: 'ghcr.io/acme/api', dockerfiles: found }));
  });

  test('the CLI options: --dockerfile, --node-version, --ignore-unfixed', async () => {
    let stdout = '';
    const code = await run(['workflow', '--dockerfile', 'app/Dockerfile', '--node-version', '22', '--ignore-unfixed'], { stdout: s => { stdout += s; }, stderr: () => undefined });
    expect(code).toBe(0);
    expect(stdout).toBe(workflowYaml({ dockerfiles: ['app/Dockerfile'], nodeVersion: '22', ignoreUnfixed: true }));
  });

  test('the projen component writes it as a managed file', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'projen-'));
    const project = new Project({ name: 'app', outdir });
    fs.mkdirSync(path.join(outdir, 'app'));
    fs.writeFileSync(path.join(outdir, 'app', 'Dockerfile'), 'FROM scratch\n');
    const c = new SecurityWorkflow(project, { buildImage: 'ghcr.io/acme/api' });
    project.synth();
    const text = fs.readFileSync(path.join(outdir, '.github/workflows/cdk8s-secure.yml'), 'utf8');
    expect(c.file.path).toBe('.github/workflows/cdk8s-secure.yml');
    // The project's Dockerfile gets its check job.
    expect(parse(text)).toEqual(wf({ buildImage: 'ghcr.io/acme/api', dockerfiles: ['app/Dockerfile'] }));
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
