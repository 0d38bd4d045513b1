import * as fs from 'fs';
import * as path from 'path';

const YAML_EXT = /\.(ya?ml|json)$/i;

/**
 * Expands the command line's paths: files as given, directories recursively to their .yaml/.yml/.json
 * files (sorted, so output is stable), `-` for standard input. Returns the problems for paths that do
 * not exist or cannot be read.
 */
export function expandInputs(args: string[]): { files: string[]; problems: Array<{ file: string; message: string }>; notes: string[] } {
  const files: string[] = [];
  const notes: string[] = [];
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
      const found = walk(arg, notes);
      if (found.length === 0) problems.push({ file: arg, message: 'the directory contains no .yaml, .yml or .json file' });
      files.push(...found);
    } else if (stat.isFile()) {
      files.push(arg);
    } else {
      // A FIFO or socket would block the check until someone writes to it; a device may never end.
      problems.push({ file: arg, message: `is ${specialKind(stat)}, not a regular file: refused (use - to read standard input)` });
    }
  }
  return { files, problems, notes };
}

function specialKind(stat: fs.Stats): string {
  if (stat.isFIFO()) return 'a named pipe (FIFO)';
  if (stat.isSocket()) return 'a socket';
  if (stat.isCharacterDevice()) return 'a character device';
  if (stat.isBlockDevice()) return 'a block device';
  return 'not a regular file';
}

function walk(dir: string, notes: string[]): string[] {
  const out: string[] = [];
  // Code point order: localeCompare would order files (and so the report) differently per machine locale.
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules' && !entry.name.startsWith('.')) out.push(...walk(full, notes));
    } else if (YAML_EXT.test(entry.name)) {
      // Symbolic links are followed (stat); what they lead to must be a regular file too.
      let stat: fs.Stats | undefined;
      try {
        stat = fs.statSync(full);
      } catch {
        notes.push(`${full}: a broken link, skipped`);
        continue;
      }
      if (stat.isFile()) out.push(full);
      else if (stat.isDirectory()) continue;
      else notes.push(`${full}: ${specialKind(stat)}, not a regular file: skipped`);
    }
  }
  return out;
}
