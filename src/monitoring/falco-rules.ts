import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, Chart, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { SecureError } from '../_errors';
import {
  ALL_OPERATORS, ConditionReferences, ConditionSyntaxError, isListName, isMacroName, LIST_OPERATORS, looksLikeListName,
  referencesOf, TokenKind, tokenizeCondition,
} from './_falco-condition';
import { DEFAULT_LISTS, DEFAULT_MACROS, DEFAULT_RULES } from './_falco-defaults';
import { FALCO_RULES_LABEL } from './_falco-file';
import { toYaml } from './_yaml';

/**
 * Severity of a Falco rule (the rules file's `priority`).
 * @see https://falco.org/docs/reference/rules/rule-fields/
 */
export enum FalcoPriority {
  EMERGENCY = 'EMERGENCY',
  ALERT = 'ALERT',
  CRITICAL = 'CRITICAL',
  ERROR = 'ERROR',
  WARNING = 'WARNING',
  NOTICE = 'NOTICE',
  INFORMATIONAL = 'INFORMATIONAL',
  DEBUG = 'DEBUG',
}

/**
 * How an `override` entry changes a field of a rule, macro or list defined elsewhere (Falco 0.36+).
 * @see https://falco.org/docs/concepts/rules/overriding/
 */
export enum FalcoOverrideMode {
  /** Adds to the field: a condition fragment (`and not ...`), output text, tags, exceptions or list items. */
  APPEND = 'append',
  /** Replaces the field. */
  REPLACE = 'replace',
}

/**
 * An exception of a Falco rule: combinations of field values for which the rule does not alert.
 * @see https://falco.org/docs/concepts/rules/exceptions/
 */
export interface FalcoException {
  /** Name of the exception, unique within the rule. */
  readonly name: string;
  /** Fields compared, e.g. `['proc.name', 'fd.name']`. */
  readonly fields: string[];
  /**
   * Comparison operator per field (`=`, `startswith`, `in`, ...), same length as `fields`.
   * @default - `=` for every field (Falco's default)
   */
  readonly comps?: string[];
  /**
   * Value tuples, each with one value per field. For an `in` comparison write the value as `a, b`.
   * @default - none (the exception matches nothing until values are appended)
   */
  readonly values?: string[][];
}

/**
 * Which fields of an existing rule an override item changes. Falco appends to condition, output,
 * desc, tags and exceptions, and replaces any of them, priority and enabled.
 */
export interface FalcoRuleOverride {
  /** @default - the condition is not changed */
  readonly condition?: FalcoOverrideMode;
  /** @default - the output is not changed */
  readonly output?: FalcoOverrideMode;
  /** @default - the description is not changed */
  readonly desc?: FalcoOverrideMode;
  /** Only REPLACE. @default - the priority is not changed */
  readonly priority?: FalcoOverrideMode;
  /** @default - the tags are not changed */
  readonly tags?: FalcoOverrideMode;
  /** @default - the exceptions are not changed */
  readonly exceptions?: FalcoOverrideMode;
  /** Only REPLACE. @default - the enabled flag is not changed */
  readonly enabled?: FalcoOverrideMode;
}

/** How an override item changes an existing macro. */
export interface FalcoMacroOverride {
  /** Append a fragment (`or ...`, `and ...`) to the condition, or replace it. */
  readonly condition: FalcoOverrideMode;
}

/** How an override item changes an existing list. */
export interface FalcoListOverride {
  /** Append items to the list, or replace them. */
  readonly items: FalcoOverrideMode;
}

/**
 * A Falco rule, or (with `override`) a change to a rule defined elsewhere.
 * @see https://falco.org/docs/reference/rules/rule-fields/
 */
