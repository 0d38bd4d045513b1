import { ApiObject, Duration, Size, SizeRoundingBehavior } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { SecureError } from '../_errors';
import { isDnsLabel } from '../_names';
import { Autoscaling } from './_autoscaling';
import { normalizePath } from './_harden';
import { basePodProps, checkInteger, checkSeconds, childPath, INT32_MAX, WorkloadCore } from './_workload';
import { AutoscaleOptions } from './autoscaling';
import { GrantOptions } from './grant';
import { SecureContainerProps } from './secure-container';
import { SecureWorkloadProps } from './secure-workload-props';

/** How a PersistentVolume can be mounted. */
export enum PersistentVolumeAccessMode {
  /** Read-write by one node (every storage class supports it). */
  READ_WRITE_ONCE = 'ReadWriteOnce',
  /** Read-write by one pod (CSI volumes, Kubernetes 1.29+). */
  READ_WRITE_ONCE_POD = 'ReadWriteOncePod',
  /** Read-only by many nodes. */
  READ_ONLY_MANY = 'ReadOnlyMany',
  /** Read-write by many nodes. */
  READ_WRITE_MANY = 'ReadWriteMany',
}

/** What happens to the PersistentVolumeClaims of a StatefulSet when it is deleted or scaled down. */
export enum PersistentVolumeClaimRetention {
  /** Keep the claims (and the data). */
  RETAIN = 'Retain',
  /** Delete the claims; the storage class's reclaim policy decides about the volumes. */
  DELETE = 'Delete',
}

/**
 * A PersistentVolumeClaim per pod, created by the StatefulSet controller from this template and mounted
 * writable into the containers (the root filesystem stays read-only).
 */
export interface VolumeClaimTemplate {
  /** Name of the claim (a DNS label); the PVCs are called `<name>-<statefulset>-<ordinal>`. */
  readonly name: string;
  /** Requested storage, e.g. `Size.gibibytes(10)`. */
  readonly storage: Size;
  /** Absolute path the volume is mounted at, in every container listed in `containers`. */
  readonly mountPath: string;
  /**
   * StorageClass of the volumes.
   * @default - the cluster's default StorageClass
   */
  readonly storageClassName?: string;
  /**
   * Access mode.
   * @default PersistentVolumeAccessMode.READ_WRITE_ONCE
   */
  readonly accessMode?: PersistentVolumeAccessMode;
  /**
   * Names of the (regular) containers that mount the volume.
   * @default - every container passed in `containers`
   */
  readonly containers?: string[];
}

/**
 * Properties of a SecureStatefulSet.
 */
export interface SecureStatefulSetProps extends SecureWorkloadProps {
  /**
   * Persistent volumes, one claim per pod and template.
   * @default - none (the pods keep nothing across restarts)
   */
  readonly volumeClaimTemplates?: VolumeClaimTemplate[];
  /**
   * Number of replicas. Leave it out when the StatefulSet is autoscaled (`autoscale()`).
   * @default 1 (a single database instance; a PodDisruptionBudget is only emitted from 2 replicas)
   */
  readonly replicas?: number;
  /**
   * Emit a PodDisruptionBudget with maxUnavailable 1.
   * @default - true when there are at least 2 replicas; a single pod gets none (a budget over one pod
   * either blocks every node drain or protects nothing)
   */
  readonly podDisruptionBudget?: boolean;
  /**
   * Spread replicas across zones and nodes with topologySpreadConstraints (ScheduleAnyway).
   * @default true
   */
  readonly topologySpread?: boolean;
  /**
   * Pod management policy.
   * @default kplus.PodManagementPolicy.ORDERED_READY
   */
  readonly podManagementPolicy?: kplus.PodManagementPolicy;
  /**
   * Update strategy.
   * @default - RollingUpdate with partition 0
   */
  readonly updateStrategy?: kplus.StatefulSetUpdateStrategy;
  /**
   * What happens to the claims when the StatefulSet is deleted.
   * @default PersistentVolumeClaimRetention.RETAIN (data outlives an accidental delete)
   */
  readonly whenDeleted?: PersistentVolumeClaimRetention;
  /**
   * What happens to the claims of pods removed by scaling down.
   * @default PersistentVolumeClaimRetention.RETAIN
   */
  readonly whenScaled?: PersistentVolumeClaimRetention;
  /**
   * Minimum time a new pod must be ready to count as available.
   * @default Duration.seconds(0)
   */
  readonly minReady?: Duration;
}

