import { Finding, Severity } from '../finding';

const ORDER = [Severity.ERROR, Severity.WARNING, Severity.INFO];

/** One line naming the object: `Deployment prod/api`. */
export function objectLabel(f: Finding): string {
  const name = f.object.name ?? '(unnamed)';
  return `${f.object.kind} ${f.object.namespace ? `${f.object.namespace}/` : ''}${name}`;
}

/** Where the object came from: construct path, or file:line. */
export function sourceLabel(f: Finding): string | undefined {
  if (f.source.constructPath) return f.source.constructPath;
  if (f.source.file) {
    return `${f.source.file}${f.source.line ? `:${f.source.line}` : ''}${f.source.documentIndex !== undefined ? ` (document ${f.source.documentIndex})` : ''}`;
  }
  return undefined;
}

/**
 * Renders findings for a terminal or a test failure: the active ones first, grouped by severity, then the
 * suppressed ones with their reasons, then a summary line.
 */
export function formatText(findings: Finding[]): string {
  const lines: string[] = [];
  const active = findings.filter(f => !f.suppressed);
  for (const sev of ORDER) {
    for (const f of active.filter(x => x.severity === sev)) {
      const src = sourceLabel(f);
      lines.push(`${sev.toUpperCase()} ${f.ruleId} ${f.title}${src ? `  [${src}]` : ''}`);
      lines.push(`  ${objectLabel(f)}: ${f.message}`);
      lines.push(`  at ${f.path}`);
      lines.push(`  fix: ${f.fix}`);
    }
  }
  const suppressed = findings.filter(f => f.suppressed);
  if (suppressed.length > 0) {
    lines.push('');
    lines.push('Suppressed:');
    for (const f of suppressed) {
      const src = sourceLabel(f);
      lines.push(`  ${f.ruleId} ${objectLabel(f)}${f.container ? ` [container=${f.container}]` : ''}${src ? `  [${src}]` : ''}`);
      lines.push(`    reason: ${f.suppressed!.reason}${f.suppressed!.expires ? ` (until ${f.suppressed!.expires})` : ''}`);
    }
  }
  const count = (s: Severity) => active.filter(f => f.severity === s).length;
  if (lines.length > 0) lines.push('');
  lines.push(`${count(Severity.ERROR)} error(s), ${count(Severity.WARNING)} warning(s), ${count(Severity.INFO)} info, ${suppressed.length} suppressed`);
  return lines.join('\n');
}
