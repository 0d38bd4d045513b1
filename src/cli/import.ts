import * as fs from 'fs';
import * as path from 'path';
import { parseArgs } from 'util';
import { ApiObject, App, Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
import { asConstruct, commentText, materialize, renderStatements, usage } from './_import-code';
import { ImportPlanner, InputObject, TODO_REASON, Unit } from './_import-model';
import type { Io } from './run';
import { SecureError } from '../_errors';
import { escapeText } from '../_text';
import { RULES } from '../checks/catalog';
import { CheckSession } from '../checks/engine';
import { Finding } from '../checks/finding';
import { Suppression } from '../checks/suppressions';

const EXIT_CLEAN = 0;
const EXIT_USAGE = 2;

/** What `import` produced. */
export interface ImportResult {
  /** The TypeScript file. */
  readonly code: string;
  /** Notes: objects not imported, objects kept verbatim and why. */
  readonly notes: string[];
  /** TODO identifiers that stop compilation until a person resolves them. */
  readonly todos: string[];
  /** Findings `check` would still report on the synthesized chart (unsuppressed); empty when it passes. */
  readonly remaining: Finding[];
}

/** The suppressions every unit gets in the first build: all rules, so nothing refuses to construct. */
const ALL_RULES: Suppression[] = RULES.map(r => ({ ruleId: r.id, reason: TODO_REASON }));

/** A class name for the generated chart: a TypeScript identifier. */
export const CLASS_NAME = /^[A-Z][A-Za-z0-9_]{0,99}$/;

/**
 * Turns Kubernetes objects into a TypeScript cdk8s chart of secure constructs. The chart is built in
 * memory twice: first with every rule suppressed (to find what each object needs), then with only the
 * suppressions its own synthesized output needs, so `check` passes on it and every weakening is visible.
 */
export function importObjects(objects: InputObject[], className: string, sources: string[]): ImportResult {
  // A workload a construct refuses (a SecureError while building) is kept as a plain ApiObject, and the plan is made again.
  const forced = new Map<Record<string, any>, string>();
  for (;;) {
    const planner = new ImportPlanner(objects, forced);
    planner.plan();
    try {
      // First build: every rule suppressed, to find what each unit's objects need.
      const first = build(planner, new Map(planner.units.map(u => [u.name, ALL_RULES])));
      const needed = neededSuppressions(planner.units, first.findings, first.unitOf);
      // Second build: only what is needed; whatever is still reported is listed in the header.
      const { findings } = build(planner, needed);
      const remaining = findings.filter(f => !f.suppressed);
      const stmts = planner.statements(needed);
      return { code: renderFile(className, stmts, planner, remaining, sources), notes: planner.notes, todos: planner.todos, remaining };
    } catch (e) {
      const unit = e instanceof SecureError ? planner.units.find(u => !u.verbatim && pathIn(e.constructPath, u.id)) : undefined;
      if (!unit) throw e;
      forced.set(unit.input.obj, `the construct refused it: ${firstLine((e as Error).message)}`);
    }
  }
}


function firstLine(s: string): string {
  return s.split('\n').find(l => l.trim() !== '') ?? s;
}

function pathIn(constructPath: string, id: string): boolean {
  const parts = constructPath.split('/');
  return parts[1] === id;
}

/** Builds the chart in memory and checks its output; returns the findings and which unit each object belongs to. */
function build(planner: ImportPlanner, suppressions: Map<string, Suppression[]>) {
  const app = new App();
  const chart = new Chart(app, 'imported');
  const stmts = planner.statements(suppressions);
  const vars = materialize(chart, stmts);
  const owners = new Map<IConstruct, string>();
  for (const u of planner.units) {
    const c = asConstruct(vars.get(u.name));
    if (c) owners.set(c, u.name);
  }
  const json = chart.toJson();
  const unitOfObject = new Map<string, string>();
  for (const o of chart.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject)) {
    const owner = o.node.scopes.map(s => owners.get(s)).reverse().find(x => x !== undefined);
    if (owner) unitOfObject.set(objectKey(o.kind, o.metadata.namespace, o.name), owner);
  }
  const session = new CheckSession({});
  for (const obj of json) session.add(obj);
  const findings = session.finish();
  return { findings, unitOf: (f: Finding) => unitOfObject.get(objectKey(f.object.kind, f.object.namespace, f.object.name)) };
}

