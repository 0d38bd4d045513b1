import { ApiObject, Chart, Cron, Duration, JsonPatch, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { Suppressions } from '../checks/suppressions';
import { SecureCronJob } from '../workloads/secure-cron-job';
import { SecureDaemonSet } from '../workloads/secure-daemon-set';
import { SecureDeployment } from '../workloads/secure-deployment';
import { SecureJob } from '../workloads/secure-job';
import { SecureStatefulSet } from '../workloads/secure-stateful-set';

/**
 * The code `import` writes, as a small expression tree. The same tree is rendered to TypeScript and
 * built in memory (with the real constructs), so the suppressions the file carries are the ones its own
 * synthesized output needs. Input text only ever reaches the code through `lit` (JSON.stringify) and
 * through identifiers made of [A-Za-z0-9_]; callees come from a fixed table, never from the input.
 */
export type Expr =
  | { readonly t: 'lit'; readonly v: string | number | boolean | null }
  | { readonly t: 'arr'; readonly items: readonly Expr[] }
  | { readonly t: 'obj'; readonly props: ReadonlyArray<readonly [string, Expr]> }
  | { readonly t: 'call'; readonly fn: Callee; readonly args: readonly Expr[] }
  | { readonly t: 'new'; readonly cls: Callee; readonly args: readonly Expr[] }
  | { readonly t: 'method'; readonly target: string; readonly name: string; readonly args: readonly Expr[] }
  /** `ApiObject.of(<target>).addJsonPatch(JsonPatch.add(<path>, <value>))`: a field the constructs do not model, kept verbatim. */
  | { readonly t: 'patch'; readonly target: string; readonly path: string; readonly value: Expr }
  | { readonly t: 'this' }
  | { readonly t: 'ref'; readonly name: string }
  | { readonly t: 'enum'; readonly path: string; readonly value: unknown }
  /** An undeclared identifier: the file does not compile until a person replaces it. `standIn` is built instead. */
  | { readonly t: 'todo'; readonly ident: string; readonly standIn: Expr };

/** What the generated code may call or construct, and what each one is in memory. */
const CALLEES = {
  'new SecureDeployment': SecureDeployment,
  'new SecureStatefulSet': SecureStatefulSet,
  'new SecureJob': SecureJob,
  'new SecureCronJob': SecureCronJob,
  'new SecureDaemonSet': SecureDaemonSet,
  'new ApiObject': ApiObject,
  'new kplus.Service': kplus.Service,
  'Suppressions.add': Suppressions.add,
  'JsonPatch.add': JsonPatch.add,
  'ApiObject.of': ApiObject.of,
  'Duration.seconds': Duration.seconds,
  'Size.kibibytes': Size.kibibytes,
  'Size.mebibytes': Size.mebibytes,
  'Size.gibibytes': Size.gibibytes,
  'Cron.schedule': Cron.schedule,
  'kplus.Cpu.millis': kplus.Cpu.millis,
  'kplus.EnvValue.fromValue': kplus.EnvValue.fromValue,
  'kplus.EnvValue.fromSecretValue': kplus.EnvValue.fromSecretValue,
  'kplus.EnvValue.fromConfigMap': kplus.EnvValue.fromConfigMap,
  'kplus.EnvValue.fromFieldRef': kplus.EnvValue.fromFieldRef,
  'kplus.EnvValue.fromResource': kplus.EnvValue.fromResource,
  'kplus.Env.fromConfigMap': kplus.Env.fromConfigMap,
  'kplus.Env.fromSecret': kplus.Env.fromSecret,
  'kplus.Secret.fromSecretName': kplus.Secret.fromSecretName,
  'kplus.ConfigMap.fromConfigMapName': kplus.ConfigMap.fromConfigMapName,
  'kplus.PersistentVolumeClaim.fromClaimName': kplus.PersistentVolumeClaim.fromClaimName,
  'kplus.ServiceAccount.fromServiceAccountName': kplus.ServiceAccount.fromServiceAccountName,
  'kplus.Volume.fromEmptyDir': kplus.Volume.fromEmptyDir,
  'kplus.Volume.fromConfigMap': kplus.Volume.fromConfigMap,
  'kplus.Volume.fromSecret': kplus.Volume.fromSecret,
  'kplus.Volume.fromPersistentVolumeClaim': kplus.Volume.fromPersistentVolumeClaim,
  'kplus.Volume.fromHostPath': kplus.Volume.fromHostPath,
  'kplus.Probe.fromHttpGet': kplus.Probe.fromHttpGet,
  'kplus.Probe.fromTcpSocket': kplus.Probe.fromTcpSocket,
  'kplus.Probe.fromCommand': kplus.Probe.fromCommand,
  'kplus.NetworkPolicyPort.tcp': kplus.NetworkPolicyPort.tcp,
  'kplus.NetworkPolicyPort.udp': kplus.NetworkPolicyPort.udp,
  'kplus.NetworkPolicyPort.allTcp': kplus.NetworkPolicyPort.allTcp,
  'kplus.NetworkPolicyIpBlock.ipv4': kplus.NetworkPolicyIpBlock.ipv4,
  'kplus.Pods.select': kplus.Pods.select,
  'kplus.Namespaces.select': kplus.Namespaces.select,
  'kplus.NetworkPolicyIpBlock.ipv6': kplus.NetworkPolicyIpBlock.ipv6,
} as const;

export type Callee = keyof typeof CALLEES;

/** Static methods that must be called on their class (they use `this`). */
const BOUND: Record<string, unknown> = {
  'Suppressions.add': Suppressions, 'JsonPatch.add': JsonPatch, 'ApiObject.of': ApiObject,
};

export const lit = (v: string | number | boolean | null): Expr => ({ t: 'lit', v });
export const arr = (items: readonly Expr[]): Expr => ({ t: 'arr', items });
export const obj = (props: ReadonlyArray<readonly [string, Expr | undefined]>): Expr =>
  ({ t: 'obj', props: props.filter((p): p is [string, Expr] => p[1] !== undefined) });
export const call = (fn: Callee, ...args: Expr[]): Expr => ({ t: 'call', fn, args });
export const construct = (cls: Callee, ...args: Expr[]): Expr => ({ t: 'new', cls, args });
export const method = (target: string, name: 'allowFrom' | 'connectTo' | 'grant', ...args: Expr[]): Expr => ({ t: 'method', target, name, args });
export const patch = (target: string, path: string, value: Expr): Expr => ({ t: 'patch', target, path, value });
export const THIS: Expr = { t: 'this' };
export const ref = (name: string): Expr => ({ t: 'ref', name });
export const todo = (ident: string, standIn: Expr): Expr => ({ t: 'todo', ident, standIn });
/** A member of an enum the generated file imports, e.g. `kplus.Protocol.UDP`. `value` is what it is in memory. */
export const enumMember = (path: string, value: unknown): Expr => ({ t: 'enum', path, value });

/** A plain JSON value as an expression (object keys and strings through JSON.stringify). */
export function json(v: unknown): Expr {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return lit(v);
  if (typeof v === 'number') return lit(Number.isFinite(v) ? v : null);
  if (Array.isArray(v)) return arr(v.map(json));
  if (typeof v === 'object') return obj(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, json(x)] as const));
  return lit(null);
}

