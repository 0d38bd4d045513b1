import { kindRule } from '../../_rule';
import { Severity } from '../../finding';

export const roleNamedClusterAdmin = kindRule({
  id: 'CS509',
  title: 'Role named cluster-admin',
  severity: Severity.WARNING,
  description: 'Warns when a namespaced Role is named cluster-admin.',
  rationale: 'A RoleBinding to Role "cluster-admin" reads like a grant of the built-in cluster-admin ClusterRole: reviewers and tools that look for that name are misled in both directions.',
  fix: 'Rename the Role after what it grants.',
  references: ['CIS 5.1.1'],
}, ['Role'], (obj) => obj.metadata?.name === 'cluster-admin'
  ? [{ path: ['metadata', 'name'], message: `the Role in namespace "${typeof obj.metadata?.namespace === 'string' ? obj.metadata.namespace : '(unset)'}" is named cluster-admin, like the built-in ClusterRole` }]
  : []);
