// The package as an app repo gets it: `npm pack`, the tarball installed into a scratch cdk8s app (locked
// versions in test/consumer/app/), the README's tsconfig.json and cdk8s.yaml, the real cdk8s-cli. It proves
// that the bundled dependencies, the jsii assembly, the validation plugin and the bin work from the tarball,
// and it produces the outputs the README shows. It needs the npm registry (one `npm ci` per run).
import { spawnSync, SpawnSyncReturns } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { codeBlocks, ROOT } from '../_docs';

const README = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const APP_TEMPLATE = path.join(__dirname, 'app');
const rootPackage = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const appPackage = JSON.parse(fs.readFileSync(path.join(APP_TEMPLATE, 'package.json'), 'utf8'));

/** The README block of `lang` whose first line is `marker`, without that line. */
function readmeBlock(lang: string, marker: string): string {
  const blocks = codeBlocks(README, lang).filter(b => b.split('\n')[0] === marker);
  expect({ marker, found: blocks.length }).toEqual({ marker, found: 1 });
  return blocks[0].split('\n').slice(1).join('\n');
}

/** The source of an example app as an app repo has it: imports from 'cdk8s-secure' instead of the repo's src/. */
function asAppSource(file: string): string {
  const source = fs.readFileSync(path.join(ROOT, file), 'utf8');
  const rewritten = source.replace(/from '(\.\.\/)+src'; \/\/ in your app: from 'cdk8s-secure'/g, "from 'cdk8s-secure';");
  expect(rewritten).not.toMatch(/from '(\.\.\/)+src'/);
  return rewritten;
}

// eslint-disable-next-line no-control-regex
const stripAnsi = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, '');

let app: string;
let tarball: string;

function run(cmd: string, args: string[], cwd = app): SpawnSyncReturns<string> & { output: string } {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' }, maxBuffer: 64 * 1024 * 1024 });
  return Object.assign(r, { output: stripAnsi(`${r.stdout}${r.stderr}`) });
}

function mustRun(cmd: string, args: string[], cwd = app): string {
  const r = run(cmd, args, cwd);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} (in ${cwd}) exited ${r.status}:\n${r.output}`);
  return r.output;
}

/** `npx cdk8s synth` in the scratch app; --check-upgrade=false keeps cdk8s-cli from asking the registry for a newer CLI. */
function synth(appCommand?: string) {
  fs.rmSync(path.join(app, 'dist'), { recursive: true, force: true });
  return run('npx', ['cdk8s', 'synth', '--check-upgrade=false', ...(appCommand ? ['--app', appCommand] : [])]);
}

/**
 * Asserts that `excerpt` (a README output block) is an excerpt of `output`: its lines appear in order, and
 * lines next to each other in the excerpt are next to each other in the output unless a `...` line stands
 * between them.
 */
function expectExcerptOf(excerpt: string, output: string): void {
  const lines = output.split('\n').map(l => l.trimEnd());
  let at = 0;
  let adjacent = false;
  for (const line of excerpt.trimEnd().split('\n').map(l => l.trimEnd())) {
    if (line.trim() === '...') {
      adjacent = false;
      continue;
    }
    const found = adjacent ? (lines[at] === line ? at : -1) : lines.indexOf(line, at);
    expect({ line, found: found >= 0 }).toEqual({ line, found: true });
    at = found + 1;
    adjacent = true;
  }
}

beforeAll(() => {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-secure-consumer-'));
  if (!fs.existsSync(path.join(ROOT, 'lib', 'index.js')) || !fs.existsSync(path.join(ROOT, '.jsii'))) {
    throw new Error('lib/ or .jsii is missing: run `npx projen compile` first (npm test does)');
  }
  const packed = JSON.parse(mustRun('npm', ['pack', '--json', '--pack-destination', scratch], ROOT));
  tarball = path.join(scratch, packed[0].filename);
  app = path.join(scratch, 'app');
  fs.mkdirSync(app);
  for (const f of ['package.json', 'package-lock.json']) fs.copyFileSync(path.join(APP_TEMPLATE, f), path.join(app, f));
  fs.writeFileSync(path.join(app, 'tsconfig.json'), readmeBlock('json', '// tsconfig.json'));
  fs.writeFileSync(path.join(app, 'cdk8s.yaml'), readmeBlock('yaml', '# cdk8s.yaml'));
  fs.writeFileSync(path.join(app, 'main.ts'), asAppSource('examples/quickstart/main.ts'));
  fs.writeFileSync(path.join(app, 'legacy.ts'), asAppSource('test/consumer/legacy-app.ts'));
  fs.writeFileSync(path.join(app, 'legacy-plugin.ts'), asAppSource('test/consumer/legacy-plugin-app.ts'));
  mustRun('npm', ['ci', '--no-audit', '--no-fund']);
  // The README's install line, with the tarball where `npm pack` wrote it.
  mustRun('npm', ['install', '--no-audit', '--no-fund', tarball]);
}, 600_000);

afterAll(() => {
  if (app) fs.rmSync(path.dirname(app), { recursive: true, force: true });
});

describe('the README install section', () => {
  test('its install lines are the versions the scratch app locks, and the tarball is the packed package', () => {
    const install = readmeBlock('sh', '# in the app repo').split('\n').filter(l => l.startsWith('npm install'));
    const specs = install.flatMap(l => l.split(/\s+/).slice(2)).filter(s => !s.startsWith('-'));
    const locked = { ...appPackage.dependencies, ...appPackage.devDependencies };
    expect(specs.filter(s => !s.endsWith('.tgz')).sort()).toEqual(Object.entries(locked).map(([n, v]) => `${n}@${v}`).sort());
    expect(specs.filter(s => s.endsWith('.tgz'))).toEqual([`../cdk8s-secure/${path.basename(tarball)}`]);
    expect(README).toContain(`npm pack    # writes ${path.basename(tarball)}`);
    // TypeScript 7 has no JS API: ts-node cannot load it, so the app pins 6.x.
    expect(appPackage.devDependencies.typescript).toMatch(/^6\./);
  });

  test('cdk8s.yaml loads the installed copy of the plugin at the installed version, never a registry name', () => {
    const yaml = readmeBlock('yaml', '# cdk8s.yaml');
    expect(yaml).toMatch(/^ {2}- package: \.\/node_modules\/cdk8s-secure /m);
    expect(yaml).toMatch(new RegExp(`^ {4}version: ${rootPackage.version.replace(/\./g, '\\.')} `, 'm'));
    expect(yaml).toMatch(/^ {4}class: SecurityValidation$/m);
  });

  test('the tarball carries the jsii assembly, the bundled dependencies and the bin', () => {
    const installed = path.join(app, 'node_modules', 'cdk8s-secure');
    expect(JSON.parse(fs.readFileSync(path.join(installed, '.jsii'), 'utf8')).name).toBe('cdk8s-secure');
    for (const dep of rootPackage.bundledDependencies) {
      expect({ dep, bundled: fs.existsSync(path.join(installed, 'node_modules', dep, 'package.json')) }).toEqual({ dep, bundled: true });
    }
    expect(fs.realpathSync(path.join(app, 'node_modules', '.bin', 'cdk8s-secure'))).toBe(fs.realpathSync(path.join(installed, 'lib', 'cli', 'main.js')));
    // Nothing of the repo's own build or test set-up ships.
    for (const f of ['test', 'src', 'examples', '.ci', 'tsconfig.dev.json']) expect({ f, shipped: fs.existsSync(path.join(installed, f)) }).toEqual({ f, shipped: false });
  });
});

