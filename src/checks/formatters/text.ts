import { escapeText } from '../../_text';
import { atOrAbove } from '../engine';
import { Finding, Severity } from '../finding';

const ORDER = [Severity.ERROR, Severity.WARNING, Severity.INFO];
const RANK: Record<Severity, number> = { [Severity.ERROR]: 0, [Severity.WARNING]: 1, [Severity.INFO]: 2 };

/** One line naming the object: `Deployment prod/api` (raw: for JSON and SARIF, not for a terminal). */
export function objectLabel(f: Finding): string {
  const name = f.object.name ?? '(unnamed)';
  return `${f.object.kind} ${f.object.namespace ? `${f.object.namespace}/` : ''}${name}`;
}

/** Where the object came from: construct path, or file:line (raw: not escaped). */
export function sourceLabel(f: Finding): string | undefined {
  if (f.source.constructPath) return f.source.constructPath;
  if (f.source.file) {
    return `${f.source.file}${f.source.line ? `:${f.source.line}` : ''}${f.source.documentIndex !== undefined ? ` (document ${f.source.documentIndex})` : ''}`;
  }
  return undefined;
}

/** A baseline entry that matched nothing. */
export interface StaleEntry {
  readonly ruleId: string;
  readonly kind: string;
  readonly namespace?: string;
  readonly name?: string;
  readonly container?: string;
  readonly path: string;
  readonly count?: number;
}

/** How the text report is laid out. */
export interface TextOptions {
  /** `rule` (default): one block per rule with its fix once; `object`: one block per object, fixes at the end. */
  readonly groupBy?: 'rule' | 'object';
  /**
   * Findings below this severity are counted in the summary but not listed, unless `verbose`.
   * Default: every finding is listed.
   */
  readonly threshold?: Severity;
  /** List every finding, also those below the threshold, and every suppressed finding. */
  readonly verbose?: boolean;
  /** ANSI colours (only for a terminal; the caller decides: TTY and no NO_COLOR). */
  readonly color?: boolean;
  /** Baseline entries that no longer occur (listed so the file shrinks), when a baseline was given. */
  readonly staleBaseline?: ReadonlyArray<StaleEntry>;
}

interface Paint {
  sev(s: Severity, text: string): string;
  bold(text: string): string;
  dim(text: string): string;
}

const PLAIN: Paint = { sev: (_s, t) => t, bold: t => t, dim: t => t };
const SEV_COLOR: Record<Severity, string> = { [Severity.ERROR]: '31', [Severity.WARNING]: '33', [Severity.INFO]: '36' };
const ANSI: Paint = {
  sev: (s, t) => `\x1b[1;${SEV_COLOR[s]}m${t}\x1b[0m`,
  bold: t => `\x1b[1m${t}\x1b[0m`,
  dim: t => `\x1b[2m${t}\x1b[0m`,
};

/** Escaped for a terminal: input-derived text never carries control characters into the report. */
const e = escapeText;

/** `Deployment prod/api`, escaped. */
function objectText(f: Finding): string {
  return e(objectLabel(f));
}

/** The source of one finding, escaped. */
function sourceText(f: Finding): string | undefined {
  const s = sourceLabel(f);
  return s === undefined ? undefined : e(s);
}

/** The file (and document) of an object, without the line: the heading of an object block. */
function objectSource(f: Finding): string | undefined {
  if (f.source.constructPath) return e(f.source.constructPath);
  if (f.source.file) return `${e(f.source.file)}${f.source.documentIndex !== undefined ? ` (document ${f.source.documentIndex})` : ''}`;
  return undefined;
}

/**
 * Renders findings for a terminal or a test failure. By default grouped by rule: each rule once with its
 * fix, then one short entry per finding; findings below `threshold` are only counted (unless `verbose`);
 * suppressed findings are listed by reason; a summary table (rule, severity, count, objects) and a count
 * line end the report. Every piece of text that came from the input is escaped.
 */
