import { capName, RESTRICTED_CAPABILITIES } from './_capabilities';
import { containerRule, RawFinding, where } from '../../_rule';
import { Severity } from '../../finding';

export const capabilitiesRestricted = containerRule({
  id: 'CS126',
  title: 'Capabilities not dropped',
  severity: Severity.ERROR,
  description: 'Fails when a container does not drop ALL capabilities, or adds any capability other than NET_BIND_SERVICE (Linux pods).',
  rationale: 'Containers start with a default set of capabilities (e.g. CHOWN, SETUID, NET_RAW) that almost no application needs.',
  fix: 'Set securityContext.capabilities.drop: [ALL] and add back only NET_BIND_SERVICE if the process binds a port below 1024.',
  references: ['PSS restricted: Capabilities', 'CIS 5.2.9', 'Polaris: insecureCapabilities', 'Trivy: KSV-0003', 'NSA: Pod security'],
}, (c, pod) => {
  if (pod.spec.os?.name === 'windows') return [];
  const out: RawFinding[] = [];
  const caps = c.spec.securityContext?.capabilities ?? {};
  const drop = Array.isArray(caps.drop) ? caps.drop.map(capName) : [];
  if (!drop.includes('ALL')) {
    out.push({ path: [...c.path, 'securityContext', 'capabilities', 'drop'], message: `${where(c)} does not drop ALL capabilities` });
  }
  const add = Array.isArray(caps.add) ? caps.add : [];
  add.forEach((cap: unknown, i: number) => {
    if (!RESTRICTED_CAPABILITIES.has(capName(cap))) {
      out.push({ path: [...c.path, 'securityContext', 'capabilities', 'add', i], message: `${where(c)} adds capability ${capName(cap)}` });
    }
  });
  return out;
});