export interface FalcoRuleProps {
  /** Name of the rule, unique in the rules file. */
  readonly rule: string;
  /**
   * What the rule detects. Required for a new rule.
   * @default - none (only valid with `override`)
   */
  readonly desc?: string;
  /**
   * The filter condition. Required for a new rule. Macros it uses must be defined in this file or come
   * from Falco's default ruleset (or be declared in `knownMacros`).
   * @default - none (only valid with `override`)
   */
  readonly condition?: string;
  /**
   * The alert message, with `%field` placeholders. Required for a new rule.
   * @default - none (only valid with `override`)
   */
  readonly output?: string;
  /**
   * Severity. Required for a new rule.
   * @default - none (only valid with `override`)
   */
  readonly priority?: FalcoPriority;
  /**
   * Tags of the rule (Falco can enable or disable rules by tag).
   * @default - no tags
   */
  readonly tags?: string[];
  /**
   * Whether the rule is loaded.
   * @default true
   */
  readonly enabled?: boolean;
  /**
   * Exceptions: value combinations for which the rule does not alert.
   * @default - none
   */
  readonly exceptions?: FalcoException[];
  /**
   * Event source the rule applies to (e.g. `k8s_audit` with the k8saudit plugin).
   * @default - syscall (Falco's default)
   */
  readonly source?: string;
  /**
   * Makes this item a change to an existing rule (defined earlier in this file, in Falco's default
   * ruleset, or declared in `knownRules`) instead of a new rule. Each field set on the item needs an
   * entry here, and each entry needs the field set.
   * @default - a new rule
   */
  readonly override?: FalcoRuleOverride;
}

/**
 * A Falco macro: a named condition fragment.
 */
export interface FalcoMacroProps {
  /** Name of the macro: letters, digits and `_`, starting with a letter. */
  readonly macro: string;
  /** The condition (or, with `override` APPEND, the fragment to append, e.g. `or proc.name = x`). */
  readonly condition: string;
  /**
   * Makes this item a change to an existing macro.
   * @default - a new macro
   */
  readonly override?: FalcoMacroOverride;
}

/**
 * A Falco list: values that conditions use with `in`, `intersects` and `pmatch`.
 */
export interface FalcoListProps {
  /** Name of the list. */
  readonly list: string;
  /** Items. An item that names a list defined before this one is replaced by that list's items. */
  readonly items: string[];
  /**
   * Makes this item a change to an existing list.
   * @default - a new list
   */
  readonly override?: FalcoListOverride;
}

/**
 * Properties of FalcoRules.
 */
export interface FalcoRulesProps {
  /**
   * Rules (and rule overrides). Add more with `addRule()`.
   * @default - none
   */
  readonly rules?: FalcoRuleProps[];
  /**
   * Macros (and macro overrides). Add more with `addMacro()`.
   * @default - none
   */
  readonly macros?: FalcoMacroProps[];
  /**
   * Lists (and list overrides). Add more with `addList()`.
   * @default - none
   */
  readonly lists?: FalcoListProps[];
  /**
   * Name of the rules file: the key in the ConfigMap and in the Helm chart's `customRules`, and the file
   * name under `/etc/falco/rules.d` (Falco loads that directory's files in name order, after
   * `falco_rules.yaml`).
   * @default 'cdk8s-secure-rules.yaml'
   */
  readonly fileName?: string;
  /**
   * Namespace of the ConfigMap (emitted when the construct is inside a Chart): the namespace Falco runs in.
   * @default 'falco'
   */
  readonly namespace?: string;
  /**
   * Name of the ConfigMap.
   * @default - generated from the construct path
   */
  readonly configMapName?: string;
  /**
   * Whether Falco loads its default ruleset (`falco_rules.yaml`) before this file, as the Falco image and
   * Helm chart do. Its macros and lists may then be used without defining them here.
   * @default true
   */
  readonly defaultRuleset?: boolean;
  /**
   * Further macros this file may use without defining them (from another rules file Falco loads first).
   * @default - only those of the default ruleset
   */
  readonly knownMacros?: string[];
  /**
   * Further lists this file may use without defining them.
   * @default - only those of the default ruleset
   */
  readonly knownLists?: string[];
  /**
   * Further rules this file may override.
   * @default - only those of the default ruleset
   */
  readonly knownRules?: string[];
}

