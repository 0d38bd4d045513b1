import * as fs from 'fs';
import { StringDecoder } from 'string_decoder';
import { Document, isMap, isScalar, isSeq, LineCounter, parseDocument, visit } from 'yaml';
import { FieldPath } from '../checks/_path';

/** Largest single YAML document accepted; larger ones are an input error (memory stays bounded). */
export const MAX_DOCUMENT_BYTES = 16 * 1024 * 1024;
/** Alias expansions allowed per document (stops "billion laughs" alias bombs). */
export const MAX_ALIAS_COUNT = 100;

export interface StreamedObject {
  readonly obj: Record<string, any>;
  readonly documentIndex: number;
  /** 1-based line where the document starts. */
  readonly line: number;
  readonly locate: (path: FieldPath) => { line: number; column: number } | undefined;
}

export interface InputProblem {
  readonly documentIndex?: number;
  readonly line?: number;
  readonly message: string;
}

export interface StreamCallbacks {
  object(o: StreamedObject): void;
  problem(p: InputProblem): void;
  note(message: string): void;
}

/**
 * Reads a multi-document YAML stream line by line and hands over one Kubernetes object at a time, so
 * memory depends on the largest document, not on the file. A `---` line at column 0 always starts a
 * new document (block scalars are indented, so it cannot be content).
 */
