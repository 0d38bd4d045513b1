/**
 * Opt-in to a cluster-wide grant: a ClusterRole and a ClusterRoleBinding instead of a namespaced Role
 * and RoleBinding.
 */
export interface ClusterWideGrant {
  /**
   * Why the workload needs these rights in every namespace (or on cluster-scoped resources such as
   * nodes); at least 10 visible characters. Written to the ClusterRole and the ClusterRoleBinding as the
   * `cdk8s-secure.io/cluster-wide-reasons` annotation, one entry per rule.
   */
  readonly reason: string;
}

/**
 * One rule of a workload's API access, as `grant()` takes it. Each grant becomes one entry of the
 * workload's Role (or ClusterRole) `rules`, with exactly the verbs, resources and resourceNames given:
 * nothing is widened or merged into a wildcard.
 */
export interface GrantOptions {
  /**
   * Resources, by their plural lower-case RBAC name, optionally with a subresource: `configmaps`,
   * `deployments`, `pods/log`, `leases`. Built-in resources are checked against a table of the API
   * groups Kubernetes serves (see the README); all resources of one grant must be in the same API group.
   */
  readonly resources: string[];
  /**
   * Verbs: `get`, `list`, `watch`, `create`, `update`, `patch`, `delete`, `deletecollection`, and the
   * special verbs where a resource takes them (`bind`, `escalate`, `impersonate`, `approve`, `sign`). Each
   * verb must apply to every resource of the grant (`pods/log` takes only `get`).
   */
  readonly verbs: string[];
  /**
   * Restrict the rule to objects of these names. `create` and `deletecollection` cannot be restricted by
   * name (the request carries no name), so they are refused together with resourceNames.
   * @default - every object of the resources in the namespace (or cluster, with clusterWide)
   */
  readonly resourceNames?: string[];
  /**
   * API group of the resources (`''` is the core group).
   * @default - the group the built-in table knows the resources in; required for a resource that more than one group serves (`events`) and for custom resources
   */
  readonly apiGroup?: string;
  /**
   * The resources are custom resources (served by a CustomResourceDefinition), which the built-in table
   * cannot know: `apiGroup` is then required and must not be a built-in group, resources are checked
   * only for their form (`widgets`, `widgets/status`, `widgets/scale`), and verbs must be the standard
   * eight (subresources: `get`, `update`, `patch`).
   * @default false
   */
  readonly customResource?: boolean;
  /**
   * Grant in every namespace (and allow cluster-scoped resources such as `nodes` or `namespaces`),
   * through a ClusterRole and a ClusterRoleBinding. Needs a reason, written to both objects.
   * @default - namespaced: a Role and a RoleBinding in the workload's namespace
   */
  readonly clusterWide?: ClusterWideGrant;
}
