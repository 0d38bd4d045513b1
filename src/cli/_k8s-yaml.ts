import { Document, isAlias, isMap, isPair, isScalar, isSeq, Lexer, LineCounter, Node, parseDocument, Scalar } from 'yaml';
import { FieldPath } from '../checks/_path';

/**
 * Decodes one YAML document to the JSON value Kubernetes sees.
 *
 * kubectl, Helm and the client libraries turn YAML into JSON with sigs.k8s.io/yaml, which is go-yaml v2:
 * YAML 1.1 scalars (`yes`/`on`/`y` are booleans, `0x1F`, `017`, `0o17`, `0b101` and `1_000` are integers,
 * keys too), `<<` merge keys whose values override the keys written before them, keys converted to
 * strings, and errors for what JSON cannot carry (null keys, `.inf`, `.nan`). This module parses with the
 * `yaml` package's failsafe schema (every scalar a string, nothing resolved) and resolves every plain
 * scalar itself, with go-yaml's rules. What it cannot decode exactly the same way is refused with an
 * error, never guessed: the checker must see what the cluster will see.
 */

/** Most YAML nodes one document may have (about 1 KB of parser memory each). */
export const MAX_DOCUMENT_NODES = 250_000;
/** Most values one document may expand to through aliases and merge keys. */
export const MAX_EXPANDED_VALUES = 1_000_000;
/** Documents at least this large are measured (nodes counted) before they are parsed. */
const MEASURE_FROM_CHARS = 256 * 1024;

export interface DecodeError {
  /** Offset in the document text. */
  readonly offset: number;
  readonly message: string;
}

export interface Decoded {
  readonly value: unknown;
  /** Line (1-based) and column of an offset in the document text. */
  readonly linePos: (offset: number) => { line: number; col: number };
  /** Offset in the document text of the node at `path` (or of its nearest ancestor that exists). */
  readonly locate: (path: FieldPath) => number | undefined;
  /** The parsed document, when it was parsed from the text as given (not re-indented): for `fix`, which edits the text. */
  readonly document?: Document;
}

class Refusal extends Error {
  constructor(readonly offset: number, message: string) {
    super(message);
  }
}

// ---------------------------------------------------------------------------------------------------------
// Plain scalars, resolved as go-yaml v2 resolves them (resolve.go) and sigs.k8s.io/yaml hands them to JSON.

const TRUE = new Set(['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON']);
const FALSE = new Set(['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF']);
const NULL = new Set(['', '~', 'null', 'Null', 'NULL']);
const NOT_JSON = new Set(['.nan', '.NaN', '.NAN', '.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF', '-.inf', '-.Inf', '-.INF']);
/** The integer syntax of Go's strconv.ParseInt with base 0 (after go-yaml removed every `_`). */
const GO_INT = /^([+-]?)(?:0[xX]([0-9a-fA-F]+)|0[bB]([01]+)|0[oO]([0-7]+)|(0[0-7]*)|([1-9][0-9]*))$/;
/** go-yaml's yamlStyleFloat. */
const YAML_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

/** A resolved plain scalar: a string, boolean, null, an integer (exact) or a float. */
type Resolved = { kind: 'str'; value: string } | { kind: 'bool'; value: boolean } | { kind: 'null' }
| { kind: 'int'; value: bigint } | { kind: 'float'; value: number } | { kind: 'refused'; why: string };