/**
 * A cdk8s-plus StatefulSet hardened like SecureDeployment (non-root ids above 10000, read-only root
 * filesystem, all capabilities dropped, RuntimeDefault seccomp, probes, requests and limits, a dedicated
 * ServiceAccount without token, labels, isolation with DNS egress), plus what stateful pods need:
 * typed `volumeClaimTemplates` mounted writable, `fsGroupChangePolicy: OnRootMismatch` (no recursive
 * chown of a large volume on every start), a headless Service for stable pod names, claims retained on
 * delete and scale-down, and a PodDisruptionBudget from 2 replicas.
 */
export class SecureStatefulSet extends kplus.StatefulSet {
  /** Value of the owner label. */
  public readonly owner: string;
  /** The volume claim templates (as given). */
  public readonly volumeClaimTemplates: VolumeClaimTemplate[];
  private readonly core: WorkloadCore;
  private readonly autoscaling: Autoscaling;
  private readonly explicitReplicas: boolean;
  private readonly retention: { whenDeleted: string; whenScaled: string };
  private readonly claimContainers: string[][];

  constructor(scope: Construct, id: string, props: SecureStatefulSetProps) {
    const path = childPath(scope, id);
    checkInteger(path, 'SecureStatefulSet', 'replicas', props.replicas, 0, INT32_MAX, 'CSE111');
    checkSeconds(path, 'SecureStatefulSet', 'minReady', props.minReady, 0);
    const claims = checkClaims(path, props);
    super(scope, id, {
      ...basePodProps(childPath(scope, id), 'SecureStatefulSet', props, kplus.FsGroupChangePolicy.ON_ROOT_MISMATCH),
      // cdk8s-plus derives its own Service from the container ports in its constructor, before any
      // container exists here; the headless Service is created next to the StatefulSet and bound below.
      service: new kplus.Service(scope, `${id}-headless`, { clusterIP: 'None', type: kplus.ServiceType.CLUSTER_IP, metadata: { namespace: props.metadata?.namespace } }),
      replicas: props.replicas ?? 1,
      podManagementPolicy: props.podManagementPolicy,
      strategy: props.updateStrategy,
      minReady: props.minReady,
    });
    this.explicitReplicas = props.replicas !== undefined;
    this.volumeClaimTemplates = claims;
    this.retention = {
      whenDeleted: props.whenDeleted ?? PersistentVolumeClaimRetention.RETAIN,
      whenScaled: props.whenScaled ?? PersistentVolumeClaimRetention.RETAIN,
    };
    const replicas = props.replicas ?? 1;
    this.core = new WorkloadCore(this, id, props, {
      kind: 'SecureStatefulSet',
      apiObject: this.apiObject,
      podDisruptionBudget: props.podDisruptionBudget ?? replicas >= 2,
      podDisruptionBudgetAllowed: props.podDisruptionBudget !== false,
      topologySpread: props.topologySpread ?? true,
    });
    this.owner = props.owner;
    for (const [k, v] of Object.entries(this.core.labels)) this.service.metadata.addLabel(k, v);
    const regular = (props.containers ?? []).map(c => c.name ?? 'main');
    this.claimContainers = claims.map(c => c.containers ?? regular);
    claims.forEach((c, i) => {
      for (const name of this.claimContainers[i]) {
        if (!regular.includes(name)) {
          SecureError.raise(this, 'CSE113', 'SecureStatefulSet', `volumeClaimTemplates[${i}] ("${c.name}") names container "${name}", which is not in containers (${regular.map(r => `"${r}"`).join(', ') || 'none'})`,
            'List only containers passed in `containers`, or leave `containers` out to mount the volume in all of them.');
        }
      }
      this.core.reserve(normalizePath(c.mountPath)!, `volumeClaimTemplates "${c.name}"`, this.claimContainers[i]);
    });
    this.autoscaling = new Autoscaling(this, this.core, 'SecureStatefulSet');
    this.core.addContainers(props);
  }

  /** The PodDisruptionBudget, when there is one. */
  public get podDisruptionBudget(): kplus.k8s.KubePodDisruptionBudget | undefined {
    return this.core.podDisruptionBudget;
  }

  /**
   * Scales the StatefulSet with an `autoscaling/v2` HorizontalPodAutoscaler: `replicas` is left out of
   * the StatefulSet, and a PodDisruptionBudget is added when the minimum is at least 2.
   */
  public autoscale(options: AutoscaleOptions): kplus.k8s.KubeHorizontalPodAutoscalerV2 {
    return this.autoscaling.autoscale(options, this.explicitReplicas ? this.replicas : undefined);
  }

  /** @internal The pod spec with the hardened defaults cdk8s-plus has no props for (seccomp, spread). */
  public _toPodSpec(): kplus.k8s.PodSpec {
    return this.core.podSpec(super._toPodSpec());
  }

