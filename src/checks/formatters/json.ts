import { Finding, Severity } from '../finding';

/** Stable JSON report: `{ version, summary, findings }`; with a baseline, findings it accepts carry `baseline: true`. */
export function formatJson(findings: Finding[], extra: Record<string, unknown> = {}): string {
  const active = findings.filter(f => !f.suppressed && !f.baseline);
  const count = (s: Severity) => active.filter(f => f.severity === s).length;
  const baselined = findings.filter(f => !f.suppressed && f.baseline).length;
  return JSON.stringify({
    version: 1,
    summary: {
      error: count(Severity.ERROR),
      warning: count(Severity.WARNING),
      info: count(Severity.INFO),
      suppressed: findings.filter(f => f.suppressed).length,
      // Only when a baseline accepted findings: the counts above are then the new findings.
      ...(baselined > 0 ? { baseline: baselined } : {}),
    },
    ...extra,
    findings,
  }, null, 2);
}
