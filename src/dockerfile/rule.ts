import { DfInstruction, DockerfileModel } from './model';
import { RuleInfo, Severity } from '../checks/finding';

/** What a Dockerfile rule reports; the checker adds the object, rule metadata, source and suppression state. */
export interface DockerfileRawFinding {
  /**
   * The instruction the finding is about. It gives the stage, the line, and the instruction a
   * `# cdk8s-secure:ignore` comment must precede. A finding about a whole stage (e.g. it has no USER) is
   * anchored at the stage's FROM.
   */
  readonly at: DfInstruction;
  /** @default - the instruction's path (`stage[1].USER[0]`) */
  readonly path?: string;
  /** @default - the instruction's line and column */
  readonly line?: number;
  readonly column?: number;
  /** One sentence. Never contains the value of a variable that may hold a secret. */
  readonly message: string;
  /** @default - the rule's severity */
  readonly severity?: Severity;
}

/** What a Dockerfile rule may read besides the Dockerfile. */
export interface DockerfileRuleContext {
  /** The date of the check, YYYY-MM-DD (end-of-life dates are compared with it). */
  readonly today: string;
}

/** A rule over a whole parsed Dockerfile: a pure function of the model (and the date of the check). */
export interface DockerfileRule extends RuleInfo {
  check(df: DockerfileModel, ctx: DockerfileRuleContext): DockerfileRawFinding[];
}

/** Builds a Dockerfile rule from its metadata and its check. */
export function dockerfileRule(info: RuleInfo, check: (df: DockerfileModel, ctx: DockerfileRuleContext) => DockerfileRawFinding[]): DockerfileRule {
  return { ...info, check };
}
