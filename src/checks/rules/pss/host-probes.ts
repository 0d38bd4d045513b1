import { pssMinor } from './_version';
import { isRecord } from '../../_path';
import { containerRule, RawFinding, where } from '../../_rule';
import { Severity } from '../../finding';

/** The probe and lifecycle handler fields, and the handler types, that can carry a `host`. */
export const PROBE_FIELDS = ['livenessProbe', 'readinessProbe', 'startupProbe'] as const;
export const LIFECYCLE_FIELDS = ['postStart', 'preStop'] as const;
export const HOST_HANDLERS = ['httpGet', 'tcpSocket'] as const;

export const hostProbes = containerRule({
  id: 'CS112',
  title: 'Probe or lifecycle hook with a host',
  severity: Severity.ERROR,
  description: 'Fails when a probe (liveness, readiness, startup) or a lifecycle hook (postStart, preStop) sets httpGet.host or tcpSocket.host (v1.34+).',
  rationale: 'The kubelet makes these requests from the node: a host field lets a pod make the node connect to any address it can reach, '
    + 'including node-local services and cloud metadata endpoints.',
  fix: 'Remove host; the kubelet then connects to the pod IP (set an HTTP Host header with httpGet.httpHeaders if the server needs one).',
  references: ['PSS baseline: Host Probes / Lifecycle Hooks'],
}, (c, _pod, ctx) => {
  if (pssMinor(ctx) < 34) return [];
  const out: RawFinding[] = [];
  const visit = (handler: unknown, path: Array<string | number>, label: string) => {
    if (!isRecord(handler)) return;
    for (const type of HOST_HANDLERS) {
      const host = isRecord(handler[type]) ? handler[type].host : undefined;
      if (host !== undefined && host !== null && host !== '') {
        out.push({ path: [...path, type, 'host'], message: `${where(c)} ${label} ${type}.host is "${host}"` });
      }
    }
  };
  for (const probe of PROBE_FIELDS) visit(c.spec[probe], [...c.path, probe], probe);
  const lifecycle = c.spec.lifecycle;
  if (isRecord(lifecycle)) {
    for (const hook of LIFECYCLE_FIELDS) visit(lifecycle[hook], [...c.path, 'lifecycle', hook], `lifecycle.${hook}`);
  }
  return out;
});