const DEFAULT_FILE_NAME = 'cdk8s-secure-rules.yaml';
const RULE_APPENDABLE = ['condition', 'output', 'desc', 'tags', 'exceptions'];
const RULE_OVERRIDABLE = [...RULE_APPENDABLE, 'priority', 'enabled'];
const PRIORITIES = Object.values(FalcoPriority) as string[];
const MODES = Object.values(FalcoOverrideMode) as string[];
const NAME = 'FalcoRules';

/**
 * A Falco rules file (a YAML list of `list`, `macro` and `rule` items), validated at construction the way
 * Falco validates it at load time, so a bad file fails `cdk8s synth` instead of crash-looping Falco.
 *
 * Emitted three ways: `toYaml()` (the rules file), a ConfigMap (when the construct is inside a Chart;
 * mount it at `/etc/falco/rules.d`), and `helmValues()` / `writeHelmValues()` (a values file for the
 * falco Helm chart, whose `customRules` map becomes a ConfigMap mounted there).
 *
 * Lists come first in the file, then macros, then rules, each in the order added; a macro or list may only
 * use names defined before it, as in Falco.
 */
export class FalcoRules extends Construct {
  /** The label that marks a ConfigMap as carrying a Falco rules file. */
  public static readonly LABEL = FALCO_RULES_LABEL;

  /** Name of the rules file. */
  public readonly fileName: string;
  /** The ConfigMap carrying the rules file; undefined when the construct is not inside a Chart. */
  public readonly configMap?: ApiObject;

  private readonly rules: FalcoRuleProps[] = [];
  private readonly macros: FalcoMacroProps[] = [];
  private readonly lists: FalcoListProps[] = [];
  private readonly knownMacros: Set<string>;
  private readonly knownLists: Set<string>;
  private readonly knownRules: Set<string>;

