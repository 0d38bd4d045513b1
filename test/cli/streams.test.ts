import * as fs from 'fs';
import { checkJson, cli, fixture, JsonReport, re, shown, STACK_FRAME, stderrLines, TempDir } from './_cli';

let tmp: TempDir;
beforeAll(() => { tmp = new TempDir(); });
afterAll(() => tmp.cleanup());

const configMap = (name: string) => ['apiVersion: v1', 'kind: ConfigMap', `metadata: {name: ${name}}`];

/** A Pod with one container, `privileged: true` on the 9th line of the document and `image: nginx:latest` on the 7th. */
const POD = [
  'apiVersion: v1', //                 +0
  'kind: Pod', //                      +1
  'metadata:', //                      +2
  '  name: target', //                 +3
  'spec:', //                          +4
  '  containers:', //                  +5
  '    - name: app', //                +6
  '      image: nginx:latest', //      +7
  '      securityContext:', //         +8
  '        privileged: true', //       +9
];

function finding(report: JsonReport, ruleId: string) {
  const f = report.findings.find(x => x.ruleId === ruleId);
  expect(f ? ruleId : `no ${ruleId} finding`).toBe(ruleId);
  return f!;
}

/**
 * The Pod is document 3 (0-based) of the file and starts on `podLine`: its findings must name document 3
 * and the lines of the fields in the file.
 */
async function expectPodAt(file: string, documentIndex: number, podLine: number) {
  const r = await checkJson([file]);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(1);
  expect(finding(r.report, 'CS103')).toMatchObject({
    object: { kind: 'Pod', name: 'target' },
    path: 'spec.containers[0].securityContext.privileged',
    source: { file: shown(file), documentIndex, line: podLine + 9, column: 21 },
  });
  expect(finding(r.report, 'CS207')).toMatchObject({ source: { file: shown(file), documentIndex, line: podLine + 7, column: 14 } });
  // Every finding is about the Pod (the ConfigMaps are clean) and points into its lines.
  for (const f of r.report.findings) {
    expect(f.object.name).toBe('target');
    expect(f.source.documentIndex).toBe(documentIndex);
    expect(f.source.line).toBeGreaterThanOrEqual(podLine);
    expect(f.source.line).toBeLessThanOrEqual(podLine + 9);
  }
  const text = await cli(['check', file]);
  expect(text.stdout).toContain('ERROR CS103 Privileged container: 1 finding(s) on 1 object(s)\n');
  expect(text.stdout).toContain(`    at spec.containers[0].securityContext.privileged  [${shown(file)}:${podLine + 9} (document ${documentIndex})]\n`);
  return r;
}

