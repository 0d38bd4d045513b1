import { checkJson, cli, errorLines, fixture, noteLines, re, shown, STACK_FRAME, stderrLines, TempDir } from './_cli';

let tmp: TempDir;
beforeAll(() => { tmp = new TempDir(); });
afterAll(() => tmp.cleanup());

/**
 * Checks that a run failed on input with exit 2 and exactly one stderr line
 * `cdk8s-secure: error: <file>[ (document N[, line N])]: <message>`, and no stack trace.
 */
async function expectInputError(file: string, where: string, message: string | RegExp, args: string[] = []) {
  const r = await cli(['check', ...args, file]);
  expect(r.code).toBe(2);
  expect(r.stderr).not.toMatch(STACK_FRAME);
  const lines = stderrLines(r.stderr);
  expect(lines).toHaveLength(1);
  const prefix = `cdk8s-secure: error: ${shown(file)}${where ? ` (${where})` : ''}: `;
  expect(lines[0].startsWith(prefix) ? prefix : lines[0]).toBe(prefix);
  const rest = lines[0].slice(prefix.length);
  if (typeof message === 'string') expect(rest).toBe(message);
  else expect(rest).toMatch(message);
  return r;
}

describe('bad input: exit 2, one line naming file, document and line', () => {
  test('malformed YAML: an unclosed flow mapping', async () => {
    // The mapping opened on line 3 is still open when line 4 starts: the parser reports it there (as kubectl does).
    const file = tmp.write('unclosed.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x\ndata:\n  a: b\n');
    await expectInputError(file, 'document 0, line 4', /flow map.*\}/i);
    const atEnd = tmp.write('unclosed-at-end.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x\n');
    await expectInputError(atEnd, 'document 0, line 3', /flow map.*\}/i);
  });

  test('malformed YAML in a later document names that document and the line in the file', async () => {
    const file = tmp.write('unclosed-later.yaml', [
      'apiVersion: v1', 'kind: ConfigMap', 'metadata: {name: ok}', // doc 0: lines 1-3
      '---', 'apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: broken', '  labels: [a, b', // doc 1: lines 4-9
      '---', 'apiVersion: v1', 'kind: ConfigMap', 'metadata: {name: ok2}', // doc 2
    ].join('\n') + '\n');
    const r = await expectInputError(file, 'document 1, line 9', /\S/);
    // The good documents are still checked and reported.
    expect(r.stdout).toContain('checked 2 object(s) in 1 file(s)');
  });

  test('a YAML alias bomb ("billion laughs") is refused at the alias over the budget, with bounded memory', async () => {
    const lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]'];
    for (let i = 1; i <= 9; i++) lines.push(`a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]`);
    // 10^10 "lol"s if expanded.
    const file = tmp.write('bomb.yaml', `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: bomb}\ndata:\n${lines.map(l => `  ${l}`).join('\n')}\n`);
    global.gc?.();
    const heapBefore = process.memoryUsage().heapUsed;
    // Refused at the alias that takes the expansion over the budget (a5: 10^6 values), so nothing close to
    // 10^10 values is ever built (no wall-clock limit here: the shared CI machines vary too much).
    await expectInputError(file, 'document 0, line 10', /alias/i);
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(64 * 1024 * 1024);
  });

  test('a mapping with 100 000 keys is checked in linear time (no quadratic duplicate-key check)', async () => {
    const keys = 100_000;
    const mapping = (n: number) => Array.from({ length: n }, (_, i) => `  k${i}: v`).join('\n');
    const wide = (n: number) => tmp.write(`many-keys-${n}.yaml`, `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: wide}\ndata:\n${mapping(n)}\n`);
    const small = wide(keys / 10);
    const large = wide(keys);
    // Measured side by side in this process (the small one twice, the best run counts): ten times the keys cost
    // about 10-20 times as much (measured: 280 ms -> 5.2 s, the garbage collector's share grows with the
    // heap), a pairwise duplicate check 100 times as much. A ratio, never a wall-clock limit: the shared CI
    // machines are at times three times slower than usual.
    const best = async (file: string, runs: number) => {
      let ms = Infinity;
      for (let i = 0; i < runs; i++) {
        const start = performance.now();
        const r = await checkJson([file]);
        ms = Math.min(ms, performance.now() - start);
        expect([r.code, r.report.checked.objects]).toEqual([0, 1]);
      }
      return ms;
    };
    const ratio = (await best(large, 1)) / (await best(small, 2));
    expect(ratio).toBeLessThan(40);
    // A duplicate among them is still found, at its line.
    const dup = tmp.write('many-keys-dup.yaml', `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: wide}\ndata:\n${mapping(keys)}\n  k123: again\n`);
    await expectInputError(dup, `document 0, line ${keys + 5}`, /appears twice in one mapping/);
  }, 120_000);

  test('a JSON stream with a syntax error is refused without quoting the input (it may be a secret)', async () => {
    const file = tmp.write('bad.json', '{"apiVersion": "v1", "kind": "Secret", "stringData": {"password": hunter2secret}}\n');
    const r = await expectInputError(file, 'document 0, line 1', /^cannot parse JSON: Unexpected token \(not valid JSON\)$/);
    expect(r.stderr).not.toContain('hunter2secret');
  });

  test('a binary file (NUL bytes) is refused', async () => {
    const file = tmp.write('image.yaml', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52]));
    // \r\n and \n end lines 1 and 2 of the PNG header: the first NUL is on line 3.
    await expectInputError(file, 'line 3', 'this is a binary file (it contains NUL bytes), not YAML');
    const later = tmp.write('nul-later.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n---\nkind: \u0000\n');
    await expectInputError(later, 'line 5', 'this is a binary file (it contains NUL bytes), not YAML');
  });

  test('an empty file', async () => {
    await expectInputError(tmp.write('empty.yaml', ''), '', 'the file contains no YAML documents');
  });

  test('a file of only comments, blank lines and separators', async () => {
    await expectInputError(tmp.write('comments.yaml', '# nothing here\n\n   # still nothing\n'), '', 'the file contains no YAML documents');
    await expectInputError(tmp.write('separators.yaml', '---\n# a\n---\n...\n'), '', 'the file contains no YAML documents');
  });

  test('a document that is a scalar', async () => {
    const file = tmp.write('scalar.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\n# the next line is not an object\njust a string\n');
    await expectInputError(file, 'document 1, line 6', 'the document is a string, not a Kubernetes object (a mapping with apiVersion and kind)');
    await expectInputError(tmp.write('number.yaml', '42\n'), 'document 0, line 1', 'the document is a number, not a Kubernetes object (a mapping with apiVersion and kind)');
  });

  test('a document that is a list', async () => {
    const file = tmp.write('list.yaml', '- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: a}\n');
    await expectInputError(file, 'document 0, line 1', 'the document is a list, not a Kubernetes object (a mapping with apiVersion and kind)');
  });

  test('a mapping with kind but no apiVersion, and one with apiVersion but no kind', async () => {
    await expectInputError(tmp.write('no-api.yaml', 'kind: Deployment\nmetadata: {name: a}\n'), 'document 0, line 1', 'the object has kind Deployment but no apiVersion');
    await expectInputError(tmp.write('no-kind.yaml', '---\n\napiVersion: apps/v1\nmetadata: {name: a}\n'), 'document 0, line 3', 'the object has apiVersion apps/v1 but no kind');
  });

  test('duplicate keys in a mapping', async () => {
    const file = tmp.write('dup.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  name: b\n');
    await expectInputError(file, 'document 0, line 5', /appears twice in one mapping/);
    const nested = tmp.write('dup-env.yaml', [
      'apiVersion: v1', 'kind: Pod', 'metadata: {name: p}', 'spec:', '  containers:',
      '    - name: app', '      image: nginx:1.27', '      securityContext:', '        privileged: false', '        privileged: true',
    ].join('\n') + '\n');
    await expectInputError(nested, 'document 0, line 10', /appears twice in one mapping/);
  });

  test('a missing file', async () => {
    const file = tmp.path('does-not-exist.yaml');
    const r = await cli(['check', file]);
    expect(r.code).toBe(2);
    expect(stderrLines(r.stderr)).toEqual([`cdk8s-secure: error: ${file}: no such file or directory`]);
    expect(r.stderr).not.toMatch(STACK_FRAME);
  });

  test('a directory with no yaml in it', async () => {
    tmp.write('no-yaml/README.md', '# not yaml\n');
    tmp.write('no-yaml/sub/notes.txt', 'apiVersion: v1\n');
    const dir = tmp.path('no-yaml');
    const r = await cli(['check', dir]);
    expect(r.code).toBe(2);
    expect(stderrLines(r.stderr)).toEqual([`cdk8s-secure: error: ${dir}: the directory contains no .yaml, .yml or .json file`]);
    expect(r.stderr).not.toMatch(STACK_FRAME);
  });

  test('one bad file among good ones: every file is still checked, exit 2 wins over findings', async () => {
    const bad = tmp.write('mixed/b-bad.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x\n');
    tmp.write('mixed/a-good.yaml', 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: c, image: "nginx:latest"}]\n');
    tmp.write('mixed/c-good.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n');
    const r = await checkJson([tmp.path('mixed'), tmp.path('mixed/missing.yaml')]);
    expect(r.code).toBe(2);
    expect(r.report.checked).toEqual({ objects: 2, files: 3, inputErrors: 2 });
    expect(r.report.findings.some(f => f.ruleId === 'CS207')).toBe(true);
    expect(errorLines(r.stderr)).toEqual([
      `cdk8s-secure: error: ${tmp.path('mixed/missing.yaml')}: no such file or directory`,
      expect.stringMatching(new RegExp(`^cdk8s-secure: error: ${re(shown(bad))} \\(document 0, line 3\\): \\S`)),
    ]);
    expect(r.stderr).not.toMatch(STACK_FRAME);
    // The text report prints both: the findings of what was read, and the counts of what was not.
    const text = await cli(['check', tmp.path('mixed'), tmp.path('mixed/missing.yaml')]);
    expect(text.code).toBe(2);
    expect(text.stdout).toMatch(/^ERROR CS207 /m);
    expect(text.stdout.endsWith('checked 2 object(s) in 3 file(s); 2 input or rule error(s) (see stderr): the check is incomplete, exit 2\n')).toBe(true);
    expect(errorLines(text.stderr)).toHaveLength(2);
  });

  test('every bad document of a file gets its own line', async () => {
    const file = tmp.write('many-bad.yaml', ['just a string', '---', '- a list', '---', 'kind: Pod', '---', 'apiVersion: v1', 'kind: ConfigMap', 'metadata: {name: ok}'].join('\n') + '\n');
    const r = await cli(['check', file]);
    expect(r.code).toBe(2);
    const f = shown(file);
    expect(stderrLines(r.stderr)).toEqual([
      `cdk8s-secure: error: ${f} (document 0, line 1): the document is a string, not a Kubernetes object (a mapping with apiVersion and kind)`,
      `cdk8s-secure: error: ${f} (document 1, line 3): the document is a list, not a Kubernetes object (a mapping with apiVersion and kind)`,
      `cdk8s-secure: error: ${f} (document 2, line 5): the object has kind Pod but no apiVersion`,
    ]);
    expect(r.stdout).toContain('checked 1 object(s) in 1 file(s)');
  });
});

