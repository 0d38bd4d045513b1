/** Env var names that say "credential": *_KEY, *PASSWORD*, *TOKEN*, *SECRET* and kin. */
const SECRET_NAME = /(^|_)(API_?KEY|ACCESS_?KEY|PRIVATE_?KEY|SECRET_?KEY|KEY)$|PASSWORD|PASSWD|PASSPHRASE|TOKEN|SECRET|CREDENTIAL|(^|_)PWD($|_)|(^|_)AUTH($|_)/i;
/** Names that point at where a secret is (a mounted file, a reference), not at the secret. */
const POINTER_NAME = /(_FILE|_PATH|_DIR|_NAME|_REF|_ARN|_ID)$/i;

/** Well-known credential formats. The value itself never leaves this module. */
const SECRET_VALUE: Array<[string, RegExp]> = [
  ['an AWS access key id', /\b(AKIA|ASIA)[0-9A-Z]{16}\b/],
  ['a GitHub token', /\b(gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{40,})\b/],
  ['a Slack token', /\bxox[abprs]-[A-Za-z0-9-]{10,}/],
  ['a Google API key', /\bAIza[0-9A-Za-z_-]{35}\b/],
  ['a Stripe secret key', /\b[sr]k_live_[0-9A-Za-z]{16,}/],
  // PEM, OpenSSH, PGP and SSH2 (RFC 4716, four dashes) headers, in any case, with three to five dashes.
  ['a private key', /-{3,5} ?BEGIN (?:[A-Z0-9]+ ){0,4}PRIVATE KEY(?: BLOCK)? ?-{3,5}/i],
  ['a private key', /PuTTY-User-Key-File-\d+:/i],
  ['a JSON Web Token', /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/],
];

/**
 * `scheme://user:password@`. Searched from each `://` rather than from each letter (a regex that starts
 * with the scheme retries at every letter of a long value: quadratic). Each scan stops at the next `/`,
 * so the whole search is linear in the length of the value.
 */
const USERINFO_AFTER_SCHEME = /:\/\/[^\s:/@]+:[^\s@/]+@/g;
const SCHEME_END = /[a-z][a-z0-9+.-]*$/i;

function hasUrlPassword(value: string): boolean {
  USERINFO_AFTER_SCHEME.lastIndex = 0;
  for (let m = USERINFO_AFTER_SCHEME.exec(value); m !== null; m = USERINFO_AFTER_SCHEME.exec(value)) {
    // A scheme (a letter, then letters, digits, + . -) must end right before `://`; 64 characters is plenty.
    if (SCHEME_END.test(value.slice(Math.max(0, m.index - 64), m.index))) return true;
    USERINFO_AFTER_SCHEME.lastIndex = m.index + 1;
  }
  return false;
}

/**
 * The name with its words joined by `_`, so the name patterns also match camelCase and dotted or dashed
 * names (`stripeApiKey` -> `stripe_Api_Key`, `db.password` -> `db_password`).
 */
function wordsOf(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/[.-]+/g, '_');
}

/** Shannon entropy in bits per character. */
function entropy(s: string): number {
  const counts = new Map<string, number>();
  for (const ch of s) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let h = 0;
  for (const n of counts.values()) {
    const p = n / s.length;
    h -= p * Math.log2(p);
  }
  return h;
}

/**
 * A random-looking token: long, no spaces, upper case, lower case and digits mixed, high entropy.
 * Host names, host:port, image references, ARNs and bucket paths are lower-case words joined by
 * separators, and are not tokens. A URL is judged by its segments (a token in its path or query counts),
 * not as a whole: its scheme, host and port are structure.
 */
