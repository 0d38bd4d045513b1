import { Interner } from './_multimap';
import { FieldPath, formatPath, isRecord } from './_path';
import { PodKindError, PodKinds } from './_pod';
import { Held, RawFinding, Rule, RuleContext, SetRule, StreamCheck, StreamRule } from './_rule';
import { isExpired, ParsedSuppression, parseSuppressions, SUPPRESSIONS_ANNOTATION } from './_suppression-annotation';
import { isManifestRule, RULES } from './catalog';
import { Finding, ObjectRef, RuleInfo, Severity, SourceLocation } from './finding';
import { PodKindDeclaration } from './pod-kind';
import { expiredSuppression, invalidSuppression, unusedSuppression } from './rules/meta/suppression-rules';
import { pssVersionProblem } from './rules/pss/_version';

/**
 * Options of the checker, shared by synth-time checks and the CLI.
 */
export interface CheckerOptions {
  /**
   * Registries (host, or host/path prefix) images may come from. Rule CS209 fails for any other.
   * @default - any registry
   */
  readonly allowedRegistries?: string[];
  /**
   * Require every image to be pinned by digest: rule CS208 becomes an error.
   * @default false
   */
  readonly requireDigests?: boolean;
  /**
   * The Pod Security Standards release whose admission semantics the PSS rules (CS101-CS127) apply:
   * `v1.30` ... `v1.37`, or `latest`. Use the release of your cluster's API server; the README "Rules"
   * section lists what differs between releases. An unknown release throws.
   * @default - PSS_LATEST_VERSION (`latest`)
   */
  readonly pssVersion?: string;
  /**
   * Rule ids not to run at all. Prefer a suppression with a reason on the object: it is recorded in
   * the manifest and reported.
   * @default - every rule runs
   */
  readonly disabledRules?: string[];
  /**
   * Custom resource kinds that carry a pod, besides the built-in ones (workload kinds, Argo Rollouts,
   * prometheus-operator Prometheus / Alertmanager / ThanosRuler): every pod rule checks them, and `images`
   * and `graph` list them. A kind, group or path that is not valid, or a kind that is built in, throws.
   * @default - the built-in kinds only
   */
  readonly podKinds?: PodKindDeclaration[];
  /**
   * The date suppression expiry is compared with, as YYYY-MM-DD.
   * @default - today (UTC)
   */
  readonly today?: string;
}

/**
 * Options of a streaming session.
 * @internal
 */
export interface SessionOptions extends CheckerOptions {
  /**
   * Copy what cross-object rules keep of each object. Needed when objects come from a parser whose
   * strings are slices of the whole document text (the CLI); not for objects built in memory.
   */
  readonly copyKeptValues?: boolean;
  /** Rules to run besides the catalog (custom rules of the app), suppressible by their ids. */
  readonly extraRules?: readonly Rule[];
  /**
   * The only kinds the session will be given, when the caller knows them in advance (the construction-time
   * check of one workload). A set or stream rule that can report on none of them (`appliesTo`) could only
   * keep summaries that never become findings, so it is not run; `add` refuses any other kind.
   */
  readonly kinds?: ReadonlyArray<{ readonly kind: string; readonly apiVersion: string }>;
}

/** Resolves a field path to a line and column in the source, when known. */
export type Locator = (path: FieldPath) => { line: number; column: number } | undefined;

interface PendingObject {
  ref: ObjectRef;
  /** True once `ref` no longer shares strings with the parsed document. */
  detached?: boolean;
  readonly source: SourceLocation;
  locate?: Locator;
  /** Location kept for findings raised after the object was added. */
  keptLoc?: { line: number; column: number };
  readonly suppressions: ParsedSuppression[];
  /** Indexes of the suppressions that matched a finding (created on first use). */
  used?: Set<number>;
}

/** What a `Held` handle is inside the engine. */
interface HeldFinding {
  readonly o: PendingObject;
  readonly loc?: { line: number; column: number };
}

const ANNOTATION_PATH: FieldPath = ['metadata', 'annotations', SUPPRESSIONS_ANNOTATION];

const SEVERITY_RANK: Record<Severity, number> = { [Severity.INFO]: 0, [Severity.WARNING]: 1, [Severity.ERROR]: 2 };

/** True when `s` is at or above `threshold`. */
export function atOrAbove(s: Severity, threshold: Severity): boolean {
  return SEVERITY_RANK[s] >= SEVERITY_RANK[threshold];
}

