import * as path from 'path';
import { FieldPath, isRecord } from './_path';
import { PodKinds, visibleFindings } from './_pod';
import { ObjectRule, RawFinding } from './_rule';
import { isManifestRule, RuleCatalog } from './catalog';
import { CustomPodRule, ICustomRule } from './custom-rule';
import { RuleInfo, Severity } from './finding';

/** Ids of custom rules: a prefix of capitals (not `CS`), then digits, e.g. `ACME001` or `ACME-12`. */
const CUSTOM_ID = /^[A-Z][A-Z0-9]{0,15}-?[0-9]{1,6}$/;

/** Why `id` cannot name a custom rule, or undefined. */
export function customIdProblem(id: unknown): string | undefined {
  if (typeof id !== 'string' || !CUSTOM_ID.test(id)) return `the id ${JSON.stringify(id)} must be capitals then digits, e.g. ACME001`;
  if (/^CS-?\d/.test(id)) return `the id ${id} uses the CS prefix of the built-in rules; give custom rules their own prefix (e.g. ACME001)`;
  return undefined;
}

/** True for an id a custom rule may have (the engine reports suppressions of ids no rule has). */
export function looksLikeCustomId(id: unknown): boolean {
  return customIdProblem(id) === undefined;
}

/** A custom rule that cannot be used: the message names the rule and the problem. */
export class CustomRuleError extends Error {}

/** Checks the metadata and methods of custom rules (also plain JavaScript objects from a module). */
export function validateCustomRules(rules: unknown): ICustomRule[] {
  if (!Array.isArray(rules)) throw new CustomRuleError('expected an array of rules');
  const seen = new Set<string>();
  return rules.map((r, i) => {
    const at = `rule ${i}`;
    if (!isRecord(r) && typeof r !== 'object') throw new CustomRuleError(`${at} is not an object with info, appliesTo and check`);
    const rule = r as Record<string, any>;
    const info = rule.info;
    if (!isRecord(info)) throw new CustomRuleError(`${at} has no "info" object (id, title, severity, description, rationale, fix, references)`);
    const idProblem = customIdProblem(info.id);
    if (idProblem) throw new CustomRuleError(`${at}: ${idProblem}`);
    const name = `rule ${info.id}`;
    if (seen.has(info.id) || isManifestRule(info.id) || RuleCatalog.find(info.id)) throw new CustomRuleError(`${name} is defined twice`);
    seen.add(info.id);
    for (const key of ['title', 'description', 'rationale', 'fix']) {
      if (typeof info[key] !== 'string' || info[key].trim() === '') throw new CustomRuleError(`${name}: info.${key} must be a non-empty string`);
    }
    if (!Object.values(Severity).includes(info.severity)) throw new CustomRuleError(`${name}: info.severity must be error, warning or info (got ${JSON.stringify(info.severity)})`);
    if (!Array.isArray(info.references) || !info.references.every((x: unknown) => typeof x === 'string')) {
      throw new CustomRuleError(`${name}: info.references must be a list of strings (may be empty)`);
    }
    if (typeof rule.appliesTo !== 'function' || typeof rule.check !== 'function') throw new CustomRuleError(`${name} must have appliesTo(kind, apiVersion) and check(obj) methods`);
    return rule as ICustomRule;
  });
}

/** Loads custom rules from a JavaScript module: `module.exports = [...]`, `exports.rules = [...]` or a default export. */
export function loadCustomRules(file: string): ICustomRule[] {
  let mod: any;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    mod = require(path.resolve(file));
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'MODULE_NOT_FOUND' && String(err.message).includes(path.resolve(file))) throw new CustomRuleError('no such module');
    throw new CustomRuleError(`the module threw while loading: ${firstLine(e)}`);
  }
  const rules = Array.isArray(mod) ? mod : Array.isArray(mod?.rules) ? mod.rules : Array.isArray(mod?.default) ? mod.default : undefined;
  if (!rules) throw new CustomRuleError('the module exports no list of rules (module.exports = [...], exports.rules = [...] or export default [...])');
  return validateCustomRules(rules);
}

/** What went wrong while custom rules ran: per rule, how many objects and the first message. */
export class RuleFailures {
  private readonly byRule = new Map<string, { count: number; first: string; where: string }>();

