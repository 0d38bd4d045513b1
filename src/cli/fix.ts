import * as fs from 'fs';
import * as path from 'path';
import { Readable } from 'stream';
import { parseArgs } from 'util';
import { expandInputs } from './_files';
import { applyEdits, EditRefusal, editableFrom, jsonEqual, prepareDocument, TextEdit, unifiedDiff } from './_fix-edit';
import { NetworkPolicyPlan } from './_fix-network';
import { patchFiles, resourcesIn } from './_fix-patch';
import { Bindings, Declined, FixChange, fixObject, MECHANICAL_FIXES, NO_BINDINGS_YET, tokenOffNeeded } from './_fix-rules';
import { decodeDocument } from './_k8s-yaml';
import { StreamedObject, streamYaml } from './_yaml-stream';
import { EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE, Io } from './run';
import { escapeText } from '../_text';
import { FieldPath, formatPath, getIn, isRecord } from '../checks/_path';
import { podOf } from '../checks/_pod';
import { isManifestRule, RuleCatalog } from '../checks/catalog';
import { CheckSession } from '../checks/engine';
import { Finding } from '../checks/finding';

export const FIX_USAGE = `Usage:
  cdk8s-secure fix [options] <file|dir|->...
                              harden existing manifests: apply every fix that is mechanical and safe (the values
                              the constructs emit) and list what needs a decision (probes, images, NetworkPolicies,
                              RBAC, ...), with the rule and its fix

Options:
  (default)                   print a unified diff of the changes on stdout (apply it with \`git apply\` or
                              \`patch -p1\`); exit 1 when there is one, 0 when nothing needs changing
  --write                     rewrite the files in place
  --output <dir>              write the fixed files under <dir> (a file argument by its name, a directory argument
                              by its relative paths, standard input as stdin.yaml)
  --format diff|patch         patch: kustomize strategic-merge patches, one per changed object, and a
                              kustomization.yaml that lists them, for manifests you do not own (rendered charts);
                              to stdout, or into <dir> with --output
  --skip <ruleId>             leave one rule's fix out (repeatable); its findings stay in the list
  --add-network-policies <file>
                              also write a default-deny and an allow-DNS NetworkPolicy for every namespace of the
                              input that has no default deny, into this file

Every change is listed per object on stderr, with its rule, so a reviewer can refuse one (\`--skip\`). Objects
whose suppression annotation covers a rule get no fix for it. Untouched lines stay byte for byte as they were;
a document that cannot be edited safely (aliases, merge keys, JSON input) is left as it is and listed.
Mechanical fixes: ${[...MECHANICAL_FIXES.keys()].join(', ')} (\`cdk8s-secure rules\` names them).

Exit codes: 0 nothing to change, or written; 1 the diff or patch is not empty (as \`prettier --check\`); 2 usage
or input error. Findings that need a decision alone never fail: \`check\` is the gate.
`;

class UsageError extends Error {}

interface Obj {
  readonly file: InputFile;
  readonly kind: string;
  readonly namespace?: string;
  readonly name?: string;
  /** Whether it has a pod (the only objects the fix changes). */
  readonly pod: boolean;
  /**
   * The object, when it has a pod. An object whose edits were prepared on the reader's parse is not kept: its
   * document's text is (`text`), and `original` reads it again in the few cases that need it.
   */
  obj?: Record<string, any>;
  /** The text the reader decoded the object from, kept in place of the object. */
  text?: string;
  readonly documentIndex: number;
  readonly line: number;
  /** Position among the objects of its document (items of a List). */
  readonly item: number;
  fixed?: Record<string, any>;
  changes: FixChange[];
  declined: Declined[];
  /** Why the changes could not be written (they are then not applied). */
  refused?: string;
  /** Edits prepared while reading, on the reader's own parse of the document (offsets in `text`). */
  pre?: Prepared;
  /** Its edits are in the file's list. */
  prepared?: boolean;
}

interface Prepared {
  /** The document's text as the reader parsed it (from its first content line, lines joined with LF). */
  readonly text: string;
  edits: TextEdit[];
  refused?: string;
}

interface InputFile {
  readonly name: string;
  readonly display: string;
  /** Where --output writes it, relative to the output directory. */
  readonly outName: string;
  readonly bytes: Buffer;
  bad: boolean;
  objects: Obj[];
  edits: TextEdit[];
}

