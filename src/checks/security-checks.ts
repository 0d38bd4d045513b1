import * as fs from 'fs';
import { ApiObject, App, Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
import { SecureError } from '../_errors';
import { escapeText } from '../_text';
import { CustomRuleError, RuleFailures, toEngineRule, validateCustomRules } from './_custom-rules';
import { PodKindError, PodKinds } from './_pod';
import { profileFindings, profileOptionsProblem, profileProblem, withProfile } from './_profiles';
import { SUPPRESSIONS_ANNOTATION } from './_suppression-annotation';
import { SuppressionFile, SuppressionFileError } from './_suppression-file';
import { isManifestRule, RULES } from './catalog';
import { ICustomRule } from './custom-rule';
import { CheckerOptions, CheckSession, failing } from './engine';
import { Finding, Severity } from './finding';
import { formatText } from './formatters/text';
import { Profile } from './profile';
import { Suppressions } from './suppressions';

/** True when the object's metadata carries the suppressions annotation (without serializing the object). */
function hasSuppressionAnnotation(c: ApiObject): boolean {
  // cdk8s keeps annotations in a private map; read it when it has that shape, else serialize the metadata.
  const own = (c.metadata as unknown as { annotations?: Record<string, unknown> }).annotations;
  const annotations = own !== undefined && typeof own === 'object' ? own : c.metadata.toJson().annotations;
  return annotations?.[SUPPRESSIONS_ANNOTATION] !== undefined;
}

/**
 * Options for synth-time checks.
 */
export interface SecurityChecksOptions extends CheckerOptions {
  /**
   * Findings at or above this severity fail synthesis.
   * @default Severity.ERROR
   */
  readonly failOn?: Severity;
  /**
   * Print findings below `failOn` (warnings, info) and suppressed findings to stderr during synth.
   * @default true
   */
  readonly reportBelowThreshold?: boolean;
  /**
   * A YAML suppression file for objects you do not own (the same format as `cdk8s-secure check
   * --suppressions`): entries with a rule id, a match on kind / namespace / name (globs), a reason and an
   * optional expiry. Read once, when checks are turned on; a malformed file throws (CSE002). Entries that
   * match nothing are CS001 findings, expired ones CS002, as for annotations.
   * @default - no suppression file
   */
  readonly suppressionsFile?: string;
  /**
   * A named set of rules and severities: `Profile.PSS_BASELINE` / `PSS_RESTRICTED` run only the Pod Security
   * Standards controls, `STRICT` makes every finding an error and requires digests and `allowedRegistries`.
   * An unknown profile, or strict without allowedRegistries, throws (CSE003).
   * @default Profile.RECOMMENDED (every rule at its own severity)
   */
  readonly profile?: Profile;
  /**
   * Custom rules of the app (see `ICustomRule`, `CustomPodRule`, `CustomObjectRule`): run with the
   * catalog, reported in every format, suppressible by their ids. Ids need their own prefix (not `CS`); bad
   * metadata throws (CSE004). A rule that throws fails synthesis with one line naming it, and never hides
   * the findings of other rules.
   * @default - the catalog only
   */
  readonly rules?: ICustomRule[];
}

const ENABLED = new WeakMap<IConstruct, SecurityChecks>();

/**
 * One synthesis (one call of `app.synth()`, `app.synthYaml()` or `chart.toJson()` on a scope with checks
 * on). cdk8s validates the whole app before it serializes, and `synthYaml` validates once more per chart;
 * within one synthesis the construct tree no longer changes, so the checks' verdict is reused and each
 * object they serialized hands that same JSON to the writer instead of being serialized a second time.
 * What is written is then exactly what was checked. Everything is undone when the synthesis returns or
 * throws, so a later synthesis sees later changes.
 */
class SynthPass {
  public readonly verdicts = new Map<SecurityChecks, string[]>();
  private readonly reused: ApiObject[] = [];

  public serialize(c: ApiObject): any {
    const json = c.toJson();
    if (!Object.prototype.hasOwnProperty.call(c, 'toJson')) {
      Object.defineProperty(c, 'toJson', { value: () => json, configurable: true, writable: true, enumerable: false });
      this.reused.push(c);
    }
    return json;
  }

  public end(): void {
    for (const c of this.reused) delete (c as { toJson?: unknown }).toJson;
  }
}

const PASSES = new WeakMap<IConstruct, SynthPass>();
const WRAPPED = new WeakSet<object>();

/** Makes `target[method]` (a synthesis entry point) run as one pass for the tree under `root`. */
function asOnePass(target: any, method: 'synth' | 'synthYaml' | 'toJson', root: IConstruct): void {
  const original = target[method];
  if (typeof original !== 'function' || WRAPPED.has(original)) return;
  const wrapped = function (this: unknown, ...args: unknown[]) {
    if (PASSES.has(root)) return original.apply(this, args);
    const pass = new SynthPass();
    PASSES.set(root, pass);
    try {
      return original.apply(this, args);
    } finally {
      PASSES.delete(root);
      pass.end();
    }
  };
  WRAPPED.add(wrapped);
  Object.defineProperty(target, method, { value: wrapped, configurable: true, writable: true, enumerable: false });
}

/**
 * The checker options of the nearest scope (from `scope` up) with checks turned on, so constructs can
 * apply a chart-wide registry allow-list or digest requirement at construction.
 * @internal
 */
export function checkerOptionsFor(scope: IConstruct): CheckerOptions {
  for (const s of [...scope.node.scopes].reverse()) {
    const checks = ENABLED.get(s);
    if (checks) return checks._options;
  }
  return {};
}

/**
 * Runs the rule catalog over the synthesized objects of an app or chart, at synth time.
 *
 * `SecurityChecks.of(app)` (or of one chart) is the one line that turns it on: `cdk8s synth`,
 * `app.synth()`, `Testing.synth(chart)` and `chart.toJson()` then fail on findings at or above
 * `failOn`, with a report naming construct path, rule id, field and fix. It checks the final JSON, so
 * plain cdk8s L1 objects, cdk8s-plus constructs, and JSON patches are checked the same way.
 *
 * Within one `app.synth()`, `app.synthYaml()` or (for charts that exist when checks are turned on)
 * `chart.toJson()`, the objects are checked once and the JSON that was checked is the JSON written: no
 * object is serialized twice. A later synthesis checks and serializes afresh.
 */
export class SecurityChecks {
  /**
   * Turns checks on for everything under `scope` (an App or a Chart). Calling it again on the same
   * scope returns the same instance (its options are those of the first call).
   */
  public static of(scope: IConstruct, options: SecurityChecksOptions = {}): SecurityChecks {
    let checks = ENABLED.get(scope);
    if (!checks) {
      checkProfile(scope, options);
      checkCustomRules(scope, options);
      checkPodKinds(scope, options);
      checks = new SecurityChecks(scope, withProfile(options, options.profile), loadSuppressionFile(scope, options.suppressionsFile));
      ENABLED.set(scope, checks);
    }
    return checks;
  }

  /**
   * The findings for everything under `scope`, without failing. Works whether or not checks are on.
   */
  public static findings(scope: IConstruct, options: CheckerOptions = {}): Finding[] {
    return collectFindings(scope, options);
  }

  /**
   * Throws, with a readable report, when `scope` has unsuppressed findings at or above `failOn`
   * (default: error). Meant for an app's own tests:
   * `SecurityChecks.assertNoFindings(chart)` next to `expect(Testing.synth(chart)).toMatchSnapshot()`.
   */
  public static assertNoFindings(scope: IConstruct, options: SecurityChecksOptions = {}): void {
    checkProfile(scope, options);
    checkCustomRules(scope, options);
    checkPodKinds(scope, options);
    const failures = new RuleFailures();
    const file = loadSuppressionFile(scope, options.suppressionsFile);
    const all = collectFindings(scope, withProfile(options, options.profile), undefined, file, failures);
    const bad = failing(all, options.failOn ?? Severity.ERROR);
    if (bad.length > 0 || failures.size > 0) {
      const failed = failures.lines().map(l => `${escapeText(l)}\n`).join('');
      throw new Error(`cdk8s-secure: ${bad.length} finding(s) at or above ${options.failOn ?? Severity.ERROR} under ${scope.node.path || '(app)'}\n${failed}\n${formatText(bad)}`);
    }
  }

  private lastReport?: string;

  /** @internal */
  public readonly _options: SecurityChecksOptions;

  private constructor(private readonly scope: IConstruct, options: SecurityChecksOptions, private readonly suppressionFile?: SuppressionFile) {
    this._options = options;
    scope.node.addValidation({ validate: () => this.validate() });
    // The synthesis entry points of the app, and of the charts that exist now, run as one pass (see SynthPass).
    const root = scope.node.root;
    if (root instanceof App) {
      asOnePass(root, 'synth', root);
      asOnePass(root, 'synthYaml', root);
    }
    for (const c of scope.node.findAll()) {
      if (Chart.isChart(c)) asOnePass(c, 'toJson', root);
    }
  }

  private validate(): string[] {
    const pass = PASSES.get(this.scope.node.root);
    const known = pass?.verdicts.get(this);
    if (known) return known;
    const verdict = this.check(pass);
    pass?.verdicts.set(this, verdict);
    return verdict;
  }

  private check(pass: SynthPass | undefined): string[] {
    const failures = new RuleFailures();
    const all = collectFindings(this.scope, this._options, pass, this.suppressionFile, failures);
    const threshold = this._options.failOn ?? Severity.ERROR;
    const bad = failing(all, threshold);
    const rest = all.filter(f => !bad.includes(f));
    if ((this._options.reportBelowThreshold ?? true) && rest.length > 0) {
      const report = belowThresholdSummary(rest, threshold);
      if (report !== this.lastReport) {
        this.lastReport = report;
        process.stderr.write(report);
      }
    }
    const e = escapeText;
    return [...failures.lines().map(e), ...bad.map(f => `${e(f.ruleId)} ${e(f.title)} [${e(f.source.constructPath ?? f.source.file ?? '')}] ${e(f.object.kind)}/${e(f.object.name ?? '')}: ${e(f.message)} at ${e(f.path)}. Fix: ${e(f.fix)}`)];
  }
}

/**
 * What synth prints about findings that do not fail it: one line per rule (with a count, the number of
 * objects and one example), and one line per rule and reason for suppressed findings. A thousand workloads
 * with the same warning are one line, not a thousand blocks; `SecurityChecks.findings(scope)` has them all.
 */
function belowThresholdSummary(rest: Finding[], threshold: Severity): string {
  const e = escapeText;
  const group = (list: Finding[], key: (f: Finding) => string) => {
    const groups = new Map<string, Finding[]>();
    for (const f of list) {
      const k = key(f);
      const g = groups.get(k);
      if (g) g.push(f);
      else groups.set(k, [f]);
    }
    return [...groups.values()];
  };
  const objects = (list: Finding[]) => new Set(list.map(f => f.source.constructPath ?? `${f.object.kind}/${f.object.namespace}/${f.object.name}`)).size;
  const lines: string[] = [];
  const active = rest.filter(f => !f.suppressed);
  if (active.length > 0) {
    lines.push(`cdk8s-secure: ${active.length} finding(s) below the ${threshold} threshold, by rule (SecurityChecks.findings(scope) lists them):`);
    const order = [Severity.ERROR, Severity.WARNING, Severity.INFO];
    const groups = group(active, f => `${f.severity}\u0000${f.ruleId}`)
      .sort((a, b) => order.indexOf(a[0].severity) - order.indexOf(b[0].severity) || a[0].ruleId.localeCompare(b[0].ruleId));
    for (const g of groups) {
      const f = g[0];
      const example = f.source.constructPath ?? `${f.object.kind} ${f.object.name ?? ''}`;
      lines.push(`  ${e(f.ruleId)} ${f.severity.padEnd(7)}  ${g.length} finding(s) on ${objects(g)} object(s): ${e(f.title)} (e.g. ${e(example)})`);
    }
  }
  const suppressed = rest.filter(f => f.suppressed);
  if (suppressed.length > 0) {
    lines.push(`cdk8s-secure: ${suppressed.length} suppressed finding(s), by rule and reason:`);
    for (const g of group(suppressed, f => `${f.ruleId}\u0000${f.suppressed!.reason}`)) {
      const f = g[0];
      lines.push(`  ${e(f.ruleId)} ${g.length} finding(s) on ${objects(g)} object(s), reason: ${e(f.suppressed!.reason)}${f.suppressed!.expires ? ` (until ${e(f.suppressed!.expires)})` : ''}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** The findings under `scope`; within a synthesis, serialized through its pass. */
function collectFindings(scope: IConstruct, options: SecurityChecksOptions, pass?: SynthPass, file?: SuppressionFile,
  failures: RuleFailures = new RuleFailures()): Finding[] {
  Suppressions.apply(scope);
  const custom = (options.rules ?? []).map(r => toEngineRule(r, failures));
  const pods = checkPodKinds(scope, options);
  const session = new CheckSession({ ...options, extraRules: custom });
  const inspected = new Map<string, boolean>();
  for (const c of scope.node.findAll()) {
    if (!ApiObject.isApiObject(c)) continue;
    // Serializing is most of the cost: an object no rule inspects and that carries no suppression cannot
    // produce a finding, so it is not serialized for the check.
    const key = `${c.apiVersion}/${c.kind}`;
    if (!inspected.has(key)) {
      const applies = (r: { appliesTo(kind: string, apiVersion?: string): boolean }) => r.appliesTo(c.kind, c.apiVersion);
      const read = RULES.some(r => r.scope === 'set' && r.reads?.(c.kind, c.apiVersion) === true);
      inspected.set(key, pods.has(c.kind, c.apiVersion) || RULES.some(applies) || read || custom.some(applies));
    }
    if (!inspected.get(key) && !hasSuppressionAnnotation(c)) continue;
    session.add(pass ? pass.serialize(c) : c.toJson(), { constructPath: c.node.path });
  }
  const findings = profileFindings(session.finish(), options.profile);
  return file ? file.apply(findings, options.today ?? new Date().toISOString().slice(0, 10)) : findings;
}

/** Custom rules with bad metadata, an id without its own prefix, or an id given twice: CSE004. */
function checkCustomRules(scope: IConstruct, options: SecurityChecksOptions): void {
  if (options.rules === undefined) return;
  try {
    validateCustomRules(options.rules);
  } catch (e) {
    if (!(e instanceof CustomRuleError)) throw e;
    throw new SecureError('CSE004', scope.node.path, `SecurityChecks: custom ${e.message}. Give each rule info (id with its own prefix, title, severity, description, rationale, fix, references), appliesTo and check.`);
  }
}

/** A pod kind declaration with a bad kind, group or path, or a kind that is built in: CSE005. */
function checkPodKinds(scope: IConstruct, options: CheckerOptions): PodKinds {
  try {
    return PodKinds.with(options.podKinds);
  } catch (e) {
    if (!(e instanceof PodKindError)) throw e;
    throw new SecureError('CSE005', scope.node.path, `SecurityChecks: podKinds: ${e.message}. Declare each kind once, as { kind, group?, podSpecPath } with a dotted path such as spec.template.spec.`);
  }
}

/** An unknown profile (from JavaScript or a config file), or strict without a registry allow-list: CSE003. */
function checkProfile(scope: IConstruct, options: SecurityChecksOptions): void {
  const problem = options.profile === undefined ? undefined
    : profileProblem(options.profile) ?? profileOptionsProblem(options.profile, options.allowedRegistries);
  if (problem) {
    throw new SecureError('CSE003', scope.node.path, `SecurityChecks: ${problem}. Pass one of the Profile values; for Profile.STRICT also allowedRegistries.`);
  }
}

/** Reads a suppression file for synth-time checks; a bad file is a SecureError naming the file and the problem. */
function loadSuppressionFile(scope: IConstruct, file: string | undefined): SuppressionFile | undefined {
  if (file === undefined) return undefined;
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw new SecureError('CSE002', scope.node.path, `SecurityChecks: suppressionsFile "${file}" cannot be read (${err.code === 'ENOENT' ? 'no such file' : err.message}). Give the path of a YAML suppression file, relative to the directory synth runs in.`);
  }
  try {
    return SuppressionFile.parse(text, file, isManifestRule);
  } catch (e) {
    if (!(e instanceof SuppressionFileError)) throw e;
    throw new SecureError('CSE002', scope.node.path, `SecurityChecks: suppressionsFile "${file}": ${e.message}. Fix the entry (see the README, "Suppression files").`);
  }
}
