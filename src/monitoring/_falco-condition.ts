/**
 * A scanner for Falco condition expressions, written from the grammar of the libsinsp filter parser
 * (`or` / `and` / `not`, parenthesised groups, field checks with unary, numeric, string and list
 * operators, field transformers, and bare identifiers, which are macro references).
 *
 * It exists to find what a condition refers to (macros, and list names in list values) without being
 * fooled by quoted strings, field names (`proc.name`), field arguments (`proc.aname[2]`), operators or
 * keywords, and to report syntax errors before Falco does. It does not know which fields exist.
 */

/** What a token is. */
export enum TokenKind {
  LPAREN = 'lparen',
  RPAREN = 'rparen',
  COMMA = 'comma',
  AND = 'and',
  OR = 'or',
  NOT = 'not',
  /** A field, e.g. `proc.name` or `proc.aname[2]`. */
  FIELD = 'field',
  /** A field transformer or `val`, e.g. `tolower` (the following `(` is its own token). */
  TRANSFORMER = 'transformer',
  /** A check operator, e.g. `=`, `in`, `startswith`, `exists`. */
  OPERATOR = 'operator',
  /** A bare identifier in check position: a macro reference. */
  MACRO = 'macro',
  /** A value on the right of an operator (bare or quoted). */
  VALUE = 'value',
}

/** One token, with its raw text and position in the condition. */
export interface ConditionToken {
  readonly kind: TokenKind;
  /** The raw text, as written (quotes included for quoted values). */
  readonly text: string;
  /** Offset of the first character. */
  readonly start: number;
  /** Offset after the last character. */
  readonly end: number;
  /** For values: written in quotes (never a list reference). */
  readonly quoted?: boolean;
  /** For values: on the right of a list operator (`in`, `intersects`, `pmatch`), where Falco expands list names. */
  readonly listValue?: boolean;
}

/** A condition that Falco's parser would reject. */
export class ConditionSyntaxError extends Error {
  constructor(message: string, public readonly offset: number) {
    super(message);
    this.name = 'ConditionSyntaxError';
  }
}

/** What a condition refers to. */
export interface ConditionReferences {
  /** Macro names used in check position, in order of first use. */
  readonly macros: string[];
  /**
   * Unquoted values on the right of list operators, in order of first use. Falco replaces each one
   * that names a list with the list's items; any other is a literal value.
   */
  readonly listValues: string[];
}