/** `cdk8s-secure fix`: returns the exit code. */
export async function fixCommand(argv: string[], io: Io): Promise<number> {
  try {
    return await fix(argv, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`cdk8s-secure: ${escapeText(e.message)}\n\n${FIX_USAGE}`);
      return EXIT_USAGE;
    }
    throw e;
  }
}

async function fix(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      'write': { type: 'boolean', default: false },
      'output': { type: 'string' },
      'format': { type: 'string', default: 'diff' },
      'skip': { type: 'string', multiple: true },
      'add-network-policies': { type: 'string' },
    },
  });
  const format = values.format!;
  if (format !== 'diff' && format !== 'patch') throw new UsageError(`--format must be diff or patch (got "${format}")`);
  if (values.write && values.output !== undefined) throw new UsageError('--write and --output exclude each other');
  if (values.write && format === 'patch') throw new UsageError('--write rewrites the manifests; --format patch leaves them as they are (use --output <dir> for the patches)');
  if (positionals.length === 0) throw new UsageError('fix needs at least one file, directory or - (standard input)');
  if (values.write && positionals.includes('-')) throw new UsageError('--write cannot rewrite standard input: use the diff, or --output <dir>');
  const skip = new Set<string>();
  for (const id of values.skip ?? []) {
    if (!isManifestRule(id)) throw new UsageError(`--skip: unknown rule id "${id}" (see \`cdk8s-secure rules\`)`);
    if (!MECHANICAL_FIXES.has(id)) io.stderr(`cdk8s-secure: note: --skip ${id}: the rule has no mechanical fix, nothing to skip\n`);
    skip.add(id);
  }

  let inputErrors = 0;
  const inputError = (file: string, message: string, documentIndex?: number, line?: number) => {
    inputErrors++;
    const where = [documentIndex !== undefined ? `document ${documentIndex}` : undefined, line !== undefined ? `line ${line}` : undefined].filter(Boolean).join(', ');
    io.stderr(`cdk8s-secure: error: ${escapeText(file)}${where ? ` (${where})` : ''}: ${escapeText(message)}\n`);
  };

  // 1. Read every input whole (the fix rewrites it), with the checker's reader. Objects without a pod are
  // checked as they come and not kept (the fix never changes them); the others wait for every RBAC binding.
  const session = new CheckSession({ copyKeptValues: true });
  const bindings = new Bindings();
  const policies = new NetworkPolicyPlan();
  const files: InputFile[] = [];
  const outNames = new Map<string, string>();
  for (const arg of positionals) {
    const { files: found, problems, notes } = expandInputs([arg]);
    for (const n of notes) io.stderr(`cdk8s-secure: note: ${escapeText(n)}\n`);
    for (const p of problems) inputError(p.file, p.message);
    for (const file of found) {
      const display = file === '-' ? '<stdin>' : path.relative(process.cwd(), file) || file;
      const outName = file === '-' ? 'stdin.yaml' : fs.statSync(arg).isDirectory() ? path.relative(arg, file) : path.basename(file);
      if (values.output !== undefined && outNames.has(outName) && outNames.get(outName) !== file) {
        inputError(display, `--output: ${outName} is also the name of ${outNames.get(outName)}; pass them in separate runs`);
        continue;
      }
      outNames.set(outName, file);
      let bytes: Buffer;
      try {
        bytes = file === '-' ? await readAll(io.stdin ?? process.stdin) : fs.readFileSync(file);
      } catch (e) {
        const err = e as NodeJS.ErrnoException;
        inputError(display, err.code === 'EISDIR' ? 'is a directory' : err.code === 'EACCES' ? 'permission denied' : err.message);
        continue;
      }
      const input: InputFile = { name: file, display, outName, bytes, bad: false, objects: [], edits: [] };
      let lastDoc = -1;
      let item = 0;
      await streamYaml(Readable.from(chunks(bytes)), {
        object: ({ obj, documentIndex, line, source }) => {
          item = documentIndex === lastDoc ? item + 1 : 0;
          lastDoc = documentIndex;
          const m = isRecord(obj.metadata) ? obj.metadata : {};
          const hasPod = podOf(obj) !== undefined;
          const rec: Obj = {
            file: input,
            kind: String(obj.kind),
            namespace: typeof m.namespace === 'string' ? m.namespace : undefined,
            name: typeof m.name === 'string' ? m.name : undefined,
            pod: hasPod,
            obj: hasPod ? obj : undefined,
            documentIndex,
            line,
            item,
            changes: [],
            declined: [],
          };
          input.objects.push(rec);
          // Fixed now, while the reader's parse of the document exists: the edits are made on it, so the document
          // is not parsed again. CS211 depends on bindings that may come later: its change is in, and taken out
          // again in step 2 when a binding shows the pod needs its token.
          if (hasPod) prepare(rec, obj, source, skip, format === 'diff');
          bindings.add(obj);
          policies.add(obj);
          if (!hasPod) session.add(obj, { file: display, documentIndex });
        },
        problem: p => {
          input.bad = true;
          inputError(display, p.message, p.documentIndex, p.line);
        },
        note: m => io.stderr(`cdk8s-secure: note: ${escapeText(display)}: ${escapeText(m)}\n`),
      });
      files.push(input);
    }
  }
  const all = files.flatMap(f => f.objects);

  // 2. The fixes, on the objects as JSON: CS211 settled now that every binding is known; nothing for bad files.
  for (const o of all) {
    if (!o.pod) continue;
    if (o.file.bad) {
      original(o);
      Object.assign(o, { fixed: undefined, changes: [], declined: [], pre: undefined });
      continue;
    }
    const token = o.changes.find(c => c.ruleId === 'CS211');
    if (!token) continue;
    const spec = getIn(o.fixed, token.path.slice(0, -1)) as Record<string, any>;
    const { needed, why } = tokenOffNeeded(spec, o.namespace ?? '', bindings);
    if (why) o.declined.push({ ruleId: 'CS211', why });
    if (needed) continue;
    o.changes = o.changes.filter(c => c !== token);
    o.fixed = o.changes.length > 0 ? withoutField(o.fixed!, token.path) : undefined;
    // The edits without CS211's change, on a parse of the same text with the same options as the reader's (the
    // same nodes at the same offsets): needed only for pods that keep their token.
    if (o.pre && !o.pre.refused && o.fixed) {
      try {
        o.pre.edits = prepareDocument(o.pre.text).edits([], original(o), o.fixed);
      } catch (e) {
        if (!(e instanceof EditRefusal)) throw e;
        o.pre.refused = e.message;
      }
    }
  }

  // 3. Into the text (diff, --write, --output), verified by reading it back.
  if (format === 'diff') {
    for (const f of files) if (!f.bad && f.objects.some(o => o.changes.length > 0)) editFile(f);
  }
  for (const o of all) {
    if (o.refused) o.fixed = original(o);
  }

  // 4. What is left: every unsuppressed finding on the fixed objects.
  for (const o of all) if (o.pod) session.add(o.fixed ?? original(o), { file: o.file.display, documentIndex: o.documentIndex });
  const remaining = session.finish().filter(f => !f.suppressed);
  report(io, all, remaining);

  // 5. Output.
  const changed = all.filter(o => o.changes.length > 0 && !o.refused);
  let failed = false;
  if (format === 'patch') {
    const out = patchFiles(changed.map(o => ({ original: original(o), fixed: o.fixed!, source: `${o.file.display}, document ${o.documentIndex}` })),
      values.output !== undefined ? resourcesIn(values.output, files.map(f => f.name)) : []);
    for (const p of out.refused) io.stderr(`cdk8s-secure: note: ${escapeText(p)}\n`);
    if (values.output !== undefined) {
      failed = !writeAll(io, values.output, out.files.map(p => ({ name: p.name, text: p.text })));
    } else {
      io.stdout(out.files.map(p => `# ${p.name}\n${p.text}`).join('---\n'));
    }
  } else if (values.write) {
    for (const f of files) {
      if (f.edits.length === 0) continue;
      try {
        fs.writeFileSync(f.name, applyEdits(f.bytes.toString('utf8'), f.edits));
        io.stderr(`cdk8s-secure: wrote ${escapeText(f.display)}\n`);
      } catch (e) {
        failed = true;
        io.stderr(`cdk8s-secure: error: ${escapeText(f.display)}: cannot write: ${escapeText((e as Error).message)}\n`);
      }
    }
  } else if (values.output !== undefined) {
    failed = !writeAll(io, values.output, files.filter(f => !f.bad).map(f => ({ name: f.outName, text: f.edits.length ? applyEdits(f.bytes.toString('utf8'), f.edits) : f.bytes })));
  } else {
    io.stdout(files.map(f => unifiedDiff(f.display, f.bytes.toString('utf8'), f.edits)).join(''));
  }
  if (values['add-network-policies'] !== undefined) {
    const planned = policies.file();
    for (const n of planned.notes) io.stderr(`cdk8s-secure: note: ${escapeText(n)}\n`);
    if (planned.text) {
      try {
        fs.writeFileSync(values['add-network-policies'], planned.text);
        io.stderr(`cdk8s-secure: wrote ${escapeText(values['add-network-policies'])}: default deny and DNS egress for ${planned.namespaces.map(escapeText).join(', ')}\n`);
      } catch (e) {
        failed = true;
        io.stderr(`cdk8s-secure: error: ${escapeText(values['add-network-policies'])}: cannot write: ${escapeText((e as Error).message)}\n`);
      }
    }
  }
  if (inputErrors > 0 || failed) return EXIT_USAGE;
  if (values.write || values.output !== undefined) return EXIT_CLEAN;
  return changed.length > 0 ? EXIT_FINDINGS : EXIT_CLEAN;
}

