import { Finding, Severity } from '../finding';

/** Stable JSON report: `{ version, summary, findings }`. */
export function formatJson(findings: Finding[], extra: Record<string, unknown> = {}): string {
  const active = findings.filter(f => !f.suppressed);
  const count = (s: Severity) => active.filter(f => f.severity === s).length;
  return JSON.stringify({
    version: 1,
    summary: {
      error: count(Severity.ERROR),
      warning: count(Severity.WARNING),
      info: count(Severity.INFO),
      suppressed: findings.length - active.length,
    },
    ...extra,
    findings,
  }, null, 2);
}
