import { containerRule, where } from '../../_rule';
import { Severity } from '../../finding';

export const readOnlyRootFilesystem = containerRule({
  id: 'CS201',
  title: 'Writable root filesystem',
  severity: Severity.ERROR,
  description: 'Fails when a container does not set securityContext.readOnlyRootFilesystem to true.',
  rationale: 'A read-only root filesystem stops an attacker from dropping tools or changing binaries in the container.',
  fix: 'Set securityContext.readOnlyRootFilesystem: true and mount an emptyDir at each path the process writes to (e.g. /tmp).',
  references: ['CIS 5.7.3', 'NSA: Immutable container file systems', 'Polaris: notReadOnlyRootFilesystem', 'Trivy: KSV-0014'],
}, (c) => c.spec.securityContext?.readOnlyRootFilesystem === true ? [] : [{
  path: [...c.path, 'securityContext', 'readOnlyRootFilesystem'],
  message: `${where(c)} has a writable root filesystem`,
}]);
