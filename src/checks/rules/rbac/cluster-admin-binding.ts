import { kindRule } from '../../_rule';
import { Severity } from '../../finding';

export const clusterAdminBinding = kindRule({
  id: 'CS502',
  title: 'Binding to cluster-admin',
  severity: Severity.ERROR,
  description: 'Fails when a RoleBinding or ClusterRoleBinding refers to the cluster-admin ClusterRole.',
  rationale: 'cluster-admin can do anything in the cluster; a workload or person holding it is a single point of total compromise.',
  fix: 'Bind a role that grants only what the subject needs.',
  references: ['CIS 5.1.1', 'Trivy: KSV-0111'],
}, ['RoleBinding', 'ClusterRoleBinding'], (obj) => obj.roleRef?.kind === 'ClusterRole' && obj.roleRef?.name === 'cluster-admin'
  ? [{ path: ['roleRef', 'name'], message: `the ${obj.kind} grants cluster-admin to ${(obj.subjects ?? []).map((s: any) => `${s.kind}/${s.name}`).join(', ') || 'no subject'}` }]
  : []);
