import { BASELINE_CAPABILITIES, capLabel } from './_capabilities';
import { containerRule, where } from '../../_rule';
import { Severity } from '../../finding';

export const capabilitiesBaseline = containerRule({
  id: 'CS104',
  title: 'Capability outside the baseline set',
  severity: Severity.ERROR,
  description: 'Fails when a container adds a Linux capability outside the runtime default set (e.g. SYS_ADMIN, NET_ADMIN; NET_RAW is not in it either). '
    + 'Names are compared exactly, as admission does: `chown` or `CAP_CHOWN` is not the allowed `CHOWN`.',
  rationale: 'Capabilities such as SYS_ADMIN or NET_ADMIN give a process root-equivalent power over the node or its network.',
  fix: 'Remove the capability from securityContext.capabilities.add, or write an allowed one exactly as admission lists it (upper case, no CAP_ prefix).',
  references: ['PSS baseline: Capabilities', 'CIS 5.2.8', 'Polaris: insecureCapabilities, dangerousCapabilities', 'Trivy: KSV-0005, KSV-0022'],
}, (c) => {
  const add = c.spec.securityContext?.capabilities?.add;
  if (!Array.isArray(add)) return [];
  return add.flatMap((cap: unknown, i: number) => typeof cap === 'string' && BASELINE_CAPABILITIES.has(cap)
    ? []
    : [{ path: [...c.path, 'securityContext', 'capabilities', 'add', i], message: `${where(c)} adds capability ${capLabel(cap)}` }]);
});