  constructor(scope: Construct, id: string, props: FalcoRulesProps = {}) {
    super(scope, id);
    this.fileName = props.fileName ?? DEFAULT_FILE_NAME;
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]*\.ya?ml$/.test(this.fileName)) {
      this.fail('CSE713', `fileName ${JSON.stringify(this.fileName)} is not a valid rules file name`,
        'Use a plain file name ending in .yaml or .yml (letters, digits, ".", "_", "-"), e.g. "cdk8s-secure-rules.yaml": it is a ConfigMap key and a file under /etc/falco/rules.d.');
    }
    const defaults = props.defaultRuleset ?? true;
    this.knownMacros = new Set([...(defaults ? DEFAULT_MACROS : []), ...(props.knownMacros ?? [])]);
    this.knownLists = new Set([...(defaults ? DEFAULT_LISTS : []), ...(props.knownLists ?? [])]);
    this.knownRules = new Set([...(defaults ? DEFAULT_RULES : []), ...(props.knownRules ?? [])]);
    for (const l of props.lists ?? []) this.addList(l);
    for (const m of props.macros ?? []) this.addMacro(m);
    for (const r of props.rules ?? []) this.addRule(r);

    if (scope.node.scopes.some(s => Chart.isChart(s))) {
      this.configMap = new ApiObject(this, 'Resource', {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: {
          ...(props.configMapName ? { name: props.configMapName } : {}),
          namespace: props.namespace ?? 'falco',
          labels: { [FALCO_RULES_LABEL]: 'true' },
        },
        data: Lazy.any({ produce: () => ({ [this.fileName]: this.toYaml() }) }),
      });
    }
  }

  /**
   * Adds a list (or a list override). Throws when it is invalid or uses a list not defined before it.
   */
  public addList(list: FalcoListProps): void {
    const name = list.list;
    const what = `list ${JSON.stringify(name)}`;
    if (typeof name !== 'string' || !isListName(name)) {
      this.fail('CSE710', `${what} has an invalid name`, 'A list name is a non-empty bare string: no blanks, quotes, parentheses, "=" or ",".');
    }
    if (!Array.isArray(list.items)) this.fail('CSE701', `${what} has no items`, 'Set items (an empty array is allowed).');
    if (list.override) {
      this.checkMode(what, 'items', list.override.items, true);
      this.requireTarget(what, this.lists.some(l => l.list === name) || this.knownLists.has(name), 'knownLists');
    } else {
      this.checkNewName(what, this.lists.some(l => l.list === name && !l.override), this.knownLists.has(name), 'list');
    }
    list.items.forEach((item, i) => {
      if (typeof item !== 'string' || item.trim() === '') this.fail('CSE701', `item ${i} of ${what} is empty`, 'Give every item a value.');
      if (looksLikeListName(item) && !this.listKnown(item)) {
        this.fail('CSE707', `item ${JSON.stringify(item)} of ${what} looks like a list name, but no list of that name is defined before it or known from the default ruleset, so Falco would keep it as the literal text`,
          `Define the list before this one, declare it in knownLists if another rules file defines it, or quote the item ('"${item}"') if it is a literal value.`);
      }
    });
    this.lists.push(list);
  }

  /**
   * Adds a macro (or a macro override). Throws when it is invalid or uses a macro or list not defined
   * before it.
   */
  public addMacro(macro: FalcoMacroProps): void {
    const name = macro.macro;
    const what = `macro ${JSON.stringify(name)}`;
    if (typeof name !== 'string' || !isMacroName(name)) {
      this.fail('CSE710', `${what} has an invalid name`, 'A macro name starts with a letter and has only letters, digits and "_" (Falco parses it as an identifier).');
    }
    if (macro.override) {
      this.checkMode(what, 'condition', macro.override.condition, true);
      this.requireTarget(what, this.macros.some(m => m.macro === name) || this.knownMacros.has(name), 'knownMacros');
    } else {
      this.checkNewName(what, this.macros.some(m => m.macro === name && !m.override), this.knownMacros.has(name), 'macro');
    }
    const refs = this.parseCondition(what, macro.condition, macro.override?.condition === FalcoOverrideMode.APPEND);
    this.checkReferences(what, refs);
    this.macros.push(macro);
  }

  /**
   * Adds a rule (or a rule override). Throws when it misses a required field, has an invalid priority,
   * condition or exception, or uses a macro or list that is neither defined in this file nor known.
   */
  public addRule(rule: FalcoRuleProps): void {
    const name = rule.rule;
    if (typeof name !== 'string' || name.trim() === '') {
      this.fail('CSE701', 'a rule has an empty name', 'Give every rule a short, unique `rule` name.');
    }
    const what = `rule ${JSON.stringify(name)}`;
    if (rule.priority !== undefined && !PRIORITIES.includes(rule.priority)) {
      this.fail('CSE703', `${what} has priority ${JSON.stringify(rule.priority)}`, `Use one of FalcoPriority: ${PRIORITIES.join(', ')}.`);
    }
    (rule.tags ?? []).forEach((t, i) => {
      if (typeof t !== 'string' || t.trim() === '') this.fail('CSE714', `tag ${i} of ${what} is empty`, 'Remove the empty tag.');
    });

    let appendCondition = false;
    if (rule.override) {
      const o = rule.override as Record<string, string | undefined>;
      const keys = Object.keys(o).filter(k => o[k] !== undefined);
      if (keys.length === 0) this.fail('CSE711', `${what} has an empty override`, 'Name at least one field to append to or replace, e.g. override: { condition: FalcoOverrideMode.APPEND }.');
      for (const k of keys) {
        if (!RULE_OVERRIDABLE.includes(k)) this.fail('CSE711', `${what} overrides "${k}", which Falco cannot override`, `Override only ${RULE_OVERRIDABLE.join(', ')}.`);
        this.checkMode(what, k, o[k], RULE_APPENDABLE.includes(k));
        if ((rule as any)[k] === undefined) {
          this.fail('CSE711', `${what} overrides "${k}" but does not set it`, `Set ${k} to the value to ${o[k]}, or remove "${k}" from override.`);
        }
      }
      for (const k of RULE_OVERRIDABLE) {
        if ((rule as any)[k] !== undefined && o[k] === undefined) {
          this.fail('CSE711', `${what} sets "${k}" without an override entry for it, which Falco rejects in an override item`,
            `Add ${k}: FalcoOverrideMode.REPLACE${RULE_APPENDABLE.includes(k) ? ' (or APPEND)' : ''} to override, or remove ${k}.`);
        }
      }
      if (rule.source !== undefined) this.fail('CSE711', `${what} sets source in an override item`, 'The source of a rule cannot be overridden; remove it.');
      this.requireTarget(what, this.rules.some(r => r.rule === name) || this.knownRules.has(name), 'knownRules');
      appendCondition = rule.override.condition === FalcoOverrideMode.APPEND;
    } else {
      this.checkNewName(what, this.rules.some(r => r.rule === name && !r.override), this.knownRules.has(name), 'rule');
      // An empty condition is reported as such (CSE704) below.
      const missing = (['desc', 'condition', 'output', 'priority'] as const)
        .filter(k => rule[k] === undefined || (k !== 'condition' && typeof rule[k] === 'string' && (rule[k] as string).trim() === ''));
      if (missing.length > 0) {
        this.fail('CSE702', `${what} has no ${missing.join(', ')}`,
          'Falco refuses to load a rule without desc, condition, output and priority: set them (or set override to change a rule defined elsewhere).');
      }
    }
    if (rule.condition !== undefined) this.checkReferences(what, this.parseCondition(what, rule.condition, appendCondition));
    this.checkExceptions(what, rule.exceptions ?? []);
    this.rules.push(rule);
  }

  /** The rules file as JSON: a list of `list`, `macro` and `rule` items. */
  public toJson(): any {
    return [
      ...this.lists.map(l => ({ list: l.list, items: [...l.items], ...(l.override ? { override: { ...l.override } } : {}) })),
      ...this.macros.map(m => ({ macro: m.macro, condition: m.condition, ...(m.override ? { override: { ...m.override } } : {}) })),
      ...this.rules.map(ruleJson),
    ];
  }

  /** The rules file as YAML, for `/etc/falco/rules.d/<fileName>`. */
  public toYaml(): string {
    const items = this.toJson();
    const header = `# Falco rules file generated by cdk8s-secure (${this.node.path}). Load it after falco_rules.yaml.\n`;
    return items.length === 0 ? `${header}[]\n` : header + toYaml(items);
  }

  /** Values for the falco Helm chart: `customRules` maps the file name to the rules file. */
  public helmValues(): any {
    return { customRules: { [this.fileName]: this.toYaml() } };
  }

  /** `helmValues()` as YAML, for `helm install falco falcosecurity/falco -f <file>`. */
  public helmValuesYaml(): string {
    return `# Values for the falco Helm chart, generated by cdk8s-secure (${this.node.path}).\n${toYaml(this.helmValues())}`;
  }

  /** Writes the rules file (creating directories). */
  public writeRulesFile(filePath: string): void {
    write(filePath, this.toYaml());
  }

  /** Writes the Helm values file (creating directories). */
  public writeHelmValues(filePath: string): void {
    write(filePath, this.helmValuesYaml());
  }

  private fail(code: string, problem: string, fix: string): never {
    return SecureError.raise(this, code, NAME, problem, fix);
  }

  private listKnown(name: string): boolean {
    return this.knownLists.has(name) || this.lists.some(l => l.list === name);
  }

  private checkMode(what: string, key: string, mode: string | undefined, canAppend: boolean): void {
    if (mode === undefined || !MODES.includes(mode)) {
      this.fail('CSE711', `${what} has override ${key}: ${JSON.stringify(mode)}`, 'Use FalcoOverrideMode.APPEND or FalcoOverrideMode.REPLACE.');
    }
    if (mode === FalcoOverrideMode.APPEND && !canAppend) {
      this.fail('CSE711', `${what} appends to "${key}", which Falco can only replace`, `Use ${key}: FalcoOverrideMode.REPLACE.`);
    }
  }

  private requireTarget(what: string, exists: boolean, knownProp: string): void {
    if (!exists) {
      this.fail('CSE711', `${what} is an override, but no ${what.split(' ')[0]} of that name is defined before it or known from the default ruleset`,
        `Override an existing ${what.split(' ')[0]} (check the name), define it first, or declare it in ${knownProp} if another rules file defines it.`);
    }
  }

  private checkNewName(what: string, duplicate: boolean, isDefault: boolean, kind: string): void {
    if (duplicate) this.fail('CSE708', `${what} is defined twice`, `Give every ${kind} a unique name, or use override to change the first definition.`);
    if (isDefault) {
      this.fail('CSE709', `${what} is already defined by Falco's default ruleset (or declared known); defining it again replaces it for every rule that uses it`,
        `Pick another name for a new ${kind}, or set override (APPEND or REPLACE) to change the existing one on purpose.`);
    }
  }

  private parseCondition(what: string, condition: string | undefined, isAppend: boolean): ConditionReferences {
    if (typeof condition !== 'string' || condition.trim() === '') {
      this.fail('CSE704', `the condition of ${what} is empty`, 'Write a Falco filter condition, e.g. "spawned_process and container and shell_procs".');
    }
    // An appended fragment (`and not ...`) follows the existing condition: parse it after a placeholder.
    const placeholder = 'cdk8s_secure_existing_condition ';
    const text = isAppend ? placeholder + condition : condition;
    try {
      const tokens = tokenizeCondition(text);
      return referencesOf(isAppend ? tokens.filter(t => !(t.kind === TokenKind.MACRO && t.start === 0)) : tokens);
    } catch (e) {
      if (!(e instanceof ConditionSyntaxError)) throw e;
      const at = isAppend ? Math.max(0, e.offset - placeholder.length) : e.offset;
      return this.fail('CSE705', `the condition of ${what} is not valid Falco syntax at character ${at} (${e.message}): ${JSON.stringify(excerpt(condition, at))}`,
        isAppend
          ? 'An appended condition continues the existing one: start it with "and" or "or" (e.g. "and not proc.name in (my_tool)").'
          : 'Fix the condition: checks are "<field> <operator> <value>" or macro names, joined with and / or / not and parentheses; quote values that contain blanks.');
    }
  }

  private checkReferences(what: string, refs: ConditionReferences): void {
    for (const m of refs.macros) {
      if (!this.knownMacros.has(m) && !this.macros.some(x => x.macro === m)) {
        this.fail('CSE706', `${what} uses the macro "${m}", which is neither defined before it in this file nor known from Falco's default ruleset; Falco would refuse the file ("Undefined macro")`,
          'Define the macro with addMacro() before it, check the spelling, or declare it in knownMacros if another rules file loaded first defines it.');
      }
    }
    for (const v of refs.listValues) {
      if (looksLikeListName(v) && !this.listKnown(v)) {
        this.fail('CSE707', `${what} uses "${v}" in a list, which looks like a list name but is neither a list defined in this file nor known from the default ruleset, so Falco would compare with the literal text "${v}"`,
          `Define the list with addList(), check the spelling, declare it in knownLists, or quote it ("${v}") if it is a literal value.`);
      }
    }
  }

  private checkExceptions(what: string, exceptions: FalcoException[]): void {
    const names = new Set<string>();
    for (const ex of exceptions) {
      const ewhat = `exception ${JSON.stringify(ex.name)} of ${what}`;
      const bad = (problem: string, fix: string): never => this.fail('CSE712', `${ewhat} ${problem}`, fix);
      if (typeof ex.name !== 'string' || ex.name.trim() === '') this.fail('CSE712', `an exception of ${what} has no name`, 'Give every exception a name.');
      if (names.has(ex.name)) bad('is defined twice', 'Exception names must be unique within a rule.');
      names.add(ex.name);
      if (!Array.isArray(ex.fields) || ex.fields.length === 0) bad('has no fields', 'List the fields it compares, e.g. fields: [\'proc.name\'].');
      for (const f of ex.fields) {
        if (!/^[a-zA-Z]+[a-zA-Z0-9_]*(\.[a-zA-Z]+[a-zA-Z0-9_]*)+(\[[^\]]+\])?$/.test(f)) bad(`has an invalid field ${JSON.stringify(f)}`, 'Fields are Falco field names such as proc.name or fd.name.');
      }
      if (ex.comps !== undefined) {
        if (ex.comps.length !== ex.fields.length) bad(`has ${ex.comps.length} comps for ${ex.fields.length} fields`, 'Give one comparison operator per field.');
        for (const c of ex.comps) {
          if (!ALL_OPERATORS.includes(c) || c === 'exists') bad(`has the comparison ${JSON.stringify(c)}`, `Use one of ${ALL_OPERATORS.filter(o => o !== 'exists').join(' ')}.`);
        }
      }
      (ex.values ?? []).forEach((tuple, i) => {
        if (!Array.isArray(tuple) || tuple.length !== ex.fields.length) {
          bad(`has value tuple ${i} with ${Array.isArray(tuple) ? tuple.length : 0} value(s) for ${ex.fields.length} field(s)`, 'Give one value per field in every tuple (Falco: "Fields and values lists must have equal length").');
        }
        tuple.forEach((v, k) => {
          const list = LIST_OPERATORS.includes(ex.comps?.[k] ?? '=');
          if (typeof v !== 'string' || (!list && v.trim() === '')) bad(`has an empty value in tuple ${i}`, 'Give every value a non-empty string.');
        });
      });
    }
  }
}

