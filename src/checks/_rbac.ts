/**
 * Which ServiceAccounts "use the API": those an RBAC binding in the input names. CS211 (token mounted)
 * accepts a pod whose ServiceAccount is bound, because the binding is the reason for the token; the
 * same notion tells `fix` where turning the token off would break a workload.
 */

const RBAC_GROUP = 'rbac.authorization.k8s.io';
const SA_USER_PREFIX = 'system:serviceaccount:';

/** A ServiceAccount by namespace (`''` when the object has none) and name. */
export interface AccountRef {
  readonly namespace: string;
  readonly name: string;
}

/** A map key for an account. */
export function accountKey(namespace: string, name: string): string {
  return `${namespace}\u0000${name}`;
}

/** The namespace of an object as the checker reads it: `''` when unset. */
export function namespaceOf(obj: Record<string, any>): string {
  const ns = obj.metadata?.namespace;
  return typeof ns === 'string' ? ns : '';
}

/**
 * The ServiceAccount a pod spec runs as: `serviceAccountName`, else the deprecated `serviceAccount`,
 * else `default` (as the ServiceAccount admission plugin fills it in).
 */
export function podAccount(spec: Record<string, any>): string {
  for (const v of [spec.serviceAccountName, spec.serviceAccount]) {
    if (typeof v === 'string' && v !== '') return v;
  }
  return 'default';
}

/** True for an `rbac.authorization.k8s.io/v1` RoleBinding or ClusterRoleBinding. */
export function isBinding(obj: Record<string, any>): boolean {
  return (obj.kind === 'RoleBinding' || obj.kind === 'ClusterRoleBinding') && obj.apiVersion === `${RBAC_GROUP}/v1`;
}

/**
 * The ServiceAccounts a RoleBinding or ClusterRoleBinding binds, as the RBAC authorizer matches them:
 * subjects of kind `ServiceAccount` (a RoleBinding's subject without a namespace means the binding's own
 * namespace; a ClusterRoleBinding's must name one, so one without is skipped) and subjects of kind `User`
 * named `system:serviceaccount:<namespace>:<name>`. Group subjects (`system:serviceaccounts`,
 * `system:serviceaccounts:<namespace>`) are not counted: they bind every account alike and say nothing
 * about one workload. Any other object gives an empty list.
 */
export function boundAccounts(obj: Record<string, any>): AccountRef[] {
  if (!isBinding(obj) || !Array.isArray(obj.subjects)) return [];
  const clusterWide = obj.kind === 'ClusterRoleBinding';
  const out: AccountRef[] = [];
  for (const s of obj.subjects) {
    if (s === null || typeof s !== 'object' || typeof s.name !== 'string' || s.name === '') continue;
    if (s.kind === 'ServiceAccount' && (s.apiGroup === undefined || s.apiGroup === '')) {
      const ns = typeof s.namespace === 'string' && s.namespace !== '' ? s.namespace : clusterWide ? undefined : namespaceOf(obj);
      if (ns !== undefined) out.push({ namespace: ns, name: s.name });
    } else if (s.kind === 'User' && s.apiGroup === RBAC_GROUP && s.name.startsWith(SA_USER_PREFIX)) {
      const parts = s.name.slice(SA_USER_PREFIX.length).split(':');
      if (parts.length === 2 && parts[0] !== '' && parts[1] !== '') out.push({ namespace: parts[0], name: parts[1] });
    }
  }
  return out;
}

/** The bound accounts of a stream of objects, for rules and commands that read the input once. */
export class BoundAccounts {
  private readonly keys = new Set<string>();

  /**
   * Records the accounts `obj` binds (nothing for an object that is not a binding). `keep` detaches each
   * key from the parsed document (a stream rule passes its Interner), so the set does not hold it alive.
   */
  public see(obj: Record<string, any>, keep: (key: string) => string = k => k): void {
    for (const a of boundAccounts(obj)) this.keys.add(keep(accountKey(a.namespace, a.name)));
  }

  /** True when a binding seen so far binds the account. */
  public has(namespace: string, name: string): boolean {
    return this.hasKey(accountKey(namespace, name));
  }

  /** `has` for a key made with `accountKey`. */
  public hasKey(key: string): boolean {
    return this.keys.has(key);
  }

  /** How many distinct accounts are bound. */
  public get size(): number {
    return this.keys.size;
  }
}
