import { podRule } from '../../_rule';
import { Severity } from '../../finding';

/** Namespaced sysctls the baseline profile allows. */
const SAFE_SYSCTLS = new Set([
  'kernel.shm_rmid_forced', 'net.ipv4.ip_local_port_range', 'net.ipv4.ip_unprivileged_port_start',
  'net.ipv4.tcp_syncookies', 'net.ipv4.ping_group_range', 'net.ipv4.ip_local_reserved_ports',
  'net.ipv4.tcp_keepalive_time', 'net.ipv4.tcp_fin_timeout', 'net.ipv4.tcp_keepalive_intvl',
  'net.ipv4.tcp_keepalive_probes',
]);

export const sysctls = podRule({
  id: 'CS111',
  title: 'Unsafe sysctl',
  severity: Severity.ERROR,
  description: 'Fails when the pod sets a sysctl outside the safe set of the baseline profile.',
  rationale: 'Other sysctls are not isolated per pod and can change or crash the whole node.',
  fix: 'Remove the sysctl from spec.securityContext.sysctls.',
  references: ['PSS baseline: Sysctls', 'Trivy: KSV-0026'],
}, (pod) => {
  const list = pod.spec.securityContext?.sysctls;
  if (!Array.isArray(list)) return [];
  return list.flatMap((s: any, i: number) => s && !SAFE_SYSCTLS.has(s.name)
    ? [{ path: [...pod.path, 'securityContext', 'sysctls', i, 'name'], message: `the pod sets sysctl ${s.name}` }]
    : []);
});
