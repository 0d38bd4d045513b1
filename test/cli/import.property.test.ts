// Property: whatever strings a manifest holds (names, labels, annotations, env, command, ConfigMap keys and
// values), the code `import` writes parses cleanly, contains no identifier the importer did not write, and
// synthesizes every string back unchanged.
import { App, Testing } from 'cdk8s';
import * as fc from 'fast-check';
import * as ts from 'typescript';
import * as secure from '../../src';
import { credentialReason } from '../../src/checks/rules/secrets/_credentials';
import { importObjects } from '../../src/cli/import';

type Obj = Record<string, any>;

/** Strings of any Unicode text, including quotes, backslashes, backticks, `${`, `*\/` and line separators. */
const text = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.array(fc.constantFrom('"', "'", '`', '${', '}', '\\', '*/', '/*', '//', '\n', '\r', '\u2028', '\u2029', '\u0085', ')', ';', 'process.exit(1)', 'x'), { maxLength: 12 }).map(a => a.join('')),
);

/** The identifiers a TypeScript file refers to (and whether it parsed without errors). */
function identifiers(code: string): { ids: Set<string>; parsed: boolean } {
  const sf = ts.createSourceFile('imported.ts', code, ts.ScriptTarget.ES2022, true);
  const ids = new Set<string>();
  const visit = (n: ts.Node) => {
    // Object keys (`{ V: ... }`) and member names (`kplus.EnvValue`) are names, not references: only references could run input.
    const p = n.parent;
    const isName = p !== undefined && ((ts.isPropertyAssignment(p) && p.name === n) || (ts.isPropertyAccessExpression(p) && p.name === n));
    if (ts.isIdentifier(n) && !isName) ids.add(n.text);
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return { ids, parsed: (sf as unknown as { parseDiagnostics: unknown[] }).parseDiagnostics.length === 0 };
}

function synth(code: string): Obj[] {
  const js = ts.transpileModule(code, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText;
  const mod = { exports: {} as Obj };
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  new Function('require', 'module', 'exports', js)((n: string) => (n === 'cdk8s-secure' ? secure : require(n)), mod, mod.exports);
  const app = new App({ outdir: Testing.app().outdir });
  const chart = new mod.exports.ImportedChart(app, 'imported');
  return chart.toJson();
}

/** What the importer itself writes: TypeScript keywords aside, these and the generated variable names. */
const WRITTEN = new Set(['ApiObject', 'Chart', 'ChartProps', 'Construct', 'ImportedChart', 'scope', 'id', 'props', 'kplus', 'Suppressions', 'SecureDeployment']);

test('any strings in a manifest stay string data in the generated code and come back unchanged', () => {
  const strings = fc.array(text, { maxLength: 3 });
  const dict = fc.dictionary(text, text, { maxKeys: 3 });
  fc.assert(fc.property(text, text, text, strings, dict, (name, label, value, command, data) => {
    fc.pre(credentialReason('V', value) === undefined && Object.entries(data).every(([k, v]) => credentialReason(k, v) === undefined));
    fc.pre(!('constructor' in data) && !('__proto__' in data)); // keys cdk8s itself cannot synthesize (see import.test.ts)
    const objects: Obj[] = [
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'web', namespace: 'shop', labels: { owner: 'team-shop' }, annotations: { 'example.com/note': label } },
        spec: { template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'main', image: 'registry.example.com/web:1.0.0', command, env: [{ name: 'V', value }] }] } } },
      },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'shop' }, data },
    ];
    const { code } = importObjects(objects.map((obj, documentIndex) => ({ obj, file: 'in.yaml', documentIndex })), 'ImportedChart', ['in.yaml']);
    expect(code.split('\n').filter(l => /[^\x20-\x7e]/.test(l))).toEqual([]);
    const { ids, parsed } = identifiers(code);
    expect(parsed).toBe(true);
    // Generated variables are camelCase words (web, webConfigMap...); nothing else may appear.
    expect([...ids].filter(i => !WRITTEN.has(i) && !/^web(ConfigMap|Deployment)?\d*$/.test(i))).toEqual([]);
    expect(ids.has('process')).toBe(false);

    const out = synth(code);
    const d = out.find(o => o.kind === 'Deployment')!;
    expect(d.metadata.annotations['example.com/note']).toBe(label);
    const c = d.spec.template.spec.containers[0];
    expect(c.env).toEqual([{ name: 'V', value }]);
    expect(c.command ?? []).toEqual(command);
    const cm = out.find(o => o.kind === 'ConfigMap')!;
    expect(cm.metadata.name).toBe(name);
    expect(cm.data ?? {}).toEqual(data);
  }), { numRuns: 100 });
}, 120_000);
