import { Document, isMap, isPair, isScalar, isSeq, Pair, parseDocument, Scalar, visit } from 'yaml';
import { decodeDocument, resolvePlain } from './_k8s-yaml';
import { FieldPath, isRecord } from '../checks/_path';

/*
 * Text edits for `cdk8s-secure fix`: the changed fields are written into the document's own text (new keys at
 * the end of their mapping with its indentation, new list items after the last one, scalars replaced in place),
 * so every untouched line stays byte for byte as it was, comments and key order included. The result is read
 * back with the checker's reader and must equal the intended object, or nothing is written.
 */

/** Why a document cannot be edited safely; the object is then listed as needing a decision. */
export class EditRefusal extends Error {}

export interface TextEdit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/** True when two JSON values are equal (key order ignored). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => jsonEqual(x, b[i]));
  if (isRecord(a)) {
    if (!isRecord(b)) return false;
    const ka = Object.keys(a).filter(k => a[k] !== undefined);
    const kb = Object.keys(b).filter(k => b[k] !== undefined);
    return ka.length === kb.length && ka.every(k => Object.prototype.hasOwnProperty.call(b, k) && jsonEqual(a[k], b[k]));
  }
  return false;
}

const SAFE_PLAIN = /^[A-Za-z0-9/][A-Za-z0-9_./-]*$/;

/** A scalar as YAML text that every reader takes as this JSON value. */
export function scalarText(v: unknown): string {
  if (v === null) return 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new EditRefusal('a number JSON cannot carry');
    return String(v);
  }
  const s = String(v);
  return SAFE_PLAIN.test(s) && resolvePlain(s).kind === 'str' ? s : JSON.stringify(s);
}

function keyText(k: string): string {
  return SAFE_PLAIN.test(k) && resolvePlain(k).kind === 'str' ? k : JSON.stringify(k);
}