export function resolvePlain(s: string): Resolved {
  if (NULL.has(s)) return { kind: 'null' };
  if (TRUE.has(s)) return { kind: 'bool', value: true };
  if (FALSE.has(s)) return { kind: 'bool', value: false };
  if (NOT_JSON.has(s)) return { kind: 'refused', why: `${s} is an infinite or not-a-number float, which JSON cannot carry (kubectl refuses it)` };
  const c = s.charAt(0);
  if (c === '.') {
    if (/^\.[0-9]+([eE][-+]?[0-9]+)?$/.test(s)) return { kind: 'float', value: Number(s) };
    if (s.includes('_') && /^\.[0-9_]+([eE][-+]?[0-9_]+)?$/.test(s)) return { kind: 'refused', why: `the plain value ${s} may be read as a number or a string` };
    return { kind: 'str', value: s };
  }
  if (!(c === '+' || c === '-' || (c >= '0' && c <= '9'))) return { kind: 'str', value: s };
  const plain = s.includes('_') ? s.replace(/_/g, '') : s;
  const m = GO_INT.exec(plain);
  if (m) {
    const [, sign, hex, bin, oct, octLeading, dec] = m;
    let magnitude: bigint;
    if (hex !== undefined) magnitude = BigInt(`0x${hex}`);
    else if (bin !== undefined) magnitude = BigInt(`0b${bin}`);
    else if (oct !== undefined) magnitude = BigInt(`0o${oct}`);
    else if (octLeading !== undefined) magnitude = octLeading.length > 1 ? BigInt(`0o${octLeading.slice(1)}`) : 0n;
    else magnitude = BigInt(dec);
    const value = sign === '-' ? -magnitude : magnitude;
    if (value >= INT64_MIN && value <= INT64_MAX) return { kind: 'int', value };
    // strconv.ParseUint takes no sign.
    if (sign === '' && value <= UINT64_MAX) return { kind: 'int', value };
  }
  if (YAML_FLOAT.test(plain)) {
    const f = Number(plain);
    // strconv.ParseFloat fails on overflow; go-yaml then keeps the string.
    if (Number.isFinite(f)) return { kind: 'float', value: f };
  }
  return { kind: 'str', value: s };
}

/** A map key as sigs.k8s.io/yaml turns it into a JSON key. */
function keyString(r: Resolved): string | undefined {
  switch (r.kind) {
    case 'str': return r.value;
    case 'bool': return r.value ? 'true' : 'false';
    case 'int': return r.value >= INT64_MIN && r.value <= INT64_MAX ? r.value.toString() : undefined;
    case 'float': return formatFloat32(r.value);
    default: return undefined;
  }
}

/**
 * Go's strconv.FormatFloat(f, 'g', -1, 32): the shortest decimal that reads back as the same float32,
 * in exponent form when the exponent is below -4 or at least 6.
 */
