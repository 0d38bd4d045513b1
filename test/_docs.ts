import * as fs from 'fs';
import * as path from 'path';

export const ROOT = path.join(__dirname, '..');

/** The contents of the ```lang blocks of a markdown text. */
export function codeBlocks(markdown: string, lang: string): string[] {
  return [...markdown.matchAll(new RegExp('```' + lang + '\\n([\\s\\S]*?)```', 'g'))].map(m => m[1]);
}

/**
 * Asserts that every ```ts block of `markdown` is an excerpt of a compiled example file: the block starts
 * with `// examples/<file>.ts`, and each of its other lines appears in that file, in order (`// ...` marks
 * an elision). Returns how many blocks were checked. So documentation cannot show code that does not compile.
 */
export function expectTsExcerpts(markdown: string): number {
  const blocks = codeBlocks(markdown, 'ts');
  for (const block of blocks) {
    const [marker, ...lines] = block.trimEnd().split('\n');
    const file = /^\/\/ (examples\/\S+\.ts)$/.exec(marker)?.[1];
    expect({ marker, file }).toEqual({ marker, file: expect.stringMatching(/^examples\//) });
    const source = fs.readFileSync(path.join(ROOT, file!), 'utf8').split('\n').map(l => l.trim());
    let at = 0;
    for (const line of lines.map(l => l.trim()).filter(l => l !== '' && l !== '// ...')) {
      const found = source.indexOf(line, at);
      expect({ file, line, found: found >= 0 }).toEqual({ file, line, found: true });
      at = found + 1;
    }
  }
  return blocks.length;
}
