import { BINDING_KINDS, policyRules, ROLE_KINDS } from './_rbac';
import { SetRule } from '../../_rule';
import { Severity } from '../../finding';

/** A role of the input that carries a wildcard, or a binding's reference to a role. */
export type WildcardRoleSummary =
  | { readonly type: 'role'; readonly key: string; readonly fields: string }
  | { readonly type: 'binding'; readonly key: string; readonly kind: string; readonly role: string };

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** ClusterRoles by name; Roles by namespace and name (a RoleBinding may only refer to a Role of its own namespace). */
function roleKey(kind: string, name: string, namespace: string): string {
  return kind === 'ClusterRole' ? `ClusterRole\u0000${name}` : `Role\u0000${namespace}\u0000${name}`;
}

function collect(obj: Record<string, any>): WildcardRoleSummary | undefined {
  const name = str(obj.metadata?.name);
  const namespace = str(obj.metadata?.namespace);
  if (ROLE_KINDS.includes(obj.kind)) {
    const fields = new Set<string>();
    for (const r of policyRules(obj)) {
      if (r.apiGroups.includes('*')) fields.add('apiGroups');
      if (r.resources.includes('*')) fields.add('resources');
      if (r.verbs.includes('*')) fields.add('verbs');
    }
    return fields.size > 0 ? { type: 'role', key: roleKey(obj.kind, name, namespace), fields: [...fields].join(', ') } : undefined;
  }
  if (BINDING_KINDS.includes(obj.kind)) {
    const refKind = str(obj.roleRef?.kind);
    // A ClusterRoleBinding can only refer to a ClusterRole; the API server refuses anything else.
    if (refKind !== 'ClusterRole' && !(refKind === 'Role' && obj.kind === 'RoleBinding')) return undefined;
    const role = str(obj.roleRef?.name);
    return { type: 'binding', key: roleKey(refKind, role, namespace), kind: refKind, role };
  }
  return undefined;
}

export const bindingToWildcardRole: SetRule<WildcardRoleSummary> = {
  id: 'CS508',
  title: 'Binding to a role with a wildcard',
  severity: Severity.ERROR,
  description: 'Fails when a RoleBinding or ClusterRoleBinding refers to a Role or ClusterRole of the same input whose rules use "*" in apiGroups, resources or verbs (whatever its name; CS502 covers the built-in cluster-admin, which is not in the input).',
  rationale: 'CS501 reports the wildcard on the role; the binding is where it reaches a subject. A copy of cluster-admin under another name is as powerful and is missed by checks that look for the name only.',
  fix: 'Bind a role that lists what the subject needs, or remove the wildcard from the role.',
  references: ['CIS 5.1.3', 'Trivy: KSV-0044, KSV-0045, KSV-0046'],
  scope: 'set',
  appliesTo: kind => BINDING_KINDS.includes(kind),
  collect,
  findingPath: s => (s.type === 'binding' ? ['roleRef', 'name'] : ['rules']),
  finish(summaries) {
    const wild = new Map<string, string>();
    for (const s of summaries) if (s.type === 'role') wild.set(s.key, s.fields);
    return summaries.flatMap((s, at) => {
      if (s.type !== 'binding') return [];
      const fields = wild.get(s.key);
      return fields === undefined ? [] : [{ at, finding: { path: ['roleRef', 'name'], message: `the binding grants ${s.kind} "${s.role}", whose rules use "*" in ${fields}` } }];
    });
  },
};
