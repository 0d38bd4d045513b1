/** Capabilities the Pod Security Standards baseline profile lets a container add (the runtime's default set). */
export const BASELINE_CAPABILITIES = new Set([
  'AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE',
  'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT',
]);

/** The only capability the restricted profile lets a container add. */
export const RESTRICTED_CAPABILITIES = new Set(['NET_BIND_SERVICE']);

/** Normalizes `CAP_SYS_ADMIN` / `sys_admin` to `SYS_ADMIN`. */
export function capName(c: unknown): string {
  return String(c).toUpperCase().replace(/^CAP_/, '');
}
