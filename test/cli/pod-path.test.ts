/**
 * `--pod-path [group/]Kind=path`: custom resource kinds the app declares as pod-bearing, for check, images
 * and graph; a bad declaration is one line on stderr and exit 2.
 */
import { checkJson, cli, errorLines, STACK_FRAME, TempDir } from './_cli';

let tmp: TempDir;
let file: string;
beforeAll(() => {
  tmp = new TempDir('cdk8s-secure-pod-path-');
  file = tmp.write('worker.yaml', `apiVersion: batch.example.com/v1
kind: Worker
metadata: { name: crunch, namespace: jobs }
spec:
  runner:
    template:
      metadata: { labels: { app: crunch } }
      spec:
        hostPID: true
        containers:
          - name: main
            image: registry.example.com/crunch:2.0.1
            ports: [{ containerPort: 8080 }]
`);
});
afterAll(() => tmp.cleanup());

const DECLARE = ['--pod-path', 'batch.example.com/Worker=spec.runner.template.spec'];

describe('--pod-path', () => {
  test('check: without it the kind is only noted; with it the pod rules report at the declared path', async () => {
    const before = await cli(['check', file]);
    expect(before.code).toBe(0);
    expect(before.stderr).toContain('no rule inspects Worker (1)');
    const r = await checkJson([...DECLARE, file]);
    expect(r.code).toBe(1);
    expect(r.report.findings.find(f => f.ruleId === 'CS102')).toMatchObject({ path: 'spec.runner.template.spec.hostPID', object: { kind: 'Worker', name: 'crunch' } });
    expect(r.stderr).not.toContain('no rule inspects');
  });

  test('images lists the declared kind\'s images', async () => {
    expect((await cli(['images', '--format', 'list', file])).stdout).toBe('');
    const r = await cli(['images', ...DECLARE, file]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('registry.example.com/crunch:2.0.1\n  Worker jobs/crunch [main]\n');
  });

  test('graph has an endpoint for the declared kind', async () => {
    const r = await cli(['graph', '--format', 'json', ...DECLARE, file]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).endpoints.map((e: { id: string }) => e.id)).toContain('Worker jobs/crunch');
  });

  test.each([
    ['check', 'Worker'],
    ['images', 'Worker=spec[0]'],
    ['graph', 'Deployment=spec.template.spec'],
  ])('%s with a bad --pod-path %j: one line, exit 2, no stack trace', async (command, value) => {
    const r = await cli([command, '--pod-path', value, file]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(errorLines(r.stderr)).toHaveLength(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^cdk8s-secure: error: --pod-path: /);
    expect(r.stderr).not.toMatch(STACK_FRAME);
  });
});