function objectKey(kind: string, ns: string | undefined, name: string | undefined): string {
  return JSON.stringify([kind, ns ?? '', name ?? '']);
}

/** The suppressions each unit needs: the rules whose findings its objects had, with the input's reason where it had one. */
function neededSuppressions(units: Unit[], findings: Finding[], unitOf: (f: Finding) => string | undefined): Map<string, Suppression[]> {
  const rules = new Map<string, Set<string>>();
  for (const f of findings) {
    if (!f.suppressed || f.ruleId.startsWith('CS00')) continue;
    const u = unitOf(f);
    if (u === undefined) continue;
    (rules.get(u) ?? rules.set(u, new Set()).get(u)!).add(f.ruleId);
  }
  const out = new Map<string, Suppression[]>();
  for (const u of units) {
    const ids = [...(rules.get(u.name) ?? [])].sort();
    if (ids.length === 0) continue;
    out.set(u.name, ids.map(id => {
      const orig = u.original.find(s => s.ruleId === id && s.container === undefined);
      return orig ? { ruleId: id, reason: orig.reason, ...(orig.expires ? { expires: orig.expires } : {}) } : { ruleId: id, reason: TODO_REASON };
    }));
  }
  return out;
}

const SECURE_SYMBOLS = ['SecureDeployment', 'SecureStatefulSet', 'SecureJob', 'SecureCronJob', 'SecureDaemonSet', 'Suppressions', 'PersistentVolumeClaimRetention'];
const CDK8S_SYMBOLS = ['ApiObject', 'Cron', 'Duration', 'JsonPatch', 'Size'];

function renderFile(className: string, stmts: ReturnType<ImportPlanner['statements']>, planner: ImportPlanner, remaining: Finding[], sources: string[]): string {
  const { symbols } = usage(stmts);
  const secure = SECURE_SYMBOLS.filter(s => symbols.has(s)).sort();
  const cdk8s = ['Chart', 'ChartProps', ...CDK8S_SYMBOLS.filter(s => symbols.has(s))].sort();
  const todoCount = (stmts.filter(s => s.stop).length) + planner.todos.filter(t => t.includes('SECRET')).length;
  const header = [
    `Generated by \`cdk8s-secure import\` from ${sources.join(', ')}.`,
    'Every suppression whose reason is "TODO: reason" accepts a setting weaker than the secure defaults that the input had:',
    'replace the reason with why it is acceptable (a reviewer reads it in the manifest), or fix the setting and drop the suppression.',
    ...(todoCount > 0 ? [`${planner.todos.length} TODO_RESOLVE_* identifier(s) stop compilation until a person resolves them:`, ...planner.todos.map(t => `  ${t}`)] : []),
    ...(planner.notes.length ? ['Notes (objects not imported, objects kept as plain ApiObjects, isolation):', ...planner.notes.map(n => `  ${n}`)] : []),
    ...(remaining.length ? ['`cdk8s-secure check` still reports on the synthesized chart:', ...remaining.map(f => `  ${f.ruleId} ${f.object.kind} ${f.object.name ?? ''}: ${f.message}`)] : []),
  ];
  return [
    ...header.map(l => `// ${commentText(l)}`),
    `import { ${cdk8s.join(', ')} } from 'cdk8s';`,
    ...(symbols.has('kplus') ? ["import * as kplus from 'cdk8s-plus-28';"] : []),
    ...(secure.length ? [`import { ${secure.join(', ')} } from 'cdk8s-secure';`] : []),
    "import { Construct } from 'constructs';",
    '',
    `export class ${className} extends Chart {`,
    '  constructor(scope: Construct, id: string, props: ChartProps = {}) {',
    '    super(scope, id, props);',
    ...(stmts.length ? [renderStatements(stmts)] : []),
    '  }',
    '}',
    '',
  ].join('\n');
}

