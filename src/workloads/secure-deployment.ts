import { ApiObject, Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { Autoscaling } from './_autoscaling';
import { basePodProps, checkInteger, checkSeconds, childPath, INT32_MAX, WorkloadCore } from './_workload';
import { AutoscaleOptions } from './autoscaling';
import { GrantOptions } from './grant';
import { SecureContainerProps } from './secure-container';
import { SecureWorkloadProps } from './secure-workload-props';

/**
 * Properties of a SecureDeployment.
 */
export interface SecureDeploymentProps extends SecureWorkloadProps {
  /**
   * Number of replicas. Leave it out when the Deployment is autoscaled (`autoscale()`).
   * @default 2 (so a PodDisruptionBudget can keep one running)
   */
  readonly replicas?: number;
  /**
   * Emit a PodDisruptionBudget with maxUnavailable 1.
   * @default true (Polaris reliability: missingPodDisruptionBudget)
   */
  readonly podDisruptionBudget?: boolean;
  /**
   * Spread replicas across zones and nodes with topologySpreadConstraints (ScheduleAnyway).
   * @default true (Polaris reliability: topologySpreadConstraint)
   */
  readonly topologySpread?: boolean;
  /**
   * Deployment strategy.
   * @default - RollingUpdate, maxSurge 25%, maxUnavailable 25%
   */
  readonly strategy?: kplus.DeploymentStrategy;
  /**
   * Minimum time a new pod must be ready to count as available.
   * @default Duration.seconds(0)
   */
  readonly minReady?: Duration;
  /**
   * Time after which a stalled rollout is reported as failed.
   * @default Duration.seconds(600)
   */
  readonly progressDeadline?: Duration;
}

/**
 * A cdk8s-plus Deployment that is hardened by construction: non-root with a numeric uid above 10000,
 * read-only root filesystem with size-limited emptyDirs for writable paths, all capabilities dropped,
 * RuntimeDefault seccomp, no privilege escalation, cpu and memory requests and limits, liveness and
 * readiness probes, a dedicated ServiceAccount without a mounted token, imagePullPolicy Always, standard
 * and owner labels, 2 replicas, a PodDisruptionBudget and topology spread.
 *
 * It is a `kplus.Deployment`, so `exposeViaService`, `connections`, Services and autoscalers work as usual.
 * Containers added later with `addContainer`, `addInitContainer`, `addSecureContainer` are hardened the
 * same way. Anything that would raise an error or warning finding throws at construction, naming the rule,
 * unless a suppression with a reason accepts it.
 */
export class SecureDeployment extends kplus.Deployment {
  /** Value of the owner label. */
  public readonly owner: string;
  /** The PodDisruptionBudget, unless turned off. */
  public readonly podDisruptionBudget?: kplus.k8s.KubePodDisruptionBudget;
  private readonly core: WorkloadCore;
  private readonly autoscaling: Autoscaling;
  private readonly explicitReplicas: boolean;

  constructor(scope: Construct, id: string, props: SecureDeploymentProps) {
    const path = childPath(scope, id);
    checkInteger(path, 'SecureDeployment', 'replicas', props.replicas, 0, INT32_MAX, 'CSE111');
    checkSeconds(path, 'SecureDeployment', 'minReady', props.minReady, 0);
    checkSeconds(path, 'SecureDeployment', 'progressDeadline', props.progressDeadline, 1);
    super(scope, id, {
      ...basePodProps(childPath(scope, id), 'SecureDeployment', props),
      replicas: props.replicas ?? 2,
      strategy: props.strategy,
      minReady: props.minReady,
      progressDeadline: props.progressDeadline,
    });
    this.core = new WorkloadCore(this, id, props, {
      kind: 'SecureDeployment',
      apiObject: this.apiObject,
      podDisruptionBudget: props.podDisruptionBudget ?? true,
      podDisruptionBudgetAllowed: props.podDisruptionBudget !== false,
      topologySpread: props.topologySpread ?? true,
    });
    this.owner = props.owner;
    this.explicitReplicas = props.replicas !== undefined;
    this.podDisruptionBudget = this.core.podDisruptionBudget;
    this.autoscaling = new Autoscaling(this, this.core, 'SecureDeployment');
    this.core.addContainers(props);
  }

  /**
   * Scales the Deployment with an `autoscaling/v2` HorizontalPodAutoscaler (cpu 70% by default):
   * `replicas` is left out of the Deployment and the PodDisruptionBudget (maxUnavailable 1) fits any
   * minimum. A minimum below 2 needs `singleReplicaReason`; a fixed `replicas` prop is an error.
   */
  public autoscale(options: AutoscaleOptions): kplus.k8s.KubeHorizontalPodAutoscalerV2 {
    return this.autoscaling.autoscale(options, this.explicitReplicas ? this.replicas : undefined);
  }

  /**
   * The target a HorizontalPodAutoscaler reads: `replicas` only when it was set explicitly, so a
   * cdk8s-plus `HorizontalPodAutoscaler` can scale a SecureDeployment that uses the default of 2.
   */
  public toScalingTarget(): kplus.ScalingTarget {
    return { ...super.toScalingTarget(), replicas: this.explicitReplicas ? this.replicas : undefined };
  }

  /**
   * Allows traffic from `peer` to these pods on `ports` (default: every port the containers declare).
   * Both ends are kept consistent: this workload gets an ingress rule, and an isolated peer (a secure
   * workload, or a cdk8s-plus workload with `isolate`) gets the matching egress rule, so no
   * declared flow is dropped by the other side's default deny.
   *
   * `peer` may be a secure workload or any cdk8s-plus workload, `Pods.select(...)`,
   * `Namespaces.select(...)` or `NetworkPolicyIpBlock.ipv4(...)`.
   */
  public allowFrom(peer: kplus.INetworkPolicyPeer, ...ports: kplus.NetworkPolicyPort[]): void {
    this.core.flows.allowFrom(peer, ports);
  }

  /**
   * Allows these pods to open connections to `peer` on `ports` (default: the ports the peer's containers
   * declare; required for peers that are not workloads). The peer's ingress is opened to match when it is
   * isolated.
   */
  public connectTo(peer: kplus.INetworkPolicyPeer, ...ports: kplus.NetworkPolicyPort[]): void {
    this.core.flows.connectTo(peer, ports);
  }

  /**
   * Gives the pods access to the Kubernetes API: one rule with exactly these verbs on these resources
   * (only the objects in `resourceNames`, when given) in a Role bound to the pods' ServiceAccount by a
   * RoleBinding, and the token mounted into the pods, which only a grant turns on (the ServiceAccount
   * itself keeps automountServiceAccountToken false). Every grant adds a rule to the same Role and
   * RoleBinding; `clusterWide` with a reason uses a ClusterRole and ClusterRoleBinding instead. With a
   * `serviceAccount` prop, that account is bound. Unknown resources, verbs a resource does not take, and
   * rules that the RBAC rules (CS501-CS509) report throw, unless the workload suppresses that rule.
   * A grant opens no network path: isolated pods also need `connectTo()` the API server's addresses.
   * @returns the Role (or ClusterRole) that carries the rule
   */
  public grant(options: GrantOptions): ApiObject {
    return this.core.grants.grant(options);
  }

  /** @internal The pod spec with the hardened defaults cdk8s-plus has no props for (seccomp, spread). */
  public _toPodSpec(): kplus.k8s.PodSpec {
    return this.core.podSpec(super._toPodSpec());
  }

  /** @internal */
  public _openIngress(peer: kplus.INetworkPolicyPeer, ports: kplus.NetworkPolicyPort[]): void {
    this.core.flows.openIngress(peer, ports);
  }

  /** @internal */
  public _openEgress(peer: kplus.INetworkPolicyPeer, ports: kplus.NetworkPolicyPort[]): void {
    this.core.flows.openEgress(peer, ports);
  }

  /** @internal The peers allowed in, with their ports (for mesh authorization and tests). */
  public get _ingressPeers(): ReadonlyArray<{ peer: kplus.INetworkPolicyPeer; ports: kplus.NetworkPolicyPort[] }> {
    return this.core.flows.ingressPeers;
  }

  /**
   * Adds a container described with Kubernetes field names (see `SecureContainerProps`), hardened.
   */
  public addSecureContainer(props: SecureContainerProps): kplus.Container {
    return this.addContainer(this.core.rememberWritable(props, false));
  }

  /**
   * Adds an init container (or, with `restartPolicy: Always`, a native sidecar), hardened.
   */
  public addSecureInitContainer(props: SecureContainerProps): kplus.Container {
    return this.addInitContainer(this.core.rememberWritable(props, true));
  }

  /**
   * Adds a container given as cdk8s-plus ContainerProps. Every security field left out gets its hardened
   * default; the result must pass the error-level rules (or be accepted by a suppression).
   */
  public addContainer(cont: kplus.ContainerProps): kplus.Container {
    const c = super.addContainer(this.core.harden(cont, false));
    this.core.afterAdd();
    return c;
  }

  /**
   * Adds an init container given as cdk8s-plus ContainerProps, hardened like `addContainer`.
   */
  public addInitContainer(cont: kplus.ContainerProps): kplus.Container {
    const c = super.addInitContainer(this.core.harden(cont, true));
    this.core.afterAdd();
    return c;
  }
}
