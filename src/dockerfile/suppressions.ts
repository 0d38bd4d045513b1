import { DfComment, DfInstruction, DockerfileModel } from './model';
import { visibleLength } from '../_text';

/** The comment marker: `# cdk8s-secure:ignore CS821 <reason>`. */
export const IGNORE_MARKER = 'cdk8s-secure:ignore';
const MIN_REASON = 10;
const DIRECTIVE = /^\s*#\s*cdk8s-secure:(\S*)\s*(.*?)\s*$/;

/** A valid `# cdk8s-secure:ignore` comment and the instruction it applies to. */
export interface IgnoreComment {
  readonly ruleId: string;
  readonly reason: string;
  readonly comment: DfComment;
  /** The instruction it applies to; undefined when no instruction follows it. */
  readonly target?: DfInstruction;
}

/** A `# cdk8s-secure:` comment that is not a valid suppression. */
export interface IgnoreProblem {
  readonly comment: DfComment;
  readonly ruleId?: string;
  readonly message: string;
  readonly target?: DfInstruction;
}

/**
 * Reads the `# cdk8s-secure:ignore <rule id> <reason>` comments. A comment applies to the first
 * instruction that ends on or after its line: the next instruction, or the instruction whose
 * continuation lines it sits in. Stacked comments all apply to the same instruction. A comment before
 * the first FROM applies to the next instruction too (a global ARG or the first FROM), never to the
 * whole file: a file-wide suppression would also hide findings that later edits add.
 */
export function readIgnoreComments(df: DockerfileModel, isRuleId: (id: string) => boolean): { valid: IgnoreComment[]; problems: IgnoreProblem[] } {
  const valid: IgnoreComment[] = [];
  const problems: IgnoreProblem[] = [];
  for (const comment of df.comments) {
    const m = DIRECTIVE.exec(comment.text);
    if (!m) continue;
    const target = df.instructions.find(i => i.endLine >= comment.line);
    const [, verb, rest] = m;
    if (verb !== 'ignore') {
      problems.push({ comment, target, message: `unknown directive "cdk8s-secure:${verb}" (expected "# ${IGNORE_MARKER} <rule id> <reason>")` });
      continue;
    }
    const [id, ...words] = rest.split(/\s+/);
    const reason = words.join(' ');
    if (id === '') {
      problems.push({ comment, target, message: `the suppression names no rule (expected "# ${IGNORE_MARKER} <rule id> <reason>")` });
    } else if (!isRuleId(id)) {
      problems.push({ comment, target, ruleId: id, message: `"${id}" is not a Dockerfile rule (see \`cdk8s-secure rules\`: CS811 and up)` });
    } else if (visibleLength(reason) < MIN_REASON) {
      problems.push({ comment, target, ruleId: id, message: `the suppression of ${id} needs a reason of at least ${MIN_REASON} visible characters (got ${reason.length === 0 ? 'none' : JSON.stringify(reason)})` });
    } else {
      valid.push({ ruleId: id, reason, comment, target });
    }
  }
  return { valid, problems };
}
