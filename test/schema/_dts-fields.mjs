// What the schema scripts share: the field lists of a @kubernetes-models package's own .d.ts type
// declarations (its schema validation accepts unknown fields; the API server would prune them silently),
// and the command-line frame (a JSON array in, {"checked", "problems"} out, exit 0 / 1 / 2).
import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * A reader of unknown fields. `resolveDts(fromFile, spec)` maps an import specifier of a .d.ts file to
 * the .d.ts file it names (packages nest their dependencies differently). With `classFirst`, a file's
 * `export declare class` is read before its first interface: the generated class lists every field,
 * inherited ones included, where an interface lists only its own.
 */
export function fieldReader(resolveDts, { classFirst = false } = {}) {
  const cache = new Map();
  const declaresType = classFirst ? /^export (interface|declare class) /m : /^export interface /m;

  /** name -> the .d.ts file of the field's object type, or null for a leaf (scalar, free-form map, enum). */
  function fieldsOf(file) {
    if (cache.has(file)) return cache.get(file);
    const text = fs.readFileSync(file, 'utf8');
    const imports = new Map();
    for (const m of text.matchAll(/^import \{ (\w+) \} from "([^"]+)";$/gm)) imports.set(m[1], m[2]);
    const body = (classFirst ? /^export declare class \w+ extends Model<\w+> implements \w+ \{\n([\s\S]*?)^\}/m.exec(text) : null)
      ?? /^export interface \w+(?: extends [\w, ]+)? \{\n([\s\S]*?)^\}/m.exec(text);
    const fields = new Map();
    if (body) {
      // Only the type's own members (4-space indent); nested inline maps are leaves.
      for (const m of body[1].matchAll(/^ {4}"([^"]+)"\??: (.*?);?$/gm)) {
        const spec = imports.get(m[2].replace(/^Array<(.*)>$/, '$1'));
        const target = spec ? resolveDts(file, spec) : undefined;
        fields.set(m[1], target && declaresType.test(fs.readFileSync(target, 'utf8')) ? target : null);
      }
    }
    cache.set(file, fields);
    return fields;
  }

  /** Appends `unknown field <path>` to `out` for every field of `value` the type in `file` does not declare. */
  return function unknownFields(value, file, at, out) {
    if (value === null || typeof value !== 'object') return;
    if (Array.isArray(value)) {
      value.forEach((v, i) => unknownFields(v, file, `${at}[${i}]`, out));
      return;
    }
    const fields = fieldsOf(file);
    if (fields.size === 0) return;
    for (const [key, v] of Object.entries(value)) {
      const where = at ? `${at}.${key}` : key;
      if (!fields.has(key)) out.push(`unknown field ${where}`);
      else if (fields.get(key)) unknownFields(v, fields.get(key), where, out);
    }
  };
}

/** Reads a JSON array of objects (file argument or stdin), prints the problems `problemsOf` finds, exits. */
export function runSchemaCheck(name, problemsOf) {
  let input;
  try {
    input = JSON.parse(process.argv[2] ? fs.readFileSync(process.argv[2], 'utf8') : fs.readFileSync(0, 'utf8'));
  } catch (e) {
    process.stderr.write(`${name}: cannot read the input: ${e.message}\n`);
    process.exit(2);
  }
  if (!Array.isArray(input)) {
    process.stderr.write(`${name}: the input must be a JSON array of objects\n`);
    process.exit(2);
  }
  const problems = input.flatMap(o => problemsOf(o).map(p => `${o?.kind}/${o?.metadata?.name}: ${p}`));
  process.stdout.write(`${JSON.stringify({ checked: input.length, problems })}\n`);
  process.exit(problems.length > 0 ? 1 : 0);
}
