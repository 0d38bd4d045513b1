import * as fs from 'fs';
import * as path from 'path';

export const ROOT = path.join(__dirname, '..');

/** The contents of the ```lang blocks of a markdown text. */
export function codeBlocks(markdown: string, lang: string): string[] {
  return [...markdown.matchAll(new RegExp('```' + lang + '\\n([\\s\\S]*?)```', 'g'))].map(m => m[1]);
}

/**
 * Asserts that every ```ts block of `markdown` is an excerpt of a compiled example file: the block starts
 * with `// examples/<file>.ts`, and its other lines are that file's lines, in order, with no code left out
 * between two of them unless a `// ...` line marks the elision (blank lines and comments aside). Returns how many blocks
 * were checked. So documentation cannot show code that does not compile, nor quietly drop a line of it.
 */
export function expectTsExcerpts(markdown: string): number {
  const blocks = codeBlocks(markdown, 'ts');
  for (const block of blocks) {
    const [marker, ...lines] = block.trimEnd().split('\n');
    const file = /^\/\/ (examples\/\S+\.ts)$/.exec(marker)?.[1];
    expect({ marker, file }).toEqual({ marker, file: expect.stringMatching(/^examples\//) });
    const source = fs.readFileSync(path.join(ROOT, file!), 'utf8').split('\n').map(l => l.trim());
    let at = 0;
    let adjacent = false;
    for (const line of lines.map(l => l.trim()).filter(l => l !== '')) {
      if (line === '// ...') {
        adjacent = false;
        continue;
      }
      // The next source line must be this one, unless an elision came in between (blank lines and code
      // comments the excerpt leaves out do not count: code does).
      let next = at;
      while (adjacent && next < source.length && source[next] !== line && (source[next] === '' || source[next].startsWith('//'))) next++;
      const found = adjacent ? (source[next] === line ? next : -1) : source.indexOf(line, at);
      expect({ file, line, found: found >= 0 }).toEqual({ file, line, found: true });
      at = found + 1;
      adjacent = true;
    }
  }
  return blocks.length;
}

/**
 * Asserts that the lines of `excerpt` appear in `output` in order, each right after the one before unless
 * a line of only `...` stands between them (then anywhere later).
 */
export function expectLineExcerpt(output: string, excerpt: string[]): void {
  const lines = output.split('\n');
  let at = 0;
  let gap = true;
  for (const line of excerpt) {
    if (line === '...') {
      gap = true;
      continue;
    }
    const found = gap ? lines.indexOf(line, at) : (lines[at] === line ? at : -1);
    expect({ line, found: found >= 0 }).toEqual({ line, found: true });
    at = found + 1;
    gap = false;
  }
}
