import { cli, TempDir } from './_cli';

/**
 * Issue #12: text output never writes control characters from the input. File names, object names,
 * images and messages are escaped (`\x1b`), so input cannot clear the screen or forge a report line.
 */
let tmp: TempDir;
beforeAll(() => { tmp = new TempDir(); });
afterAll(() => tmp.cleanup());

const ESC = '\u001b';
const HOSTILE_NAME = `web${ESC}[2J\nFORGED: 0 error(s)"]\n  x -->|"all"| y`;
const HOSTILE_IMAGE = `nginx:1.27${ESC}[31m\u2028FORGED`;

/** Control characters (other than the line breaks the CLI writes itself) and line separators. */
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029]/;

function manifests(): string {
  const pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: HOSTILE_NAME, namespace: 'shop', labels: { app: 'web' } },
    spec: { containers: [{ name: `c${ESC}]0;title\u0007`, image: HOSTILE_IMAGE }] },
  };
  const policy = {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: 'allow', namespace: 'shop' },
    spec: { podSelector: { matchLabels: { app: 'web' } }, ingress: [{ from: [{ podSelector: {} }], ports: [{ port: `http${ESC}[2J` }] }] },
  };
  // JSON: the hostile strings arrive exactly as written.
  return `${JSON.stringify(pod)}\n${JSON.stringify(policy)}\n`;
}

function expectNoForgedLine(out: string) {
  expect(out).not.toMatch(RAW_CONTROL);
  expect(out.split('\n').some(l => l.startsWith('FORGED'))).toBe(false);
}

test.each([
  ['images', []],
  ['images', ['--format', 'list']],
  ['graph', []],
  ['graph', ['--format', 'dot']],
  ['check', []],
  ['check', ['--verbose']],
])('%s %j escapes what comes from the input', async (command, args) => {
  const file = tmp.write(`esc${ESC}[2J.json`, manifests());
  const r = await cli([command, ...args, file]);
  expect(r.code).not.toBe(2);
  expectNoForgedLine(r.stdout);
  expectNoForgedLine(r.stderr);
  // The escaped form is what shows.
  expect(`${r.stdout}${r.stderr}`).toContain('\\x1b');
});

test('a Mermaid label cannot be closed by a name: quotes become #quot;', async () => {
  const file = tmp.write('quotes.json', manifests());
  const r = await cli(['graph', file]);
  const nodeLines = r.stdout.split('\n').filter(l => l.includes('web'));
  expect(nodeLines.length).toBeGreaterThan(0);
  for (const l of nodeLines) expect(l).toContain('#quot;]');
  // No edge was injected by the name: only the edges the policy allows.
  expect(r.stdout).not.toContain('-->|"all"| y');
  expect(r.stdout).toContain('-->|#quot;all#quot;| y');
});

test('the Dockerfile checker escapes file names and problems that quote the input', async () => {
  const file = tmp.write(`Dockerfile${ESC}[2J`, `FROM alpine:3.20\nRUN${ESC}[2J\nFOO${ESC}]0;x\u0007 bar\n`);
  const r = await cli(['dockerfile', file]);
  expect(r.code).toBe(2);
  expectNoForgedLine(r.stdout);
  expectNoForgedLine(r.stderr);
  expect(r.stderr).toContain('\\x1b');
});