function ruleJson(r: FalcoRuleProps): Record<string, unknown> {
  const out: Record<string, unknown> = { rule: r.rule };
  if (r.desc !== undefined) out.desc = r.desc;
  if (r.condition !== undefined) out.condition = r.condition;
  if (r.output !== undefined) out.output = r.output;
  if (r.priority !== undefined) out.priority = r.priority;
  if (r.source !== undefined) out.source = r.source;
  if (r.enabled !== undefined) out.enabled = r.enabled;
  if (r.tags !== undefined) out.tags = [...r.tags];
  if (r.exceptions !== undefined) {
    out.exceptions = r.exceptions.map(e => ({
      name: e.name,
      fields: [...e.fields],
      ...(e.comps ? { comps: [...e.comps] } : {}),
      ...(e.values ? { values: e.values.map(t => [...t]) } : {}),
    }));
  }
  if (r.override !== undefined) {
    out.override = Object.fromEntries(Object.entries(r.override).filter(([, v]) => v !== undefined));
  }
  return out;
}

function excerpt(s: string, at: number): string {
  const start = Math.max(0, at - 15);
  return `${start > 0 ? '...' : ''}${s.slice(start, at + 15)}${at + 15 < s.length ? '...' : ''}`;
}

function write(filePath: string, text: string): void {
  fs.mkdirSync(path.dirname(filePath), { recursive: true });
  fs.writeFileSync(filePath, text);
}