/** A value on one line, in flow style (JSON is YAML flow). */
function flowText(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(flowText).join(', ')}]`;
  if (isRecord(v)) return `{${Object.keys(v).map(k => `${keyText(k)}: ${flowText(v[k])}`).join(', ')}}`;
  return scalarText(v);
}

const sp = (n: number) => ' '.repeat(n);

function pairLines(key: string, value: unknown, indent: number): string[] {
  const head = `${sp(indent)}${keyText(key)}:`;
  if (isRecord(value) && Object.keys(value).length > 0) return [head, ...mapLines(value, indent + 2)];
  if (Array.isArray(value) && value.length > 0) return [head, ...seqLines(value, indent + 2)];
  return [`${head} ${flowText(value)}`];
}

function mapLines(obj: Record<string, unknown>, indent: number): string[] {
  return Object.keys(obj).filter(k => obj[k] !== undefined).flatMap(k => pairLines(k, obj[k], indent));
}

/** Sequence items at `indent` (the dash's column). */
function seqLines(items: unknown[], indent: number): string[] {
  return items.flatMap(item => itemLines(item, `${sp(indent)}- `));
}

/** One sequence item; `prefix` is what comes before its content on the first line (indentation and dash). */
function itemLines(item: unknown, prefix: string): string[] {
  if (isRecord(item) && Object.keys(item).length > 0) {
    const lines = mapLines(item, prefix.length);
    return [prefix + lines[0].slice(prefix.length), ...lines.slice(1)];
  }
  return [prefix + flowText(item)];
}

/**
 * The edits that turn the value at `prefix` of the YAML document `text` from `original` into `desired`.
 * `desired` may only add keys and list items and change scalars: anything else is refused.
 */
export function documentEdits(text: string, prefix: FieldPath, original: unknown, desired: unknown): TextEdit[] {
  return prepareDocument(text).edits(prefix, original, desired);
}

/** A document parsed once for editing: its top-level kind, and the edits for each object in it. */
export interface EditableDocument {
  readonly rootKind?: string;
  edits(prefix: FieldPath, original: unknown, desired: unknown): TextEdit[];
}

/** Parses a document for editing; throws EditRefusal when it uses aliases or merge keys or does not parse. */
export function prepareDocument(text: string): EditableDocument {
  const doc = parseDocument(text, { version: '1.1', schema: 'failsafe', uniqueKeys: false, keepSourceTokens: false });
  if (doc.errors.length > 0) throw new EditRefusal('the YAML parser that edits the text reads this document differently from the checker');
  return editableFrom(doc, text);
}

/** The same, for a document the reader has already parsed from `text` (its ranges are offsets in `text`). */
export function editableFrom(doc: Document, text: string): EditableDocument {
  let aliased = false;
  // Aliases are written with `*` and merge keys with `<<`: a document without either has neither.
  if (text.includes('*') || text.includes('<<')) {
    visit(doc, {
      Alias: () => { aliased = true; return visit.BREAK; },
      Pair: (_k, p) => { if (isScalar(p.key) && p.key.value === '<<') { aliased = true; return visit.BREAK; } return undefined; },
    });
  }
  if (aliased) throw new EditRefusal('cannot edit safely: the document uses aliases or merge keys');
  const root = doc.contents;
  const kindPair = isMap(root) ? root.items.find(p => isScalar(p.key) && p.key.value === 'kind') : undefined;
  const rootKind = isScalar(kindPair?.value) ? String(kindPair!.value.value) : undefined;
  return { rootKind, edits: (prefix, original, desired) => editsIn(doc, text, prefix, original, desired) };
}

function editsIn(doc: Document, text: string, prefix: FieldPath, original: unknown, desired: unknown): TextEdit[] {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const edits: TextEdit[] = [];
  const lineStart = (offset: number) => text.lastIndexOf('\n', offset - 1) + 1;
  const column = (offset: number) => offset - lineStart(offset);
  /** Where a new line goes after the content that ends at `offset`. */
  const nextLine = (offset: number): { at: number; lead: string } => {
    if (offset > 0 && text[offset - 1] === '\n') return { at: offset, lead: '' };
    const nl = text.indexOf('\n', offset);
    return nl < 0 ? { at: text.length, lead: eol } : { at: nl + 1, lead: '' };
  };
  const insertLines = (offset: number, lines: string[]) => {
    const { at, lead } = nextLine(offset);
    edits.push({ start: at, end: at, text: lead + lines.map(l => l + eol).join('') });
  };
  const rangeOf = (node: unknown): [number, number] => {
    const r = (node as { range?: [number, number, number] } | null)?.range;
    if (!r) throw new EditRefusal('cannot edit safely: a node without a position');
    return [r[0], r[1]];
  };
  const keyOf = (p: Pair): string | undefined => (isScalar(p.key) ? String(p.key.value) : undefined);
  const findPair = (map: { items: Pair[] }, key: string): Pair | undefined => {
    const found = map.items.filter(p => isPair(p) && keyOf(p) === key);
    if (found.length !== 1) throw new EditRefusal(`cannot edit safely: the key ${JSON.stringify(key)} is not found once`);
    return found[0];
  };
  const emptyish = (node: unknown): boolean => node === null || node === undefined
    || (isScalar(node) && node.type === Scalar.PLAIN && ['', '~', 'null', 'Null', 'NULL'].includes(String(node.value ?? '')))
    || ((isMap(node) || isSeq(node)) && node.flow === true && node.items.length === 0);

  /** Replaces an empty value (`key:`, `key: null`, `key: {}`, `key: []`) with a block holding `want`. */
  const replaceEmpty = (pair: Pair, want: unknown) => {
    const keyStart = rangeOf(pair.key)[0];
    let end = rangeOf(pair.key)[1];
    if (pair.value) {
      const [s, e] = rangeOf(pair.value);
      let start = s;
      while (start > 0 && (text[start - 1] === ' ' || text[start - 1] === '\t')) start--;
      if (text.slice(end, start).trim() !== ':' || /[\r\n]/.test(text.slice(s, e))) throw new EditRefusal('cannot edit safely: an empty value written across lines');
      edits.push({ start, end: e, text: '' });
      end = e;
    }
    const indent = column(keyStart) + 2;
    const lines = isRecord(want) ? mapLines(want, indent) : Array.isArray(want) ? seqLines(want, indent) : undefined;
    if (!lines || lines.length === 0) throw new EditRefusal('cannot edit safely: an empty value stays empty');
    insertLines(end, lines);
  };

  const diff = (node: unknown, orig: unknown, want: unknown, owner: Pair | undefined, inFlow = false): void => {
    if (jsonEqual(orig, want)) return;
    if (inFlow && (isMap(node) || isSeq(node)) && node.items.length === 0) {
      // An empty collection inside a flow collection: the new value goes in its place, in flow style too.
      const [s, e] = rangeOf(node);
      edits.push({ start: s, end: e, text: flowText(want) });
      return;
    }
    if (isRecord(want)) {
      if (!isRecord(orig) && !(orig === null || orig === undefined)) throw new EditRefusal('cannot edit safely: a value changes its type');
      if (isMap(node) && node.items.length > 0) {
        const o = (orig ?? {}) as Record<string, unknown>;
        if (Object.keys(o).some(k => !(k in want))) throw new EditRefusal('cannot edit safely: a key would be removed');
        for (const k of Object.keys(want)) {
          if (!(k in o)) continue;
          const p = findPair(node, k)!;
          diff(p.value, o[k], want[k], p, node.flow === true);
        }
        const added = Object.keys(want).filter(k => !(k in o) && want[k] !== undefined);
        if (added.length === 0) return;
        const last = node.items[node.items.length - 1];
        if (node.flow) {
          const [, e] = rangeOf(last.value ?? last.key);
          edits.push({ start: e, end: e, text: added.map(k => `, ${keyText(k)}: ${flowText(want[k])}`).join('') });
        } else {
          const indent = column(rangeOf(node.items[0].key)[0]);
          const end = Math.max(rangeOf(last.key)[1], last.value ? rangeOf(last.value)[1] : 0);
          if (isScalar(last.value) && (last.value.type === Scalar.BLOCK_LITERAL || last.value.type === Scalar.BLOCK_FOLDED)) {
            throw new EditRefusal('cannot edit safely: a mapping that ends with a block scalar');
          }
          insertLines(end, Object.keys(want).filter(k => added.includes(k)).flatMap(k => pairLines(k, want[k], indent)));
        }
        return;
      }
      if (owner && emptyish(node)) return replaceEmpty(owner, want);
      throw new EditRefusal('cannot edit safely: a mapping written in a form the fix does not edit');
    }
    if (Array.isArray(want)) {
      const o = Array.isArray(orig) ? orig : orig === null || orig === undefined ? [] : undefined;
      if (!o || o.length > want.length) throw new EditRefusal('cannot edit safely: a list would shrink or change type');
      if (isSeq(node) && node.items.length > 0) {
        o.forEach((item, i) => diff(node.items[i], item, want[i], undefined, node.flow === true));
        const added = want.slice(o.length);
        if (added.length === 0) return;
        const last = node.items[node.items.length - 1];
        if (node.flow) {
          const [, e] = rangeOf(last);
          edits.push({ start: e, end: e, text: added.map(v => `, ${flowText(v)}`).join('') });
        } else {
          const [first] = rangeOf(node.items[0]);
          const dash = text.slice(lineStart(first), first);
          if (!/^ *- +$/.test(dash)) throw new EditRefusal('cannot edit safely: a list whose items are laid out in a form the fix does not edit');
          if (isScalar(last) && (last.type === Scalar.BLOCK_LITERAL || last.type === Scalar.BLOCK_FOLDED)) throw new EditRefusal('cannot edit safely: a list that ends with a block scalar');
          insertLines(rangeOf(last)[1], added.flatMap(v => itemLines(v, dash)));
        }
        return;
      }
      if (owner && emptyish(node)) return replaceEmpty(owner, want);
      throw new EditRefusal('cannot edit safely: a list written in a form the fix does not edit');
    }
    if (isScalar(node)) {
      if (node.type === Scalar.BLOCK_LITERAL || node.type === Scalar.BLOCK_FOLDED) throw new EditRefusal('cannot edit safely: a block scalar');
      const [s, e] = rangeOf(node);
      edits.push({ start: s, end: e, text: scalarText(want) });
      return;
    }
    if ((node === null || node === undefined) && owner) {
      // `key:` with no value at all: the value goes after the colon.
      const [, e] = rangeOf(owner.key);
      const colon = text.indexOf(':', e);
      if (colon < 0) throw new EditRefusal('cannot edit safely: a key without a colon');
      edits.push({ start: colon + 1, end: colon + 1, text: ` ${scalarText(want)}` });
      return;
    }
    throw new EditRefusal('cannot edit safely: a scalar would replace a list or mapping');
  };

  let node: unknown = doc.contents;
  let owner: Pair | undefined;
  for (const seg of prefix) {
    if (isSeq(node) && typeof seg === 'number') {
      node = node.items[seg];
      owner = undefined;
    } else if (isMap(node)) {
      owner = findPair(node, String(seg));
      node = owner?.value;
    } else {
      throw new EditRefusal('cannot edit safely: the object is not where the reader found it');
    }
  }
  diff(node, original, desired, owner);
  return edits.sort((a, b) => a.start - b.start || a.end - b.end);
}

/** Applies non-overlapping edits sorted by offset. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  let out = '';
  let at = 0;
  for (const e of edits) {
    if (e.start < at) throw new EditRefusal('cannot edit safely: two changes overlap');
    out += text.slice(at, e.start) + e.text;
    at = e.end;
  }
  return out + text.slice(at);
}

/**
 * Edits one document and checks the result: read back with the checker's reader, it must be `expected`
 * (the whole document's value). Returns the edits, or throws EditRefusal.
 */
export function verifiedEdits(text: string, prefix: FieldPath, original: unknown, desired: unknown, expected: unknown): TextEdit[] {
  const edits = documentEdits(text, prefix, original, desired);
  const after = applyEdits(text, edits);
  const { decoded, error } = decodeDocument(after.replace(/\r\n/g, '\n'));
  if (error || !decoded || !jsonEqual(decoded.value, expected)) {
    throw new EditRefusal('cannot edit safely: the edited text does not read back as the fixed object');
  }
  return edits;
}

const NO_EOL = '\\ No newline at end of file';

/** A unified diff (3 lines of context) of the edits to `text`; '' when there are none. */
export function unifiedDiff(name: string, text: string, edits: readonly TextEdit[]): string {
  if (edits.length === 0) return '';
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  const lineCount = text.endsWith('\n') || text === '' ? starts.length - 1 : starts.length;
  const lineOf = (offset: number) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = Math.floor((lo + hi + 1) / 2);
      if (starts[mid] <= offset) lo = mid; else hi = mid - 1;
    }
    return lo;
  };
  const lineText = (i: number) => text.slice(starts[i], i + 1 < starts.length ? starts[i + 1] : text.length);
  // Group the edits by the lines they touch: [from, to) in the old text.
  const groups: Array<{ from: number; to: number; edits: TextEdit[] }> = [];
  for (const e of edits) {
    const from = lineOf(e.start);
    const pureInsert = e.start === e.end && e.start === starts[from];
    const to = pureInsert ? from : lineOf(Math.max(e.start, e.end - 1)) + 1;
    const g = groups[groups.length - 1];
    if (g && from <= g.to) {
      g.to = Math.max(g.to, to);
      g.edits.push(e);
    } else {
      groups.push({ from, to, edits: [e] });
    }
  }
  const split = (s: string) => (s === '' ? [] : s.replace(/\n$/, '').split('\n'));
  const changes = groups.map(g => {
    const base = starts[g.from];
    const oldText = g.from < g.to ? text.slice(base, g.to < starts.length ? starts[g.to] : text.length) : '';
    const newText = applyEdits(oldText, g.edits.map(e => ({ start: e.start - base, end: e.end - base, text: e.text })));
    // A region that ends the file without a line break: the diff says so, or patch would add one.
    const oldNoEol = oldText !== '' && !oldText.endsWith('\n');
    const newNoEol = newText !== '' && !newText.endsWith('\n');
    return { from: g.from, to: g.to, old: split(oldText), new: split(newText), oldNoEol, newNoEol };
  });
  const out = [`--- a/${name}`, `+++ b/${name}`];
  const CONTEXT = 3;
  let i = 0;
  let delta = 0;
  while (i < changes.length) {
    let j = i;
    while (j + 1 < changes.length && changes[j + 1].from - changes[j].to <= 2 * CONTEXT) j++;
    const start = Math.max(0, changes[i].from - CONTEXT);
    const end = Math.min(lineCount, changes[j].to + CONTEXT);
    const body: string[] = [];
    let oldLen = 0;
    let newLen = 0;
    let at = start;
    let hunkDelta = 0;
    for (let k = i; k <= j; k++) {
      for (; at < changes[k].from; at++, oldLen++, newLen++) body.push(` ${lineText(at).replace(/\n$/, '')}`);
      for (const l of changes[k].old) { body.push(`-${l}`); oldLen++; }
      if (changes[k].oldNoEol) body.push(NO_EOL);
      for (const l of changes[k].new) { body.push(`+${l}`); newLen++; }
      if (changes[k].newNoEol) body.push(NO_EOL);
      at = changes[k].to;
      hunkDelta += changes[k].new.length - changes[k].old.length;
    }
    for (; at < end; at++, oldLen++, newLen++) {
      body.push(` ${lineText(at).replace(/\n$/, '')}`);
      if (at === lineCount - 1 && !text.endsWith('\n')) body.push(NO_EOL);
    }
    const oldStart = oldLen === 0 ? start : start + 1;
    const newStart = newLen === 0 ? start + delta : start + delta + 1;
    out.push(`@@ -${oldStart},${oldLen} +${newStart},${newLen} @@`, ...body);
    delta += hunkDelta;
    i = j + 1;
  }
  return `${out.join('\n')}\n`;
}

/** A JSON mapping as block YAML (the style of the inserted text), one line per scalar. */
export function blockYaml(obj: Record<string, unknown>): string {
  return `${mapLines(obj, 0).join('\n')}\n`;
}