/** What a session derives from its rule options alone: which rules run, and per kind which can report on it. */
interface Plan {
  /** The rules that are on (before `kinds` narrowed the run): a suppression of one of them that matches nothing is reported. */
  readonly enabledIds: ReadonlySet<string>;
  readonly rules: Rule[];
  readonly setRules: SetRule[];
  /** By `apiVersion\u0000kind`: the object rules that apply to it, and every set and stream rule (filled as kinds come). */
  readonly byKind: Map<string, Rule[]>;
}

/**
 * Plans of sessions that run the catalog alone with the built-in pod kinds, by disabled rules and kinds. The
 * construction-time check opens a session per workload, all with the same options: the rule lists are
 * worked out once. Only the catalog's own rules are shared; their `appliesTo` reads the kind, the API
 * version and the pod kinds, nothing else. Bounded, as a long-lived process may vary the options.
 */
const PLANS = new Map<string, Plan>();
const MAX_PLANS = 64;

function planFor(disabledRules: readonly string[], extra: readonly Rule[], kinds: SessionOptions['kinds'], ctx: RuleContext): Plan {
  const shared = extra.length === 0 && ctx.pods === PodKinds.BUILT_IN;
  const key = shared ? JSON.stringify([[...disabledRules].sort(), kinds?.map(k => [k.apiVersion, k.kind]) ?? null]) : '';
  const known = shared ? PLANS.get(key) : undefined;
  if (known) return known;
  const disabled = new Set(disabledRules);
  const enabled = [...RULES, ...extra].filter(r => !disabled.has(r.id));
  // Object rules are chosen per kind in rulesFor; set and stream rules see every object, so they are
  // left out only when no object of the session can carry one of their findings.
  const rules = kinds === undefined ? enabled
    : enabled.filter(r => r.scope === 'object' || kinds.some(k => r.appliesTo(k.kind, k.apiVersion, ctx)));
  const plan: Plan = {
    enabledIds: new Set(enabled.map(r => r.id)),
    rules,
    setRules: rules.filter((r): r is SetRule => r.scope === 'set'),
    byKind: new Map(),
  };
  if (shared) {
    if (PLANS.size >= MAX_PLANS) PLANS.clear();
    PLANS.set(key, plan);
  }
  return plan;
}

/**
 * A streaming check of many objects: `add` each object as it is read, then `finish`. Per-object
 * rules run immediately; set rules keep only a small summary per object.
 * @internal
 */
export class CheckSession {
  private readonly rules: Rule[];
  private readonly setRules: SetRule[];
  private readonly summaries = new Map<SetRule, Array<{ o: PendingObject; s: unknown; loc?: { line: number; column: number } }>>();
  private readonly streams = new Map<StreamRule, StreamCheck>();
  /** The strings stream rules keep, one copy each. */
  private readonly strings: Interner;
  /** Detaches what set rules keep from the parsed document (identity for objects built in memory). */
  private readonly copy: <T>(value: T) => T;
  /** Objects with suppressions (for the unused-suppression report); other objects are kept only by rules that may still report on them. */
  private readonly suppressing: PendingObject[] = [];
  private readonly ctx: RuleContext;
  private readonly today: string;
  private readonly findings: Finding[] = [];
  private readonly byKind: Map<string, Rule[]>;

  private readonly copyKept: boolean;
  /** The rule ids a suppression annotation may name: the catalog's and the extra rules'. */
  private readonly knownRule: (id: string) => boolean;
  /** The rules that are on (before `kinds` narrowed the run): a suppression of one of them that matches nothing is reported. */
  private readonly enabledIds: ReadonlySet<string>;
  /** `apiVersion\u0000kind` of each kind the session was told it would be given, when it was. */
  private readonly expected?: ReadonlySet<string>;

