import * as fs from 'fs';
import * as path from 'path';

const YAML_EXT = /\.(ya?ml|json)$/i;

/**
 * Expands the command line's paths: files as given, directories recursively to their .yaml/.yml/.json
 * files (sorted, so output is stable), `-` for standard input. Returns the problems for paths that do
 * not exist or cannot be read.
 */
export function expandInputs(args: string[]): { files: string[]; problems: Array<{ file: string; message: string }> } {
  const files: string[] = [];
  const problems: Array<{ file: string; message: string }> = [];
  for (const arg of args) {
    if (arg === '-') {
      files.push('-');
      continue;
    }
    let stat: fs.Stats;
    try {
      stat = fs.statSync(arg);
    } catch {
      problems.push({ file: arg, message: 'no such file or directory' });
      continue;
    }
    if (stat.isDirectory()) {
      const found = walk(arg);
      if (found.length === 0) problems.push({ file: arg, message: 'the directory contains no .yaml, .yml or .json file' });
      files.push(...found);
    } else {
      files.push(arg);
    }
  }
  return { files, problems };
}

function walk(dir: string): string[] {
  const out: string[] = [];
  // Code point order: localeCompare would order files (and so the report) differently per machine locale.
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules' && !entry.name.startsWith('.')) out.push(...walk(full));
    } else if (YAML_EXT.test(entry.name)) {
      out.push(full);
    }
  }
  return out;
}
