import { BASELINE_CAPABILITIES, capName } from './_capabilities';
import { containerRule, where } from '../../_rule';
import { Severity } from '../../finding';

export const capabilitiesBaseline = containerRule({
  id: 'CS104',
  title: 'Capability outside the baseline set',
  severity: Severity.ERROR,
  description: 'Fails when a container adds a Linux capability outside the runtime default set (e.g. SYS_ADMIN, NET_ADMIN, NET_RAW is not added by default either).',
  rationale: 'Capabilities such as SYS_ADMIN or NET_ADMIN give a process root-equivalent power over the node or its network.',
  fix: 'Remove the capability from securityContext.capabilities.add.',
  references: ['PSS baseline: Capabilities', 'CIS 5.2.8', 'Polaris: insecureCapabilities, dangerousCapabilities', 'Trivy: KSV-0005, KSV-0022'],
}, (c) => {
  const add = c.spec.securityContext?.capabilities?.add;
  if (!Array.isArray(add)) return [];
  return add
    .map((cap, i) => ({ cap: capName(cap), i }))
    .filter(({ cap }) => !BASELINE_CAPABILITIES.has(cap))
    .map(({ cap, i }) => ({ path: [...c.path, 'securityContext', 'capabilities', 'add', i], message: `${where(c)} adds capability ${cap}` }));
});
