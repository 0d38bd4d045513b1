import { pssMinor } from './_version';
import { podRule } from '../../_rule';
import { Severity } from '../../finding';

/** Namespaced sysctls the baseline profile allows, by the release that first allows them (v1.30 and later matter here). */
export const SAFE_SYSCTLS_SINCE: ReadonlyArray<readonly [string, number]> = [
  ['kernel.shm_rmid_forced', 0], ['net.ipv4.ip_local_port_range', 0], ['net.ipv4.tcp_syncookies', 0],
  ['net.ipv4.ping_group_range', 0], ['net.ipv4.ip_unprivileged_port_start', 0],
  ['net.ipv4.ip_local_reserved_ports', 27],
  ['net.ipv4.tcp_keepalive_time', 29], ['net.ipv4.tcp_fin_timeout', 29], ['net.ipv4.tcp_keepalive_intvl', 29], ['net.ipv4.tcp_keepalive_probes', 29],
  ['net.ipv4.tcp_rmem', 32], ['net.ipv4.tcp_wmem', 32],
  ['net.ipv4.tcp_slow_start_after_idle', 37], ['net.ipv4.tcp_notsent_lowat', 37],
];

/** The safe sysctls at release 1.<minor>. */
export function safeSysctls(minor: number): Set<string> {
  return new Set(SAFE_SYSCTLS_SINCE.filter(([, since]) => minor >= since).map(([name]) => name));
}

export const sysctls = podRule({
  id: 'CS111',
  title: 'Unsafe sysctl',
  severity: Severity.ERROR,
  description: 'Fails when the pod sets a sysctl outside the safe set of the baseline profile (tcp_rmem and tcp_wmem are safe from v1.32, '
    + 'tcp_slow_start_after_idle and tcp_notsent_lowat from v1.37).',
  rationale: 'Other sysctls are not isolated per pod and can change or crash the whole node.',
  fix: 'Remove the sysctl from spec.securityContext.sysctls.',
  references: ['PSS baseline: Sysctls', 'Trivy: KSV-0026'],
}, (pod, ctx) => {
  const list = pod.spec.securityContext?.sysctls;
  if (!Array.isArray(list)) return [];
  const safe = safeSysctls(pssMinor(ctx));
  return list.flatMap((s: any, i: number) => s && !safe.has(s.name)
    ? [{ path: [...pod.path, 'securityContext', 'sysctls', i, 'name'], message: `the pod sets sysctl ${s.name}` }]
    : []);
});
