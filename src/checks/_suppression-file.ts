import { basename } from 'path';
import { LineCounter, parseDocument, isMap, isSeq } from 'yaml';
import { isRecord } from './_path';
import { isExpired, MIN_REASON_LENGTH } from './_suppression-annotation';
import { Finding, ObjectRef, RuleInfo } from './finding';
import { visibleLength } from '../_text';
import { expiredSuppression, unusedSuppression } from './rules/meta/suppression-rules';

/** The format version of suppression files this release reads. */
export const SUPPRESSION_FILE_VERSION = 1;

/** One entry of a suppression file. */
export interface FileSuppression {
  readonly ruleId: string;
  readonly kind?: string;
  readonly namespace?: string;
  readonly name?: string;
  readonly container?: string;
  readonly reason: string;
  readonly expires?: string;
  /** 0-based position in the file's list, and its line. */
  readonly index: number;
  readonly line?: number;
}

/** A suppression file that cannot be used; the message names the problem (the caller names the file). */
export class SuppressionFileError extends Error {}

/**
 * `*` matches any run of characters (also none), `?` one character, everything else itself. Linear in
 * practice: one pass with a single backtrack point (the last `*`), never a regular expression.
 */
export function globMatch(pattern: string, value: string): boolean {
  let p = 0;
  let v = 0;
  let star = -1;
  let mark = 0;
  while (v < value.length) {
    if (p < pattern.length && (pattern[p] === '?' || pattern[p] === value[v]) && pattern[p] !== '*') {
      p++;
      v++;
    } else if (p < pattern.length && pattern[p] === '*') {
      star = p++;
      mark = v;
    } else if (star >= 0) {
      p = star + 1;
      v = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.length && pattern[p] === '*') p++;
  return p === pattern.length;
}

const ENTRY_KEYS = new Set(['ruleId', 'match', 'container', 'reason', 'expires']);
const MATCH_KEYS = new Set(['kind', 'namespace', 'name']);

/**
 * Suppressions kept outside the manifests, for objects the user does not own (rendered third-party charts):
 *
 * ```yaml
 * version: 1
 * suppressions:
 *   - ruleId: CS201
 *     match: { kind: Deployment, namespace: "ingress-*", name: "*" }
 *     reason: the vendor chart writes to /tmp; upstream issue 1234
 *     expires: 2027-06-30
 * ```
 *
 * They are applied after the annotations (an annotation on the object wins), and checked the same way:
 * an entry that matches no finding is CS001, an expired one CS002 (and its findings are reported again).
 */
export class SuppressionFile {
  /** Parses the file's text; throws SuppressionFileError with the entry and the problem. */
  public static parse(text: string, file: string, knownRule: (id: string) => boolean): SuppressionFile {
    const lines = new LineCounter();
    const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true });
    if (doc.errors.length > 0) {
      const err = doc.errors[0];
      throw new SuppressionFileError(`not valid YAML (line ${err.linePos?.[0]?.line ?? '?'}): ${err.message.split('\n')[0]}`);
    }
    const root: unknown = doc.toJS();
    if (!isRecord(root) || root.version === undefined || !Array.isArray(root.suppressions)) {
      throw new SuppressionFileError('not a cdk8s-secure suppression file: expected "version: 1" and a "suppressions" list');
    }
    if (root.version !== SUPPRESSION_FILE_VERSION) {
      throw new SuppressionFileError(`suppression file version ${JSON.stringify(root.version)} is not supported (this release reads version ${SUPPRESSION_FILE_VERSION})`);
    }
    const seqNode = isMap(doc.contents) ? doc.contents.get('suppressions', true) : undefined;
    const items = isSeq(seqNode) ? seqNode.items : [];
    const entries: FileSuppression[] = root.suppressions.map((s: unknown, index: number) => {
      const node = items[index] as { range?: [number, number, number] } | undefined;
      const line = node?.range ? lines.linePos(node.range[0]).line : undefined;
      const at = `suppressions[${index}]${line !== undefined ? ` (line ${line})` : ''}`;
      if (!isRecord(s)) throw new SuppressionFileError(`${at} must be a mapping with ruleId, match and reason`);
      for (const key of Object.keys(s)) {
        if (!ENTRY_KEYS.has(key)) throw new SuppressionFileError(`${at} has an unknown key "${key}" (allowed: ruleId, match, container, reason, expires)`);
      }
      if (typeof s.ruleId !== 'string' || !knownRule(s.ruleId)) throw new SuppressionFileError(`${at} names unknown rule ${JSON.stringify(s.ruleId ?? null)} (see \`cdk8s-secure rules\`)`);
      if (/^CS00\d$/.test(s.ruleId)) throw new SuppressionFileError(`${at}: ${s.ruleId} is about suppressions themselves and cannot be suppressed`);
      if (!isRecord(s.match)) throw new SuppressionFileError(`${at} needs a "match" mapping with kind, namespace and/or name (globs: * and ?)`);
      for (const key of Object.keys(s.match)) {
        if (!MATCH_KEYS.has(key)) throw new SuppressionFileError(`${at}: match has an unknown key "${key}" (allowed: kind, namespace, name)`);
        if (typeof s.match[key] !== 'string' || s.match[key] === '') throw new SuppressionFileError(`${at}: match.${key} must be a non-empty string`);
      }
      if (Object.keys(s.match).length === 0) throw new SuppressionFileError(`${at}: match names no kind, namespace or name (use --disable to turn a rule off everywhere)`);
      if (typeof s.reason !== 'string' || visibleLength(s.reason) < MIN_REASON_LENGTH) {
        throw new SuppressionFileError(`${at}: the reason for ${s.ruleId} must have at least ${MIN_REASON_LENGTH} visible characters (got ${JSON.stringify(s.reason ?? null)})`);
      }
      if (s.expires !== undefined && !isDate(s.expires)) throw new SuppressionFileError(`${at}: expires must be a YYYY-MM-DD date (got ${JSON.stringify(s.expires)})`);
      if (s.container !== undefined && typeof s.container !== 'string') throw new SuppressionFileError(`${at}: container must be a string`);
      return {
        ruleId: s.ruleId,
        kind: s.match.kind,
        namespace: s.match.namespace,
        name: s.match.name,
        container: s.container,
        reason: s.reason,
        expires: s.expires,
        index,
        line,
      };
    });
    return new SuppressionFile(file, entries);
  }

  private constructor(public readonly file: string, public readonly entries: FileSuppression[]) {}

  /**
   * Suppresses the matching findings that no annotation suppressed, and adds CS002 for each expired entry
   * and CS001 for each entry that matched nothing. Returns the new list.
   */
  public apply(findings: Finding[], today: string): Finding[] {
    const live = new Map<string, FileSuppression[]>();
    const out: Finding[] = [];
    for (const s of this.entries) {
      if (isExpired(s.expires, today)) {
        out.push(this.finding(s, expiredSuppression, `the suppression of ${s.ruleId} for ${describe(s)} expired on ${s.expires} (reason: ${s.reason})`));
        continue;
      }
      const list = live.get(s.ruleId);
      if (list) list.push(s);
      else live.set(s.ruleId, [s]);
    }
    const used = new Set<FileSuppression>();
    const result = findings.map(f => {
      if (f.suppressed) return f;
      const candidates = live.get(f.ruleId);
      const s = candidates?.find(c => matches(c, f));
      if (!s) return f;
      used.add(s);
      return { ...f, suppressed: { reason: s.reason, ...(s.expires ? { expires: s.expires } : {}) } };
    });
    for (const list of live.values()) {
      for (const s of list) {
        if (!used.has(s)) out.push(this.finding(s, unusedSuppression, `the suppression of ${s.ruleId} for ${describe(s)} matches no finding`));
      }
    }
    return [...result, ...out.sort((a, b) => (a.source.line ?? 0) - (b.source.line ?? 0))];
  }

  private finding(s: FileSuppression, rule: RuleInfo, message: string): Finding {
    const object: ObjectRef = { apiVersion: 'cdk8s-secure.io/v1', kind: 'SuppressionFile', name: basename(this.file) };
    return {
      ruleId: rule.id,
      severity: rule.severity,
      title: rule.title,
      message,
      fix: rule.fix,
      object,
      path: `suppressions[${s.index}]`,
      source: { file: this.file, ...(s.line !== undefined ? { line: s.line } : {}) },
    };
  }
}

function matches(s: FileSuppression, f: Finding): boolean {
  return (s.kind === undefined || globMatch(s.kind, f.object.kind))
    && (s.namespace === undefined || globMatch(s.namespace, f.object.namespace ?? ''))
    && (s.name === undefined || globMatch(s.name, f.object.name ?? ''))
    && (s.container === undefined || s.container === f.container);
}

function describe(s: FileSuppression): string {
  return `${s.kind ?? '*'} ${s.namespace ?? '*'}/${s.name ?? '*'}${s.container ? ` [container=${s.container}]` : ''}`;
}

function isDate(v: unknown): boolean {
  if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(v)) return false;
  const d = new Date(`${v}T00:00:00Z`);
  return !isNaN(d.getTime()) && d.toISOString().startsWith(v);
}