  /** @internal */
  public _toKube(): kplus.k8s.StatefulSetSpec {
    const spec = super._toKube();
    const claims = this.volumeClaimTemplates;
    const mounts = (name: string) => claims.filter((_, i) => this.claimContainers[i].includes(name))
      .map(c => ({ name: c.name, mountPath: normalizePath(c.mountPath)! }));
    const podSpec = spec.template.spec!;
    return {
      ...spec,
      template: {
        ...spec.template,
        spec: {
          ...podSpec,
          containers: podSpec.containers.map(c => {
            const extra = mounts(c.name);
            return extra.length === 0 ? c : { ...c, volumeMounts: [...(c.volumeMounts ?? []), ...extra] };
          }),
        },
      },
      volumeClaimTemplates: claims.length === 0 ? undefined : claims.map(c => ({
        metadata: { name: c.name, labels: this.core.labels },
        spec: {
          accessModes: [c.accessMode ?? PersistentVolumeAccessMode.READ_WRITE_ONCE],
          storageClassName: c.storageClassName,
          resources: { requests: { storage: kplus.k8s.Quantity.fromString(quantity(c.storage)) } },
        },
      })),
      persistentVolumeClaimRetentionPolicy: this.retention,
    };
  }

  /** @see kplus.IScalable.toScalingTarget() — `replicas` only when given explicitly. */
  public toScalingTarget(): kplus.ScalingTarget {
    return { ...super.toScalingTarget(), replicas: this.explicitReplicas ? this.replicas : undefined };
  }

  /**
   * Allows traffic from `peer` to these pods on `ports` (default: every port the containers declare);
   * an isolated peer gets the matching egress rule.
   */
  public allowFrom(peer: kplus.INetworkPolicyPeer, ...ports: kplus.NetworkPolicyPort[]): void {
    this.core.flows.allowFrom(peer, ports);
  }

  /**
   * Allows these pods to open connections to `peer` on `ports`; an isolated peer gets the matching
   * ingress rule.
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

  /** Adds a container given as cdk8s-plus ContainerProps, hardened; its ports join the headless Service. */
  public addContainer(cont: kplus.ContainerProps): kplus.Container {
    const c = super.addContainer(this.core.harden(cont, false));
    for (const p of c.ports) this.service.bind(p.number, { targetPort: p.number, protocol: p.protocol, name: p.name });
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

/** `Size` as a Kubernetes quantity in whole mebibytes, or gibibytes when exact. */
function quantity(s: Size): string {
  const mi = s.toMebibytes({ rounding: SizeRoundingBehavior.NONE });
  return mi % 1024 === 0 ? `${mi / 1024}Gi` : `${mi}Mi`;
}

function checkClaims(path: string, props: SecureStatefulSetProps): VolumeClaimTemplate[] {
  const claims = props.volumeClaimTemplates ?? [];
  const fail = (i: number, problem: string, fix: string): never => {
    throw new SecureError('CSE113', path, `SecureStatefulSet: volumeClaimTemplates[${i}] ${problem}. ${fix}`);
  };
  const names = new Set<string>();
  const paths = new Map<string, string>();
  claims.forEach((c, i) => {
    if (!isDnsLabel(c.name)) fail(i, `name ${JSON.stringify(c.name)} is not a DNS label`, 'Use at most 63 lower-case letters, digits and "-", e.g. "data".');
    if (names.has(c.name)) fail(i, `name "${c.name}" is used twice`, 'Give every claim template its own name.');
    names.add(c.name);
    if (!(c.storage instanceof Size)) {
      fail(i, `("${c.name}") has no storage size (got ${JSON.stringify(c.storage)})`, 'Set storage, e.g. storage: Size.gibibytes(10); the claim cannot be bound without a size.');
    }
    const mi = c.storage.toMebibytes({ rounding: SizeRoundingBehavior.NONE });
    if (!(mi >= 1) || !Number.isInteger(mi)) {
      fail(i, `("${c.name}") storage ${mi}Mi is not a whole number of mebibytes >= 1`, 'Use e.g. Size.gibibytes(10) or Size.mebibytes(512).');
    }
    const p = normalizePath(c.mountPath);
    if (p === undefined) fail(i, `("${c.name}") mountPath ${JSON.stringify(c.mountPath)} is not an absolute path below /`, 'Mount it at an absolute path such as "/var/lib/postgresql/data".');
    if (paths.has(p!)) fail(i, `("${c.name}") mountPath "${c.mountPath}" is also the mount path of "${paths.get(p!)}"`, 'Mount each claim at its own path.');
    paths.set(p!, c.name);
    if (c.storageClassName !== undefined && !/^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/.test(c.storageClassName)) {
      fail(i, `("${c.name}") storageClassName ${JSON.stringify(c.storageClassName)} is not a valid StorageClass name`, 'Use the name of a StorageClass of the cluster (lower-case DNS subdomain), or leave it out for the default class.');
    }
  });
  return claims;
}