  public record(ruleId: string, obj: Record<string, any>, problem: string): void {
    const known = this.byRule.get(ruleId);
    if (known) {
      known.count++;
      return;
    }
    const where = `${String(obj?.kind)} ${typeof obj?.metadata?.namespace === 'string' ? `${obj.metadata.namespace}/` : ''}${typeof obj?.metadata?.name === 'string' ? obj.metadata.name : '(unnamed)'}`;
    this.byRule.set(ruleId, { count: 1, first: problem, where });
  }

  /** One line per failed rule. */
  public lines(): string[] {
    return [...this.byRule].map(([id, f]) => `custom rule ${id} failed on ${f.count} object(s), first on ${f.where}: ${f.first}`);
  }

  public get size(): number {
    return this.byRule.size;
  }
}

/** Parses `spec.containers[0].image` / `metadata.labels["a.b/c"]` into segments; undefined when it is not a path. */
export function parsePath(text: string): FieldPath | undefined {
  const out: Array<string | number> = [];
  const re = /\.?([A-Za-z_$][A-Za-z0-9_$-]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/y;
  let i = 0;
  while (i < text.length) {
    re.lastIndex = i;
    const m = re.exec(text);
    if (!m || (m[1] !== undefined && i === 0 && text[0] === '.')) return undefined;
    if (m[1] !== undefined) {out.push(m[1]);} else if (m[2] !== undefined) {out.push(Number(m[2]));} else {
      try {
        out.push(JSON.parse(m[3]));
      } catch {
        return undefined;
      }
    }
    i = re.lastIndex;
  }
  return out.length > 0 ? out : undefined;
}

/**
 * A custom rule as an engine rule. Whatever it does (throw, return garbage) is caught and recorded, so it
 * never hides the findings of other rules.
 */
export function toEngineRule(custom: ICustomRule, failures: RuleFailures): ObjectRule {
  const info: RuleInfo = custom.info;
  const id = info.id;
  return {
    id,
    title: info.title,
    severity: info.severity,
    description: info.description,
    rationale: info.rationale,
    fix: info.fix,
    references: [...info.references],
    scope: 'object',
    appliesTo(kind, apiVersion, ctx) {
      // A pod rule of the app reads the same pod kinds as the built-in ones (declared podKinds included).
      if (custom instanceof CustomPodRule) custom._pods = ctx?.pods;
      try {
        return custom.appliesTo(kind, apiVersion ?? '') === true;
      } catch (e) {
        failures.record(id, { kind }, `appliesTo threw: ${firstLine(e)}`);
        return false;
      }
    },
    check(obj, ctx) {
      if (custom instanceof CustomPodRule) custom._pods = ctx.pods;
      let raw: unknown;
      try {
        raw = custom.check(obj);
      } catch (e) {
        failures.record(id, obj, `check threw: ${firstLine(e)}`);
        return [];
      }
      if (!Array.isArray(raw)) {
        failures.record(id, obj, `check returned ${describe(raw)}, not a list of findings`);
        return [];
      }
      const out: RawFinding[] = [];
      for (const f of raw) {
        const problem = findingProblem(f);
        if (problem) {
          failures.record(id, obj, `check returned a bad finding: ${problem}`);
          continue;
        }
        out.push({
          path: parsePath(f.path)!,
          message: f.message,
          ...(f.container !== undefined ? { container: f.container } : {}),
          ...(f.severity !== undefined ? { severity: f.severity } : {}),
        });
      }
      // As for the built-in pod rules: what a patch of an operator's container leaves out is not seen.
      const pod = custom instanceof CustomPodRule ? (ctx.pods ?? PodKinds.BUILT_IN).podOf(obj) : undefined;
      return pod ? visibleFindings(obj, pod, out) : out;
    },
  };
}

function findingProblem(f: any): string | undefined {
  if (!isRecord(f)) return `${describe(f)} is not an object {path, message}`;
  if (typeof f.path !== 'string' || parsePath(f.path) === undefined) return `path ${JSON.stringify(f.path)} is not a field path like spec.containers[0].image`;
  if (typeof f.message !== 'string' || f.message === '') return 'message must be a non-empty string';
  if (f.container !== undefined && typeof f.container !== 'string') return 'container must be a string';
  if (f.severity !== undefined && !Object.values(Severity).includes(f.severity)) return `severity ${JSON.stringify(f.severity)} is not error, warning or info`;
  return undefined;
}

function describe(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'a list' : typeof v;
}

function firstLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split('\n')[0];
}
