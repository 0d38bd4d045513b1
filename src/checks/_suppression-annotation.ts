import { isRecord } from './_path';
import { visibleLength } from '../_text';

/** The annotation that carries suppressions, on any object. */
export const SUPPRESSIONS_ANNOTATION = 'cdk8s-secure.io/suppressions';

export const MIN_REASON_LENGTH = 10;

export interface ParsedSuppression {
  readonly ruleId: string;
  readonly reason: string;
  readonly expires?: string;
  readonly container?: string;
  /**
   * Construct path of the scope the suppression was declared on, when it was inherited by several objects:
   * it counts as used when it matches a finding on any of them.
   */
  readonly scope?: string;
}

/** Parses the annotation value; returns the valid suppressions and a message per invalid one. */
export function parseSuppressions(value: unknown, knownRule: (id: string) => boolean): { valid: ParsedSuppression[]; problems: string[] } {
  const valid: ParsedSuppression[] = [];
  const problems: string[] = [];
  if (value === undefined) return { valid, problems };
  let list: unknown;
  try {
    list = JSON.parse(String(value));
  } catch {
    return { valid, problems: [`the ${SUPPRESSIONS_ANNOTATION} annotation is not valid JSON`] };
  }
  if (!Array.isArray(list)) return { valid, problems: [`the ${SUPPRESSIONS_ANNOTATION} annotation must be a JSON array`] };
  list.forEach((s, i) => {
    const problem = validateSuppression(s, knownRule);
    if (problem) problems.push(`suppression ${i}: ${problem}`);
    else valid.push({ ruleId: s.ruleId, reason: s.reason, expires: s.expires, container: s.container, scope: typeof s.scope === 'string' ? s.scope : undefined });
  });
  return { valid, problems };
}

/** Returns what is wrong with one suppression, or undefined. */
export function validateSuppression(s: unknown, knownRule: (id: string) => boolean): string | undefined {
  if (!isRecord(s)) return 'must be an object {ruleId, reason, expires?, container?}';
  if (typeof s.ruleId !== 'string' || !knownRule(s.ruleId)) return `unknown rule id ${JSON.stringify(s.ruleId)}`;
  if (/^CS00\d$/.test(s.ruleId)) return `${s.ruleId} is about suppressions themselves and cannot be suppressed`;
  // Zero-width and other invisible code points do not count: a reason must say something a reviewer can read.
  if (typeof s.reason !== 'string' || visibleLength(s.reason) < MIN_REASON_LENGTH) {
    return `the reason for ${s.ruleId} must have at least ${MIN_REASON_LENGTH} visible characters (got ${JSON.stringify(s.reason ?? null)})`;
  }
  if (s.expires !== undefined && !isDate(s.expires)) return `expires for ${s.ruleId} must be a YYYY-MM-DD date (got ${JSON.stringify(s.expires)})`;
  if (s.container !== undefined && typeof s.container !== 'string') return `container for ${s.ruleId} must be a string`;
  return undefined;
}

function isDate(v: unknown): boolean {
  if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(v)) return false;
  const d = new Date(`${v}T00:00:00Z`);
  return !isNaN(d.getTime()) && d.toISOString().startsWith(v);
}

/** True when `expires` (YYYY-MM-DD, valid through that day UTC) is before `today` (YYYY-MM-DD). */
export function isExpired(expires: string | undefined, today: string): boolean {
  return expires !== undefined && expires < today;
}
