import * as fs from 'fs';
import { TextDecoder } from 'util';
import type { Document } from 'yaml';
import { Decoded, decodeDocument } from './_k8s-yaml';
import { FieldPath } from '../checks/_path';

/** Largest single YAML document accepted; larger ones are an input error (memory stays bounded). */
export const MAX_DOCUMENT_BYTES = 16 * 1024 * 1024;

export interface StreamedObject {
  readonly obj: Record<string, any>;
  readonly documentIndex: number;
  /** 1-based line where the document starts. */
  readonly line: number;
  readonly locate: (path: FieldPath) => { line: number; column: number } | undefined;
  /** The document's text and parsed form, when the document is this one object (not a List): for `fix`, which edits the text. */
  readonly source?: { readonly text: string; readonly document: Document };
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
 * Reads a stream of Kubernetes manifests the way kubectl does and hands over one object at a time, so
 * memory depends on the largest document, not on the file:
 * - the bytes are UTF-8, or UTF-16 with a byte-order mark; a UTF-8 byte-order mark is dropped;
 * - a stream whose first character (after white space) is `{` is a sequence of JSON objects;
 * - otherwise it is YAML, split into documents at lines that start with `---`, as kubectl splits them,
 *   and each document is decoded by `decodeDocument` (go-yaml's YAML 1.1 rules).
 * What kubectl would read differently or refuse is reported as a problem, never passed on.
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
  /** Set by a `...` line: content may not follow before the next `---` (kubectl ignores it). */
  let ended = false;
  /** A problem found while reading the current document's lines: reported instead of decoding it. */
  let lineProblem: InputProblem | undefined;
  let json: JsonSplitter | undefined;
  /** Decided by the first character that is not white space: `{` makes the stream JSON. */
  let decided = false;

  const flush = () => {
    const index = docIndex++;
    if (lineProblem) {
      cb.problem({ ...lineProblem, documentIndex: index });
    } else if (tooLarge) {
      cb.problem({ documentIndex: index, line: startLine, message: `the document is larger than ${MAX_DOCUMENT_BYTES / 1024 / 1024} MiB` });
    } else if (hasContent) {
      handleDocument(lines.join('\n'), index, startLine, cb);
    }
    sawContent = sawContent || hasContent || tooLarge || lineProblem !== undefined;
    lines = [];
    bytes = 0;
    open = false;
    hasContent = false;
    tooLarge = false;
    ended = false;
    lineProblem = undefined;
  };
  const refuse = (message: string) => {
    if (!lineProblem) lineProblem = { line: lineNo, message };
    open = true;
  };
  const push = (line: string) => {
    if (!hasContent && /^\s*(#.*)?$/.test(line)) return; // blank lines and comments before the content
    if (ended) {
      if (!/^\s*(#.*)?$/.test(line)) refuse('content after a `...` document end marker: kubectl ignores it up to the next `---` line; remove the `...` line or start a new document with `---`');
      return;
    }
    if (!hasContent) startLine = lineNo;
    if (line.startsWith('%')) refuse('a YAML directive (`%...`): kubectl refuses documents with directives; remove the line');
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

  try {
    await forEachLine(input, MAX_DOCUMENT_BYTES, (rawLine, overlong, afterLoneCr) => {
      lineNo++;
      let line = rawLine;
      if (!decided) {
        const trimmed = line.trimStart();
        if (trimmed === '' && !overlong) return true;
        decided = true;
        if (trimmed.startsWith('{') && !overlong) json = new JsonSplitter(lineNo, cb);
      }
      if (json) return json.line(line, overlong);
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
      // A byte-order mark at the start of a document is dropped, as kubectl drops it.
      if (line.charCodeAt(0) === 0xfeff && !hasContent) line = line.slice(1);
      if (line.startsWith('---')) {
        if (afterLoneCr) {
          refuse('a `---` line after a lone carriage return (CR) line break: kubectl does not see a document start there, the YAML parser does; use LF or CRLF line breaks');
          return true;
        }
        const rest = line.slice(3);
        if (rest.trim() !== '' && !rest.trim().startsWith('#')) {
          // kubectl refuses `--- {...}`, `--- |`, `----`: "invalid Yaml document separator".
          if (open) flush();
          startLine = lineNo;
          refuse('content on a `---` line: kubectl refuses it ("invalid Yaml document separator"); put the content on the next line');
          return true;
        }
        if (open) flush();
        open = true;
        startLine = lineNo;
        return true;
      }
      if (/^\.\.\.(\s|$)/.test(line) && !ended) {
        if (afterLoneCr) refuse('a `...` line after a lone carriage return (CR) line break; use LF or CRLF line breaks');
        ended = hasContent;
        return true;
      }
      push(line);
      return true;
    });
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    // Lines before the bad bytes were read: the problem is on the next one.
    cb.problem({ line: lineNo + 1 + e.linesAhead, message: e.message });
    return { documents: docIndex };
  }
  if (json) {
    json.end();
    return { documents: json.documents };
  }
  if (binary) {
    cb.problem({ line: lineNo, message: 'this is a binary file (it contains NUL bytes), not YAML' });
    return { documents: docIndex };
  }
  if (open) flush();
  if (!sawContent) cb.problem({ message: 'the file contains no YAML documents' });
  return { documents: docIndex };
}

/**
 * A stream of JSON objects, as kubectl reads a file that starts with `{`: objects one after another,
 * separated by nothing but white space. Each is parsed on its own (a later duplicate key wins, as in Go).
 */
class JsonSplitter {
  public documents = 0;
  private text: string[] = [];
  private size = 0;
  private depth = 0;
  private inString = false;
  private escaped = false;
  private startLine: number;
  private lineNo: number;
  private failed = false;

  constructor(first: number, private readonly cb: StreamCallbacks) {
    this.startLine = first;
    this.lineNo = first - 1;
  }

  /** Takes one line; false stops the stream (after a problem). */
  public line(line: string, overlong: boolean): boolean {
    this.lineNo++;
    if (this.failed) return false;
    if (overlong) return this.fail(`the document is larger than ${MAX_DOCUMENT_BYTES / 1024 / 1024} MiB`);
    let start = 0;
    for (let i = 0; i < line.length; i++) {
      const c = line.charCodeAt(i);
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === 92) this.escaped = true; // backslash
        else if (c === 34) this.inString = false; // "
        continue;
      }
      if (this.depth === 0) {
        if (c === 32 || c === 9 || c === 13) {
          start = i + 1;
          continue;
        }
        if (c !== 123) return this.fail(`after a JSON object, only another object may follow (found ${JSON.stringify(line.charAt(i))}); kubectl refuses the file`);
        this.startLine = this.lineNo;
        start = i;
      }
      if (c === 34) {this.inString = true;} else if (c === 123 || c === 91) {this.depth++;} else if (c === 125 || c === 93) {
        this.depth--;
        if (this.depth === 0) {
          this.append(line.slice(start, i + 1));
          if (this.failed) return false;
          this.emit();
          start = i + 1;
        }
      }
    }
    if (this.depth > 0) this.append(`${line.slice(start)}\n`);
    return !this.failed;
  }

  public end(): void {
    if (!this.failed && (this.depth > 0 || this.inString)) this.fail('the JSON object is not closed at the end of the file');
  }

  private append(piece: string): void {
    this.size += piece.length;
    if (this.size > MAX_DOCUMENT_BYTES) this.fail(`the document is larger than ${MAX_DOCUMENT_BYTES / 1024 / 1024} MiB`);
    else this.text.push(piece);
  }

  private emit(): void {
    const index = this.documents++;
    const text = this.text.join('');
    this.text = [];
    this.size = 0;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      this.fail(`cannot parse JSON: ${jsonMessage(e)}`, index);
      return;
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      this.fail('the JSON value is not an object', index);
      return;
    }
    const line = this.startLine;
    // Where a finding's field is: the object's text is read again (as YAML, which JSON is) only when asked.
    let located: StreamedObject['locate'] | undefined;
    const locate = (p: FieldPath) => {
      if (!located) {
        const { decoded } = decodeDocument(text);
        located = decoded ? locator(decoded, line) : () => ({ line, column: 1 });
      }
      return located(p);
    };
    emitObject(value as Record<string, any>, index, line, locate, this.cb, []);
  }

  private fail(message: string, documentIndex = this.documents): false {
    if (!this.failed) this.cb.problem({ documentIndex, line: this.lineNo, message });
    this.failed = true;
    return false;
  }
}

/**
 * Splits a stream into lines at LF, CRLF or CR (YAML's line breaks) and calls `onLine` for each, until it
 * returns false. Unlike readline, it never holds more than `maxLine` characters of one line: a longer line
 * is passed as `overlong` with its text dropped ('' or, if it contained a NUL byte, '\u0000'), so a huge
 * single-line file (minified JSON, a binary) cannot exhaust memory or exceed the longest string V8 allows.
 * `afterLoneCr` says the line break before this line was a CR alone (kubectl splits documents at LF only).
 * Bytes are decoded as UTF-8, or UTF-16 where the stream starts with its byte-order mark; invalid UTF-8
 * is an error (thrown, with the byte offset), as it is to kubectl.
 */
/** A problem with the bytes of the input, found while reading it. */
export class InputError extends Error {
  /** Line breaks between the last line passed on and the bad character. */
  constructor(message: string, readonly linesAhead = 0) {
    super(message);
  }
}

async function forEachLine(
  input: NodeJS.ReadableStream, maxLine: number, onLine: (line: string, overlong: boolean, afterLoneCr: boolean) => boolean,
): Promise<void> {
  let decoder: TextDecoder | undefined;
  const lineBreak = /\r\n|\r|\n/g;
  let partial = '';
  let overlong = false;
  let overlongNul = false;
  let crAtChunkEnd = false;
  let loneCrBefore = false;
  let pendingBytes: Buffer | undefined;
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
    const ok = overlong ? onLine(overlongNul ? '\u0000' : '', true, loneCrBefore) : onLine(partial, false, loneCrBefore);
    partial = '';
    overlong = overlongNul = false;
    return ok;
  };
  const feed = (text: string): boolean => {
    if (text === '') return true;
    let start = 0;
    // A CR ending the previous chunk ended its line; a LF right after it belongs to that line break.
    if (crAtChunkEnd && text.charCodeAt(0) === 10) {
      start = 1;
      loneCrBefore = false;
    }
    crAtChunkEnd = false;
    lineBreak.lastIndex = start;
    for (let m = lineBreak.exec(text); m !== null; m = lineBreak.exec(text)) {
      take(text.slice(start, m.index));
      start = m.index + m[0].length;
      crAtChunkEnd = m[0] === '\r' && start === text.length;
      if (!emit()) return false;
      // Provisional for a CR at the end of a chunk: a LF starting the next chunk makes it a CRLF.
      loneCrBefore = m[0] === '\r';
    }
    take(text.slice(start));
    return true;
  };
  const decode = (chunk: Buffer, last: boolean): string => {
    if (!decoder) {
      const head = pendingBytes ? Buffer.concat([pendingBytes, chunk]) : chunk;
      if (head.length < 3 && !last) {
        pendingBytes = head;
        return '';
      }
      pendingBytes = undefined;
      let encoding = 'utf-8';
      let skip = 0;
      if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) skip = 3;
      else if (head[0] === 0xff && head[1] === 0xfe) [encoding, skip] = ['utf-16le', 2];
      else if (head[0] === 0xfe && head[1] === 0xff) [encoding, skip] = ['utf-16be', 2];
      decoder = new TextDecoder(encoding, { fatal: true, ignoreBOM: true });
      chunk = head.subarray(skip);
    }
    try {
      return decoder.decode(chunk, { stream: !last });
    } catch {
      // The line of the first bad character: lines already passed on, plus line breaks before it in this chunk.
      const text = new TextDecoder(decoder.encoding).decode(chunk);
      const nul = text.indexOf('\u0000');
      const bad = nul >= 0 ? nul : Math.max(0, text.indexOf('\ufffd'));
      const breaks = text.slice(0, bad).match(/\r\n|\r|\n/g)?.length ?? 0;
      throw new InputError(nul >= 0 ? 'this is a binary file (it contains NUL bytes), not YAML' : `the file is not valid ${decoder.encoding.toUpperCase()} text; save it as UTF-8`, breaks);
    }
  };
  for await (const chunk of input as AsyncIterable<string | Buffer>) {
    const text = typeof chunk === 'string' ? (decoder === undefined && chunk.charCodeAt(0) === 0xfeff ? chunk.slice(1) : chunk) : decode(chunk, false);
    if (typeof chunk === 'string') decoder = decoder ?? new TextDecoder();
    if (!feed(text)) return;
  }
  const rest = pendingBytes || decoder ? decode(Buffer.alloc(0), true) : '';
  if (rest && !feed(rest)) return;
  if (partial !== '' || overlong) emit();
}

function handleDocument(text: string, documentIndex: number, startLine: number, cb: StreamCallbacks): void {
  const { decoded, error } = decodeDocument(text);
  if (error) {
    cb.problem({ documentIndex, line: startLine + error.line - 1, message: error.message });
    return;
  }
  const value = decoded!.value;
  if (value === null || value === undefined) return;
  if (Array.isArray(value) || typeof value !== 'object') {
    cb.problem({ documentIndex, line: startLine, message: `the document is ${Array.isArray(value) ? 'a list' : `a ${typeof value}`}, not a Kubernetes object (a mapping with apiVersion and kind)` });
    return;
  }
  const source = decoded!.document ? { text, document: decoded!.document } : undefined;
  emitObject(value as Record<string, any>, documentIndex, startLine, locator(decoded!, startLine), cb, [], source);
}

/** Line and column of a field of a decoded document that starts at `startLine`. */
function locator(decoded: Decoded, startLine: number): StreamedObject['locate'] {
  return (path: FieldPath) => {
    const offset = decoded.locate(path);
    if (offset === undefined) return undefined;
    const pos = decoded.linePos(offset);
    return { line: startLine + pos.line - 1, column: pos.col };
  };
}

function emitObject(obj: Record<string, any>, documentIndex: number, line: number, locate: StreamedObject['locate'], cb: StreamCallbacks, prefix: FieldPath,
  source?: StreamedObject['source']): void {
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
  cb.object({ obj, documentIndex, line, locate, source: prefix.length === 0 ? source : undefined });
}

/**
 * JSON.parse's message without the part that quotes the input (`Unexpected token 'p', "password: h"... is not
 * valid JSON`): the input may be a secret.
 */
function jsonMessage(e: unknown): string {
  const line = String((e as Error).message).split('\n')[0].trim();
  // Node quotes the offending token and a window of the text around it; neither is shown.
  return line.replace(/,\s*(\.\.\.)?".*$/, ' (not valid JSON)').replace(/token '.*?'/, 'token');
}

/** Opens a file or stdin (`-`). */
export function openInput(file: string): NodeJS.ReadableStream {
  // Bytes, not text: the reader detects UTF-16 by its byte-order mark and refuses invalid UTF-8.
  return file === '-' ? process.stdin : fs.createReadStream(file);
}