  constructor(options: SessionOptions = {}) {
    this.copyKept = options.copyKeptValues ?? false;
    this.copy = this.copyKept ? detach : <T>(v: T) => v;
    this.strings = new Interner(this.copy);
    const extra = options.extraRules ?? [];
    const extraIds = new Set(extra.map(r => r.id));
    this.knownRule = extraIds.size === 0 ? isManifestRule : (id: string) => isManifestRule(id) || extraIds.has(id);
    const pssProblem = options.pssVersion === undefined ? undefined : pssVersionProblem(options.pssVersion);
    if (pssProblem) throw new Error(`cdk8s-secure: pssVersion ${pssProblem}`);
    let pods: PodKinds;
    try {
      pods = PodKinds.with(options.podKinds);
    } catch (e) {
      if (e instanceof PodKindError) throw new Error(`cdk8s-secure: podKinds: ${e.message}`);
      throw e;
    }
    const ruleOptions = { allowedRegistries: options.allowedRegistries, requireDigests: options.requireDigests, pssVersion: options.pssVersion };
    this.ctx = { options: ruleOptions, pods };
    const kinds = options.kinds;
    if (kinds !== undefined) this.expected = new Set(kinds.map(k => `${k.apiVersion}\u0000${k.kind}`));
    const plan = planFor(options.disabledRules ?? [], extra, kinds, this.ctx);
    this.enabledIds = plan.enabledIds;
    this.rules = plan.rules;
    this.setRules = plan.setRules;
    this.byKind = plan.byKind;
    for (const r of this.setRules) this.summaries.set(r, []);
    for (const r of this.rules) if (r.scope === 'stream') this.streams.set(r, r.open(this.ctx));
    this.today = options.today ?? new Date().toISOString().slice(0, 10);
  }

  /** Checks one Kubernetes object. `obj` must have apiVersion and kind. */
  public add(obj: Record<string, any>, source: SourceLocation = {}, locate?: Locator): void {
    const ref: ObjectRef = {
      apiVersion: String(obj.apiVersion),
      kind: String(obj.kind),
      name: typeof obj.metadata?.name === 'string' ? obj.metadata.name : undefined,
      namespace: typeof obj.metadata?.namespace === 'string' ? obj.metadata.namespace : undefined,
    };
    if (this.expected !== undefined && !this.expected.has(`${ref.apiVersion}\u0000${ref.kind}`)) {
      throw new Error(`cdk8s-secure: internal error: ${ref.apiVersion} ${ref.kind} was not among the kinds this check session was opened for`);
    }
    const annotations = isRecord(obj.metadata?.annotations) ? obj.metadata.annotations : {};
    const raw = annotations[SUPPRESSIONS_ANNOTATION];
    const pending: PendingObject = { ref, source, locate, suppressions: [] };
    if (raw !== undefined) {
      const parsed = parseSuppressions(raw, this.knownRule);
      for (const problem of parsed.problems) this.emit(pending, invalidSuppression, { path: ANNOTATION_PATH, message: problem });
      for (const s of parsed.valid) {
        if (isExpired(s.expires, this.today)) {
          this.emit(pending, expiredSuppression, { path: ANNOTATION_PATH, message: `the suppression of ${s.ruleId} expired on ${s.expires} (reason: ${s.reason})` });
        } else {
          pending.suppressions.push(s);
        }
      }
    }

    // A handle keeps the object's reference and the finding's line, resolved now, so the parsed document
    // need not be kept until finish().
    const hold = (path: FieldPath): Held => ({ o: this.keep(pending), loc: locate?.(path) } as HeldFinding as unknown as Held);
    for (const rule of this.rulesFor(ref.kind, ref.apiVersion)) {
      if (rule.scope === 'object') {
        for (const f of rule.check(obj, this.ctx)) this.emit(pending, rule, f);
      } else if (rule.scope === 'stream') {
        this.streams.get(rule)!.see(obj, hold, this.strings);
      } else {
        const s = rule.collect(obj, this.ctx);
        if (s !== undefined) {
          const path = rule.findingPath?.(s);
          this.summaries.get(rule)!.push({ o: this.keep(pending), s: this.copy(s), loc: path && locate ? locate(path) : undefined });
        }
      }
    }
    if (pending.suppressions.length > 0) {
      this.suppressing.push(this.keep(pending));
      // Unused suppressions are reported after the document is gone: keep the annotation's line.
      pending.keptLoc = locate?.(ANNOTATION_PATH);
    }
    // Only objects a later finding may name are kept, so memory stays flat on large inputs.
    pending.locate = undefined;
  }

  /** The rules that can report on objects of this kind, computed once per apiVersion/kind. */
  private rulesFor(kind: string, apiVersion: string): Rule[] {
    const key = `${apiVersion}\u0000${kind}`;
    let rules = this.byKind.get(key);
    if (!rules) {
      // Object rules report only on the kinds they apply to; set and stream rules also read other kinds (a
      // coverage rule reads NetworkPolicies to judge workloads), so they always see every object.
      rules = this.rules.filter(r => r.scope !== 'object' || r.appliesTo(kind, apiVersion, this.ctx));
      this.byKind.set(key, rules);
    }
    return rules;
  }