describe('not errors: notes on stderr, exit by findings', () => {
  test('a mapping with neither apiVersion nor kind (a Helm values file) is skipped with a note', async () => {
    const file = tmp.write('values.yaml', '# Default values for api.\nreplicaCount: 2\nimage:\n  repository: nginx\n  tag: latest\n');
    const r = await cli(['check', file]);
    expect(r.code).toBe(0);
    expect(errorLines(r.stderr)).toEqual([]);
    expect(stderrLines(r.stderr)).toEqual([
      `cdk8s-secure: note: ${shown(file)}: document 0 at line 2 has no apiVersion or kind: not a Kubernetes object, skipped`,
    ]);
    expect(r.stdout).toContain('checked 0 object(s) in 1 file(s)');
  });

  test('kinds no rule inspects (a CRD object) get a note naming the kind and count', async () => {
    const file = tmp.write('certs.yaml', [
      'apiVersion: cert-manager.io/v1', 'kind: Certificate', 'metadata: {name: a, namespace: shop}', 'spec: {secretName: a-tls}',
      '---',
      'apiVersion: cert-manager.io/v1', 'kind: Certificate', 'metadata: {name: b, namespace: shop}', 'spec: {secretName: b-tls}',
      '---',
      'apiVersion: monitoring.coreos.com/v1', 'kind: ServiceMonitor', 'metadata: {name: m, namespace: shop}', 'spec: {}',
      '---',
      'apiVersion: v1', 'kind: ConfigMap', 'metadata: {name: known, namespace: shop}',
    ].join('\n') + '\n');
    const r = await cli(['check', file]);
    expect(r.code).toBe(0);
    expect(stderrLines(r.stderr)).toEqual([
      'cdk8s-secure: note: no rule inspects Certificate (2), ServiceMonitor (1); those objects were only checked for suppressions',
    ]);
    expect(r.stdout).toContain('checked 4 object(s) in 1 file(s)');
  });

  test('an object of an uninspected kind is still checked for its suppressions', async () => {
    const file = tmp.write('cert-suppressed.yaml', [
      'apiVersion: cert-manager.io/v1', 'kind: Certificate', 'metadata:', '  name: a', '  annotations:',
      '    cdk8s-secure.io/suppressions: \'[{"ruleId":"CS201","reason":"this suppression matches nothing at all"}]\'',
    ].join('\n') + '\n');
    const r = await checkJson([file]);
    expect(r.code).toBe(1);
    expect(r.report.findings).toEqual([expect.objectContaining({ ruleId: 'CS001', source: expect.objectContaining({ documentIndex: 0, line: 6 }) })]);
    expect(noteLines(r.stderr)).toHaveLength(1);
  });

  test('kind: List with items is expanded and each item is checked', async () => {
    const file = tmp.write('list-kind.yaml', [
      'apiVersion: v1', //                    1
      'kind: List', //                        2
      'items:', //                            3
      '  - apiVersion: v1', //                4
      '    kind: ConfigMap', //               5
      '    metadata: {name: cm}', //          6
      '  - apiVersion: v1', //                7
      '    kind: Pod', //                     8
      '    metadata: {name: listed}', //      9
      '    spec:', //                         10
      '      containers:', //                 11
      '        - name: app', //               12
      '          image: nginx:latest', //     13
    ].join('\n') + '\n');
    const r = await checkJson([file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    expect(r.report.checked.objects).toBe(2);
    const latest = r.report.findings.find(f => f.ruleId === 'CS207');
    expect(latest).toMatchObject({
      object: { kind: 'Pod', name: 'listed' },
      path: 'spec.containers[0].image',
      source: { file: shown(file), documentIndex: 0, line: 13, column: 18 },
    });
    expect(r.report.findings.every(f => f.object.name === 'listed')).toBe(true);
  });

  test('bad items of a List are input errors naming the item', async () => {
    const file = tmp.write('bad-list.yaml', 'apiVersion: v1\nkind: List\nitems:\n  - just a string\n  - kind: Pod\n    metadata: {name: p}\n');
    const r = await cli(['check', file]);
    expect(r.code).toBe(2);
    expect(stderrLines(r.stderr)).toEqual([
      `cdk8s-secure: error: ${shown(file)} (document 0, line 1): items[0] of the List is not a mapping`,
      `cdk8s-secure: error: ${shown(file)} (document 0, line 1): the object (items.1) has kind Pod but no apiVersion`,
    ]);
  });

  test('the sample fixtures themselves are clean input', async () => {
    const r = await cli(['check', fixture('clean.yaml')]);
    expect(r.code).toBe(0);
  });
});
