/**
 * Splits a RUN script into simple commands, each as its words, well enough for the build-tooling
 * heuristic: commands end at newlines, `;`, `&&`, `||`, `|`, `&` and parentheses; quotes and escapes are
 * honoured; `#` at the start of a word starts a comment. Not a shell parser: no expansion, no functions.
 * The exec form (`["sh", "-c", "..."]`) is unwrapped.
 */
export function commandsOf(script: string): string[][] {
  const exec = execForm(script);
  if (exec) {
    if (exec.length >= 3 && /^(\/bin\/|\/usr\/bin\/)?(sh|bash|ash|dash|zsh)$/.test(exec[0]) && /^-[a-z]*c$/.test(exec[1])) return commandsOf(exec[2]);
    return exec.length > 0 ? [exec] : [];
  }
  const commands: string[][] = [];
  let words: string[] = [];
  let word = '';
  let inWord = false;
  const endWord = () => {
    if (inWord) words.push(word);
    word = '';
    inWord = false;
  };
  const endCommand = () => {
    endWord();
    if (words.length > 0) commands.push(words);
    words = [];
  };
  for (let i = 0; i < script.length; i++) {
    const ch = script[i];
    if (ch === ' ' || ch === '\t' || ch === '\r') {
      endWord();
    } else if (ch === '\n' || ch === ';' || ch === '&' || ch === '|' || ch === '(' || ch === ')') {
      endCommand();
    } else if (ch === '#' && !inWord) {
      while (i + 1 < script.length && script[i + 1] !== '\n') i++;
    } else if (ch === '\'') {
      inWord = true;
      const end = script.indexOf('\'', i + 1);
      word += script.slice(i + 1, end < 0 ? script.length : end);
      i = end < 0 ? script.length : end;
    } else if (ch === '"') {
      inWord = true;
      i++;
      while (i < script.length && script[i] !== '"') {
        if (script[i] === '\\' && i + 1 < script.length) i++;
        word += script[i];
        i++;
      }
    } else if (ch === '\\') {
      if (script[i + 1] === '\n') {
        i++;
      } else if (i + 1 < script.length) {
        inWord = true;
        word += script[++i];
      }
    } else {
      inWord = true;
      word += ch;
    }
  }
  endCommand();
  return commands;
}

function execForm(script: string): string[] | undefined {
  const t = script.trim();
  if (!t.startsWith('[')) return undefined;
  try {
    const v = JSON.parse(t);
    return Array.isArray(v) && v.every(x => typeof x === 'string') ? v : undefined;
  } catch {
    return undefined;
  }
}

/** Words of an ADD or COPY argument text: the exec form's strings, or the blank-separated words unquoted. */
export function wordsOf(text: string): string[] {
  return execForm(text) ?? text.trim().split(/\s+/).filter(w => w !== '').map(w => w.replace(/^(["'])(.*)\1$/, '$2'));
}