describe('multi-document streams', () => {
  test('--- separators: an object in document 3 has the right document index and lines', async () => {
    const lines = [...configMap('a'), '---', ...configMap('b'), '---', ...configMap('c'), '---', ...POD];
    const file = tmp.write('plain.yaml', `${lines.join('\n')}\n`);
    const r = await expectPodAt(file, 3, 13);
    expect(r.report.checked.objects).toBe(4);
  });

  test('a leading ---, comments, and empty documents between separators (each counts as a document)', async () => {
    const lines = [
      '---', //                              1  document 0 starts
      '# the first object', //               2
      ...configMap('a'), //                  3-5
      '---', //                              6  document 1: empty
      '---', //                              7  document 2
      '', //                                 8
      ...configMap('b'), //                  9-11
      '---', //                              12 document 3
      '# the pod', //                        13
      ...POD, //                             14-23
    ];
    await expectPodAt(tmp.write('leading.yaml', `${lines.join('\n')}\n`), 3, 14);
  });

  test('... document end markers', async () => {
    const lines = [
      ...configMap('a'), '...', //           1-4   document 0
      '---', ...configMap('b'), '...', //    5-9   document 1
      '# only comments may follow ...', //   10
      '---', //                              11    document 2
      ...POD, //                             12-21
      '...', //                              22
    ];
    const r = await expectPodAt(tmp.write('dots.yaml', `${lines.join('\n')}\n`), 2, 12);
    expect(r.report.checked.objects).toBe(3);
  });

  test('content after ... without a --- is refused: kubectl ignores it, so the checker cannot pass it', async () => {
    const lines = [...configMap('a'), '...', ...POD];
    const file = tmp.write('dots-bare.yaml', `${lines.join('\n')}\n`);
    const r = await cli(['check', file]);
    expect(r.code).toBe(2);
    expect(stderrLines(r.stderr)).toEqual([
      expect.stringMatching(new RegExp(`^cdk8s-secure: error: ${re(shown(file))} \\(document 0, line 5\\): content after a \`\\.\\.\\.\` document end marker`)),
    ]);
  });

  test('CRLF line endings give the same documents and lines', async () => {
    const lines = ['---', ...configMap('a'), '---', '', ...configMap('b'), '---', ...configMap('c'), '---', ...POD];
    const file = tmp.write('crlf.yaml', `${lines.join('\r\n')}\r\n`);
    expect(fs.readFileSync(file, 'utf8')).toContain('\r\n---\r\n');
    const r = await expectPodAt(file, 3, 15);
    expect(r.report.checked.objects).toBe(4);
    // No carriage return leaks into values.
    expect(r.stdout).not.toContain('\\r');
  });

  test('a UTF-8 byte order mark before the first ---', async () => {
    const lines = ['\ufeff---', ...configMap('a'), '---', ...configMap('b'), '---', ...configMap('c'), '---', ...POD];
    const r = await expectPodAt(tmp.write('bom.yaml', `${lines.join('\n')}\n`), 3, 14);
    expect(r.report.checked.objects).toBe(4);
  });

  test('content on the --- line is refused, as kubectl refuses it ("invalid Yaml document separator")', async () => {
    const lines = [
      '--- {apiVersion: v1, kind: ConfigMap, metadata: {name: a}}', //   1 document 0
      '--- !!map', //                                                   2 document 1
      ...configMap('b'), //                                             3-5
      '--- # a comment after the marker', //                           6 document 2: fine
      ...configMap('c'), //                                             7-9
      '--- {apiVersion: v1, kind: Pod, metadata: {name: flow}, spec: {containers: [{name: app, image: "nginx:latest"}]}}', // 10 document 3
    ];
    const file = tmp.write('inline.yaml', `${lines.join('\n')}\n`);
    const r = await checkJson([file]);
    expect(r.code).toBe(2);
    expect(r.report.checked.objects).toBe(1);
    expect(stderrLines(r.stderr)).toEqual([1, 2, 10].map((line, i) =>
      expect.stringMatching(new RegExp(`^cdk8s-secure: error: ${re(shown(file))} \\(document ${i === 2 ? 3 : i}, line ${line}\\): content on a \`---\` line`))));
  });

  test('a block mapping cannot start on the --- line: the error names that line', async () => {
    const lines = [...configMap('a'), '--- apiVersion: v1', 'kind: ConfigMap', 'metadata: {name: b}'];
    const file = tmp.write('inline-block.yaml', `${lines.join('\n')}\n`);
    const r = await cli(['check', file]);
    expect(r.code).toBe(2);
    expect(stderrLines(r.stderr)).toEqual([
      expect.stringMatching(new RegExp(`^cdk8s-secure: error: ${re(shown(file))} \\(document 1, line 4\\): .*(same line|directives-end|---)`, 'i')),
    ]);
    expect(r.stderr).not.toMatch(STACK_FRAME);
  });

  test('--- inside a block scalar is indented, so it is content, not a separator', async () => {
    const lines = [
      'apiVersion: v1', 'kind: ConfigMap', 'metadata: {name: a}', 'data:', '  doc.yaml: |', '    ---', '    a: 1', '    ---', '    b: 2',
      '---', ...POD,
    ];
    const r = await checkJson([tmp.write('block.yaml', `${lines.join('\n')}\n`)]);
    expect(r.report.checked.objects).toBe(2);
    expect(finding(r.report, 'CS103').source).toMatchObject({ documentIndex: 1, line: 20 });
  });

  test('a document without a trailing newline', async () => {
    const r = await checkJson([tmp.write('no-newline.yaml', [...configMap('a'), '---', ...POD].join('\n'))]);
    expect(r.report.checked.objects).toBe(2);
    expect(finding(r.report, 'CS103').source).toMatchObject({ documentIndex: 1, line: 14 });
  });
});

