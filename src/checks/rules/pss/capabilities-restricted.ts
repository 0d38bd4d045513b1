import { capLabel, DROP_ALL, RESTRICTED_CAPABILITY } from './_capabilities';
import { containerRule, RawFinding, where } from '../../_rule';
import { Severity } from '../../finding';

export const capabilitiesRestricted = containerRule({
  id: 'CS126',
  title: 'Capabilities not dropped',
  severity: Severity.ERROR,
  description: 'Fails when a container does not drop ALL capabilities, or adds any capability other than NET_BIND_SERVICE (Linux pods). '
    + 'Names are compared exactly, as admission does: `drop: [all]` does not satisfy it.',
  rationale: 'Containers start with a default set of capabilities (e.g. CHOWN, SETUID, NET_RAW) that almost no application needs.',
  fix: 'Set securityContext.capabilities.drop: [ALL] and add back only NET_BIND_SERVICE if the process binds a port below 1024.',
  references: ['PSS restricted: Capabilities', 'CIS 5.2.9', 'Polaris: insecureCapabilities', 'Trivy: KSV-0003', 'NSA: Pod security'],
}, (c, pod) => {
  if (pod.spec.os?.name === 'windows') return [];
  const out: RawFinding[] = [];
  const caps = c.spec.securityContext?.capabilities ?? {};
  const drop: unknown[] = Array.isArray(caps.drop) ? caps.drop : [];
  if (!drop.includes(DROP_ALL)) {
    const near = drop.find(d => String(d).toUpperCase().replace(/^CAP_/, '') === DROP_ALL);
    out.push({
      path: [...c.path, 'securityContext', 'capabilities', 'drop'],
      message: near === undefined
        ? `${where(c)} does not drop ALL capabilities`
        : `${where(c)} does not drop ALL capabilities: it drops ${capLabel(near)}`,
    });
  }
  const add: unknown[] = Array.isArray(caps.add) ? caps.add : [];
  add.forEach((cap, i) => {
    if (cap !== RESTRICTED_CAPABILITY) {
      out.push({ path: [...c.path, 'securityContext', 'capabilities', 'add', i], message: `${where(c)} adds capability ${capLabel(cap)}` });
    }
  });
  return out;
});
