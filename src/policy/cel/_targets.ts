/**
 * What a catalog rule's CEL runs on: the API resources a ValidatingAdmissionPolicy matches, the variables
 * it defines for them, and the match condition that skips updates which leave the checked fields alone.
 *
 * Only standard CEL is used here (macros `has`, `all`, `exists`; `matches` (RE2), `startsWith`, `size`,
 * `in`, `dyn`), so the expressions run unchanged in Kubernetes and in the `@bufbuild/cel` evaluator the
 * agreement test uses. Kubernetes-specific libraries (`quantity()`, `isSorted()`, the `lists` / `sets`
 * extensions, optional field syntax `a.?b`, `cel.bind`) are avoided on purpose.
 */

/** One `matchConstraints.resourceRules` entry (operations are always CREATE and UPDATE). */
export interface CelResourceRule {
  readonly apiGroups: string[];
  readonly apiVersions: string[];
  readonly resources: string[];
}

/** A CEL variable: `variables.<name>` in the expressions. */
export interface CelVariable {
  readonly name: string;
  readonly expression: string;
}

export interface CelTarget {
  /** A short name for docs and tests. */
  readonly name: string;
  /** The kinds the checker rule inspects and the policy matches. */
  readonly kinds: string[];
  readonly resourceRules: CelResourceRule[];
  /**
   * A match condition: true on CREATE, and on UPDATE only when the fields the rules read changed. Without it
   * an object admitted before the policy existed could not even have a finalizer removed.
   */
  readonly changed: { readonly name: string; readonly expression: string };
  /** Variables, in dependency order; a policy carries only those its validations use. */
  readonly variables: CelVariable[];
}

/** `has(a.b) && has(a.b.c)`: true when every field on the path below `base` is set. */
export function present(base: string, ...path: string[]): string {
  let cur = base;
  return path.map(p => {
    cur = `${cur}.${p}`;
    return `has(${cur})`;
  }).join(' && ');
}

/** `(has(a.b) && a.b <op>)`: true when the field is set and the comparison holds. */
export function setAnd(base: string, path: string[], comparison: string): string {
  return `(${present(base, ...path)} && ${base}.${path.join('.')} ${comparison})`;
}

/** A CEL string literal. */
export function str(s: string): string {
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** A CEL list of string literals. */
export function strList(items: Iterable<string>): string {
  return `[${[...items].map(str).join(', ')}]`;
}

/** The pod template of each pod-bearing kind: `object.spec` of a Pod, the (job) template of the others. */
function podPart(obj: string, part: 'spec' | 'metadata'): string {
  return `(${obj}.kind == 'Pod' ? dyn(${obj}).${part === 'spec' ? 'spec' : 'metadata'} : `
    + `(${obj}.kind == 'CronJob' ? dyn(${obj}).spec.jobTemplate.spec.template.${part} : dyn(${obj}).spec.template.${part}))`;
}

/** Pods and the pod templates of every workload kind (same kinds as the checker's `podOf`). */
export const POD_TARGET: CelTarget = {
  name: 'pods',
  kinds: ['Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'Job', 'CronJob'],
  resourceRules: [
    // pods/ephemeralcontainers: `kubectl debug` adds containers to a running pod through this subresource.
    { apiGroups: [''], apiVersions: ['v1'], resources: ['pods', 'pods/ephemeralcontainers', 'replicationcontrollers'] },
    { apiGroups: ['apps'], apiVersions: ['v1'], resources: ['deployments', 'replicasets', 'statefulsets', 'daemonsets'] },
    { apiGroups: ['batch'], apiVersions: ['v1'], resources: ['jobs', 'cronjobs'] },
  ],
  changed: {
    name: 'pod-template-changed',
    expression: "request.operation != 'UPDATE' || ("
      + "object.kind == 'Pod' ? (dyn(object).spec != dyn(oldObject).spec"
      + ' || (has(object.metadata.annotations) ? object.metadata.annotations : {}) != (has(oldObject.metadata.annotations) ? oldObject.metadata.annotations : {}))'
      + " : (object.kind == 'CronJob' ? dyn(object).spec.jobTemplate.spec.template != dyn(oldObject).spec.jobTemplate.spec.template"
      + ' : dyn(object).spec.template != dyn(oldObject).spec.template))',
  },
  variables: [
    { name: 'podSpec', expression: podPart('object', 'spec') },
    {
      name: 'podMetadata',
      expression: "object.kind == 'Pod' ? dyn(object).metadata"
        + " : (object.kind == 'CronJob' ? (has(dyn(object).spec.jobTemplate.spec.template.metadata) ? dyn(object).spec.jobTemplate.spec.template.metadata : {})"
        + ' : (has(dyn(object).spec.template.metadata) ? dyn(object).spec.template.metadata : {}))',
    },
    { name: 'podSecurityContext', expression: 'has(variables.podSpec.securityContext) ? variables.podSpec.securityContext : {}' },
    { name: 'containers', expression: 'has(variables.podSpec.containers) ? variables.podSpec.containers : []' },
    { name: 'initContainers', expression: 'has(variables.podSpec.initContainers) ? variables.podSpec.initContainers : []' },
    { name: 'ephemeralContainers', expression: 'has(variables.podSpec.ephemeralContainers) ? variables.podSpec.ephemeralContainers : []' },
    { name: 'allContainers', expression: 'variables.containers + variables.initContainers + variables.ephemeralContainers' },
    { name: 'isWindows', expression: "has(variables.podSpec.os) && has(variables.podSpec.os.name) && variables.podSpec.os.name == 'windows'" },
    { name: 'isBatch', expression: "object.kind == 'Job' || object.kind == 'CronJob'" },
  ],
};

export const SERVICE_TARGET: CelTarget = {
  name: 'services',
  kinds: ['Service'],
  resourceRules: [{ apiGroups: [''], apiVersions: ['v1'], resources: ['services'] }],
  changed: { name: 'spec-changed', expression: "request.operation != 'UPDATE' || dyn(object).spec != dyn(oldObject).spec" },
  variables: [],
};

export const ROLE_TARGET: CelTarget = {
  name: 'roles',
  kinds: ['Role', 'ClusterRole'],
  resourceRules: [{ apiGroups: ['rbac.authorization.k8s.io'], apiVersions: ['v1'], resources: ['roles', 'clusterroles'] }],
  changed: {
    name: 'rules-changed',
    expression: "request.operation != 'UPDATE' || (has(object.rules) ? object.rules : []) != (has(oldObject.rules) ? oldObject.rules : [])",
  },
  variables: [],
};

export const BINDING_TARGET: CelTarget = {
  name: 'role bindings',
  kinds: ['RoleBinding', 'ClusterRoleBinding'],
  resourceRules: [{ apiGroups: ['rbac.authorization.k8s.io'], apiVersions: ['v1'], resources: ['rolebindings', 'clusterrolebindings'] }],
  // roleRef is immutable: a binding is only checked when it is created.
  changed: { name: 'created', expression: "request.operation != 'UPDATE'" },
  variables: [],
};