describe('cdk8s synth with the validation plugin (real cdk8s-cli)', () => {
  // Each synth runs ts-node (a full type-check of the app): about 10 s, three times that on a loaded machine.
  jest.setTimeout(300_000);

  test('the quickstart synthesizes and the plugin reports success; the packed bin finds nothing', () => {
    const r = synth();
    expect({ status: r.status, output: r.output }).toEqual({ status: 0, output: expect.stringContaining('Synthesizing application\n  - dist/quickstart.k8s.yaml\nPerforming validations\n') });
    expect(r.output).toMatch(/║ Status {5}│ success +║/);
    expect(r.output).toMatch(/║ Plugin {5}│ \S*node_modules\/cdk8s-secure +║/);
    expect(r.output).toContain('Validations ended succesfully'); // (sic: cdk8s-cli's wording)
    const check = run('npx', ['cdk8s-secure', 'check', 'dist/quickstart.k8s.yaml']);
    expect({ status: check.status, summary: check.output.trimEnd().split('\n').slice(-2) })
      .toEqual({ status: 0, summary: ['0 error(s), 0 warning(s), 0 info, 0 suppressed', expect.stringMatching(/^checked \d+ object\(s\) in 1 file\(s\)$/)] });
  });

  test('a plain cdk8s-plus Deployment fails the synth with the plugin report; the packed bin reports the same rules', () => {
    const r = synth('npx ts-node legacy-plugin.ts');
    expect(r.status).not.toBe(0);
    expect(r.output).toContain('  - dist/legacy.k8s.yaml\nPerforming validations\n');
    expect(r.output).toMatch(/║ Status {5}│ failure +║/);
    const reported = [...r.output.matchAll(/^(CS\d{3}) [^\n]* \(\d+ occurrences\)$/gm)].map(m => m[1]);
    expect(reported).toEqual(['CS125', 'CS126', 'CS204', 'CS205', 'CS212', 'CS301']);
    expect(r.output).toContain('    - Construct Path: legacy/web/Resource\n    - Manifest Path: dist/legacy.k8s.yaml\n');
    const check = run('npx', ['cdk8s-secure', 'check', 'dist/legacy.k8s.yaml']);
    expect(check.status).toBe(1);
    const errors = [...check.output.matchAll(/^ERROR (CS\d{3}) /gm)].map(m => m[1]);
    expect(errors).toEqual(reported);
  });

  test('with SecurityChecks in the app, the same Deployment fails at synth with the report the README shows', () => {
    const r = synth('npx ts-node legacy.ts');
    expect(r.status).not.toBe(0);
    expect(fs.existsSync(path.join(app, 'dist', 'legacy.k8s.yaml'))).toBe(false);
    const shown = README.split('A plain `kplus.Deployment` fails like this:\n\n```\n')[1]?.split('```')[0];
    expect(shown).toBeDefined();
    expect(shown).toMatch(/^Error: Validation failed with the following errors:\n/);
    expectExcerptOf(shown!, r.output);
  });
});
