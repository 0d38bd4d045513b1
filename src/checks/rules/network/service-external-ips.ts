import { kindRule } from '../../_rule';
import { Severity } from '../../finding';

export const serviceExternalIps = kindRule({
  id: 'CS322',
  title: 'Service with externalIPs',
  severity: Severity.ERROR,
  description: 'Fails when a Service sets spec.externalIPs.',
  rationale: 'Any user who can create a Service can claim an external IP and intercept the cluster\'s traffic to that address (CVE-2020-8554, unfixed by design); clusters should refuse externalIPs, and manifests should not depend on them.',
  fix: 'Remove spec.externalIPs and expose the Service through an Ingress, a Gateway or a LoadBalancer with an allocated address.',
  references: ['CVE-2020-8554', 'NSA: Network separation and hardening'],
}, ['Service'], (obj) => {
  const ips = obj.spec?.externalIPs;
  if (!Array.isArray(ips) || ips.length === 0) return [];
  return [{ path: ['spec', 'externalIPs'], message: `the Service claims externalIPs ${ips.map(ip => `"${String(ip)}"`).join(', ')}` }];
});