/**
 * Options common to the FalcoPresets rules.
 */
export interface FalcoPresetOptions {
  /**
   * Severity of the rule.
   * @default - the preset's own (documented on each preset)
   */
  readonly priority?: FalcoPriority;
  /**
   * Exceptions (known-good value combinations).
   * @default - none
   */
  readonly exceptions?: FalcoException[];
  /**
   * Whether the rule is enabled.
   * @default true
   */
  readonly enabled?: boolean;
}

/**
 * Options of `FalcoPresets.shellInContainer`.
 */
export interface ShellInContainerOptions extends FalcoPresetOptions {
  /**
   * Only alert for users with at least this uid. The hardening guide used 1000, which ignores shells
   * run as root, the most dangerous ones; set 1000 only to reproduce the guide exactly.
   * @default - every user, root included
   */
  readonly minUid?: number;
}

const CONTAINER_OUTPUT = 'user=%user.name user_uid=%user.uid process=%proc.name parent=%proc.pname cmdline=%proc.cmdline container_id=%container.id container_name=%container.name image=%container.image.repository k8s_ns=%k8s.ns.name k8s_pod=%k8s.pod.name';

/**
 * Ready-made rules for containers. They use macros and lists of Falco's default ruleset
 * (`spawned_process`, `container`, `shell_procs`, `open_write`, `etc_dir`, `open_read`, `sensitive_files`,
 * `package_mgmt_binaries`), which Falco loads before `/etc/falco/rules.d`.
 */