export const IMPORT_USAGE = `Usage:
  cdk8s-secure import [--out FILE] [--class NAME] <file|dir|->...
                              turn Kubernetes YAML into a TypeScript cdk8s chart of secure constructs
                              (SecureDeployment, SecureStatefulSet, SecureJob, SecureCronJob,
                              SecureDaemonSet); NetworkPolicies between workloads become allowFrom()
                              flows; what the constructs cannot express stays a plain ApiObject; every
                              setting weaker than the secure defaults becomes a suppression with the
                              reason "TODO: reason"; literal credentials become TODO_RESOLVE_*
                              identifiers that stop compilation until resolved

Options:
  --out <file>                write the chart to this file (default: stdout)
  --class <Name>              name of the exported chart class (default: ImportedChart)

Exit codes: 0 written, 2 usage or input error (nothing is written).
`;

type ObjectSink = (obj: Record<string, any>, file: string, documentIndex: number) => void;
type ReadInputs = (positionals: string[], io: Io, onObject: ObjectSink) => Promise<{ inputErrors: number; files: number }>;

/** `cdk8s-secure import`. Reads the inputs the way `check` does; writes nothing when an input is bad. */
export async function importCommand(argv: string[], io: Io, readInputs: ReadInputs): Promise<number> {
  const usageError = (m: string) => {
    io.stderr(`cdk8s-secure: ${escapeText(m)}\n\n${IMPORT_USAGE}`);
    return EXIT_USAGE;
  };
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, strict: true, options: { out: { type: 'string' }, class: { type: 'string', default: 'ImportedChart' } } });
  } catch (e) {
    return usageError((e as Error).message);
  }
  const { values, positionals } = parsed;
  const className = values.class!;
  if (!CLASS_NAME.test(className)) return usageError(`--class must be a TypeScript class name such as ImportedChart (got "${className}")`);
  if (positionals.length === 0) return usageError('import needs at least one file, directory or - (standard input)');
  const objects: InputObject[] = [];
  const { inputErrors } = await readInputs(positionals, io, (obj, file, documentIndex) => objects.push({ obj, file, documentIndex }));
  if (inputErrors > 0) {
    io.stderr(`cdk8s-secure: ${inputErrors} input error(s): nothing imported\n`);
    return EXIT_USAGE;
  }
  const sources = [...new Set(objects.map(o => o.file))];
  let result: ImportResult;
  try {
    result = importObjects(objects, className, sources.length ? sources : positionals);
  } catch (e) {
    // cdk8s cannot hold some objects (e.g. a key named "constructor" in a ConfigMap's data): one line, nothing written.
    io.stderr(`cdk8s-secure: error: cannot import: ${escapeText(firstLine((e as Error).message))}\n`);
    return EXIT_USAGE;
  }
  if (values.out !== undefined) {
    try {
      fs.mkdirSync(path.dirname(values.out), { recursive: true });
      fs.writeFileSync(values.out, result.code);
    } catch (e) {
      io.stderr(`cdk8s-secure: error: ${escapeText(values.out)}: cannot write the chart: ${escapeText((e as Error).message)}\n`);
      return EXIT_USAGE;
    }
    io.stderr(`cdk8s-secure: wrote ${escapeText(values.out)}: ${objects.length} object(s)\n`);
  } else {
    io.stdout(result.code);
  }
  for (const n of result.notes) io.stderr(`cdk8s-secure: note: ${escapeText(n)}\n`);
  for (const t of result.todos) io.stderr(`cdk8s-secure: todo: ${escapeText(t)}\n`);
  if (result.remaining.length) io.stderr(`cdk8s-secure: note: check still reports ${result.remaining.length} finding(s) on the imported chart (listed in its header)\n`);
  return EXIT_CLEAN;
}
