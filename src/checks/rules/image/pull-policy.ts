import { containerRule, where } from '../../_rule';
import { Severity } from '../../finding';

export const pullPolicy = containerRule({
  id: 'CS210',
  title: 'imagePullPolicy is not Always',
  severity: Severity.WARNING,
  description: 'Warns when a container does not set imagePullPolicy: Always.',
  rationale: 'With IfNotPresent any pod on a node can run a private image cached there without pull credentials; with a digest, Always costs only a manifest check.',
  fix: 'Set imagePullPolicy: Always.',
  references: ['Polaris: pullPolicyNotAlways', 'Kubernetes: AlwaysPullImages admission plugin'],
}, (c) => c.spec.imagePullPolicy === 'Always' ? [] : [{
  path: [...c.path, 'imagePullPolicy'],
  message: c.spec.imagePullPolicy ? `${where(c)} sets imagePullPolicy ${c.spec.imagePullPolicy}` : `${where(c)} does not set imagePullPolicy: Always`,
}]);