export class FalcoPresets {
  /**
   * The hardening guide's "Detect shell in container" rule, with current Falco semantics: the default
   * `spawned_process` macro matches `execve` and `execveat` (fileless execution goes through `execveat`).
   * Priority WARNING, as in the guide.
   */
  public static shellInContainer(options: ShellInContainerOptions = {}): FalcoRuleProps {
    if (options.minUid !== undefined && !(Number.isInteger(options.minUid) && options.minUid >= 0)) {
      throw new Error(`FalcoPresets.shellInContainer: minUid must be a non-negative integer, got ${options.minUid}`);
    }
    return preset(options, {
      rule: 'Detect shell in container',
      desc: 'A shell was spawned in a container (cdk8s-secure; the container hardening guide\'s rule).',
      condition: `spawned_process and container and shell_procs${options.minUid !== undefined ? ` and user.uid >= ${options.minUid}` : ''}`,
      output: `Shell in container (${CONTAINER_OUTPUT})`,
      priority: FalcoPriority.WARNING,
      tags: ['cdk8s-secure', 'container', 'shell', 'mitre_execution', 'T1059'],
    });
  }

  /**
   * A file below /etc opened for writing in a container (configuration tampering, persistence). Priority ERROR.
   */
  public static writeBelowEtc(options: FalcoPresetOptions = {}): FalcoRuleProps {
    return preset(options, {
      rule: 'Write below etc in container',
      desc: 'A file below /etc was opened for writing in a container (cdk8s-secure).',
      condition: 'open_write and container and etc_dir',
      output: `File below /etc opened for writing in a container (file=%fd.name ${CONTAINER_OUTPUT})`,
      priority: FalcoPriority.ERROR,
      tags: ['cdk8s-secure', 'container', 'filesystem', 'mitre_persistence', 'T1543'],
    });
  }

