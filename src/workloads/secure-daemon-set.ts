import { ApiObject } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { isDnsLabel } from '../_names';
import { normalizePath } from './_harden';
import { basePodProps, checkInteger, childPath, WorkloadCore } from './_workload';
import { GrantOptions } from './grant';
import { SecureContainerProps } from './secure-container';
import { SecureWorkloadProps } from './secure-workload-props';

/**
 * A directory or file of the node mounted into the containers of a SecureDaemonSet. Needs suppressions
 * of CS105 (hostPath volumes) and CS121 (volume types) with a reason.
 */
export interface HostPathMount {
  /** Volume name (a DNS label), e.g. "varlog". */
  readonly name: string;
  /** Path on the node, e.g. "/var/log". */
  readonly hostPath: string;
  /** Path in the containers. */
  readonly mountPath: string;
  /**
   * Mount read-only.
   * @default true (a node agent that only reads logs or metrics cannot tamper with the node)
   */
  readonly readOnly?: boolean;
  /**
   * What must exist at `hostPath`.
   * @default kplus.HostPathVolumeType.DIRECTORY (fails instead of creating a directory on the node)
   */
  readonly type?: kplus.HostPathVolumeType;
  /**
   * Containers that mount it.
   * @default - every container passed in `containers`
   */
  readonly containers?: string[];
}

/**
 * Properties of a SecureDaemonSet.
 */
export interface SecureDaemonSetProps extends SecureWorkloadProps {
  /**
   * Use the node's network namespace. Needs suppressions of CS102 (host namespaces) and CS301 (not
   * isolated: NetworkPolicies do not apply to host-network pods) with a reason, written to the manifest.
   * @default false (Pod Security Standards baseline)
   */
  readonly hostNetwork?: boolean;
  /**
   * Node paths to mount. Each needs suppressions of CS105 and CS121 with a reason.
   * @default - none
   */
  readonly hostPaths?: HostPathMount[];
  /**
   * Minimum seconds a new pod must be ready to count as available.
   * @default 0
   */
  readonly minReadySeconds?: number;
}

/**
 * A cdk8s-plus DaemonSet (one pod per node) hardened like SecureDeployment by default. Node agents that
 * need host access get each kind of access only through a named prop (`hostNetwork`, `hostPaths`, or
 * `capabilities.add` on a container) together with a suppression that carries the reason; the reason is
 * written to the DaemonSet as the `cdk8s-secure.io/suppressions` annotation, so every report shows it.
 */
export class SecureDaemonSet extends kplus.DaemonSet {
  /** Value of the owner label. */
  public readonly owner: string;
  private readonly core: WorkloadCore;

  constructor(scope: Construct, id: string, props: SecureDaemonSetProps) {
    const path = childPath(scope, id);
    checkInteger(path, 'SecureDaemonSet', 'minReadySeconds', props.minReadySeconds, 0);
    const hostNetwork = props.hostNetwork ?? false;
    super(scope, id, {
      ...basePodProps(childPath(scope, id), 'SecureDaemonSet', props),
      hostNetwork,
      // A host-network pod still resolves cluster names only with this policy.
      dns: hostNetwork ? { policy: kplus.DnsPolicy.CLUSTER_FIRST_WITH_HOST_NET } : undefined,
      minReadySeconds: props.minReadySeconds,
    });
    this.core = new WorkloadCore(this, id, props, {
      kind: 'SecureDaemonSet',
      apiObject: this.apiObject,
      podDisruptionBudget: false,
      topologySpread: false,
    });
    this.owner = props.owner;
    const need = (ruleIds: string[], what: string, example: string) => {
      const missing = ruleIds.filter(r => !this.core.suppressed(r));
      if (missing.length === 0) return;
      this.core.fail('CSE116', `${what} without a reason (${missing.join(', ')} not suppressed)`,
        `Host access is granted only with a reason that lands in the manifest: suppressions: [${missing.map(r => `{ ruleId: '${r}', reason: '${example}' }`).join(', ')}].`);
    };
    // NetworkPolicies do not isolate host-network pods either: CS301 needs its own reason.
    if (hostNetwork) need(['CS102', 'CS301'], 'hostNetwork is true', '<e.g. CNI agent must configure the node network>');

    const regular = (props.containers ?? []).map(c => c.name ?? 'main');
    const extraMounts = new Map<string, kplus.VolumeMount[]>();
    (props.hostPaths ?? []).forEach((h, i) => {
      const fail = (problem: string, fix: string) => this.core.fail('CSE116', `hostPaths[${i}] ${problem}`, fix);
      if (!isDnsLabel(h.name)) fail(`name ${JSON.stringify(h.name)} is not a DNS label`, 'Use at most 63 lower-case letters, digits and "-", e.g. "varlog".');
      const host = normalizePath(h.hostPath);
      if (host === undefined) fail(`("${h.name}") hostPath ${JSON.stringify(h.hostPath)} is not an absolute path below /`, 'Mount a specific directory such as "/var/log", never the node\'s root.');
      const mount = normalizePath(h.mountPath);
      if (mount === undefined) fail(`("${h.name}") mountPath ${JSON.stringify(h.mountPath)} is not an absolute path below /`, 'Mount it at an absolute path such as "/host/var/log".');
      need(['CS105', 'CS121'], `hostPaths[${i}] ("${h.name}") mounts the node path ${host}`, '<e.g. log shipper reads /var/log of the node>');
      const volume = kplus.Volume.fromHostPath(this, `host-${h.name}`, h.name, { path: host!, type: h.type ?? kplus.HostPathVolumeType.DIRECTORY });
      for (const c of h.containers ?? regular) {
        if (!regular.includes(c)) fail(`("${h.name}") names container "${c}", which is not in containers (${regular.map(r => `"${r}"`).join(', ') || 'none'})`, 'List only containers passed in `containers`, or leave `containers` out.');
        extraMounts.set(c, [...(extraMounts.get(c) ?? []), { volume, path: mount!, readOnly: h.readOnly ?? true }]);
      }
    });
    this.core.addContainers({
      ...props,
      containers: (props.containers ?? []).map(c => ({ ...c, volumeMounts: [...(c.volumeMounts ?? []), ...(extraMounts.get(c.name ?? 'main') ?? [])] })),
    });
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
