import { kindRule } from '../../_rule';
import { Severity } from '../../finding';

export const serviceType = kindRule({
  id: 'CS302',
  title: 'Service exposed on nodes or to a load balancer',
  severity: Severity.WARNING,
  description: 'Warns when a Service is of type NodePort or LoadBalancer.',
  rationale: 'NodePort opens a port on every node; LoadBalancer usually opens the service to the internet. Both bypass the Ingress or gateway where TLS and authentication live.',
  fix: 'Use type ClusterIP behind an Ingress or Gateway, or suppress with the reason this service must be exposed.',
  references: ['kube-linter: exposed-services', 'NSA: Network separation and hardening'],
}, ['Service'], (obj) => {
  const t = obj.spec?.type;
  return t === 'NodePort' || t === 'LoadBalancer' ? [{ path: ['spec', 'type'], message: `the Service is of type ${t}` }] : [];
});