function looksRandom(v: string): boolean {
  if (/\s/.test(v) || v.startsWith('/')) return false;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(v)) return v.split(/[/?&=#:@;,]+/).some(looksRandom);
  if (v.length < 20 || !/[a-z]/.test(v) || !/[A-Z]/.test(v) || !/[0-9]/.test(v)) return false;
  return entropy(v) >= 4.0;
}

/** A dependent env var reference, `$(NAME)`: Kubernetes puts another variable's value there. */
const ENV_REFERENCE = /\$\([A-Za-z_][A-Za-z0-9_.-]*\)/g;
const URL_PASSWORD = 'a URL with an embedded password';

/** True when the password of the first URL with user info in `value` is made of `$(VAR)` references only. */
function urlPasswordIsReference(value: string): boolean {
  const start = value.indexOf('://') + 3;
  const userinfo = value.slice(start, value.indexOf('@', start));
  const password = userinfo.slice(userinfo.indexOf(':') + 1);
  return password !== '' && password.replace(ENV_REFERENCE, '') === '';
}

/**
 * `a=b,c=d` (also `;` or `&` between entries; e.g. OTEL_RESOURCE_ATTRIBUTES): the entries, each judged on
 * its own, or undefined when the value is not such a list. A base64 value's `=` padding is not a list.
 */
function keyValueList(value: string): Array<[string, string]> | undefined {
  const entries: Array<[string, string]> = [];
  for (const part of value.split(/[,;&]/)) {
    const p = part.trim();
    if (p === '') continue;
    const eq = p.indexOf('=');
    const key = p.slice(0, eq);
    const v = p.slice(eq + 1);
    if (eq <= 0 || !/^[A-Za-z_][\w.\/-]*$/.test(key) || v.startsWith('=')) return undefined;
    entries.push([key, v]);
  }
  return entries.length > 1 || (entries.length === 1 && entries[0][1] !== '') ? entries : undefined;
}

/** A command-line option: `-Dname=value`, `--name=value`, `-XX:Name=value`, or a flag without a value (`-Xmx512m`, `-XX:+UseG1GC`). */
const OPTION = /^--?[A-Za-z]/;
const OPTION_WITH_VALUE = /^(?:-D|--?|-XX:[+-]?)([A-Za-z_][\w.-]*)=(.*)$/;

/**
 * `-XX:MaxRAMPercentage=75 -Dspring.profiles.active=prod` (JAVA_TOOL_OPTIONS, JAVA_OPTS, NODE_OPTIONS): the
 * options that carry a value, each to be judged by its own name and value, or undefined when the value is
 * not such a list. A JVM flag is structure, not a random token. Not for a variable whose name already says
 * it holds a credential: its value is judged as a whole.
 */
function optionList(name: string, value: string): Array<[string, string]> | undefined {
  const words = value.trim().split(/\s+/);
  if (words[0] === '' || !words.every(w => OPTION.test(w)) || SECRET_NAME.test(wordsOf(name))) return undefined;
  const out: Array<[string, string]> = [];
  for (const w of words) {
    const m = OPTION_WITH_VALUE.exec(w);
    if (m) out.push([m[1], m[2]]);
  }
  return out;
}

/** How `credentialReason` judges a value. */
export interface CredentialOptions {
  /**
   * Report long high-entropy strings. Off where such strings are usually not secrets (checksums and
   * base64 certificates in configuration files, hashes on command lines).
   * @default true
   */
  readonly entropy?: boolean;
}

/**
 * Why an env var with this literal value looks like a credential, or undefined.
 * The returned text never contains the value.
 */
export function credentialReason(name: string, value: string, options: CredentialOptions = {}): string | undefined {
  const options_ = optionList(name, value);
  if (options_) {
    // Whole-value formats first (a private key split over words); then each option on its own.
    for (const [what, re] of SECRET_VALUE) {
      if (re.test(value)) return `its value looks like ${what}`;
    }
    for (const [key, v] of options_) {
      const why = literalReason(key, v, options);
      if (why) return `its option ${key}: ${why}`;
    }
    return undefined;
  }
  const entries = keyValueList(value);
  if (!entries) return literalReason(name, value, options);
  for (const [key, v] of entries) {
    const why = literalReason(key, v, options);
    if (why) return `its entry ${key}: ${why}`;
  }
  return undefined;
}

function literalReason(name: string, value: string, options: CredentialOptions): string | undefined {
  // Only the text around `$(VAR)` references is literal; the referenced variable is judged where it is set.
  const pieces = value.split(ENV_REFERENCE);
  const referenced = pieces.length > 1;
  const literal = pieces.join(' ');
  for (const [what, re] of SECRET_VALUE) {
    if (re.test(literal)) return `its value looks like ${what}`;
  }
  if (hasUrlPassword(value) && !urlPasswordIsReference(value)) return `its value looks like ${URL_PASSWORD}`;
  if (literal.trim() === '') return undefined;
  const words = wordsOf(name);
  if (!referenced && SECRET_NAME.test(words) && !POINTER_NAME.test(words) && !/^(true|false|\d+)$/i.test(value) && !value.startsWith('/')) {
    return 'its name says it holds a credential';
  }
  if (options.entropy !== false && pieces.some(looksRandom)) return 'its value is a long high-entropy string';
  return undefined;
}
