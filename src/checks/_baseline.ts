import { createHash } from 'crypto';
import { isRecord } from './_path';
import { Finding } from './finding';

/**
 * A stable fingerprint of a finding: rule, object kind, namespace, name, container and field path. Not the
 * file, the line or the document index, so it survives reformatting, reordering and moving objects between
 * files. SARIF carries the same value in `partialFingerprints`, so GitHub code scanning agrees with
 * `check --baseline` on what is new.
 */
export function fingerprint(f: Finding): string {
  return createHash('sha256').update(identity(f.ruleId, f.object.kind, f.object.namespace, f.object.name, f.container, f.path)).digest('hex').slice(0, 32);
}

/** What a fingerprint is a hash of; baselines match on it directly (no hash per entry or finding). */
function identity(ruleId: string, kind: string, namespace: string | undefined, name: string | undefined,
  container: string | undefined, path: string): string {
  return JSON.stringify([ruleId, kind, namespace ?? '', name ?? '', container ?? '', path]);
}

function findingIdentity(f: Finding): string {
  return identity(f.ruleId, f.object.kind, f.object.namespace, f.object.name, f.container, f.path);
}

/** The key under which SARIF results carry the fingerprint. */
export const SARIF_FINGERPRINT_KEY = 'cdk8sSecureFinding/v1';

/** The format version this release writes and reads. */
export const BASELINE_VERSION = 1;

/** One accepted finding of a baseline file. */
export interface BaselineEntry {
  readonly fingerprint: string;
  readonly ruleId: string;
  readonly kind: string;
  readonly namespace?: string;
  readonly name?: string;
  readonly container?: string;
  readonly path: string;
  /** How many findings share the fingerprint (e.g. the same object rendered into two files); absent means 1. */
  readonly count?: number;
}

/** What a baseline did to one run: findings it accepted, and entries that matched nothing. */
export interface BaselineResult {
  /** The findings, those in the baseline marked `baseline: true`. */
  readonly findings: Finding[];
  /** How many findings the baseline accepted. */
  readonly matched: number;
  /** Entries (with the count still unmatched) that no longer occur: remove them by writing the baseline again. */
  readonly stale: BaselineEntry[];
}

/** The baseline file for these findings: every unsuppressed finding, sorted, one entry per fingerprint. */
export function writeBaseline(findings: Finding[]): string {
  const byFingerprint = new Map<string, { entry: BaselineEntry; count: number }>();
  for (const f of findings) {
    if (f.suppressed) continue;
    const fp = fingerprint(f);
    const known = byFingerprint.get(fp);
    if (known) {
      known.count++;
      continue;
    }
    byFingerprint.set(fp, {
      count: 1,
      entry: {
        fingerprint: fp,
        ruleId: f.ruleId,
        kind: f.object.kind,
        ...(f.object.namespace !== undefined ? { namespace: f.object.namespace } : {}),
        ...(f.object.name !== undefined ? { name: f.object.name } : {}),
        ...(f.container !== undefined ? { container: f.container } : {}),
        path: f.path,
      },
    });
  }
  const entries = [...byFingerprint.values()]
    .map(({ entry, count }) => (count > 1 ? { ...entry, count } : entry))
    .sort((a, b) => compare(a.ruleId, b.ruleId) || compare(a.kind, b.kind) || compare(a.namespace ?? '', b.namespace ?? '')
      || compare(a.name ?? '', b.name ?? '') || compare(a.container ?? '', b.container ?? '') || compare(a.path, b.path));
  return `${JSON.stringify({ version: BASELINE_VERSION, tool: 'cdk8s-secure', entries }, null, 2)}\n`;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A baseline file that cannot be used; the message names the problem (the caller names the file). */
export class BaselineError extends Error {}

/** A loaded baseline. */
export class Baseline {
  /**
   * Parses a baseline file's text. Throws BaselineError for malformed JSON, another format version, a
   * malformed entry, an unknown rule id, or an entry whose fingerprint does not match its fields.
   */
  public static parse(text: string, knownRule: (id: string) => boolean): Baseline {
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch (e) {
      throw new BaselineError(`not a cdk8s-secure baseline: the file is not JSON (${(e as Error).message})`);
    }
    if (!isRecord(doc) || doc.version === undefined || !Array.isArray(doc.entries)) {
      throw new BaselineError('not a cdk8s-secure baseline: expected {"version": 1, "entries": [...]}; write one with --write-baseline');
    }
    if (doc.version !== BASELINE_VERSION) {
      throw new BaselineError(`baseline format version ${JSON.stringify(doc.version)} is not supported (this release reads version ${BASELINE_VERSION}); write it again with --write-baseline`);
    }
    const entries: BaselineEntry[] = [];
    doc.entries.forEach((e: unknown, i: number) => {
      const at = `entry ${i}`;
      if (!isRecord(e)) throw new BaselineError(`${at} is not an object`);
      for (const key of ['fingerprint', 'ruleId', 'kind', 'path']) {
        if (typeof e[key] !== 'string') throw new BaselineError(`${at}: "${key}" must be a string`);
      }
      for (const key of ['namespace', 'name', 'container']) {
        if (e[key] !== undefined && typeof e[key] !== 'string') throw new BaselineError(`${at}: "${key}" must be a string when present`);
      }
      if (e.count !== undefined && !(Number.isInteger(e.count) && (e.count as number) >= 1)) throw new BaselineError(`${at}: "count" must be a whole number >= 1`);
      if (!knownRule(e.ruleId as string)) throw new BaselineError(`${at} names unknown rule ${JSON.stringify(e.ruleId)} (see \`cdk8s-secure rules\`)`);
      // The fields are what is matched; the fingerprint (their hash, for SARIF) is only checked for shape,
      // so loading 10,000 entries costs no hashing.
      if (!/^[0-9a-f]{32}$/.test(e.fingerprint as string)) throw new BaselineError(`${at}: "fingerprint" must be 32 hex digits (as --write-baseline writes it)`);
      entries.push(e as unknown as BaselineEntry);
    });
    return new Baseline(entries);
  }

  private constructor(public readonly entries: BaselineEntry[]) {}

  /** Marks the unsuppressed findings the baseline accepts (each entry accepts up to `count` findings). */
  public apply(findings: Finding[]): BaselineResult {
    const remaining = new Map<string, number>();
    const keys = this.entries.map(e => identity(e.ruleId, e.kind, e.namespace, e.name, e.container, e.path));
    this.entries.forEach((e, i) => remaining.set(keys[i], (remaining.get(keys[i]) ?? 0) + (e.count ?? 1)));
    let matched = 0;
    const out = findings.map(f => {
      if (f.suppressed) return f;
      const key = findingIdentity(f);
      const left = remaining.get(key);
      if (!left) return f;
      remaining.set(key, left - 1);
      matched++;
      return { ...f, baseline: true };
    });
    const stale: BaselineEntry[] = [];
    this.entries.forEach((e, i) => {
      const left = remaining.get(keys[i]) ?? 0;
      if (left <= 0) return;
      const { count: _count, ...rest } = e;
      void _count;
      stale.push(left > 1 ? { ...rest, count: left } : rest);
      remaining.set(keys[i], 0);
    });
    return { findings: out, matched, stale };
  }
}