  /**
   * A package manager run in a running container: images are immutable, so software installed at run time
   * is drift (or an attacker fetching tools). Package managers started by a package manager are not
   * reported again. Priority ERROR.
   */
  public static packageManagementInContainer(options: FalcoPresetOptions = {}): FalcoRuleProps {
    return preset(options, {
      rule: 'Package management process in container',
      desc: 'A package manager was run in a running container (cdk8s-secure).',
      condition: 'spawned_process and container and proc.name in (package_mgmt_binaries) and not proc.pname in (package_mgmt_binaries)',
      output: `Package manager run in a container (${CONTAINER_OUTPUT})`,
      priority: FalcoPriority.ERROR,
      tags: ['cdk8s-secure', 'container', 'process', 'software_mgmt', 'mitre_persistence', 'TA0003'],
    });
  }

  /**
   * A sensitive file (e.g. /etc/shadow, /etc/sudoers, /etc/pam.d) opened for reading in a container.
   * Priority WARNING.
   */
  public static readSensitiveFile(options: FalcoPresetOptions = {}): FalcoRuleProps {
    return preset(options, {
      rule: 'Read sensitive file in container',
      desc: 'A sensitive file (e.g. /etc/shadow) was opened for reading in a container (cdk8s-secure).',
      condition: 'open_read and container and sensitive_files and proc_name_exists',
      output: `Sensitive file opened for reading in a container (file=%fd.name ${CONTAINER_OUTPUT})`,
      priority: FalcoPriority.WARNING,
      tags: ['cdk8s-secure', 'container', 'filesystem', 'mitre_credential_access', 'T1555'],
    });
  }

  /** Every preset, with default options. */
  public static all(): FalcoRuleProps[] {
    return [
      FalcoPresets.shellInContainer(),
      FalcoPresets.writeBelowEtc(),
      FalcoPresets.packageManagementInContainer(),
      FalcoPresets.readSensitiveFile(),
    ];
  }

  private constructor() {}
}

function preset(options: FalcoPresetOptions, rule: FalcoRuleProps): FalcoRuleProps {
  return {
    ...rule,
    ...(options.priority !== undefined ? { priority: options.priority } : {}),
    ...(options.enabled !== undefined ? { enabled: options.enabled } : {}),
    ...(options.exceptions !== undefined ? { exceptions: options.exceptions } : {}),
  };
}
