import { Interner } from './_multimap';
import { FieldPath } from './_path';
import { ContainerView, PodKinds, PodView, visibleFindings } from './_pod';
import { RuleInfo, Severity } from './finding';

/** What a rule reports: the engine adds the object, rule metadata, source and suppression state. */
export interface RawFinding {
  readonly path: FieldPath;
  readonly message: string;
  readonly container?: string;
  /** Overrides the rule's severity for this finding (e.g. a stricter option turned on). */
  readonly severity?: Severity;
}

/** Options that some rules read. */
export interface RuleOptions {
  readonly allowedRegistries?: string[];
  readonly requireDigests?: boolean;
  /** The Pod Security Standards release the PSS rules apply (`v1.34`, ..., or `latest`); unset means PSS_LATEST_VERSION. */
  readonly pssVersion?: string;
}

export interface RuleContext {
  readonly options: RuleOptions;
  /** The kinds that carry a pod in this check (built-in, plus the app's declared kinds). */
  readonly pods?: PodKinds;
}

/** A rule over one object at a time. */
export interface ObjectRule extends RuleInfo {
  readonly scope: 'object';
  /**
   * True when the rule can report on objects of this kind (used to place suppressions and to note
   * uninspected kinds). `apiVersion` is given where known; rules for CRD kinds decide by its group.
   * `ctx` is given where known; pod rules read the declared pod kinds from it.
   */
  appliesTo(kind: string, apiVersion?: string, ctx?: RuleContext): boolean;
  check(obj: Record<string, any>, ctx: RuleContext): RawFinding[];
}

/**
 * A rule over the whole set of objects. To keep memory flat on large inputs, it keeps only a small
 * summary of each object (`collect`) and decides at the end (`finish`).
 */
export interface SetRule<S = any> extends RuleInfo {
  readonly scope: 'set';
  /**
   * True when the rule can report on objects of this kind (used to place suppressions and to note
   * uninspected kinds). `apiVersion` is given where known; rules for CRD kinds decide by its group.
   */
  appliesTo(kind: string, apiVersion?: string, ctx?: RuleContext): boolean;
  /**
   * True for a kind the rule reads without reporting on it (CS321 reads Gateways to judge HTTPRoutes), so
   * the synth-time checks hand such objects to it even when no rule reports on their kind.
   */
  reads?(kind: string, apiVersion?: string): boolean;
  /** Returns the summary to keep for this object, or undefined to keep nothing. */
  collect(obj: Record<string, any>, ctx: RuleContext): S | undefined;
  /** The field a finding about this summary would point at (its line is resolved while the document is at hand). */
  findingPath?(summary: S): FieldPath;
  /** Returns findings per collected summary (by its position in the collected list). */
  finish(summaries: S[], ctx: RuleContext): Array<{ at: number; finding: RawFinding }>;
}

/** A finding a streaming rule may still raise on an object it has seen: the object and the line of the field. */
export interface Held {
  readonly __held: never;
}

/** One run of a streaming rule over a stream of objects. */
export interface StreamCheck {
  /**
   * Sees one object (every object of the input, in order). `hold(path)` returns a handle for a finding on
   * this object at `path`, to raise in `finish` if nothing later settles it. What the rule keeps of the
   * object goes through `keep` (strings of parsed YAML may be slices of the whole document; the stream
   * rules of one check share its strings).
   */
  see(obj: Record<string, any>, hold: (path: FieldPath) => Held, keep: Interner): void;
  /** The findings still open once every object was seen. */
  finish(): Array<{ held: Held; finding: RawFinding }>;
}

/**
 * A rule over the whole set of objects that settles what it can as objects arrive: it keeps only what a
 * later object could still change (for example, workloads no policy has isolated yet), so its memory
 * depends on what is still open and on compact indexes, not on the number of documents.
 */
export interface StreamRule extends RuleInfo {
  readonly scope: 'stream';
  /** True when the rule can report on objects of this kind (see ObjectRule.appliesTo). */
  appliesTo(kind: string, apiVersion?: string, ctx?: RuleContext): boolean;
  /** A fresh run. */
  open(ctx: RuleContext): StreamCheck;
}

export type Rule = ObjectRule | SetRule | StreamRule;

/** Builds a rule that inspects the pod spec of every pod-bearing object. */
export function podRule(info: RuleInfo, check: (pod: PodView, ctx: RuleContext) => RawFinding[]): ObjectRule {
  return {
    ...info,
    scope: 'object',
    appliesTo: (kind, apiVersion, ctx) => (ctx?.pods ?? PodKinds.BUILT_IN).has(kind, apiVersion),
    check(obj, ctx) {
      const pod = (ctx.pods ?? PodKinds.BUILT_IN).podOf(obj);
      return pod ? visibleFindings(obj, pod, check(pod, ctx)) : [];
    },
  };
}

/** Builds a rule that inspects every container (regular, init and ephemeral) of every pod. */
export function containerRule(info: RuleInfo, check: (c: ContainerView, pod: PodView, ctx: RuleContext) => RawFinding[]): ObjectRule {
  return podRule(info, (pod, ctx) => pod.containers.flatMap(c => check(c, pod, ctx).map(f => ({ container: c.name, ...f }))));
}

/** Builds a rule over objects of the given kinds. */
export function kindRule(info: RuleInfo, kinds: string[], check: (obj: Record<string, any>, ctx: RuleContext) => RawFinding[]): ObjectRule {
  const wanted = new Set(kinds);
  return {
    ...info,
    scope: 'object',
    appliesTo: kind => wanted.has(kind),
    check(obj, ctx) {
      return wanted.has(obj.kind) ? check(obj, ctx) : [];
    },
  };
}

/** `container "x"` for messages. */
export function where(c: ContainerView): string {
  const kind = c.list === 'containers' ? 'container' : c.list === 'initContainers' ? 'init container' : 'ephemeral container';
  return `${kind} "${c.name}"`;
}
