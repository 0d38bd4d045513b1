import { credentialReason } from './_credentials';
import { containerRule, RawFinding, where } from '../../_rule';
import { Severity } from '../../finding';

/**
 * Why one command-line word (with the word after it) passes a credential, or undefined: a known key format
 * anywhere in it, `--db-password=x` / `PASSWORD=x`, or `--token x` (a credential-named flag and a value).
 */
function wordReason(word: string, next: string | undefined): { what: string; why: string } | undefined {
  if (word.length > 8192) return undefined;
  const eq = word.indexOf('=');
  if (eq > 0) {
    const flag = word.slice(0, eq).replace(/^-+/, '');
    const why = /^[A-Za-z_][\w.-]*$/.test(flag) ? credentialReason(flag, word.slice(eq + 1), { entropy: false }) : undefined;
    if (why) return { what: word.slice(0, eq), why };
  }
  const known = credentialReason('', word, { entropy: false });
  if (known) return { what: 'a value', why: known };
  if (eq < 0 && word.startsWith('-') && next !== undefined && !next.startsWith('-')) {
    const flag = word.replace(/^-+/, '');
    const why = /^[A-Za-z_][\w.-]*$/.test(flag) && next !== '' ? credentialReason(flag, next, { entropy: false }) : undefined;
    // Only the flag's name can say it: the value alone was judged as a word of its own.
    return why === 'its name says it holds a credential' ? { what: word, why } : undefined;
  }
  return undefined;
}

export const commandLineCredentials = containerRule({
  id: 'CS408',
  title: 'Credential in a container command or args',
  severity: Severity.ERROR,
  description: 'Fails when a container command or args entry passes a credential: a known key format (private keys, cloud and VCS tokens, JWTs, URLs with a password), '
    + 'a credential-named flag or variable with a literal value (--db-password=..., --token ..., PASSWORD=... in a shell command). '
    + '$(VAR) references are not literals. Findings name the entry and flag, never the value.',
  rationale: 'A command line is stored in the manifest and in the API server, and on the node every process can read it from /proc/<pid>/cmdline; it ends up in ps output and crash reports.',
  fix: 'Pass the value through an environment variable from a Secret (valueFrom.secretKeyRef, referenced as $(VAR) in args) or, better, a file mounted from a Secret that the process reads.',
  references: ['NSA: Secrets', 'CIS 5.4.1'],
}, (c) => {
  const out: RawFinding[] = [];
  for (const field of ['command', 'args'] as const) {
    const list = c.spec[field];
    if (!Array.isArray(list)) continue;
    const items = list.map(x => (typeof x === 'string' ? x : ''));
    for (let i = 0; i < items.length; i++) {
      // An entry with spaces is a shell script (sh -c "..."): judge its words.
      const words = /\s/.test(items[i]) ? items[i].split(/\s+/).filter(w => w !== '') : [items[i]];
      let found: { what: string; why: string } | undefined;
      for (let w = 0; w < words.length && !found; w++) {
        found = wordReason(words[w].replace(/^["']|["';]$/g, ''), w + 1 < words.length ? words[w + 1] : items[i + 1]);
      }
      if (found) out.push({ path: [...c.path, field, i], message: `${where(c)} passes a credential in ${field}[${i}] (${found.what}): ${found.why}` });
    }
  }
  return out;
});
