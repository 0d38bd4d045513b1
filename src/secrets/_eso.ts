import { Duration } from 'cdk8s';

/** The External Secrets Operator API version this library emits. `v1beta1` is no longer served since ESO v0.17. */
export const ESO_API_VERSION = 'external-secrets.io/v1';

export { isDnsLabel, isDnsSubdomain, isLabelKey, isLabelValue } from '../_names';

/** A key of a Secret's data: letters, digits, `-`, `_`, `.`; at most 253 characters. */
export function isSecretDataKey(v: unknown): v is string {
  return typeof v === 'string' && v.length > 0 && v.length <= 253 && /^[-._a-zA-Z0-9]+$/.test(v) && v !== '.' && v !== '..';
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