export function formatText(findings: Finding[], options: TextOptions = {}): string {
  const paint = options.color ? ANSI : PLAIN;
  const verbose = options.verbose ?? false;
  const threshold = options.threshold;
  const active = findings.filter(f => !f.suppressed && !f.baseline);
  const listed = verbose || threshold === undefined ? active : active.filter(f => atOrAbove(f.severity, threshold));
  const hidden = active.length - listed.length;
  const lines: string[] = [];

  if (options.groupBy === 'object') byObject(listed, lines, paint);
  else byRule(listed, lines, paint);

  const suppressed = findings.filter(f => f.suppressed);
  if (suppressed.length > 0) {
    if (lines.length > 0) lines.push('');
    lines.push(paint.bold('Suppressed:'));
    if (verbose) {
      for (const f of suppressed) {
        const src = sourceText(f);
        lines.push(`  ${e(f.ruleId)} ${objectText(f)}${f.container ? ` [container=${e(f.container)}]` : ''}${src ? `  [${src}]` : ''}`);
        lines.push(`    reason: ${e(f.suppressed!.reason)}${f.suppressed!.expires ? ` (until ${e(f.suppressed!.expires)})` : ''}`);
      }
    } else {
      // One line per rule and reason: a suppression file for a third-party chart silences hundreds at once.
      const groups = new Map<string, Finding[]>();
      for (const f of suppressed) {
        const key = `${f.ruleId}\u0000${f.suppressed!.reason}\u0000${f.suppressed!.expires ?? ''}`;
        const g = groups.get(key);
        if (g) g.push(f);
        else groups.set(key, [f]);
      }
      for (const g of groups.values()) {
        const f = g[0];
        const src = sourceText(f);
        const what = g.length === 1
          ? `${objectText(f)}${f.container ? ` [container=${e(f.container)}]` : ''}${src ? `  [${src}]` : ''}`
          : `${g.length} findings on ${countObjects(g)} object(s)`;
        lines.push(`  ${e(f.ruleId)} ${what}`);
        lines.push(`    reason: ${e(f.suppressed!.reason)}${f.suppressed!.expires ? ` (until ${e(f.suppressed!.expires)})` : ''}`);
      }
    }
  }

  const notes: string[] = [];
  if (hidden > 0 && threshold !== undefined) {
    const below = active.filter(f => !atOrAbove(f.severity, threshold));
    const parts = ORDER.filter(s => !atOrAbove(s, threshold)).map(s => `${below.filter(f => f.severity === s).length} ${s === Severity.INFO ? 'info' : `${s}(s)`}`);
    notes.push(`Not listed: ${parts.join(', ')} below the ${threshold} threshold (--verbose lists them).`);
  }
  const inBaseline = findings.filter(f => !f.suppressed && f.baseline).length;
  if (inBaseline > 0) notes.push(`Not listed: ${inBaseline} finding(s) in the baseline (they do not fail the check).`);
  if (notes.length > 0) {
    if (lines.length > 0) lines.push('');
    lines.push(...notes);
  }
  const stale = options.staleBaseline ?? [];
  if (stale.length > 0) {
    if (lines.length > 0) lines.push('');
    lines.push(paint.bold(`Baseline entries that no longer occur (${stale.length}): write the baseline again with --write-baseline to drop them`));
    for (const s of stale) {
      const obj = `${e(s.kind)} ${s.namespace ? `${e(s.namespace)}/` : ''}${e(s.name ?? '(unnamed)')}`;
      lines.push(`  ${e(s.ruleId)} ${obj}${s.container ? ` [container=${e(s.container)}]` : ''} at ${e(s.path)}${s.count && s.count > 1 ? ` (${s.count} times)` : ''}`);
    }
  }

  if (active.length > 0) {
    if (lines.length > 0) lines.push('');
    lines.push(...summaryTable(active, paint));
  }

  const count = (s: Severity) => active.filter(f => f.severity === s).length;
  if (lines.length > 0) lines.push('');
  lines.push(`${count(Severity.ERROR)} error(s), ${count(Severity.WARNING)} warning(s), ${count(Severity.INFO)} info, ${suppressed.length} suppressed${inBaseline > 0 ? `, ${inBaseline} in the baseline` : ''}`);
  return lines.join('\n');
}

/** How many distinct objects the findings are about. */
function countObjects(list: Finding[]): number {
  return new Set(list.map(objectKey)).size;
}

