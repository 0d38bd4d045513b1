import { RuleInfo, Severity } from '../../finding';

/** Findings about suppressions themselves. The engine raises them; they cannot be suppressed. */
export const unusedSuppression: RuleInfo = {
  id: 'CS001',
  title: 'Suppression matches nothing',
  severity: Severity.ERROR,
  description: 'Fails when a suppression on an object matches no finding of that object.',
  rationale: 'A stale suppression hides the next real finding of that rule without anyone reviewing it again.',
  fix: 'Remove the suppression (the problem it accepted is gone), or correct its rule id or container.',
  references: [],
};

export const expiredSuppression: RuleInfo = {
  id: 'CS002',
  title: 'Suppression expired',
  severity: Severity.ERROR,
  description: 'Fails when a suppression has an expiry date in the past. The finding it suppressed is reported again.',
  rationale: 'An exception granted until a date must be reviewed at that date.',
  fix: 'Fix the finding, or renew the suppression with a new expiry date and a current reason.',
  references: [],
};

export const invalidSuppression: RuleInfo = {
  id: 'CS003',
  title: 'Suppression invalid',
  severity: Severity.ERROR,
  description: 'Fails when the suppressions annotation is not valid JSON, names an unknown rule, has a reason shorter than 10 characters or an expiry that is not a YYYY-MM-DD date.',
  rationale: 'A suppression must say which rule it accepts and why, so that a reviewer can judge it.',
  fix: 'Write the annotation as a JSON array of {"ruleId": "CS201", "reason": "at least ten characters", "expires": "2027-01-31"}.',
  references: [],
};