/** The bytes in pieces of 64 KiB (views, not copies), as a file stream delivers them to the reader. */
function* chunks(bytes: Buffer): Generator<Buffer> {
  for (let at = 0; at < bytes.length; at += 65536) yield bytes.subarray(at, at + 65536);
}

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of stream as AsyncIterable<string | Buffer>) parts.push(typeof c === 'string' ? Buffer.from(c) : c);
  return Buffer.concat(parts);
}

function writeAll(io: Io, dir: string, out: Array<{ name: string; text: string | Buffer }>): boolean {
  let ok = true;
  for (const f of out) {
    const target = path.join(dir, f.name);
    try {
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, f.text);
    } catch (e) {
      ok = false;
      io.stderr(`cdk8s-secure: error: ${escapeText(target)}: cannot write: ${escapeText((e as Error).message)}\n`);
    }
  }
  if (ok) io.stderr(`cdk8s-secure: wrote ${out.length} file(s) under ${escapeText(dir)}\n`);
  return ok;
}

/** Fixes an object with a pod as it is read and, when the reader parsed its document, prepares the edits. */
function prepare(o: Obj, obj: Record<string, any>, source: StreamedObject['source'], skip: ReadonlySet<string>, edit: boolean): void {
  const r = fixObject(obj, NO_BINDINGS_YET, skip);
  Object.assign(o, { fixed: r.changes.length > 0 ? r.fixed : undefined, changes: r.changes, declined: r.declined });
  if (!edit || !source || r.changes.length === 0) return;
  try {
    const editable = editableFrom(source.document, source.text);
    o.pre = { text: source.text, edits: editable.edits([], obj, r.fixed) };
    // Until the end only the fixed object and the text are kept (the object is the reader's decode of the text).
    o.text = source.text;
    o.obj = undefined;
  } catch (e) {
    if (!(e instanceof EditRefusal)) throw e;
    o.pre = { text: source.text, edits: [], refused: e.message };
  }
}

