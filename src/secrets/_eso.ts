import { Duration } from 'cdk8s';

/** The External Secrets Operator API version this library emits. `v1beta1` is no longer served since ESO v0.17. */
export const ESO_API_VERSION = 'external-secrets.io/v1';

/** DNS-1123 subdomain: names of Secrets, ServiceAccounts, ExternalSecrets. */
export function isDnsSubdomain(v: unknown): v is string {
  return typeof v === 'string' && v.length > 0 && v.length <= 253
    && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(v);
}

/** DNS-1123 label: namespace names. */
export function isDnsLabel(v: unknown): v is string {
  return typeof v === 'string' && v.length > 0 && v.length <= 63 && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(v);
}

/** A key of a Secret's data: letters, digits, `-`, `_`, `.`; at most 253 characters. */
export function isSecretDataKey(v: unknown): v is string {
  return typeof v === 'string' && v.length > 0 && v.length <= 253 && /^[-._a-zA-Z0-9]+$/.test(v) && v !== '.' && v !== '..';
}

/** A label value (empty allowed). */
export function isLabelValue(v: unknown): boolean {
  return typeof v === 'string' && v.length <= 63 && /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/.test(v);
}

/** A label key: optional DNS-subdomain prefix and a name of at most 63 characters. */
export function isLabelKey(v: unknown): boolean {
  if (typeof v !== 'string') return false;
  const slash = v.lastIndexOf('/');
  const prefix = slash >= 0 ? v.slice(0, slash) : undefined;
  const name = slash >= 0 ? v.slice(slash + 1) : v;
  if (prefix !== undefined && !isDnsSubdomain(prefix)) return false;
  return name.length > 0 && name.length <= 63 && /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/.test(name);
}

/** Duration as a Go duration string (`1h`, `1h30m`, `45s`), the format of ESO's `refreshInterval`. */
export function goDuration(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return `${h ? `${h}h` : ''}${m ? `${m}m` : ''}${s ? `${s}s` : ''}` || '0s';
}

/** Whole seconds of a Duration, or undefined when it is not a whole, positive number of seconds. */
export function positiveWholeSeconds(d: Duration): number | undefined {
  const ms = d.toMilliseconds({ integral: false });
  if (!Number.isFinite(ms) || ms <= 0 || ms % 1000 !== 0) return undefined;
  return ms / 1000;
}

/** Human form of a Duration for messages (`0s`, `500ms`). */
export function describeDuration(d: Duration): string {
  const ms = d.toMilliseconds({ integral: false });
  return ms % 1000 === 0 ? goDuration(ms / 1000) : `${ms}ms`;
}