export async function streamYaml(input: NodeJS.ReadableStream, cb: StreamCallbacks): Promise<{ documents: number }> {
  let lines: string[] = [];
  let bytes = 0;
  let startLine = 1;
  let lineNo = 0;
  let docIndex = 0;
  let open = false;
  let hasContent = false;
  let sawContent = false;
  let tooLarge = false;
  let binary = false;

  const flush = () => {
    const index = docIndex++;
    if (tooLarge) {
      cb.problem({ documentIndex: index, line: startLine, message: `the document is larger than ${MAX_DOCUMENT_BYTES / 1024 / 1024} MiB` });
    } else if (hasContent) {
      handleDocument(lines.join('\n'), index, startLine, cb);
    }
    sawContent = sawContent || hasContent || tooLarge;
    lines = [];
    bytes = 0;
    open = false;
    hasContent = false;
    tooLarge = false;
  };
  const push = (line: string) => {
    if (!hasContent && /^\s*(#.*)?$/.test(line)) return; // blank lines and comments before the content
    if (!hasContent) startLine = lineNo;
    open = true;
    hasContent = true;
    if (tooLarge) return;
    bytes += line.length + 1;
    if (bytes > MAX_DOCUMENT_BYTES) {
      tooLarge = true;
      lines = [];
      return;
    }
    lines.push(line);
  };

  await forEachLine(input, MAX_DOCUMENT_BYTES, (line, overlong) => {
    lineNo++;
    if (line.includes('\u0000')) {
      binary = true;
      return false;
    }
    if (overlong) {
      // Longer than a whole document may be: its text was not kept.
      if (!hasContent) startLine = lineNo;
      open = hasContent = tooLarge = true;
      lines = [];
      return true;
    }
    if (/^---(\s|$)/.test(line)) {
      if (open) flush();
      open = true;
      startLine = lineNo;
      const rest = line.slice(3);
      // Content on the marker line (`--- {...}`, `--- !!map`, `--- |`): keep the marker, so the parser sees the
      // document as written (columns stay right, `--- key: value` gets the parser's own error for that line).
      if (rest.trim() !== '' && !/^\s*#/.test(rest)) push(line);
      return true;
    }
    if (/^\.\.\.(\s|$)/.test(line)) {
      if (open) flush();
      return true;
    }
    push(line);
    return true;
  });
  if (binary) {
    cb.problem({ line: lineNo, message: 'this is a binary file (it contains NUL bytes), not YAML' });
    return { documents: docIndex };
  }
  if (open) flush();
  if (!sawContent) cb.problem({ message: 'the file contains no YAML documents' });
  return { documents: docIndex };
}

/**
 * Splits a stream into lines at LF, CRLF or CR (YAML's line breaks) and calls `onLine` for each, until it
 * returns false. Unlike readline, it never holds more than `maxLine` characters of one line: a longer line
 * is passed as `overlong` with its text dropped ('' or, if it contained a NUL byte, '\u0000'), so a huge
 * single-line file (minified JSON, a binary) cannot exhaust memory or exceed the longest string V8 allows.
 */
async function forEachLine(input: NodeJS.ReadableStream, maxLine: number, onLine: (line: string, overlong: boolean) => boolean): Promise<void> {
  const decoder = new StringDecoder('utf8');
  const lineBreak = /\r\n|\r|\n/g;
  let partial = '';
  let overlong = false;
  let overlongNul = false;
  let crAtChunkEnd = false;
  const take = (piece: string) => {
    if (overlong) {
      overlongNul = overlongNul || piece.includes('\u0000');
    } else if (partial.length + piece.length > maxLine) {
      overlong = true;
      overlongNul = partial.includes('\u0000') || piece.includes('\u0000');
      partial = '';
    } else {
      partial += piece;
    }
  };
  const emit = (): boolean => {
    const ok = overlong ? onLine(overlongNul ? '\u0000' : '', true) : onLine(partial, false);
    partial = '';
    overlong = overlongNul = false;
    return ok;
  };
  const feed = (text: string): boolean => {
    if (text === '') return true;
    let start = 0;
    // A CR ending the previous chunk ended its line; a LF right after it belongs to that line break.
    if (crAtChunkEnd && text.charCodeAt(0) === 10) start = 1;
    crAtChunkEnd = false;
    lineBreak.lastIndex = start;
    for (let m = lineBreak.exec(text); m !== null; m = lineBreak.exec(text)) {
      take(text.slice(start, m.index));
      start = m.index + m[0].length;
      crAtChunkEnd = m[0] === '\r' && start === text.length;
      if (!emit()) return false;
    }
    take(text.slice(start));
    return true;
  };
  for await (const chunk of input as AsyncIterable<string | Buffer>) {
    if (!feed(typeof chunk === 'string' ? chunk : decoder.write(chunk))) return;
  }
  const rest = decoder.end();
  if (rest && !feed(rest)) return;
  if (partial !== '' || overlong) emit();
}

function handleDocument(text: string, documentIndex: number, startLine: number, cb: StreamCallbacks): void {
  const lineCounter = new LineCounter();
  let doc: Document.Parsed;
  try {
    // uniqueKeys is checked below: the parser's own check is quadratic in the number of keys of a mapping.
    doc = parseDocument(text, { lineCounter, uniqueKeys: false, prettyErrors: false, strict: true, version: '1.2' });
  } catch (e) {
    cb.problem({ documentIndex, line: startLine, message: `cannot parse: ${(e as Error).message}` });
    return;
  }
  if (doc.errors.length > 0) {
    const err = doc.errors[0];
    const pos = err.pos ? lineCounter.linePos(err.pos[0]) : undefined;
    cb.problem({ documentIndex, line: pos ? startLine + pos.line - 1 : startLine, message: firstLine(err.message) });
    return;
  }
  const duplicate = duplicateKey(doc);
  if (duplicate !== undefined) {
    cb.problem({ documentIndex, line: startLine + lineCounter.linePos(duplicate).line - 1, message: 'Map keys must be unique' });
    return;
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (e) {
    cb.problem({ documentIndex, line: startLine, message: firstLine((e as Error).message) });
    return;
  }
  if (value === null || value === undefined) return;
  if (Array.isArray(value) || typeof value !== 'object') {
    cb.problem({ documentIndex, line: startLine, message: `the document is ${Array.isArray(value) ? 'a list' : `a ${typeof value}`}, not a Kubernetes object (a mapping with apiVersion and kind)` });
    return;
  }
  const locate = (path: FieldPath) => {
    for (let n = path.length; n >= 0; n--) {
      const node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n) as unknown[], true);
      const range = (node as { range?: [number, number, number] } | undefined)?.range;
      if (range && (isMap(node) || isSeq(node) || node)) {
        const pos = lineCounter.linePos(range[0]);
        return { line: startLine + pos.line - 1, column: pos.col };
      }
    }
    return undefined;
  };
  emitObject(value as Record<string, any>, documentIndex, startLine, locate, cb, []);
}

function emitObject(obj: Record<string, any>, documentIndex: number, line: number, locate: StreamedObject['locate'], cb: StreamCallbacks, prefix: FieldPath): void {
  const hasApi = typeof obj.apiVersion === 'string' && obj.apiVersion !== '';
  const hasKind = typeof obj.kind === 'string' && obj.kind !== '';
  const where = prefix.length ? ` (${prefix.join('.')})` : '';
  if (!hasApi && !hasKind) {
    cb.note(`document ${documentIndex}${where} at line ${line} has no apiVersion or kind: not a Kubernetes object, skipped`);
    return;
  }
  if (!hasApi || !hasKind) {
    cb.problem({ documentIndex, line, message: `the object${where} has ${hasKind ? `kind ${obj.kind}` : `apiVersion ${obj.apiVersion}`} but no ${hasKind ? 'apiVersion' : 'kind'}` });
    return;
  }
  if (obj.kind.endsWith('List') && Array.isArray(obj.items)) {
    obj.items.forEach((item: unknown, i: number) => {
      const itemLocate = (p: FieldPath) => locate([...prefix, 'items', i, ...p]);
      if (item === null || typeof item !== 'object' || Array.isArray(item)) {
        cb.problem({ documentIndex, line, message: `items[${i}] of the ${obj.kind} is not a mapping` });
      } else {
        emitObject(item as Record<string, any>, documentIndex, line, itemLocate, cb, [...prefix, 'items', i]);
      }
    });
    return;
  }
  cb.object({ obj, documentIndex, line, locate });
}

/**
 * The offset of the first key that repeats an earlier scalar key of its mapping (as the parser's
 * uniqueKeys compares them), in linear time.
 */
function duplicateKey(doc: Document.Parsed): number | undefined {
  let found: number | undefined;
  visit(doc, {
    Map(_key, map) {
      const seen = new Set<unknown>();
      for (const pair of map.items) {
        if (!isScalar(pair.key)) continue;
        if (seen.has(pair.key.value)) {
          found = pair.key.range?.[0] ?? 0;
          return visit.BREAK;
        }
        seen.add(pair.key.value);
      }
      return undefined;
    },
  });
  return found;
}

/**
 * The parser's message, first line only, without the part that quotes the document: an alias error
 * ends with the alias text, which may be a secret value written unquoted (`password: *xyz`).
 */
function firstLine(s: string): string {
  const line = s.split('\n')[0].trim();
  return /alias/i.test(line) ? line.replace(/:\s.*$/, '') : line;
}

/** Opens a file or stdin (`-`). */
export function openInput(file: string): NodeJS.ReadableStream {
  return file === '-' ? process.stdin : fs.createReadStream(file, { encoding: 'utf8' });
}
