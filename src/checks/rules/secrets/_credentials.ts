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
  ['a private key', /-----BEGIN [A-Z ]*PRIVATE KEY-----/],
  ['a JSON Web Token', /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/],
  ['a URL with an embedded password', /[a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:[^\s@/]+@/i],
];

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

/**
 * Why an env var with this literal value looks like a credential, or undefined.
 * The returned text never contains the value.
 */
export function credentialReason(name: string, value: string): string | undefined {
  for (const [what, re] of SECRET_VALUE) {
    if (re.test(value)) return `its value looks like ${what}`;
  }
  if (value.trim() === '') return undefined;
  const words = wordsOf(name);
  if (SECRET_NAME.test(words) && !POINTER_NAME.test(words) && !/^(true|false|\d+)$/i.test(value) && !value.startsWith('/')) {
    return 'its name says it holds a credential';
  }
  if (looksRandom(value)) return 'its value is a long high-entropy string';
  return undefined;
}
