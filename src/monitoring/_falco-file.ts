import { parseAllDocuments } from 'yaml';
import { ConditionSyntaxError, tokenizeCondition } from './_falco-condition';

/** Label on a ConfigMap that carries a Falco rules file (written by FalcoRules). */
export const FALCO_RULES_LABEL = 'cdk8s-secure.io/falco-rules';

/** Priorities Falco accepts (case-insensitive). */
const PRIORITIES = ['emergency', 'alert', 'critical', 'error', 'warning', 'notice', 'informational', 'info', 'debug'];
const RULE_APPENDABLE = ['condition', 'output', 'desc', 'tags', 'exceptions'];
const RULE_REPLACEABLE = [...RULE_APPENDABLE, 'priority', 'enabled', 'warn_evttypes', 'skip-if-unknown-filter'];
const LOOKS_LIKE_FALCO = /^\s*-?\s*(rule|macro|list|required_engine_version)\s*:/m;

/** What is wrong with a rules file. */
export interface FalcoFileProblem {
  /** `structure`: not YAML, or not a list of items. `item`: an item Falco refuses. */
  readonly kind: 'structure' | 'item';
  readonly message: string;
}

/** True when `text` looks like a Falco rules file (has a `rule:`, `macro:`, `list:` item). */
export function looksLikeFalcoRules(text: string): boolean {
  return LOOKS_LIKE_FALCO.test(text);
}

/**
 * The problems Falco's rules loader would report for `text` (parse errors, a document that is not a list,
 * items that miss required keys, invalid priorities, bad overrides, condition syntax errors). It cannot
 * know what other rules files define, so undefined macros are not reported.
 */
export function falcoFileProblems(text: string): FalcoFileProblem[] {
  const out: FalcoFileProblem[] = [];
  const list = [...parseAllDocuments(text, { prettyErrors: false })];
  list.forEach((doc, d) => {
    const where = list.length > 1 ? `document ${d} ` : '';
    if (doc.errors.length > 0) {
      out.push({ kind: 'structure', message: `${where}is not valid YAML: ${doc.errors[0].message.split('\n')[0]}` });
      return;
    }
    const value = doc.toJS();
    if (value === null || value === undefined) return;
    if (!Array.isArray(value)) {
      out.push({ kind: 'structure', message: `${where}is a ${typeof value === 'object' ? 'mapping' : typeof value}, not a list: Falco reads a rules file as a YAML list of items ("- rule: ...", "- macro: ...", "- list: ...")` });
      return;
    }
    value.forEach((item, i) => {
      if (item === null) return;
      for (const m of itemProblems(item)) out.push({ kind: 'item', message: `${where}item ${i}${describe(item)}: ${m}` });
    });
  });
  return out;
}

function describe(item: any): string {
  if (item === null || typeof item !== 'object' || Array.isArray(item)) return '';
  for (const k of ['rule', 'macro', 'list']) {
    if (typeof item[k] === 'string') return ` (${k} ${JSON.stringify(item[k])})`;
  }
  return '';
}

const isText = (v: unknown): v is string => (typeof v === 'string' && v.trim() !== '') || typeof v === 'number' || typeof v === 'boolean';

function conditionProblem(condition: string, append: boolean): string | undefined {
  const placeholder = 'cdk8s_secure_existing_condition ';
  try {
    tokenizeCondition(append ? placeholder + condition : condition);
    return undefined;
  } catch (e) {
    if (!(e instanceof ConditionSyntaxError)) throw e;
    return `the condition is not valid Falco syntax at character ${Math.max(0, e.offset - (append ? placeholder.length : 0))}: ${e.message}`;
  }
}

interface OverrideKeys {
  readonly append: string[];
  readonly replace: string[];
  /** Every field the override names, valid or not. */
  readonly named: string[];
}

function overrideKeys(item: any, appendable: string[], replaceable: string[], out: string[]): OverrideKeys {
  const append: string[] = [];
  const replace: string[] = [];
  const o = item.override;
  if (o === undefined) return { append, replace, named: [] };
  if (o === null || typeof o !== 'object' || Array.isArray(o)) {
    out.push('override is not a mapping of field: append|replace');
    return { append, replace, named: [] };
  }
  for (const [k, mode] of Object.entries(o)) {
    if (mode === 'append') {
      if (appendable.includes(k)) append.push(k); else out.push(`"${k}" cannot be appended to${replaceable.includes(k) ? ', use replace' : ''}`);
    } else if (mode === 'replace') {
      if (replaceable.includes(k)) replace.push(k); else out.push(`"${k}" cannot be replaced`);
    } else {
      out.push(`override of "${k}" is ${JSON.stringify(mode)}, not append or replace`);
    }
  }
  return { append, replace, named: Object.keys(o) };
}