function objectKey(f: Finding): string {
  return [f.source.constructPath ?? '', f.source.file ?? '', f.source.documentIndex ?? '', f.object.kind, f.object.namespace ?? '', f.object.name ?? ''].join('\u0000');
}

/** Findings in order of severity, then rule id: the groups of a rule-ordered report. */
function byRuleGroups(list: Finding[]): Finding[][] {
  const groups = new Map<string, Finding[]>();
  for (const f of list) {
    const key = `${f.severity}\u0000${f.ruleId}`;
    const g = groups.get(key);
    if (g) g.push(f);
    else groups.set(key, [f]);
  }
  return [...groups.values()].sort((a, b) => RANK[a[0].severity] - RANK[b[0].severity] || a[0].ruleId.localeCompare(b[0].ruleId));
}

function byRule(listed: Finding[], lines: string[], paint: Paint): void {
  for (const group of byRuleGroups(listed)) {
    const first = group[0];
    if (lines.length > 0) lines.push('');
    lines.push(`${paint.sev(first.severity, first.severity.toUpperCase())} ${paint.bold(`${e(first.ruleId)} ${e(first.title)}`)}: ${group.length} finding(s) on ${countObjects(group)} object(s)`);
    lines.push(`  fix: ${e(first.fix)}`);
    for (const f of group) {
      const src = sourceText(f);
      lines.push(`  - ${objectText(f)}: ${e(f.message)}`);
      lines.push(`    ${paint.dim(`at ${e(f.path)}${src ? `  [${src}]` : ''}`)}`);
    }
  }
}

function byObject(listed: Finding[], lines: string[], paint: Paint): void {
  const objects = new Map<string, Finding[]>();
  for (const f of listed) {
    const key = objectKey(f);
    const g = objects.get(key);
    if (g) g.push(f);
    else objects.set(key, [f]);
  }
  const fixes = new Map<string, Finding>();
  for (const group of objects.values()) {
    const first = group[0];
    const src = objectSource(first);
    if (lines.length > 0) lines.push('');
    lines.push(`${paint.bold(objectText(first))}${src ? `  [${src}]` : ''}: ${group.length} finding(s)`);
    group.sort((a, b) => RANK[a.severity] - RANK[b.severity] || a.ruleId.localeCompare(b.ruleId));
    for (const f of group) {
      if (!fixes.has(f.ruleId)) fixes.set(f.ruleId, f);
      lines.push(`  ${paint.sev(f.severity, f.severity.toUpperCase())} ${e(f.ruleId)} ${e(f.title)}: ${e(f.message)}`);
      lines.push(`    ${paint.dim(`at ${e(f.path)}${f.source.line ? `  [line ${f.source.line}]` : ''}`)}`);
    }
  }
  if (fixes.size > 0) {
    lines.push('');
    lines.push(paint.bold('Fixes:'));
    for (const f of [...fixes.values()].sort((a, b) => a.ruleId.localeCompare(b.ruleId))) {
      lines.push(`  ${e(f.ruleId)} ${e(f.title)}: ${e(f.fix)}`);
    }
  }
}

/** `rule  severity  count  objects  title`, one row per rule and severity. */
function summaryTable(active: Finding[], paint: Paint): string[] {
  const rows = byRuleGroups(active).map(g => ({
    rule: e(g[0].ruleId),
    severity: g[0].severity,
    count: String(g.length),
    objects: String(countObjects(g)),
    title: e(g[0].title),
  }));
  const w = {
    rule: Math.max(4, ...rows.map(r => r.rule.length)),
    severity: 8,
    count: Math.max(5, ...rows.map(r => r.count.length)),
    objects: Math.max(7, ...rows.map(r => r.objects.length)),
  };
  const out = [paint.bold('Summary:'), `  ${'rule'.padEnd(w.rule)}  ${'severity'.padEnd(w.severity)}  ${'count'.padStart(w.count)}  ${'objects'.padStart(w.objects)}  title`];
  for (const r of rows) {
    out.push(`  ${r.rule.padEnd(w.rule)}  ${paint.sev(r.severity, r.severity.padEnd(w.severity))}  ${r.count.padStart(w.count)}  ${r.objects.padStart(w.objects)}  ${r.title}`);
  }
  return out;
}
