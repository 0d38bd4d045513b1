/** Input checks shared by the policy constructs. Each returns a problem description, or undefined. */

import { isDnsLabel, isDnsSubdomain, isLabelName, isLabelValue } from '../_names';

/** A namespace name (a DNS-1123 label). */
export function namespaceProblem(ns: string): string | undefined {
  return isDnsLabel(ns)
    ? undefined
    : `namespace ${JSON.stringify(ns)} is not a valid namespace name (lower-case letters, digits and '-', at most 63 characters)`;
}

/** A namespace pattern of a Gatekeeper match: a name, optionally with one leading or trailing `*`. */
export function namespacePatternProblem(ns: string): string | undefined {
  if (typeof ns !== 'string') return `namespace ${JSON.stringify(ns)} is not a string`;
  const bare = ns.startsWith('*') ? ns.slice(1) : ns.endsWith('*') ? ns.slice(0, -1) : ns;
  const ok = bare.length > 0 && bare.length <= 63 && /^[a-z0-9-]+$/.test(bare) && !bare.includes('*')
    && (ns.startsWith('*') ? /[a-z0-9]$/.test(bare) : ns.endsWith('*') ? /^[a-z0-9]/.test(bare) : isDnsLabel(bare));
  return ok ? undefined
    : `namespace ${JSON.stringify(ns)} is not a namespace name or a prefix/suffix glob (e.g. "kube-*")`;
}

/** An object name (a DNS-1123 subdomain). */
export function objectNameProblem(name: string, what: string): string | undefined {
  return isDnsSubdomain(name)
    ? undefined
    : `${what} ${JSON.stringify(name)} is not a valid object name (lower-case letters, digits, '-' and '.', at most 253 characters)`;
}

/** A label key: optional DNS subdomain prefix and `/`, then a name of at most 63 characters. */
export function labelKeyProblem(key: string): string | undefined {
  if (typeof key !== 'string' || key.length === 0) return `label key ${JSON.stringify(key)} is empty`;
  const slash = key.lastIndexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== undefined && !isDnsSubdomain(prefix)) {
    return `label key ${JSON.stringify(key)} has an invalid prefix ${JSON.stringify(prefix)} (a DNS subdomain such as "example.com")`;
  }
  if (!isLabelName(name)) {
    return `label key ${JSON.stringify(key)} has an invalid name ${JSON.stringify(name)} (letters, digits, '-', '_' and '.', starting and ending with a letter or digit, at most 63 characters)`;
  }
  return undefined;
}

/** A label value. */
export function labelValueProblem(key: string, value: string): string | undefined {
  return isLabelValue(value)
    ? undefined
    : `label ${key} has an invalid value ${JSON.stringify(value)} (letters, digits, '-', '_' and '.', at most 63 characters)`;
}

/**
 * A regular expression that Gatekeeper (Go RE2) and this library (JavaScript) both accept. RE2 has no
 * lookaround and no backreferences; JavaScript rejects some RE2 syntax. Both must compile.
 */
export function regexProblem(re: string): string | undefined {
  if (typeof re !== 'string' || re.length === 0) return `the regular expression ${JSON.stringify(re)} is empty`;
  if (/\(\?<?[=!]/.test(re)) return `the regular expression ${JSON.stringify(re)} uses lookaround, which Gatekeeper's RE2 engine does not support`;
  if (/\\[1-9]/.test(re)) return `the regular expression ${JSON.stringify(re)} uses a backreference, which Gatekeeper's RE2 engine does not support`;
  try {
    new RegExp(re);
  } catch (e) {
    return `the regular expression ${JSON.stringify(re)} does not compile (${(e as Error).message.replace(/^Invalid regular expression: /, '')})`;
  }
  return undefined;
}

/** The first duplicate in `items`, or undefined. */
export function firstDuplicate(items: readonly string[]): string | undefined {
  const seen = new Set<string>();
  for (const i of items) {
    if (seen.has(i)) return i;
    seen.add(i);
  }
  return undefined;
}
