import * as kplus from 'cdk8s-plus-28';

/** A NetworkPolicyPort as plain data. cdk8s-plus keeps it behind an internal method. */
export interface PortSpec {
  readonly protocol: string;
  readonly port?: number | string;
  readonly endPort?: number;
}

export function portSpec(p: kplus.NetworkPolicyPort): PortSpec {
  const k = (p as unknown as { _toKube(): { port?: { value: number | string }; endPort?: number; protocol?: string } })._toKube();
  return { protocol: k.protocol ?? 'TCP', port: k.port?.value, endPort: k.endPort };
}

export function describePort(p: PortSpec): string {
  if (p.port === undefined) return `all ${p.protocol} ports`;
  return `${p.protocol} ${p.port}${p.endPort ? `-${p.endPort}` : ''}`;
}

/** The ports a cdk8s-plus workload's containers declare. */
export function exposedPorts(w: kplus.AbstractPod): PortSpec[] {
  return w.containers.flatMap(c => c.ports.map(p => ({ protocol: p.protocol ?? 'TCP', port: p.number })));
}

/** True when `wanted` is within what `exposed` declares. */
export function isExposed(wanted: PortSpec, exposed: PortSpec[]): boolean {
  if (wanted.port === undefined) return exposed.some(e => e.protocol === wanted.protocol);
  return exposed.some(e => e.protocol === wanted.protocol && (e.port === wanted.port || (typeof wanted.port === 'number' && wanted.endPort !== undefined && typeof e.port === 'number' && e.port >= wanted.port && e.port <= wanted.endPort)));
}
