import '@microsoft/jest-sarif';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Readable } from 'stream';
import { dockerfileCli, fixture, FIXTURES, readFixture, shown, STACK_FRAME } from './_helpers';
import { RuleCatalog } from '../../src';
import { run } from '../../src/cli/run';

let tmp: string;
beforeAll(() => { tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-secure-dockerfile-')); });
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
const write = (name: string, content: string | Buffer) => {
  const file = path.join(tmp, name);
  fs.writeFileSync(file, content);
  return file;
};

const ALL_FIXTURES = fs.readdirSync(FIXTURES).filter(f => f.endsWith('.Dockerfile')).map(fixture);
const DOCKERFILE_IDS = RuleCatalog.all().map(r => r.id).filter(id => /^CS8[0-4]\d$/.test(id));

describe('exit codes', () => {
  test('0: no error finding (the guide\'s multi-stage and non-root examples warn only: named USER, CS823; devDependencies copied, CS824)', async () => {
    const r = await dockerfileCli([fixture('guide-multi-stage.Dockerfile'), fixture('guide-non-root.Dockerfile')]);
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
    expect(r.stdout).toContain('0 error(s), 3 warning(s), 0 info, 0 suppressed\nchecked 3 stage(s) in 2 Dockerfile(s)\n');
  });

  test('1: an error finding', async () => {
    const r = await dockerfileCli([fixture('guide-base-ubuntu-latest.Dockerfile')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
  });

  test('--severity sets the threshold: warnings and infos fail only when asked', async () => {
    const warningsOnly = write('warnings.Dockerfile', 'FROM debian:bookworm-slim\nRUN apt-get install -y git\nUSER 10001\n');
    const infoOnly = write('info.Dockerfile', 'FROM python:3.12\nUSER 10001\n');
    expect((await dockerfileCli([warningsOnly])).code).toBe(0);
    expect((await dockerfileCli(['--severity', 'warning', warningsOnly])).code).toBe(1);
    expect((await dockerfileCli(['--severity', 'warning', infoOnly])).code).toBe(0);
    expect((await dockerfileCli(['--severity', 'info', infoOnly])).code).toBe(1);
  });

  test('0: suppressed findings do not fail, at any threshold', async () => {
    expect((await dockerfileCli(['--severity', 'info', fixture('suppressed.Dockerfile')])).code).toBe(0);
  });

  test.each([
    ['no Dockerfile', [], 'cdk8s-secure: dockerfile needs at least one Dockerfile, or - (standard input)'],
    ['a bad --format', ['--format', 'xml', 'Dockerfile'], 'cdk8s-secure: --format must be text, json or sarif (got "xml")'],
    ['a bad --severity', ['--severity', 'high', 'Dockerfile'], 'cdk8s-secure: --severity must be error, warning or info (got "high")'],
    ['an unknown option', ['--fix', 'Dockerfile'], 'cdk8s-secure: Unknown option \'--fix\''],
  ])('2: usage error, %s: one line, then the usage', async (_what, argv, first) => {
    const r = await dockerfileCli(argv as string[]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n')[0]).toContain(first);
    expect(r.stderr).toContain('Usage:\n  cdk8s-secure dockerfile [options] <Dockerfile|->...');
    expect(r.stderr).not.toMatch(STACK_FRAME);
  });

  test('2: unreadable or invalid input, one line per problem; the other files are still checked and reported', async () => {
    const yaml = write('deployment.yaml', 'apiVersion: apps/v1\nkind: Deployment\n');
    const binary = write('app.bin', Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x00, 0x01]));
    const typo = write('typo.Dockerfile', 'FROM alpine:3.19\nRUNN apk add curl\nUSER 10001\n');
    const missing = path.join(tmp, 'missing.Dockerfile');
    const r = await dockerfileCli([missing, tmp, binary, yaml, typo, fixture('guide-base-ubuntu-latest.Dockerfile')]);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n').filter(l => l !== '')).toEqual([
      `cdk8s-secure: error: ${shown(missing)}: no such file or directory`,
      `cdk8s-secure: error: ${shown(tmp)}: is a directory (name the Dockerfile itself)`,
      `cdk8s-secure: error: ${shown(binary)}: is a binary file, not a Dockerfile`,
      `cdk8s-secure: error: ${shown(yaml)} (line 1): unknown instruction "apiVersion:"`,
      `cdk8s-secure: error: ${shown(yaml)} (line 2): unknown instruction "kind:"`,
      `cdk8s-secure: error: ${shown(typo)} (line 2): unknown instruction "RUNN"`,
    ]);
    expect(r.stdout).toContain('CS812 Base image uses the latest tag');
    expect(r.stdout).toContain('checked 1 stage(s) in 1 Dockerfile(s)');
    expect(r.stderr).not.toMatch(STACK_FRAME);
  });

  test('2: a file without FROM', async () => {
    const r = await dockerfileCli([write('empty.Dockerfile', '# nothing here\n')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`cdk8s-secure: error: ${shown(path.join(tmp, 'empty.Dockerfile'))}: no FROM instruction: this is not a Dockerfile\n`);
  });

  test('- reads standard input, named <stdin>', async () => {
    const r = await dockerfileCli(['--format', 'json', '-'], 'FROM node\nUSER 10001\n');
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).findings.map((f: any) => [f.ruleId, f.source.file])).toEqual([['CS811', '<stdin>'], ['CS813', '<stdin>']]);
  });
});