export function formatFloat32(f: number): string {
  const x = Math.fround(f);
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  let digits = '';
  for (let p = 1; p <= 9; p++) {
    const s = Math.abs(x).toExponential(p - 1);
    if (Math.fround(Number(s)) === Math.abs(x)) {
      digits = s;
      break;
    }
  }
  const [mantissa, expPart] = digits.split('e');
  const exp = Number(expPart);
  const ds = mantissa.replace('.', '');
  const sign = x < 0 ? '-' : '';
  if (exp < -4 || exp >= 6) {
    const e = `${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
    return `${sign}${ds[0]}${ds.length > 1 ? `.${ds.slice(1)}` : ''}e${e}`;
  }
  if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${ds}`;
  const intPart = ds.slice(0, exp + 1).padEnd(exp + 1, '0');
  const frac = ds.slice(exp + 1);
  return `${sign}${intPart}${frac ? `.${frac}` : ''}`;
}

function jsonValue(r: Resolved, offset: number): unknown {
  switch (r.kind) {
    case 'str': return r.value;
    case 'bool': return r.value;
    case 'null': return null;
    case 'int': return Number(r.value);
    case 'float': return r.value;
    default: throw new Refusal(offset, r.why);
  }
}

// ---------------------------------------------------------------------------------------------------------
// The document.

const STR_TAG = 'tag:yaml.org,2002:str';
const MAP_TAG = 'tag:yaml.org,2002:map';
const SEQ_TAG = 'tag:yaml.org,2002:seq';
const LINE_BREAKS = /[\u0085\u2028\u2029]/;

/** Sets a key on a plain object, `__proto__` included, without touching the prototype. */
function setKey(obj: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}

function offsetOf(node: unknown): number {
  return (node as { range?: [number, number, number] } | undefined)?.range?.[0] ?? 0;
}

function isMergeKey(key: unknown): boolean {
  return isScalar(key) && key.type === Scalar.PLAIN && key.tag === undefined && key.value === '<<';
}

class Converter {
  private readonly anchors = new Map<string, Node>();
  private readonly values = new Map<Node, unknown>();
  private readonly sizes = new Map<Node, number>();
  private readonly inProgress = new Set<Node>();
  private expanded = 0;

  /** The node an alias or anchored node stands for, with its anchor recorded in document order. */
  public target(node: unknown): Node {
    if (isAlias(node)) {
      const found = this.anchors.get(node.source);
      if (!found) throw new Refusal(offsetOf(node), 'an alias refers to no anchor before it');
      return found;
    }
    return node as Node;
  }

  public convert(node: unknown): unknown {
    if (node === null || node === undefined) return null;
    if (isAlias(node)) {
      const target = this.target(node);
      if (this.inProgress.has(target)) throw new Refusal(offsetOf(node), 'an alias refers to a value that contains it');
      this.count(this.sizes.get(target) ?? 1, node);
      return this.values.get(target);
    }
    const n = node as Node;
    if (n.anchor) this.anchors.set(n.anchor, n);
    this.inProgress.add(n);
    const before = this.expanded;
    const value = this.convertNode(n);
    this.inProgress.delete(n);
    if (n.anchor) {
      this.values.set(n, value);
      this.sizes.set(n, this.expanded - before);
    }
    return value;
  }

  private count(n: number, at: unknown): void {
    this.expanded += n;
    if (this.expanded > MAX_EXPANDED_VALUES) {
      throw new Refusal(offsetOf(at), `the document expands to more than ${MAX_EXPANDED_VALUES.toLocaleString('en-US')} values through aliases (an alias bomb?)`);
    }
  }

  private convertNode(n: Node): unknown {
    this.count(1, n);
    if (isScalar(n)) {
      if (n.tag !== undefined && n.tag !== STR_TAG) {
        throw new Refusal(offsetOf(n), `the explicit tag ${tagName(n.tag)} is not decoded by the checker; write the value without a tag`);
      }
      if (n.type === Scalar.PLAIN && n.tag === undefined) return jsonValue(resolvePlain(String(n.value)), offsetOf(n));
      return String(n.value);
    }
    if (isSeq(n)) {
      if (n.tag !== undefined && n.tag !== SEQ_TAG) throw new Refusal(offsetOf(n), `the explicit tag ${tagName(n.tag)} is not decoded by the checker`);
      return n.items.map((item) => this.convert(item));
    }
    if (isMap(n)) {
      if (n.tag !== undefined && n.tag !== MAP_TAG) throw new Refusal(offsetOf(n), `the explicit tag ${tagName(n.tag)} is not decoded by the checker`);
      const out: Record<string, unknown> = {};
      const written = new Set<string>();
      for (const pair of n.items) {
        if (isMergeKey(pair.key)) {
          this.merge(pair.value, out);
          continue;
        }
        const key = this.key(pair.key, pair);
        if (written.has(key)) throw new Refusal(offsetOf(pair.key), `the key ${JSON.stringify(key)} appears twice in one mapping (kubectl keeps the last, other tools the first)`);
        written.add(key);
        setKey(out, key, this.convert(pair.value));
      }
      return out;
    }
    throw new Refusal(offsetOf(n), 'a YAML node of an unknown type');
  }

  private key(node: unknown, pair: unknown): string {
    if (node === null || node === undefined) throw new Refusal(offsetOf(pair), 'a mapping key is empty (kubectl refuses null keys)');
    const target = isAlias(node) ? this.target(node) : node;
    if (!isScalar(target)) throw new Refusal(offsetOf(node), 'a mapping key is a list or a mapping (kubectl refuses it)');
    if (target.tag !== undefined && target.tag !== STR_TAG) throw new Refusal(offsetOf(node), `the explicit tag ${tagName(target.tag)} is not decoded by the checker`);
    const resolved: Resolved = target.type === Scalar.PLAIN && target.tag === undefined ? resolvePlain(String(target.value)) : { kind: 'str', value: String(target.value) };
    const key = keyString(resolved);
    if (key === undefined) {
      throw new Refusal(offsetOf(node), `the mapping key ${JSON.stringify(String(target.value))} cannot be a JSON key (kubectl refuses it)`);
    }
    if (isAlias(node)) this.count(1, node);
    // An anchored key may be aliased later as a value: remember it as a value (`&a yes` is then true).
    else if (target.anchor) this.convert(target);
    return key;
  }

  /**
   * A `<<` merge key as go-yaml v2 applies it: the merged mapping's keys are written into the mapping at the
   * point where `<<` stands, over keys written before it; for a list of mappings the earlier ones win.
   */
  private merge(value: unknown, out: Record<string, unknown>): void {
    const fail = (): never => {
      throw new Refusal(offsetOf(value), 'a << merge key must be followed by a mapping, an alias of one, or a list of those');
    };
    const mappingOf = (node: unknown): Record<string, unknown> => {
      const target = isAlias(node) ? this.target(node) : node;
      if (!isMap(target)) fail();
      const v = this.convert(node);
      if (v === null || typeof v !== 'object' || Array.isArray(v)) fail();
      return v as Record<string, unknown>;
    };
    const target = isAlias(value) ? this.target(value) : value;
    if (isSeq(target) && !isAlias(value)) {
      const maps = (target.items as unknown[]).map(mappingOf);
      for (let i = maps.length - 1; i >= 0; i--) copyInto(out, maps[i]);
    } else if (isMap(target)) {
      copyInto(out, mappingOf(value));
    } else {
      fail();
    }
  }
}

function copyInto(out: Record<string, unknown>, from: Record<string, unknown>): void {
  for (const k of Object.keys(from)) setKey(out, k, from[k]);
}

function tagName(tag: string): string {
  return tag.startsWith('tag:yaml.org,2002:') ? `!!${tag.slice('tag:yaml.org,2002:'.length)}` : tag;
}

/** Counts the nodes the parser would build (scalars, aliases, collections), without building them. */
export function countNodes(text: string, stopAt: number): number {
  let n = 0;
  for (const token of new Lexer().lex(text)) {
    const c = token.charAt(0);
    // SCALAR marker, flow collection starts, block sequence items, explicit keys, aliases.
    if (c === '\x1f' || c === '[' || c === '{' || c === '*' || ((c === '-' || c === '?') && token.length === 1)) {
      if (++n > stopAt) return n;
    }
  }
  return n;
}

/**
 * Lines that continue a flow collection (`[`...`]`, `{`...`}`) or a quoted scalar from an earlier line may
 * be indented less than the block they belong to: go-yaml ignores indentation there, the `yaml` package
 * refuses (or, worse, reads it differently). Indenting such lines further changes no value (leading
 * white space of a continuation line is folded away) and lets both read the same document.
 */
export function indentContinuations(text: string): string | undefined {
  const lines = text.split('\n');
  let depth = 0;
  let quote: '' | '"' | '\'' = '';
  let changed = false;
  let blockIndent = 0;
  for (let li = 0; li < lines.length; li++) {
    let line = lines[li];
    if (depth > 0 || quote !== '') {
      const pad = blockIndent + 2;
      const own = line.length - line.trimStart().length;
      if (own < pad && line.trim() !== '') {
        line = ' '.repeat(pad - own) + line;
        lines[li] = line;
        changed = true;
      }
    } else {
      blockIndent = line.length - line.trimStart().length;
    }
    // Scan the line: quotes, flow brackets, comments. In block context a bracket opens a flow collection only
    // where a node starts (after the indentation, `- `, `? `, `: `, an anchor or a tag).
    let nodeStart = true;
    for (let i = 0; i < line.length; i++) {
      const ch = line[i];
      if (quote === '"') {
        if (ch === '\\') i++;
        else if (ch === '"') quote = '';
        continue;
      }
      if (quote === '\'') {
        if (ch === '\'' && line[i + 1] === '\'') i++;
        else if (ch === '\'') quote = '';
        continue;
      }
      if (ch === ' ' || ch === '\t') continue;
      if (ch === '#' && (i === 0 || line[i - 1] === ' ' || line[i - 1] === '\t')) break;
      if (depth > 0) {
        if (ch === '[' || ch === '{') depth++;
        else if (ch === ']' || ch === '}') depth--;
        else if (ch === '"' || ch === '\'') quote = ch;
        if (depth === 0) nodeStart = false;
        continue;
      }
      if (nodeStart && (ch === '[' || ch === '{')) {
        depth = 1;
        continue;
      }
      if (nodeStart && (ch === '"' || ch === '\'')) {
        quote = ch;
        nodeStart = false;
        continue;
      }
      if ((ch === '-' || ch === '?' || ch === ':') && (i + 1 === line.length || line[i + 1] === ' ')) {
        nodeStart = true;
        continue;
      }
      if (nodeStart && (ch === '&' || ch === '!')) {
        while (i + 1 < line.length && line[i + 1] !== ' ') i++;
        continue;
      }
      if (nodeStart && (ch === '|' || ch === '>')) break; // a block scalar: its lines are content
      // Inside a plain scalar or a key: a `: ` later on the line starts the value.
      nodeStart = false;
    }
  }
  return changed ? lines.join('\n') : undefined;
}

/**
 * Decodes one document (the text between two `---` lines). Throws nothing: problems come back as
 * `{ error }`, with the offset in `text` they concern.
 */
export function decodeDocument(text: string): { decoded?: Decoded; error?: DecodeError & { line: number } } {
  const lb = LINE_BREAKS.exec(text);
  if (lb) {
    const name = lb[0] === '\u0085' ? 'U+0085 (NEL)' : lb[0] === '\u2028' ? 'U+2028 (LINE SEPARATOR)' : 'U+2029 (PARAGRAPH SEPARATOR)';
    return { error: { offset: lb.index, line: lineAt(text, lb.index), message: `the document contains ${name}, a line break to Kubernetes' YAML reader but not to most editors and tools: it is refused rather than read differently; replace it with a newline or an escape ("\\u${lb[0].charCodeAt(0).toString(16).padStart(4, '0')}") in a double-quoted string` } };
  }
  if (text.length >= MEASURE_FROM_CHARS && countNodes(text, MAX_DOCUMENT_NODES) > MAX_DOCUMENT_NODES) {
    return { error: { offset: 0, line: 1, message: `the document has more than ${MAX_DOCUMENT_NODES.toLocaleString('en-US')} YAML nodes, more than the checker reads in one document (its memory is bounded per document); split it` } };
  }
  let lineCounter = new LineCounter();
  const parse = (src: string, lc: LineCounter): Document.Parsed => parseDocument(src, {
    schema: 'failsafe', version: '1.1', uniqueKeys: false, strict: true, prettyErrors: false, lineCounter: lc,
  });
  let doc = parse(text, lineCounter);
  let reindented = false;
  if (doc.errors.length > 0) {
    const indented = indentContinuations(text);
    if (indented !== undefined) {
      const lc = new LineCounter();
      const again = parse(indented, lc);
      // Lines were only indented: line numbers stay right; columns of those lines shift.
      if (again.errors.length === 0) [doc, lineCounter, reindented] = [again, lc, true];
    }
  }
  const linePos = (offset: number) => lineCounter.linePos(offset);
  if (doc.errors.length > 0) {
    const err = doc.errors[0];
    const offset = err.pos?.[0] ?? 0;
    return { error: { offset, line: linePos(offset).line, message: firstLine(err.message) } };
  }
  const converter = new Converter();
  let value: unknown;
  try {
    value = converter.convert(doc.contents);
  } catch (e) {
    if (e instanceof Refusal) return { error: { offset: e.offset, line: linePos(e.offset).line, message: e.message } };
    throw e;
  }
  const locate = (path: FieldPath): number | undefined => {
    let node: unknown = doc.contents;
    let found = offsetOf(node);
    for (const step of path) {
      node = converter.target(node);
      let next: unknown;
      if (isSeq(node) && typeof step === 'number') {
        next = node.items[step];
      } else if (isMap(node)) {
        for (const pair of node.items) {
          if (!isPair(pair) || isMergeKey(pair.key)) continue;
          const key = pair.key;
          const plain = isScalar(key) && key.type === Scalar.PLAIN && key.tag === undefined;
          const k = isScalar(key) ? (plain ? keyString(resolvePlain(String(key.value))) : String(key.value)) : undefined;
          if (k === String(step)) next = pair.value;
        }
      }
      if (next === undefined || next === null) break;
      node = next;
      found = offsetOf(node);
    }
    return found;
  };
  return { decoded: { value, locate, linePos, document: reindented ? undefined : doc } };
}

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/**
 * The parser's message, first line only, without the part that quotes the document: an alias error
 * ends with the alias text, which may be a secret value written unquoted (`password: *xyz`).
 */
function firstLine(s: string): string {
  const line = s.split('\n')[0].trim().replace(/ at line \d+, column \d+:?$/, '');
  return /alias/i.test(line) ? line.replace(/:\s.*$/, '') : line;
}