const BLANK = /[ \t\b\r\n]/;
const IDENTIFIER = /[a-zA-Z]+[a-zA-Z0-9_]*/y;
const FIELD_NAME = /[a-zA-Z]+[a-zA-Z0-9_]*(?:\.[a-zA-Z]+[a-zA-Z0-9_]*)+/y;
const FIELD_ARG_BARE = /[^\][\"'\s]+/y;
const HEX_NUMBER = /0[xX][0-9a-zA-Z]+/y;
const NUMBER = /[+-]?[0-9]+\.?[0-9]*(?:[eE][+-][0-9]+)?/y;
const BARE_STRING = /[^()"'\s=,]+/y;

/** Field transformers (written `name(` with the field inside). */
export const FIELD_TRANSFORMERS = ['tolower', 'toupper', 'b64', 'basename', 'len'];
/** Operators taking no value. */
export const UNARY_OPERATORS = ['exists'];
/** Operators taking a number. */
export const NUMERIC_OPERATORS = ['<=', '<', '>=', '>'];
/** Symbolic operators taking a string. */
export const SYMBOL_STRING_OPERATORS = ['==', '=', '!='];
/** Word operators taking a string. */
export const WORD_STRING_OPERATORS = ['glob', 'iglob', 'contains', 'icontains', 'bcontains', 'startswith', 'bstartswith', 'endswith', 'regex'];
/** Operators taking a list. */
export const LIST_OPERATORS = ['intersects', 'in', 'pmatch'];
/** Every check operator. */
export const ALL_OPERATORS = [...UNARY_OPERATORS, ...NUMERIC_OPERATORS, ...SYMBOL_STRING_OPERATORS, ...WORD_STRING_OPERATORS, ...LIST_OPERATORS];

const MAX_DEPTH = 1000;

class Scanner {
  public readonly tokens: ConditionToken[] = [];
  private pos = 0;
  private depth = 0;

  constructor(private readonly input: string) {}

  public run(): ConditionToken[] {
    if (this.input.trim() === '') throw new ConditionSyntaxError('the condition is empty', 0);
    this.parseOr();
    this.blank();
    if (this.pos !== this.input.length) {
      const last = this.tokens[this.tokens.length - 1];
      throw this.error(`unexpected ${this.describeHere()} after ${last ? `"${last.text}"` : 'the start'}, expecting "and", "or" or the end`);
    }
    return this.tokens;
  }

  private parseOr(): void {
    this.enter();
    this.parseAnd();
    this.blank();
    while (this.keyword('or', TokenKind.OR)) this.afterBoolean('or');
    this.depth--;
  }

  private parseAnd(): void {
    this.enter();
    this.parseNot();
    this.blank();
    while (this.keyword('and', TokenKind.AND)) this.afterBoolean('and');
    this.depth--;
  }

  /** After `and` / `or`: a blank and the next operand, or an opening parenthesis right away. */
  private afterBoolean(word: string): void {
    if (this.blank()) {
      if (word === 'or') this.parseAnd(); else this.parseNot();
    } else if (this.peek() === '(') {
      this.push(TokenKind.LPAREN, 1);
      this.embeddedRemainder();
    } else {
      throw this.error(`expected a blank or "(" after "${word}"`);
    }
    this.blank();
  }

  private parseNot(): void {
    this.enter();
    this.blank();
    for (;;) {
      if (this.input.startsWith('not', this.pos) && BLANK.test(this.input.charAt(this.pos + 3))) {
        this.push(TokenKind.NOT, 3);
        this.blank();
      } else if (this.input.startsWith('not(', this.pos)) {
        this.push(TokenKind.NOT, 3);
        this.push(TokenKind.LPAREN, 1);
        this.embeddedRemainder();
        this.depth--;
        return;
      } else {
        break;
      }
    }
    this.parseCheck();
    this.depth--;
  }

  private embeddedRemainder(): void {
    this.enter();
    this.blank();
    this.parseOr();
    this.blank();
    if (this.peek() !== ')') throw this.error(`expected ")" but found ${this.describeHere()}`);
    this.push(TokenKind.RPAREN, 1);
    this.depth--;
  }

  private parseCheck(): void {
    this.blank();
    if (this.peek() === '(') {
      this.push(TokenKind.LPAREN, 1);
      this.embeddedRemainder();
      return;
    }
    if (this.field()) {
      this.parseOperatorAndValue();
      return;
    }
    if (this.transformer(FIELD_TRANSFORMERS)) {
      this.transformerRemainder();
      this.parseOperatorAndValue();
      return;
    }
    const id = this.match(IDENTIFIER);
    if (id !== undefined) {
      this.tokens.push({ kind: TokenKind.MACRO, text: id, start: this.pos - id.length, end: this.pos });
      return;
    }
    throw this.error(`expected "(", a field check or a macro name, but found ${this.describeHere()}`);
  }

  /** A field name with an optional `[argument]`. */
  private field(): boolean {
    const start = this.pos;
    const name = this.match(FIELD_NAME);
    if (name === undefined) return false;
    if (this.peek() === '[') {
      this.pos++;
      if (!this.quoted() && this.match(FIELD_ARG_BARE) === undefined) {
        throw this.error(`expected a field argument (a quoted or a bare string) after "${name}["`);
      }
      if (this.peek() !== ']') throw this.error(`expected "]" closing the argument of "${name}"`);
      this.pos++;
    }
    this.tokens.push({ kind: TokenKind.FIELD, text: this.input.slice(start, this.pos), start, end: this.pos });
    return true;
  }

  /** `name(` for one of `names`; pushes the transformer and the parenthesis. */
  private transformer(names: string[]): boolean {
    for (const name of names) {
      if (this.input.startsWith(`${name}(`, this.pos)) {
        this.push(TokenKind.TRANSFORMER, name.length);
        this.push(TokenKind.LPAREN, 1);
        return true;
      }
    }
    return false;
  }

  /** The rest of a transformer after `name(`: a field or a nested transformer, then `)`. */
  private transformerRemainder(): void {
    this.enter();
    this.blank();
    if (this.transformer(FIELD_TRANSFORMERS)) {
      this.transformerRemainder();
    } else if (!this.field()) {
      throw this.error(`expected a field or a transformer (${[...FIELD_TRANSFORMERS, 'val'].join(', ')}) but found ${this.describeHere()}`);
    }
    this.blank();
    if (this.peek() !== ')') throw this.error(`expected ")" closing the transformer but found ${this.describeHere()}`);
    this.push(TokenKind.RPAREN, 1);
    this.depth--;
  }

  /** `val(field)` or a transformer, on the right of an operator. */
  private valueTransformer(): boolean {
    if (this.input.startsWith('val(', this.pos)) {
      this.push(TokenKind.TRANSFORMER, 3);
      this.push(TokenKind.LPAREN, 1);
      this.blank();
      if (!this.field()) throw this.error(`expected a field inside "val(" but found ${this.describeHere()}`);
      this.blank();
      if (this.peek() !== ')') throw this.error(`expected ")" closing "val(" but found ${this.describeHere()}`);
      this.push(TokenKind.RPAREN, 1);
      return true;
    }
    if (this.transformer(FIELD_TRANSFORMERS)) {
      this.transformerRemainder();
      return true;
    }
    return false;
  }

  private parseOperatorAndValue(): void {
    const field = this.tokens[this.tokens.length - 1];
    this.blank();
    for (const op of UNARY_OPERATORS) {
      if (this.word(op)) {
        this.push(TokenKind.OPERATOR, op.length);
        return;
      }
    }
    for (const op of NUMERIC_OPERATORS) {
      if (this.input.startsWith(op, this.pos)) {
        this.push(TokenKind.OPERATOR, op.length);
        this.blank();
        if (this.valueTransformer()) return;
        const n = this.match(HEX_NUMBER) ?? this.match(NUMBER);
        if (n === undefined) throw this.error(`expected a number after "${op}" but found ${this.describeHere()}`);
        this.tokens.push({ kind: TokenKind.VALUE, text: n, start: this.pos - n.length, end: this.pos, quoted: false, listValue: false });
        return;
      }
    }
    for (const op of SYMBOL_STRING_OPERATORS) {
      if (this.input.startsWith(op, this.pos)) {
        this.push(TokenKind.OPERATOR, op.length);
        this.stringValue(op, false, true);
        return;
      }
    }
    for (const op of WORD_STRING_OPERATORS) {
      if (this.word(op)) {
        this.push(TokenKind.OPERATOR, op.length);
        if (!this.blank()) throw this.error(`expected a blank after "${op}"`);
        this.stringValue(op, false, true);
        return;
      }
    }
    for (const op of LIST_OPERATORS) {
      if (this.input.startsWith(op, this.pos) && /^[\s(]$/.test(this.input.charAt(this.pos + op.length))) {
        this.push(TokenKind.OPERATOR, op.length);
        this.listValue(op);
        return;
      }
    }
    throw this.error(`expected an operator after "${field.text}" (one of ${ALL_OPERATORS.join(' ')}) but found ${this.describeHere()}`);
  }

  private stringValue(op: string, inList: boolean, allowTransformer: boolean): void {
    this.blank();
    if (allowTransformer && this.valueTransformer()) return;
    const start = this.pos;
    if (this.quoted()) {
      this.tokens.push({ kind: TokenKind.VALUE, text: this.input.slice(start, this.pos), start, end: this.pos, quoted: true, listValue: inList });
      return;
    }
    const bare = this.match(BARE_STRING);
    if (bare === undefined) throw this.error(`expected a value after "${op}" but found ${this.describeHere()}`);
    this.tokens.push({ kind: TokenKind.VALUE, text: bare, start, end: this.pos, quoted: false, listValue: inList });
  }

  private listValue(op: string): void {
    this.blank();
    if (this.peek() === '(') {
      this.push(TokenKind.LPAREN, 1);
      this.blank();
      if (this.peek() !== ')') {
        this.stringValue(op, true, false);
        this.blank();
        while (this.peek() === ',') {
          this.push(TokenKind.COMMA, 1);
          this.stringValue(op, true, false);
          this.blank();
        }
      }
      if (this.peek() !== ')') throw this.error(`expected "," or ")" in the list after "${op}" but found ${this.describeHere()}`);
      this.push(TokenKind.RPAREN, 1);
      return;
    }
    if (this.valueTransformer()) return;
    const start = this.pos;
    const id = this.match(IDENTIFIER);
    if (id === undefined) throw this.error(`expected a list in parentheses or a list name after "${op}" but found ${this.describeHere()}`);
    this.tokens.push({ kind: TokenKind.VALUE, text: id, start, end: this.pos, quoted: false, listValue: true });
  }

  /** A quoted string with backslash escapes, starting at the cursor. */
  private quoted(): boolean {
    const quote = this.peek();
    if (quote !== '"' && quote !== '\'') return false;
    const start = this.pos;
    let i = this.pos + 1;
    while (i < this.input.length) {
      const c = this.input.charAt(i);
      if (c === '\\') {
        i += 2;
        continue;
      }
      if (c === quote) {
        this.pos = i + 1;
        return true;
      }
      i++;
    }
    throw new ConditionSyntaxError(`unterminated ${quote === '"' ? 'double' : 'single'}-quoted string`, start);
  }

  /** A keyword followed by a blank or `(`; pushes it. */
  private keyword(word: string, kind: TokenKind): boolean {
    if (!this.input.startsWith(word, this.pos)) return false;
    const next = this.input.charAt(this.pos + word.length);
    if (next !== '' && next !== '(' && !BLANK.test(next)) return false;
    this.push(kind, word.length);
    return true;
  }

  /** True when `word` is at the cursor and is not the start of a longer word. */
  private word(word: string): boolean {
    if (!this.input.startsWith(word, this.pos)) return false;
    return !/[a-zA-Z0-9_]/.test(this.input.charAt(this.pos + word.length));
  }

  private match(re: RegExp): string | undefined {
    re.lastIndex = this.pos;
    const m = re.exec(this.input);
    if (!m || m.index !== this.pos || m[0] === '') return undefined;
    this.pos += m[0].length;
    return m[0];
  }

  private push(kind: TokenKind, length: number): void {
    this.tokens.push({ kind, text: this.input.slice(this.pos, this.pos + length), start: this.pos, end: this.pos + length });
    this.pos += length;
  }

  private blank(): boolean {
    const start = this.pos;
    while (this.pos < this.input.length && BLANK.test(this.input.charAt(this.pos))) this.pos++;
    return this.pos > start;
  }

  private peek(): string {
    return this.input.charAt(this.pos);
  }

  private enter(): void {
    if (++this.depth >= MAX_DEPTH) throw this.error(`the condition nests deeper than ${MAX_DEPTH} levels`);
  }

  private describeHere(): string {
    if (this.pos >= this.input.length) return 'the end of the condition';
    const rest = this.input.slice(this.pos).split(/\s/)[0] || this.input.charAt(this.pos);
    return `"${rest.length > 20 ? `${rest.slice(0, 20)}...` : rest}"`;
  }

  private error(message: string): ConditionSyntaxError {
    return new ConditionSyntaxError(message, this.pos);
  }
}

/**
 * Splits a Falco condition into tokens. Throws a ConditionSyntaxError (with the offset) when Falco's
 * parser would reject the condition.
 */
export function tokenizeCondition(condition: string): ConditionToken[] {
  return new Scanner(condition).run();
}

/** The macros and list values a condition refers to (see ConditionReferences). */
export function conditionReferences(condition: string): ConditionReferences {
  return referencesOf(tokenizeCondition(condition));
}

/** The references in a token list. */
export function referencesOf(tokens: ConditionToken[]): ConditionReferences {
  const macros: string[] = [];
  const listValues: string[] = [];
  for (const t of tokens) {
    if (t.kind === TokenKind.MACRO && !macros.includes(t.text)) macros.push(t.text);
    if (t.kind === TokenKind.VALUE && t.listValue && !t.quoted && !listValues.includes(t.text)) listValues.push(t.text);
  }
  return { macros, listValues };
}

/** A name Falco accepts for a macro (an identifier). */
export function isMacroName(name: string): boolean {
  return /^[a-zA-Z]+[a-zA-Z0-9_]*$/.test(name);
}

/** A name Falco accepts for a list (a bare string). */
export function isListName(name: string): boolean {
  return /^[^()"'\s=,]+$/.test(name);
}

/**
 * True for a value that looks like a list name (an identifier with an underscore, e.g.
 * `shell_binaries`): when no list of that name exists, Falco silently compares with the literal text.
 */
export function looksLikeListName(value: string): boolean {
  return /^[a-zA-Z]+[a-zA-Z0-9]*(?:_[a-zA-Z0-9]+)+$/.test(value);
}