describe('formats', () => {
  test('text: findings with rule, file:line, stage, path and fix; suppressed ones with their reason; a summary', async () => {
    const r = await dockerfileCli([fixture('single-stage-build.Dockerfile'), fixture('suppressed.Dockerfile')]);
    const file = shown(fixture('single-stage-build.Dockerfile'));
    expect(r.stdout).toContain([
      'ERROR CS821 Final image runs as root: 1 finding(s) on 1 object(s)',
      '  fix: Create an unprivileged user and end the final stage with `USER <uid>` (a numeric uid, e.g. 10001 or distroless\' 65532, lets the kubelet verify runAsNonRoot), or build on a `:nonroot` distroless image.',
      '  - Stage 0: the final stage sets no USER, so the container runs as the default user of "node:20": root, unless that image sets a USER',
      `    at stage[0]  [${file}:2]`,
    ].join('\n'));
    expect(r.stdout).toContain('WARNING CS822 Build tooling left in the final image: 3 finding(s) on 1 object(s)\n  fix: ');
    expect(r.stdout).toContain(`  - Stage 0: RUN leaves build tooling in the final image: installs build packages build-essential, git\n    at stage[0].RUN[0]  [${file}:3]\n`);
    expect(r.stdout).toContain(`Suppressed:\n  CS812 Stage base  [${shown(fixture('suppressed.Dockerfile'))}:2]\n    reason: the base image is rebuilt nightly from our own pinned mirror`);
    expect(r.stdout.endsWith('1 error(s), 3 warning(s), 1 info, 3 suppressed\nchecked 3 stage(s) in 2 Dockerfile(s)\n')).toBe(true);
  });

  test('json: summary counts match the findings; every finding names a Dockerfile rule, a stage and a line', async () => {
    const r = await dockerfileCli(['--format', 'json', ...ALL_FIXTURES]);
    const report = JSON.parse(r.stdout);
    expect(report.version).toBe(1);
    expect(report.checked).toEqual({ files: ALL_FIXTURES.length, stages: expect.any(Number) });
    const activeFindings = report.findings.filter((f: any) => !f.suppressed);
    expect(report.summary).toEqual({
      error: activeFindings.filter((f: any) => f.severity === 'error').length,
      warning: activeFindings.filter((f: any) => f.severity === 'warning').length,
      info: activeFindings.filter((f: any) => f.severity === 'info').length,
      suppressed: 3,
    });
    for (const f of report.findings) {
      expect(DOCKERFILE_IDS).toContain(f.ruleId);
      expect(f.object.apiVersion).toBe('dockerfile');
      expect(['Stage', 'Dockerfile']).toContain(f.object.kind);
      expect(f.path).toMatch(/^(stage\[\d+\]|global)(\.|$)/);
      expect(f.source).toEqual({ file: expect.stringMatching(/\.Dockerfile$/), line: expect.any(Number), column: expect.any(Number) });
    }
  });

  test('sarif: a valid SARIF 2.1.0 log for every fixture, results point at the file and line', async () => {
    for (const file of ALL_FIXTURES) {
      const r = await dockerfileCli(['--format', 'sarif', file]);
      const sarif = JSON.parse(r.stdout);
      expect(sarif).toBeValidSarifLog();
      const json = JSON.parse((await dockerfileCli(['--format', 'json', file])).stdout);
      const located = sarif.runs[0].results.map((x: any) => {
        const where = x.locations[0].physicalLocation;
        return [x.ruleId, where.artifactLocation.uri, where.region.startLine];
      });
      expect(located).toEqual(json.findings.map((f: any) => [f.ruleId, f.source.file.split('/').map(encodeURIComponent).join('/'), f.source.line]));
    }
  });

  test('sarif: the driver lists the Dockerfile rules only; ruleIndex, levels and suppressions are right', async () => {
    const r = await dockerfileCli(['--format', 'sarif', fixture('single-stage-build.Dockerfile'), fixture('suppressed.Dockerfile')]);
    const sarif = JSON.parse(r.stdout);
    expect(sarif).toBeValidSarifLog();
    const rules = sarif.runs[0].tool.driver.rules;
    expect(rules.map((x: any) => x.id)).toEqual(DOCKERFILE_IDS);
    for (const res of sarif.runs[0].results) expect(rules[res.ruleIndex].id).toBe(res.ruleId);
    const byRule = (id: string) => sarif.runs[0].results.filter((x: any) => x.ruleId === id);
    expect(byRule('CS813')[0].level).toBe('note');
    expect(byRule('CS822')[0].level).toBe('warning');
    expect(byRule('CS812')[0].suppressions).toEqual([{ kind: 'inSource', status: 'accepted', justification: 'the base image is rebuilt nightly from our own pinned mirror' }]);
  });

  test('sarif with a space and # in the file name stays a valid URI', async () => {
    const file = write('my app #2.Dockerfile', 'FROM node\nUSER 10001\n');
    const sarif = JSON.parse((await dockerfileCli(['--format', 'sarif', file])).stdout);
    expect(sarif).toBeValidSarifLog();
    expect(sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri).toMatch(/my%20app%20%232\.Dockerfile$/);
  });
});

