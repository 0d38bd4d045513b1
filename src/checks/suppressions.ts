import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { SecureError } from '../_errors';
import { looksLikeCustomId } from './_custom-rules';
import { exemptionAnnotations } from './_exemptions';
import { SUPPRESSIONS_ANNOTATION, validateSuppression } from './_suppression-annotation';
import { isManifestRule, RULES } from './catalog';
import { RuleInfo } from './finding';

/**
 * An accepted finding: which rule, why, and until when.
 */
export interface Suppression {
  /** Rule id, e.g. `CS201`. */
  readonly ruleId: string;
  /** Why the finding is accepted; at least 10 characters. Written to the manifest and shown in every report. */
  readonly reason: string;
  /**
   * Last day (YYYY-MM-DD, UTC) the suppression holds; after it the finding is reported again, plus CS002.
   * @default - never expires
   */
  readonly expires?: string;
  /**
   * Only suppress findings about this container.
   * @default - findings about any container of the object, and about the object itself
   */
  readonly container?: string;
}

interface Recorded {
  readonly suppression: Suppression;
  readonly scope: IConstruct;
}

const RECORDED = new WeakMap<IConstruct, Recorded[]>();
/** How many suppressions were ever added: while none, there is nothing to write. */
let recordedCount = 0;
const ORIGINAL_ANNOTATION = new WeakMap<ApiObject, string | undefined>();
const INSTALLED = new WeakSet<IConstruct>();

/**
 * Suppressions attached to constructs. A suppression applies to every API object under the construct
 * (of a kind its rule inspects) and is written to it as the `cdk8s-secure.io/suppressions` annotation,
 * so synth-time checks and `cdk8s-secure check` on the YAML see the same thing.
 */
export class Suppressions {
  /** The annotation key that carries suppressions on any object. */
  public static readonly ANNOTATION = SUPPRESSIONS_ANNOTATION;

  /**
   * Accepts findings of a rule for everything under `scope`. Throws when a suppression has an unknown
   * rule id, a reason shorter than 10 characters or a malformed expiry date.
   */
  public static add(scope: IConstruct, ...suppressions: Suppression[]): void {
    for (const s of suppressions) {
      // A custom rule's id is known only to the SecurityChecks that runs it: the checker reports it (CS003) if no rule has it.
      const problem = validateSuppression(s, id => isManifestRule(id) || looksLikeCustomId(id));
      if (problem) {
        throw new SecureError('CSE001', scope.node.path, `Suppressions: ${problem}. Give a known rule id (see \`cdk8s-secure rules\`) and a reason of at least 10 characters that a reviewer can judge.`);
      }
    }
    const list = RECORDED.get(scope) ?? [];
    list.push(...suppressions.map(suppression => ({ suppression, scope })));
    recordedCount += suppressions.length;
    RECORDED.set(scope, list);
    if (!INSTALLED.has(scope)) {
      INSTALLED.add(scope);
      scope.node.addValidation({ validate: () => { Suppressions.apply(scope); return []; } });
    }
  }

  /** The suppressions that apply to `scope`: its own and those of every parent. */
  public static of(scope: IConstruct): Suppression[] {
    return scope.node.scopes.flatMap(s => (RECORDED.get(s) ?? []).map(r => r.suppression));
  }

  /**
   * Writes the suppressions annotation on every API object under `root`. Runs on its own before synth;
   * call it yourself only when you read `apiObject.toJson()` without synthesizing.
   */
  public static apply(root: IConstruct): void {
    if (recordedCount === 0) return;
    for (const c of root.node.findAll()) {
      if (!ApiObject.isApiObject(c)) continue;
      const recorded = c.node.scopes.flatMap(s => RECORDED.get(s) ?? []);
      if (recorded.length === 0) continue;
      if (!ORIGINAL_ANNOTATION.has(c)) ORIGINAL_ANNOTATION.set(c, c.metadata.toJson().annotations?.[SUPPRESSIONS_ANNOTATION]);
      const original = ORIGINAL_ANNOTATION.get(c);
      const entries = original ? safeParse(original) : [];
      // A hand-written annotation that does not parse is left alone, so the checker reports it (CS003).
      if (entries === undefined) continue;
      const exempted: Array<{ rule: RuleInfo; reason: string }> = [];
      for (const r of recorded) {
        const rule = RULES.find(x => x.id === r.suppression.ruleId);
        if (rule && !rule.appliesTo(c.kind, c.apiVersion)) continue;
        if (rule) exempted.push({ rule, reason: r.suppression.reason });
        entries.push({
          ruleId: r.suppression.ruleId,
          reason: r.suppression.reason,
          ...(r.suppression.expires ? { expires: r.suppression.expires } : {}),
          ...(r.suppression.container ? { container: r.suppression.container } : {}),
          scope: r.scope.node.path,
        });
      }
      if (entries.length > 0) c.metadata.addAnnotation(SUPPRESSIONS_ANNOTATION, JSON.stringify(entries));
      // The same opt-out for the checkers teams run beside this one (Polaris, kube-linter).
      for (const [key, value] of Object.entries(exemptionAnnotations(exempted))) c.metadata.addAnnotation(key, value);
    }
  }

  private constructor() {}
}

function safeParse(v: string): any[] | undefined {
  try {
    const parsed = JSON.parse(v);
    return Array.isArray(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}
