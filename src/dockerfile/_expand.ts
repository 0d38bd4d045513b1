/**
 * Variables in scope at one instruction: name -> value, or null when declared without a value
 * (`ARG NAME`: it gets one only from --build-arg).
 */
export type Scope = ReadonlyMap<string, string | null>;

const VARIABLE = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g;

/**
 * Substitutes `$NAME`, `${NAME}`, `${NAME:-default}`, `${NAME-default}`, `${NAME:+alt}` and `${NAME+alt}`
 * with the values the Dockerfile gives, i.e. what a build without --build-arg uses. A variable with no
 * value in the Dockerfile is kept as written and listed in `unresolved`. A `$` preceded by the escape
 * character is literal.
 */
export function expandVariables(text: string, scope: Scope, escapeChar = '\\'): { text: string; unresolved: string[] } {
  const unresolved: string[] = [];
  type Groups = [string | undefined, string | undefined, string | undefined, string | undefined, number];
  const out = text.replace(VARIABLE, (match: string, ...groups: Groups) => {
    const [braced, op, word, bare, offset] = groups;
    if (offset > 0 && text[offset - 1] === escapeChar) return match;
    const name = (braced ?? bare)!;
    const value = scope.has(name) ? scope.get(name)! : undefined;
    const set = value !== undefined && value !== null;
    switch (op) {
      case ':-': return set && value !== '' ? value : word ?? '';
      case '-': return set ? value : word ?? '';
      case ':+': return set && value !== '' ? word ?? '' : '';
      case '+': return set ? word ?? '' : '';
      default:
        if (set) return value;
        if (!unresolved.includes(name)) unresolved.push(name);
        return match;
    }
  });
  return { text: out, unresolved };
}
