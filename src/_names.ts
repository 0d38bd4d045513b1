/** Kubernetes name and label syntax, shared by every construct that validates its input. */

/** A DNS-1123 subdomain: object names (Secrets, ServiceAccounts, Deployments), API groups. */
export function isDnsSubdomain(v: unknown): v is string {
  return typeof v === 'string' && v.length > 0 && v.length <= 253
    && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(v);
}

/** A DNS-1123 label: namespace and container names. */
export function isDnsLabel(v: unknown): v is string {
  return typeof v === 'string' && v.length > 0 && v.length <= 63 && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(v);
}

/** A label value; the empty string is a valid (empty) value. */
export function isLabelValue(v: unknown): v is string {
  return typeof v === 'string' && v.length <= 63 && /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/.test(v);
}

/** The name part of a label key (after the optional `prefix/`): 1-63 characters. */
export function isLabelName(v: unknown): v is string {
  return typeof v === 'string' && v.length > 0 && v.length <= 63 && /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/.test(v);
}

/** A label key: an optional DNS-subdomain prefix and `/`, then a label name. */
export function isLabelKey(v: unknown): v is string {
  if (typeof v !== 'string') return false;
  const slash = v.lastIndexOf('/');
  return (slash < 0 || isDnsSubdomain(v.slice(0, slash))) && isLabelName(v.slice(slash + 1));
}
