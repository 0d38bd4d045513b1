import { RuleInfo, Severity } from '../../finding';

/**
 * Findings about `# cdk8s-secure:ignore` comments in Dockerfiles. The checker raises them; they cannot be
 * suppressed. (CS001 and CS003 are their counterparts for manifest annotations.)
 */
export const dockerfileUnusedSuppression: RuleInfo = {
  id: 'CS801',
  title: 'Dockerfile suppression matches nothing',
  severity: Severity.ERROR,
  description: 'Fails when a `# cdk8s-secure:ignore <id> <reason>` comment in a Dockerfile matches no finding of that rule on the instruction that follows it.',
  rationale: 'A stale suppression hides the next real finding of that rule without anyone reviewing it again.',
  fix: 'Remove the comment (the problem it accepted is gone), or move it to the line right above the instruction the finding points at.',
  references: [],
};

export const dockerfileInvalidSuppression: RuleInfo = {
  id: 'CS802',
  title: 'Dockerfile suppression invalid',
  severity: Severity.ERROR,
  description: 'Fails when a `# cdk8s-secure:` comment in a Dockerfile is not `# cdk8s-secure:ignore <Dockerfile rule id> <reason>`, names a rule that does not check Dockerfiles, or gives a reason shorter than 10 characters. The finding it meant to suppress is reported.',
  rationale: 'A suppression must say which rule it accepts and why, so that a reviewer can judge it.',
  fix: 'Write `# cdk8s-secure:ignore CS821 <why this is acceptable, at least 10 characters>` on the line above the instruction.',
  references: [],
};