  /** Prepares an object to outlive its document. */
  private keep(o: PendingObject): PendingObject {
    // The parser's strings are slices of the whole document text: copy what is kept, or every kept object
    // would hold its document in memory.
    if (this.copyKept && !o.detached) {
      o.ref = detach(o.ref);
      o.detached = true;
    }
    return o;
  }

  /** Runs the set rules, reports unused suppressions and returns every finding. */
  public finish(): Finding[] {
    for (const rule of this.setRules) {
      const collected = this.summaries.get(rule)!;
      for (const { at, finding } of rule.finish(collected.map(c => c.s), this.ctx)) {
        this.emit(collected[at].o, rule, finding, collected[at].loc);
      }
    }
    for (const [rule, check] of this.streams) {
      for (const { held, finding } of check.finish()) {
        const h = held as unknown as HeldFinding;
        this.emit(h.o, rule, finding, h.loc);
      }
    }
    const ruleIds = this.enabledIds;
    // A suppression inherited from a construct scope is used when any object it was written to used it.
    const usedScoped = new Set<string>();
    for (const o of this.suppressing) {
      o.suppressions.forEach((s, i) => {
        if (s.scope !== undefined && o.used?.has(i)) usedScoped.add(scopedKey(s));
      });
    }
    for (const o of this.suppressing) {
      o.suppressions.forEach((s, i) => {
        if (o.used?.has(i) || !ruleIds.has(s.ruleId)) return;
        if (s.scope !== undefined && usedScoped.has(scopedKey(s))) return;
        this.emit(o, unusedSuppression, {
          path: ['metadata', 'annotations', SUPPRESSIONS_ANNOTATION],
          message: `the suppression of ${s.ruleId}${s.container ? ` for container "${s.container}"` : ''} matches no finding`,
        }, o.keptLoc);
      });
    }
    return this.findings;
  }

  private emit(o: PendingObject, rule: RuleInfo, raw: RawFinding, knownLoc?: { line: number; column: number }): void {
    const canSuppress = rule.id !== unusedSuppression.id && rule.id !== expiredSuppression.id && rule.id !== invalidSuppression.id;
    let suppressed: Finding['suppressed'];
    if (canSuppress) {
      const i = o.suppressions.findIndex(s => s.ruleId === rule.id && (s.container === undefined || s.container === raw.container));
      if (i >= 0) {
        (o.used ??= new Set()).add(i);
        suppressed = { reason: o.suppressions[i].reason, expires: o.suppressions[i].expires };
      }
    }
    const loc = knownLoc ?? o.locate?.(raw.path);
    this.findings.push({
      ruleId: rule.id,
      severity: raw.severity ?? rule.severity,
      title: rule.title,
      message: raw.message,
      fix: rule.fix,
      object: o.ref,
      path: formatPath(raw.path),
      container: raw.container,
      source: loc ? { ...o.source, line: loc.line, column: loc.column } : o.source,
      suppressed,
    });
  }
}

/**
 * Runs the rule catalog over Kubernetes objects (as plain JSON, e.g. `chart.toJson()` or parsed YAML).
 */
export class Checker {
  constructor(private readonly options: CheckerOptions = {}) {}

  /**
   * Checks a set of objects together (cross-object rules see all of them).
   * Objects without apiVersion and kind are skipped.
   */
  public check(objects: any[]): Finding[] {
    const session = new CheckSession(this.options);
    for (const o of objects) {
      if (isRecord(o) && typeof o.apiVersion === 'string' && typeof o.kind === 'string') session.add(o);
    }
    return session.finish();
  }
}

/** A deep copy with fresh strings (no slices of a parsed document). */
function detach<T>(value: T): T {
  return value === undefined ? value : JSON.parse(JSON.stringify(value));
}

function scopedKey(s: ParsedSuppression): string {
  return `${s.scope}\u0000${s.ruleId}\u0000${s.container ?? ''}`;
}

/** The unsuppressed findings at or above `threshold`. */
export function failing(findings: Finding[], threshold: Severity): Finding[] {
  return findings.filter(f => !f.suppressed && atOrAbove(f.severity, threshold));
}
