import { ApiObject, Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { basePodProps, BATCH_NO_CONTAINER_FIX, checkJobFields, childPath, WorkloadCore } from './_workload';
import { GrantOptions } from './grant';
import { SecureContainerProps } from './secure-container';
import { SecureWorkloadProps } from './secure-workload-props';

/**
 * Properties of a SecureJob.
 */
export interface SecureJobProps extends SecureWorkloadProps {
  /**
   * Retries before the Job is marked failed.
   * @default 3 (Kubernetes would retry 6 times)
   */
  readonly backoffLimit?: number;
  /**
   * Time after which a running Job is stopped and marked failed.
   * @default Duration.hours(1) (a stuck batch pod does not run, and hold its credentials, forever)
   */
  readonly activeDeadline?: Duration;
  /**
   * Time after which a finished Job and its pods are deleted.
   * @default Duration.days(1) (logs can still be read for a day; finished pods do not pile up)
   */
  readonly ttlAfterFinished?: Duration;
}

/**
 * A cdk8s-plus Job hardened like SecureDeployment (non-root ids above 10000, read-only root filesystem,
 * all capabilities dropped, RuntimeDefault seccomp, requests and limits, a dedicated ServiceAccount
 * without token, labels, isolation with DNS egress), with safe batch defaults: 3 retries, a 1 hour
 * deadline, cleanup a day after it finishes, `restartPolicy: Never`. Run-to-completion pods need no
 * liveness or readiness probes (rules CS204/CS205 skip Jobs and CronJobs).
 */
export class SecureJob extends kplus.Job {
  /** Value of the owner label. */
  public readonly owner: string;
  private readonly core: WorkloadCore;

  constructor(scope: Construct, id: string, props: SecureJobProps) {
    checkJobFields(childPath(scope, id), 'SecureJob', props);
    super(scope, id, {
      ...basePodProps(childPath(scope, id), 'SecureJob', props),
      backoffLimit: props.backoffLimit ?? 3,
      activeDeadline: props.activeDeadline ?? Duration.hours(1),
      ttlAfterFinished: props.ttlAfterFinished ?? Duration.days(1),
    });
    this.core = new WorkloadCore(this, id, props, {
      kind: 'SecureJob',
      apiObject: this.apiObject,
      podDisruptionBudget: false,
      topologySpread: false,
      noContainerFix: BATCH_NO_CONTAINER_FIX,
    });
    this.owner = props.owner;
    this.core.addContainers(props);
  }

  /** Allows traffic from `peer` to these pods on `ports`; an isolated peer gets the matching egress rule. */
  public allowFrom(peer: kplus.INetworkPolicyPeer, ...ports: kplus.NetworkPolicyPort[]): void {
    this.core.flows.allowFrom(peer, ports);
  }

  /**
   * Allows these pods to open connections to `peer` on `ports` (default: the ports the peer declares);
   * an isolated peer gets the matching ingress rule.
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

  /** @internal The peers allowed in, with their ports. */
  public get _ingressPeers(): ReadonlyArray<{ peer: kplus.INetworkPolicyPeer; ports: kplus.NetworkPolicyPort[] }> {
    return this.core.flows.ingressPeers;
  }

  /** Adds a container described with Kubernetes field names, hardened. */
  public addSecureContainer(props: SecureContainerProps): kplus.Container {
    return this.addContainer(this.core.rememberWritable(props, false));
  }

  /** Adds an init container (or native sidecar), hardened. */
  public addSecureInitContainer(props: SecureContainerProps): kplus.Container {
    return this.addInitContainer(this.core.rememberWritable(props, true));
  }

  /** Adds a container given as cdk8s-plus ContainerProps, hardened. */
  public addContainer(cont: kplus.ContainerProps): kplus.Container {
    const c = super.addContainer(this.core.harden(cont, false));
    this.core.afterAdd();
    return c;
  }

  /** Adds an init container given as cdk8s-plus ContainerProps, hardened. */
  public addInitContainer(cont: kplus.ContainerProps): kplus.Container {
    const c = super.addInitContainer(this.core.harden(cont, true));
    this.core.afterAdd();
    return c;
  }
}
