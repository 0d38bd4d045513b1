/**
 * Capabilities the Pod Security Standards baseline profile lets a container add (the runtime's default set).
 * Admission compares names as exact strings: `chown` and `CAP_CHOWN` are not `CHOWN`.
 */
export const BASELINE_CAPABILITIES = new Set([
  'AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE',
  'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT',
]);

/** The only capability the restricted profile lets a container add (exact string). */
export const RESTRICTED_CAPABILITY = 'NET_BIND_SERVICE';

/** What the restricted profile requires in `drop` (exact string: `all` does not count). */
export const DROP_ALL = 'ALL';

/** `cap_chown`, with a hint when it is another spelling of a name admission knows (`CHOWN`). */
export function capLabel(c: unknown): string {
  const raw = typeof c === 'string' ? c : JSON.stringify(c);
  const canonical = String(c).toUpperCase().replace(/^CAP_/, '');
  return canonical !== raw && (BASELINE_CAPABILITIES.has(canonical) || canonical === DROP_ALL)
    ? `${raw} (admission compares names exactly: write ${canonical})`
    : raw;
}
