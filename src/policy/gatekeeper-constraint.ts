import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { clusterScopedObject, MANAGED_BY } from './_api-object';
import { namespacePatternProblem, objectNameProblem } from './_validate';
import { SecureError } from '../_errors';

/**
 * What Gatekeeper does with a request that violates a constraint (`spec.enforcementAction`).
 * @see https://open-policy-agent.github.io/gatekeeper/website/docs/violations
 */
export enum EnforcementAction {
  /** Reject the request. */
  DENY = 'deny',
  /** Accept the request and return a warning to the client. */
  WARN = 'warn',
  /** Accept the request; violations show only in the constraint's audit status. Enforces nothing. */
  DRYRUN = 'dryrun',
}

/**
 * A group of kinds a constraint matches (`spec.match.kinds[]`).
 */
export class MatchKind {
  /** Pods (`apiGroups: [""]`, `kinds: [Pod]`). */
  public static pods(): MatchKind {
    return new MatchKind([''], ['Pod']);
  }

  /** The workload kinds that carry a pod template: Deployment, StatefulSet, DaemonSet, ReplicaSet (apps), Job, CronJob (batch), ReplicationController. */
  public static podControllers(): MatchKind[] {
    return [
      new MatchKind(['apps'], ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet']),
      new MatchKind(['batch'], ['Job', 'CronJob']),
      new MatchKind([''], ['ReplicationController']),
    ];
  }

  /** Namespaces. */
  public static namespaces(): MatchKind {
    return new MatchKind([''], ['Namespace']);
  }

  /**
   * Any kinds of the given API groups (`""` is the core group, `"*"` any group).
   * @param apiGroups API groups, e.g. `['apps']`
   * @param kinds kinds, e.g. `['Deployment']`
   */
  public static of(apiGroups: string[], kinds: string[]): MatchKind {
    return new MatchKind(apiGroups, kinds);
  }

  /** API groups (`""` is the core group). */
  public readonly apiGroups: string[];
  /** Kinds. */
  public readonly kinds: string[];

  private constructor(apiGroups: string[], kinds: string[]) {
    this.apiGroups = [...apiGroups];
    this.kinds = [...kinds];
  }
}

/**
 * Where a constraint applies and what it does on a violation.
 */
export interface ConstraintOptions {
  /**
   * The kinds the constraint checks.
   * @default [MatchKind.pods()]
   */
  readonly kinds?: MatchKind[];
  /**
   * Only objects in these namespaces are checked (names, or globs with one leading or trailing `*`).
   * @default - every namespace except `excludedNamespaces`
   */
  readonly namespaces?: string[];
  /**
   * Objects in these namespaces are never checked. Pass `[]` to check every namespace.
   * @default ['kube-system'] (system components there are managed by the cluster operator)
   */
  readonly excludedNamespaces?: string[];
  /**
   * What Gatekeeper does with a violating request.
   * @default EnforcementAction.DENY
   */
  readonly enforcementAction?: EnforcementAction;
  /**
   * `metadata.name` of the constraint.
   * @default - a name cdk8s derives from the construct path
   */
  readonly name?: string;
}

/**
 * Props of `GatekeeperConstraint`.
 */
export interface GatekeeperConstraintProps extends ConstraintOptions {
  /** The constraint kind: `spec.crd.spec.names.kind` of its ConstraintTemplate, e.g. `K8sAllowedRepos`. */
  readonly kind: string;
  /**
   * `spec.parameters`, as the template's schema defines them.
   * @default - no parameters
   */
  readonly parameters?: { [key: string]: any };
}

/**
 * A Gatekeeper constraint (`constraints.gatekeeper.sh/v1beta1`) of any ConstraintTemplate. Prefer the
 * typed classes (`RequiredLabels`, `PspCapabilities`, ...) where one exists.
 *
 * The constraint's CRD exists only once Gatekeeper has processed its template: apply the template first
 * (see `GatekeeperTemplates`), or for gatekeeper-library templates make sure the cluster runs them.
 */
export class GatekeeperConstraint extends Construct {
  /** The L1 object. */
  public readonly apiObject: ApiObject;
  /** The constraint kind. */
  public readonly kind: string;
  /** `metadata.name` of the constraint. */
  public readonly name: string;

  constructor(scope: Construct, id: string, props: GatekeeperConstraintProps) {
    super(scope, id);
    const construct = this.constructor.name;
    if (!/^[A-Z][A-Za-z0-9]{0,62}$/.test(props.kind)) {
      SecureError.raise(this, 'CSE629', construct, `kind ${JSON.stringify(props.kind)} is not a constraint kind`,
        'Use the kind of the ConstraintTemplate (spec.crd.spec.names.kind), e.g. "K8sAllowedRepos".');
    }
    if (props.name !== undefined) {
      const problem = objectNameProblem(props.name, 'name');
      if (problem) SecureError.raise(this, 'CSE628', construct, problem, 'Use lower-case letters, digits and "-", e.g. "pods-must-have-owner".');
    }
    const kinds = props.kinds ?? [MatchKind.pods()];
    if (kinds.length === 0 || kinds.some(k => k.kinds.length === 0 || k.apiGroups.length === 0)) {
      SecureError.raise(this, 'CSE626', construct, 'kinds is empty, or a MatchKind names no API group or no kind: the constraint would match every kind of object',
        'Name the kinds to check, e.g. kinds: [MatchKind.pods()].');
    }
    const namespaces = props.namespaces;
    const excluded = props.excludedNamespaces ?? ['kube-system'];
    for (const ns of [...namespaces ?? [], ...excluded]) {
      const problem = namespacePatternProblem(ns);
      if (problem) SecureError.raise(this, 'CSE627', construct, problem, 'Use namespace names as `kubectl get namespaces` prints them.');
    }
    this.kind = props.kind;
    this.apiObject = clusterScopedObject(this, 'Resource', {
      apiVersion: 'constraints.gatekeeper.sh/v1beta1',
      kind: props.kind,
      metadata: { ...(props.name ? { name: props.name } : {}), labels: { ...MANAGED_BY } },
      spec: {
        enforcementAction: props.enforcementAction ?? EnforcementAction.DENY,
        match: {
          kinds: kinds.map(k => ({ apiGroups: [...k.apiGroups], kinds: [...k.kinds] })),
          ...(namespaces && namespaces.length > 0 ? { namespaces: [...namespaces] } : {}),
          ...(excluded.length > 0 ? { excludedNamespaces: [...excluded] } : {}),
        },
        ...(props.parameters && Object.keys(props.parameters).length > 0 ? { parameters: props.parameters } : {}),
      },
    });
    this.name = this.apiObject.name;
  }
}
