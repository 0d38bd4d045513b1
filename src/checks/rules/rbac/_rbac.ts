/** Shared reading of RBAC rules for the CS5xx rules. */

export const RBAC_GROUP = 'rbac.authorization.k8s.io';
export const ROLE_KINDS = ['Role', 'ClusterRole'];
export const BINDING_KINDS = ['RoleBinding', 'ClusterRoleBinding'];

/** One entry of `rules` of a Role or ClusterRole, with its index; entries that are not objects are skipped. */
export interface PolicyRule {
  readonly index: number;
  readonly apiGroups: string[];
  readonly resources: string[];
  readonly verbs: string[];
  readonly resourceNames: string[];
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : [];
}

/** The rules of a Role or ClusterRole (aggregated ClusterRoles list no rules of their own in the input). */
export function policyRules(obj: Record<string, any>): PolicyRule[] {
  const rules = Array.isArray(obj.rules) ? obj.rules : [];
  const out: PolicyRule[] = [];
  rules.forEach((r: any, index: number) => {
    if (r === null || typeof r !== 'object') return;
    out.push({
      index,
      apiGroups: strings(r.apiGroups),
      resources: strings(r.resources),
      verbs: strings(r.verbs),
      resourceNames: strings(r.resourceNames),
    });
  });
  return out;
}

/** True when the rule applies to API group `group` (`""` is the core group). */
export function inGroup(rule: PolicyRule, group: string): boolean {
  return rule.apiGroups.includes(group) || rule.apiGroups.includes('*');
}

/**
 * The entry of `resources` that matches `resource` (`pods/exec` is matched by `pods/exec`, `pods/*`
 * and `*`), or undefined. Kubernetes matches `*` as every resource and `<resource>/*` as every
 * subresource of it.
 */
export function matchingResource(rule: PolicyRule, resource: string): string | undefined {
  const slash = resource.indexOf('/');
  const parentAll = slash >= 0 ? `${resource.slice(0, slash)}/*` : undefined;
  return rule.resources.find(r => r === resource || r === '*' || (parentAll !== undefined && r === parentAll));
}

/** The verbs of `wanted` the rule grants (all of them when it grants `*`). */
export function grantedVerbs(rule: PolicyRule, wanted: string[]): string[] {
  return rule.verbs.includes('*') ? wanted : wanted.filter(v => rule.verbs.includes(v));
}

/** `"a", "b"` for messages. */
export function quoted(values: string[]): string {
  return values.map(v => `"${v}"`).join(', ');
}