/** One line of the chart's constructor. */
export interface Stmt {
  /** `const <name> = <expr>;` when set, else `<expr>;`. */
  readonly name?: string;
  readonly expr?: Expr;
  /** Comment lines before the statement (escaped when rendered). */
  readonly comment?: readonly string[];
  /** A bare undeclared identifier statement that stops compilation (a setting the constructs refuse). */
  readonly stop?: string;
}

/** A string literal: JSON.stringify, and every character outside printable ASCII as a \u escape. */
export function quote(s: string): string {
  return asciiOnly(JSON.stringify(s));
}

function asciiOnly(s: string): string {
  return s.replace(/[^\x20-\x7e]/g, c => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Text safe inside a `//` comment: printable ASCII only, so no line break can end it early. */
export function commentText(s: string): string {
  return asciiOnly(s.replace(/[\r\n\u2028\u2029\u0085]+/g, ' '));
}

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

function key(k: string): string {
  // `__proto__: v` in an object literal sets the prototype instead of a key: a computed key makes it data.
  if (k === '__proto__') return `[${quote(k)}]`;
  return IDENT.test(k) ? k : quote(k);
}

const WIDTH = 110;

/** Renders an expression at `indent` (2 spaces per level). */
export function render(e: Expr, indent = 0, expand = false): string {
  const pad = '  '.repeat(indent + 1);
  const end = '  '.repeat(indent);
  switch (e.t) {
    case 'lit': return typeof e.v === 'string' ? quote(e.v) : String(e.v);
    case 'this': return 'this';
    case 'ref': return e.name;
    case 'todo': return e.ident;
    case 'enum': return e.path;
    case 'arr': {
      if (e.items.length === 0) return '[]';
      const inline = `[${e.items.map(i => render(i, indent)).join(', ')}]`;
      if (!expand && inline.length <= WIDTH - indent * 2 && !inline.includes('\n')) return inline;
      return `[\n${e.items.map(i => `${pad}${render(i, indent + 1)},\n`).join('')}${end}]`;
    }
    case 'obj': {
      if (e.props.length === 0) return '{}';
      const inline = `{ ${e.props.map(([k, v]) => `${key(k)}: ${render(v, indent)}`).join(', ')} }`;
      if (!expand && inline.length <= WIDTH - indent * 2 && !inline.includes('\n')) return inline;
      return `{\n${e.props.map(([k, v]) => `${pad}${key(k)}: ${render(v, indent + 1)},\n`).join('')}${end}}`;
    }
    case 'patch': return `ApiObject.of(${e.target}).addJsonPatch(JsonPatch.add(${quote(e.path)}, ${render(e.value, indent)}))`;
    case 'call':
    case 'new':
    case 'method': {
      const head = e.t === 'call' ? e.fn : e.t === 'new' ? e.cls : `${e.target}.${e.name}`;
      const args = e.args.map(a => render(a, indent));
      const inline = `${head}(${args.join(', ')})`;
      // Too long on one line: the last argument (props) may span lines; with more than that, one argument per line.
      if (inline.split('\n')[0].length <= WIDTH - indent * 2) return inline;
      const last = e.args[e.args.length - 1];
      if (last && (last.t === 'obj' || last.t === 'arr') && (last.t === 'obj' ? last.props.length : last.items.length) > 0) {
        const lead = `${head}(${[...args.slice(0, -1), ''].join(', ')}`;
        if (lead.length <= WIDTH - indent * 2 && !lead.includes('\n')) return `${lead}${render(last, indent, true)})`;
      }
      return `${head}(\n${e.args.map(a => `${pad}${render(a, indent + 1)},\n`).join('')}${end})`;
    }
  }
}

/** Renders the statements as the body of a constructor (indent 2). */
export function renderStatements(stmts: readonly Stmt[]): string {
  const out: string[] = [];
  // A variable nobody reads is not declared (noUnusedLocals): the construct is created as a statement.
  const { readVars } = usage(stmts);
  for (const s of stmts) {
    for (const c of s.comment ?? []) out.push(`    // ${commentText(c)}`);
    if (s.stop !== undefined) out.push(`    ${s.stop};`);
    if (s.expr) out.push(`    ${s.name && readVars.has(s.name) ? `const ${s.name} = ` : ''}${render(s.expr, 2)};`);
  }
  return out.join('\n');
}

/** Builds the statements in memory, in a chart; returns the variables they declared. */
export function materialize(chart: Chart, stmts: readonly Stmt[]): Map<string, unknown> {
  const vars = new Map<string, unknown>();
  const build = (e: Expr): unknown => {
    switch (e.t) {
      case 'lit': return e.v;
      case 'this': return chart;
      case 'ref': {
        if (!vars.has(e.name)) throw new Error(`internal: ${e.name} used before it is declared`);
        return vars.get(e.name);
      }
      case 'todo': return build(e.standIn);
      case 'enum': return e.value;
      case 'arr': return e.items.map(build);
      case 'obj': return Object.fromEntries(e.props.map(([k, v]) => [k, build(v)]));
      case 'call': return (CALLEES[e.fn] as (...a: unknown[]) => unknown).apply(BOUND[e.fn], e.args.map(build));
      case 'new': return new (CALLEES[e.cls] as unknown as new (...a: unknown[]) => unknown)(...e.args.map(build));
      case 'patch': return ApiObject.of(vars.get(e.target) as Construct).addJsonPatch(JsonPatch.add(e.path, build(e.value)));
      case 'method': {
        const target = vars.get(e.target) as Record<string, (...a: unknown[]) => unknown>;
        return target[e.name](...e.args.map(build));
      }
    }
  };
  for (const s of stmts) {
    if (!s.expr) continue;
    const v = build(s.expr);
    if (s.name) vars.set(s.name, v);
  }
  return vars;
}

/** The construct a statement declared, if it is one. */
export function asConstruct(v: unknown): Construct | undefined {
  return v instanceof Construct ? v : undefined;
}

/** Every expression of the statements, depth first. */
function* walk(stmts: readonly Stmt[]): Generator<Expr> {
  const stack: Expr[] = stmts.flatMap(s => (s.expr ? [s.expr] : [])).reverse();
  while (stack.length) {
    const e = stack.pop()!;
    yield e;
    const kids: readonly Expr[] = e.t === 'arr' ? e.items : e.t === 'obj' ? e.props.map(p => p[1]) : (e.t === 'call' || e.t === 'new' || e.t === 'method') ? e.args
      // A TODO's stand-in is what a person writes in its place: its imports are needed once it is resolved.
      : e.t === 'todo' ? [e.standIn] : e.t === 'patch' ? [e.value] : [];
    for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]);
  }
}

/** The top-level names the statements use (for the import lines), and the variables they read. */
export function usage(stmts: readonly Stmt[]): { symbols: Set<string>; readVars: Set<string> } {
  const symbols = new Set<string>();
  const readVars = new Set<string>();
  for (const e of walk(stmts)) {
    if (e.t === 'call') symbols.add(e.fn.split('.')[0]);
    if (e.t === 'new') symbols.add(e.cls.slice(4).split('.')[0]);
    if (e.t === 'enum') symbols.add(e.path.split('.')[0]);
    if (e.t === 'patch') { symbols.add('ApiObject'); symbols.add('JsonPatch'); readVars.add(e.target); }
    if (e.t === 'ref') readVars.add(e.name);
    if (e.t === 'method') readVars.add(e.target);
  }
  return { symbols, readVars };
}
