import { formatPath } from './_path';
import { PodKinds } from './_pod';
import { RuleInfo, Severity } from './finding';

/**
 * One problem a custom rule found on an object.
 */
export interface CustomFinding {
  /**
   * The field the finding is about, as the built-in rules write it: `spec.template.spec.containers[0].image`
   * (keys that are not plain names in brackets and quotes: `metadata.labels["app.kubernetes.io/name"]`).
   */
  readonly path: string;
  /** What is wrong with this object, in one sentence. Never include a secret value. */
  readonly message: string;
  /**
   * The container the finding is about, so a suppression can name it.
   * @default - the finding is about the object
   */
  readonly container?: string;
  /**
   * Severity of this finding.
   * @default - the rule's severity (`info.severity`)
   */
  readonly severity?: Severity;
}

/**
 * A rule an app adds to the catalog: the same metadata as a built-in rule, its own id prefix (anything but
 * `CS`, e.g. `ACME001`), and a check over one object's final JSON. Register it with
 * `SecurityChecks.of(app, { rules: [...] })`, or export it from a module for `cdk8s-secure check --rules`.
 * Its findings appear in every report format and can be suppressed like those of built-in rules.
 */
export interface ICustomRule {
  /** Id, title, severity, description, rationale, fix and references, as for a built-in rule. */
  readonly info: RuleInfo;
  /** True when the rule can report on objects of this kind (`apiVersion` as written in the object). */
  appliesTo(kind: string, apiVersion: string): boolean;
  /** The findings for one object (its final JSON). A rule that throws is reported; it never hides other findings. */
  check(obj: any): CustomFinding[];
}

/**
 * One container of a pod, for a custom pod rule.
 */
export interface CustomContainer {
  /** `name` of the container. */
  readonly name: string;
  /** `containers`, `initContainers` or `ephemeralContainers`. */
  readonly list: string;
  /** The container object as written. */
  readonly spec: any;
  /** Its path, e.g. `spec.template.spec.containers[0]`. */
  readonly path: string;
}

/**
 * The pod inside a pod-bearing object (Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet,
 * ReplicationController, Job, CronJob), for a custom pod rule.
 */
export interface CustomPod {
  /** Kind of the object that carries the pod. */
  readonly kind: string;
  /** The pod spec as written. */
  readonly spec: any;
  /** Its path, e.g. `spec.template.spec`. */
  readonly path: string;
  /** Regular, init and ephemeral containers, in that order. */
  readonly containers: CustomContainer[];
}

/**
 * A custom rule over every pod-bearing object, the shape of the built-in pod rules: extend it and implement
 * `checkPod`.
 */
export abstract class CustomPodRule implements ICustomRule {
  /**
   * The kinds that carry a pod in the check running this rule (built-in, plus declared `podKinds`); set by
   * the engine before each call.
   * @internal
   */
  public _pods?: PodKinds;

  constructor(public readonly info: RuleInfo) {}

  public appliesTo(kind: string, _apiVersion: string): boolean {
    return (this._pods ?? PodKinds.BUILT_IN).has(kind);
  }

  public check(obj: any): CustomFinding[] {
    const pod = (this._pods ?? PodKinds.BUILT_IN).podOf(obj);
    if (!pod) return [];
    return this.checkPod({
      kind: pod.kind,
      spec: pod.spec,
      path: formatPath(pod.path),
      containers: pod.containers.map(c => ({ name: c.name, list: c.list, spec: c.spec, path: formatPath(c.path) })),
    }, obj);
  }

  /** The findings for one pod; `obj` is the whole object that carries it. */
  public abstract checkPod(pod: CustomPod, obj: any): CustomFinding[];
}

/**
 * A custom rule over objects of the given kinds: extend it and implement `checkObject`.
 */
export abstract class CustomObjectRule implements ICustomRule {
  private readonly kinds: string[];

  constructor(public readonly info: RuleInfo, kinds: string[]) {
    this.kinds = [...kinds];
  }

  public appliesTo(kind: string, _apiVersion: string): boolean {
    return this.kinds.includes(kind);
  }

  public check(obj: any): CustomFinding[] {
    return this.kinds.includes(obj?.kind) ? this.checkObject(obj) : [];
  }

  /** The findings for one object of one of the kinds. */
  public abstract checkObject(obj: any): CustomFinding[];
}