/** The object as read: the one kept, or the reader's decode of its text again. */
function original(o: Obj): Record<string, any> {
  if (!o.obj && o.text !== undefined) {
    const value = decodeDocument(o.text).decoded?.value;
    if (!isRecord(value)) throw new Error(`internal error: document ${o.documentIndex} of ${o.file.display} no longer reads as an object`);
    o.obj = value;
  }
  return o.obj!;
}

/** A copy of `obj` without the field at `at` (copies only along the path). */
function withoutField(obj: Record<string, any>, at: FieldPath): Record<string, any> {
  const [head, ...rest] = at;
  const copy: Record<string, any> = { ...obj };
  if (rest.length === 0) delete copy[head as string];
  else copy[head as string] = withoutField(obj[head as string], rest);
  return copy;
}

/** Splits a file into its YAML documents as kubectl does (at lines starting with `---`). */
function documents(text: string): Array<{ start: number; end: number; firstLine: number }> {
  const out: Array<{ start: number; end: number; firstLine: number }> = [];
  let start = 0;
  let firstLine = 0;
  let lineNo = 0;
  let at = 0;
  while (at <= text.length) {
    const nl = text.indexOf('\n', at);
    const end = nl < 0 ? text.length : nl + 1;
    lineNo++;
    const line = text.slice(at, nl < 0 ? text.length : nl).replace(/\r$/, '');
    if (line.startsWith('---')) {
      out.push({ start, end: at, firstLine });
      start = end;
      firstLine = 0;
    } else if (firstLine === 0 && !/^\s*(#.*)?$/.test(line.replace(/^\ufeff/, ''))) {
      firstLine = lineNo;
    }
    if (nl < 0) break;
    at = end;
  }
  out.push({ start, end: text.length, firstLine });
  return out.filter(d => d.firstLine > 0);
}

/** Writes the changes of a file's objects into its text; objects whose document cannot be edited are refused. */
function editFile(f: InputFile): void {
  const refuseAll = (why: string) => {
    for (const o of f.objects) if (o.changes.length > 0) o.refused = why;
  };
  const b = f.bytes;
  if ((b[0] === 0xff && b[1] === 0xfe) || (b[0] === 0xfe && b[1] === 0xff)) return refuseAll('cannot edit safely: the file is UTF-16 (use --format patch)');
  const text = b.toString('utf8');
  if (/^[\s\ufeff]*\{/.test(text)) return refuseAll('cannot edit safely: the file is JSON (use --format patch)');
  if (/\r(?!\n)/.test(text)) return refuseAll('cannot edit safely: the file has lone CR line breaks');
  if (/^\.\.\.(\s|$)/m.test(text)) return refuseAll('cannot edit safely: the file has `...` document end markers');
  // Objects whose edits were prepared on the reader's parse: verified here and placed in the file. The reader's
  // text starts at the document's first content line; where the file differs from it (CRLF, a byte-order mark),
  // the document is parsed again below.
  let lineStarts: number[] | undefined;
  for (const o of f.objects) {
    const pre = o.pre;
    if (!pre || o.changes.length === 0) continue;
    o.pre = undefined;
    if (pre.refused) {
      o.refused = pre.refused;
      continue;
    }
    if (!lineStarts) {
      lineStarts = [0];
      for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
    }
    const base = lineStarts[o.line - 1];
    if (base === undefined || !text.startsWith(pre.text, base)) {
      o.pre = undefined;
      continue;
    }
    const back = decodeDocument(applyEdits(pre.text, pre.edits));
    if (back.error || !back.decoded || !jsonEqual(back.decoded.value, o.fixed)) {
      o.refused = 'cannot edit safely: the edited text does not read back as the fixed object';
      continue;
    }
    const end = base + pre.text.length;
    for (const e of pre.edits) {
      // The reader's text ends without the last line break; a line added there goes after the file's one.
      const atEnd = e.start === pre.text.length && e.end === e.start && e.text.startsWith('\n') && text[end] === '\n';
      f.edits.push(atEnd ? { start: end + 1, end: end + 1, text: e.text.slice(1) } : { start: e.start + base, end: e.end + base, text: e.text });
    }
    o.prepared = true;
  }
  if (!f.objects.some(o => o.changes.length > 0 && !o.prepared && !o.refused)) {
    f.edits.sort((x, y) => x.start - y.start || x.end - y.end);
    return;
  }
  const docs = new Map(documents(text).map(d => [d.firstLine, d]));
  const byDoc = new Map<number, Obj[]>();
  for (const o of f.objects) {
    const list = byDoc.get(o.documentIndex);
    if (list) list.push(o);
    else byDoc.set(o.documentIndex, [o]);
  }
  for (const objs of byDoc.values()) {
    const targets = objs.filter(o => o.changes.length > 0 && !o.prepared && !o.refused);
    if (targets.length === 0) continue;
    const refuse = (why: string) => { for (const o of targets) o.refused = why; };
    const doc = docs.get(objs[0].line);
    if (!doc) {
      refuse('cannot edit safely: the document was not found in the text');
      continue;
    }
    const docText = text.slice(doc.start, doc.end);
    try {
      const editable = prepareDocument(docText);
      // One object whose kind is the document's is the document; anything else is a List of objects.
      const isList = objs.length > 1 || editable.rootKind !== objs[0].kind;
      let expected: unknown = targets[0].fixed;
      if (isList) {
        const value = decodeDocument(docText.replace(/\r\n/g, '\n')).decoded?.value as Record<string, any> | undefined;
        const sameItems = isRecord(value) && Array.isArray(value.items) && value.items.length === objs.length
          && objs.every((o, i) => (o.pod ? jsonEqual(value.items[i], original(o)) : isRecord(value.items[i]) && value.items[i].kind === o.kind));
        if (!sameItems) throw new EditRefusal('cannot edit safely: a List whose items are not all objects of their own');
        expected = { ...value, items: objs.map((o, i) => o.fixed ?? value.items[i]) };
      }
      const edits: TextEdit[] = [];
      for (const o of targets) edits.push(...editable.edits(isList ? ['items', o.item] : [], original(o), o.fixed));
      edits.sort((x, y) => x.start - y.start || x.end - y.end);
      const after = applyEdits(docText, edits);
      const back = decodeDocument(after.replace(/\r\n/g, '\n'));
      if (back.error || !back.decoded || !jsonEqual(back.decoded.value, expected)) throw new EditRefusal('cannot edit safely: the edited text does not read back as the fixed object');
      f.edits.push(...edits.map(e => ({ start: e.start + doc.start, end: e.end + doc.start, text: e.text })));
    } catch (e) {
      if (!(e instanceof EditRefusal)) throw e;
      refuse(e.message);
    }
  }
  f.edits.sort((x, y) => x.start - y.start || x.end - y.end);
}

function objectLabel(o: Obj): string {
  const name = `${o.namespace !== undefined ? `${o.namespace}/` : ''}${o.name ?? '(unnamed)'}`;
  return escapeText(`${o.kind} ${name} (${o.file.display}, document ${o.documentIndex})`);
}

function valueText(v: unknown): string {
  return v === undefined ? 'not set' : escapeText(JSON.stringify(v));
}

/** The list of changes and of what needs a decision, per object, on stderr. */
function report(io: Io, all: Obj[], remaining: Finding[]): void {
  const byObject = new Map<string, Finding[]>();
  const key = (file: string | undefined, doc: number | undefined, kind: string, ns: string | undefined, name: string | undefined) => `${file}\u0000${doc}\u0000${kind}\u0000${ns}\u0000${name}`;
  for (const f of remaining) {
    const k = key(f.source.file, f.source.documentIndex, f.object.kind, f.object.namespace, f.object.name);
    const list = byObject.get(k);
    if (list) list.push(f);
    else byObject.set(k, [f]);
  }
  let changes = 0;
  let objects = 0;
  let decisions = 0;
  for (const o of all) {
    if (o.changes.length > 0 && !o.refused) {
      changes += o.changes.length;
      objects++;
      io.stderr(`fix: ${objectLabel(o)}: ${o.changes.length} change(s)\n`);
      for (const c of o.changes) {
        const added = c.before === undefined && typeof c.path[c.path.length - 1] === 'number';
        io.stderr(`  ${c.ruleId}  ${escapeText(formatPath(c.path))}: ${valueText(c.after)} (${added ? 'added to the list' : `was ${valueText(c.before)}`})\n`);
      }
    }
    const k = key(o.file.display, o.documentIndex, o.kind, o.namespace, o.name);
    const left = byObject.get(k) ?? [];
    if (left.length === 0 && !o.refused) continue;
    io.stderr(`needs a decision: ${objectLabel(o)}\n`);
    if (o.refused) io.stderr(`  not changed (${o.changes.length} change(s) withheld): ${escapeText(o.refused)}\n`);
    for (const f of left) {
      decisions++;
      const why = o.declined.filter(d => d.ruleId === f.ruleId).map(d => d.why);
      io.stderr(`  ${f.ruleId} ${f.severity}  ${escapeText(f.message)}${why.length ? ` (left as it is: ${escapeText([...new Set(why)].join('; '))})` : ''}\n`);
      io.stderr(`      fix: ${escapeText(RuleCatalog.find(f.ruleId)?.fix ?? f.fix)}\n`);
    }
    // Findings are consumed once, even when two objects share a name in one document.
    byObject.delete(k);
  }
  io.stderr(`fix: ${changes} change(s) to ${objects} object(s); ${decisions} finding(s) need a decision${decisions ? ' (listed above with their fix)' : ''}\n`);
}