describe('credential values never appear in any output', () => {
  const VALUES = ['npm_Xq7kLm2Pz9Rt4Vw8Yb3Nc6Hd1Jf5Gs0Ka2Ee', 'AKIAZ7QW3ERT5YUI8OPA', 'Sup3rS3cretPassw0rd', 'hunter2hunter2'];

  test.each(['text', 'json', 'sarif'])('%s', async format => {
    const withAdd = write('secret-url.Dockerfile', 'FROM alpine:3.19\nADD https://deploy:hunter2hunter2@artifacts.example.com/app.tgz /opt/\nUSER 10001\n');
    const suppressed = write('secret-suppressed.Dockerfile', `${readFixture('secrets.Dockerfile').replace('ENV AWS_ACCESS_KEY_ID', '# cdk8s-secure:ignore CS832 rotated test credentials of the sandbox\nENV AWS_ACCESS_KEY_ID')}`);
    const r = await dockerfileCli(['--format', format, '--severity', 'info', fixture('secrets.Dockerfile'), withAdd, suppressed]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('CS832');
    for (const v of [...VALUES, ...VALUES.map(x => Buffer.from(x).toString('base64'))]) {
      expect(r.stdout).not.toContain(v);
      expect(r.stderr).not.toContain(v);
    }
  });
});

describe('wiring into the cdk8s-secure command', () => {
  async function cli(argv: string[]) {
    let stdout = '';
    let stderr = '';
    const code = await run(argv, { stdout: s => { stdout += s; }, stderr: s => { stderr += s; }, stdin: Readable.from([]) });
    return { code, stdout, stderr };
  }

  test('`cdk8s-secure dockerfile` runs the Dockerfile check', async () => {
    const r = await cli(['dockerfile', '--format', 'json', fixture('guide-base-distroless.Dockerfile')]);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).findings.map((f: any) => f.ruleId)).toEqual(['CS811', 'CS821']);
  });

  test('the usage names the command, and `rules` lists the Dockerfile rules', async () => {
    expect((await cli(['--help'])).stdout).toContain('cdk8s-secure dockerfile [--format text|json|sarif] [--severity error|warning|info] <Dockerfile|->...');
    const rules = (await cli(['rules'])).stdout;
    for (const id of ['CS801', 'CS802', 'CS811', 'CS812', 'CS813', 'CS821', 'CS822', 'CS831', 'CS832']) expect(rules).toContain(`${id}  `);
  });
});