describe('directories and standard input', () => {
  test('directories are walked recursively for .yaml, .yml and .json, in sorted order', async () => {
    const root = tmp.path('tree');
    tmp.write('tree/b.yaml', configMap('b').join('\n'));
    tmp.write('tree/a/z.yml', configMap('az').join('\n'));
    tmp.write('tree/a/deeper/m.json', JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'json-pod' }, spec: { containers: [{ name: 'c', image: 'nginx:latest' }] } }, null, 2));
    tmp.write('tree/c.YAML', configMap('c').join('\n'));
    tmp.write('tree/README.md', '# not yaml');
    tmp.write('tree/notes.txt', 'kind: nonsense');
    tmp.write('tree/.hidden/secret.yaml', 'this: [is not read');
    tmp.write('tree/node_modules/dep/x.yaml', 'this: [is not read');
    const r = await checkJson([root]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    expect(r.report.checked).toEqual({ objects: 4, files: 4 });
    expect(finding(r.report, 'CS207').source).toMatchObject({ file: shown(tmp.path('tree/a/deeper/m.json')), documentIndex: 0, line: 11 });

    // The order files are read in shows in the order of the findings of a set rule: one per unisolated pod.
    for (const name of ['tree/a/deeper/m.json', 'tree/b.yaml', 'tree/c.YAML']) {
      const text = fs.readFileSync(tmp.path(name), 'utf8').replace(/ConfigMap/, 'Pod').replace(/metadata: \{name: (\w+)\}/, 'metadata: {name: pod-$1}\nspec: {containers: [{name: c, image: "x:1"}]}');
      fs.writeFileSync(tmp.path(name), text);
    }
    tmp.write('tree/a/z.yml', 'apiVersion: v1\nkind: Pod\nmetadata: {name: pod-az}\nspec: {containers: [{name: c, image: "x:1"}]}\n');
    const order = await checkJson([root]);
    const files = order.report.findings.filter(f => f.ruleId === 'CS301').map(f => f.source.file);
    expect(files).toEqual(['tree/a/deeper/m.json', 'tree/a/z.yml', 'tree/b.yaml', 'tree/c.YAML'].map(n => shown(tmp.path(n))));
  });

  test('the order does not depend on the locale: names are sorted by code point', async () => {
    // localeCompare would give a different order per machine (da-DK sorts "aa" after "z", en-US puts "ä" first).
    const names = ['z.yaml', 'ä.yaml', 'aa.yaml', 'B.yaml', 'a.yaml', '_x.yaml', '10.yaml', '9.yaml'];
    for (const name of names) tmp.write(`locale/${name}`, 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: c, image: "x:1"}]}\n');
    const r = await checkJson([tmp.path('locale')]);
    const files = r.report.findings.filter(f => f.ruleId === 'CS301').map(f => f.source.file);
    expect(files).toEqual(['10.yaml', '9.yaml', 'B.yaml', '_x.yaml', 'a.yaml', 'aa.yaml', 'z.yaml', '\u00e4.yaml'].map(n => shown(tmp.path(`locale/${n}`))));
  });

  test('- reads standard input, shown as <stdin>', async () => {
    const input = [...configMap('a'), '---', ...configMap('b'), '---', ...configMap('c'), '---', ...POD].join('\n') + '\n';
    const r = await checkJson(['-'], { stdin: input });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    expect(finding(r.report, 'CS103').source).toEqual({ file: '<stdin>', documentIndex: 3, line: 22, column: 21 });

    const clean = await cli(['check', '-'], { stdin: fs.readFileSync(fixture('clean.yaml'), 'utf8') });
    expect(clean.code).toBe(0);
    expect(clean.stdout).toContain('checked 4 object(s) in 1 file(s)');

    const bad = await cli(['check', '-'], { stdin: 'kind: Pod\n' });
    expect(bad.code).toBe(2);
    expect(stderrLines(bad.stderr)).toEqual(['cdk8s-secure: error: <stdin> (document 0, line 1): the object has kind Pod but no apiVersion']);

    const empty = await cli(['check', '-'], { stdin: '' });
    expect(empty.code).toBe(2);
    expect(stderrLines(empty.stderr)).toEqual(['cdk8s-secure: error: <stdin>: the file contains no YAML documents']);
  });

  test('lines split across chunks (CRLF, lone CR, multi-byte UTF-8) read the same at every chunk boundary', async () => {
    const text = 'apiVersion: v1\r\nkind: ConfigMap\rmetadata: {name: caf\u00e9}\r\n---\r\napiVersion: v1\nkind: Pod\nmetadata: {name: b}\r\n'
      + 'spec:\r\n  containers: [{name: c, image: "nginx:latest"}]\n';
    const whole = await checkJson(['-'], { stdin: text });
    expect(whole.stderr).toBe('');
    expect(whole.report.checked.objects).toBe(2);
    expect(finding(whole.report, 'CS207').source).toEqual({ file: '<stdin>', documentIndex: 1, line: 9, column: 33 });
    const bytes = Buffer.from(text);
    for (let i = 0; i <= bytes.length; i++) {
      const split = await cli(['check', '--format', 'json', '-'], { stdin: [bytes.subarray(0, i), Buffer.alloc(0), bytes.subarray(i)] });
      expect({ at: i, stdout: split.stdout, stderr: split.stderr }).toEqual({ at: i, stdout: whole.stdout, stderr: '' });
    }
  });

  test('files, directories and stdin together: all objects are checked as one set', async () => {
    // The NetworkPolicy in the file isolates the Deployment read from stdin.
    const cleanDocs = fs.readFileSync(fixture('clean.yaml'), 'utf8').split(/^---$/m);
    const policies = tmp.write('together/policies.yaml', cleanDocs.slice(2).join('---'));
    const workload = cleanDocs.slice(0, 2).join('---');
    const r = await checkJson([policies, '-'], { stdin: workload });
    expect(r.code).toBe(0);
    expect(r.report.checked).toEqual({ objects: 4, files: 2 });
    const alone = await checkJson(['-'], { stdin: workload });
    expect(alone.report.findings.map(f => f.ruleId)).toEqual(['CS301']);
  });
});
