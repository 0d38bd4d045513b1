import { containerRule, where } from '../../_rule';
import { Severity } from '../../finding';

export const hostPorts = containerRule({
  id: 'CS106',
  title: 'Host port',
  severity: Severity.ERROR,
  description: 'Fails when a container port sets a non-zero hostPort.',
  rationale: "A hostPort binds the node's own network interface, bypasses NetworkPolicy on many CNIs and limits scheduling.",
  fix: 'Remove hostPort; expose the pod through a Service.',
  references: ['PSS baseline: Host Ports', 'Polaris: hostPortSet', 'Trivy: KSV-0024'],
}, (c) => {
  const ports = Array.isArray(c.spec.ports) ? c.spec.ports : [];
  return ports.flatMap((p: any, i: number) => p && p.hostPort !== undefined && p.hostPort !== null && p.hostPort !== 0
    ? [{ path: [...c.path, 'ports', i, 'hostPort'], message: `${where(c)} binds host port ${p.hostPort}` }]
    : []);
});