function itemProblems(item: unknown): string[] {
  const out: string[] = [];
  if (item === null || typeof item !== 'object' || Array.isArray(item)) return ['is not a mapping (each item is "- rule: ...", "- macro: ..." or "- list: ...")'];
  const it = item as Record<string, any>;
  if ('required_engine_version' in it) {
    if (!isText(it.required_engine_version)) out.push('required_engine_version is empty');
    return out;
  }
  if ('required_plugin_versions' in it) {
    if (!Array.isArray(it.required_plugin_versions)) out.push('required_plugin_versions is not a list');
    return out;
  }
  if ('list' in it) {
    if (typeof it.list !== 'string' || !/^[^()"'\s=,]+$/.test(it.list)) out.push('the list name is empty or has blanks, quotes, parentheses, "=" or ","');
    if (!Array.isArray(it.items)) out.push('items is missing or not a list');
    else if (it.items.some((x: unknown) => !isText(x))) out.push('an item of the list is empty or not a scalar');
    overrideKeys(it, ['items'], ['items'], out);
    return out;
  }
  if ('macro' in it) {
    if (typeof it.macro !== 'string' || !/^[a-zA-Z]+[a-zA-Z0-9_]*$/.test(it.macro)) out.push('the macro name is not an identifier (letters, digits, "_", starting with a letter)');
    const { append } = overrideKeys(it, ['condition'], ['condition'], out);
    if (!isText(it.condition)) {out.push('condition is missing or empty');} else {
      const p = conditionProblem(String(it.condition), append.includes('condition') || it.append === true);
      if (p) out.push(p);
    }
    return out;
  }
  if ('rule' in it) {
    if (!isText(it.rule)) out.push('the rule name is empty');
    const { append, replace, named } = overrideKeys(it, RULE_APPENDABLE, RULE_REPLACEABLE, out);
    if (it.override !== undefined) {
      for (const k of [...append, ...replace]) if (it[k] === undefined) out.push(`override names "${k}" but the item does not set it`);
      for (const k of RULE_REPLACEABLE) if (it[k] !== undefined && !named.includes(k)) out.push(`"${k}" is set without an override entry for it`);
    } else if (it.append !== true && !['condition', 'output', 'desc', 'priority'].some(k => k in it)) {
      if (typeof it.enabled !== 'boolean') out.push('has none of condition, output, desc, priority, and no enabled flag');
      return out;
    } else if (it.append !== true) {
      const missing = ['desc', 'condition', 'output', 'priority'].filter(k => !isText(it[k]));
      if (missing.length > 0) out.push(`misses ${missing.join(', ')} (required for a new rule)`);
    }
    if (it.priority !== undefined && !(typeof it.priority === 'string' && PRIORITIES.includes(it.priority.toLowerCase()))) {
      out.push(`priority ${JSON.stringify(it.priority)} is not one of ${PRIORITIES.join(', ')}`);
    }
    if (isText(it.condition)) {
      const p = conditionProblem(String(it.condition), append.includes('condition') || it.append === true);
      if (p) out.push(p);
    }
    if (it.tags !== undefined && !(Array.isArray(it.tags) && it.tags.every(isText))) out.push('tags is not a list of strings');
    if (it.enabled !== undefined && typeof it.enabled !== 'boolean') out.push('enabled is not true or false');
    if (it.exceptions !== undefined && it.exceptions !== null) {
      if (!Array.isArray(it.exceptions)) {out.push('exceptions is not a list');} else {
        const names = new Set<string>();
        it.exceptions.forEach((ex: any, k: number) => {
          if (ex === null || typeof ex !== 'object' || Array.isArray(ex)) {out.push(`exception ${k} is not a mapping`);} else if (!isText(ex.name)) {out.push(`exception ${k} has no name`);} else if (names.has(ex.name)) {out.push(`exception "${ex.name}" is defined twice`);} else {
            names.add(ex.name);
            if (ex.values !== undefined && !Array.isArray(ex.values)) out.push(`exception "${ex.name}" values is not a list`);
            if (Array.isArray(ex.fields) && Array.isArray(ex.values)) {
              ex.values.forEach((t: unknown, v: number) => {
                if (!Array.isArray(t) || t.length !== ex.fields.length) out.push(`exception "${ex.name}" value ${v} does not have one value per field`);
              });
            }
          }
        });
      }
    }
    return out;
  }
  // Falco only warns about unknown top-level items.
  return out;
}
