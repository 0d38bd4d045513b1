import { ApiObject, ApiObjectMetadataDefinition, Lazy, Names } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { SecureError } from '../_errors';
import { MeshIdentityPeer } from './_mesh-peer';
import { describePort, exposedPorts, isExposed, PortSpec, portSpec } from './_ports';

interface Edge {
  readonly peer: kplus.INetworkPolicyPeer;
  readonly ports: kplus.NetworkPolicyPort[];
}

/** What a SecureDeployment needs from itself: kept narrow to avoid an import cycle. */
interface Owner extends kplus.AbstractPod {
  readonly podMetadata: ApiObjectMetadataDefinition;
  readonly matchLabels: Record<string, string>;
  _openIngress(peer: kplus.INetworkPolicyPeer, ports: kplus.NetworkPolicyPort[]): void;
  _openEgress(peer: kplus.INetworkPolicyPeer, ports: kplus.NetworkPolicyPort[]): void;
}

/** True for a SecureDeployment (or subclass): it keeps its own flows consistent. */
function isSecureWorkload(x: unknown): x is Owner {
  return typeof (x as Owner)?._openIngress === 'function' && typeof (x as Owner)?._openEgress === 'function';
}

function isWorkload(x: unknown): x is kplus.AbstractPod {
  return x instanceof kplus.AbstractPod;
}

/** cdk8s-plus keeps `isolate` protected; a workload created with `isolate: true` has a default-deny policy. */
function isIsolated(x: kplus.AbstractPod): boolean {
  return (x as unknown as { isolate?: boolean }).isolate === true;
}

function toPolicyPort(p: PortSpec): kplus.NetworkPolicyPort {
  return kplus.NetworkPolicyPort.of({ port: p.port as number, protocol: p.protocol as kplus.NetworkProtocol });
}

/**
 * Labels that select exactly the owner's pods: its selector, or (for Jobs and CronJobs, which cdk8s-plus
 * gives no selector) the pod address label cdk8s-plus always sets.
 */
function ownerPodLabels(owner: Owner): Record<string, string> {
  const own = owner.matchLabels;
  if (Object.keys(own).length > 0) return own;
  return { [kplus.Pod.ADDRESS_LABEL]: owner.podMetadata.getLabel(kplus.Pod.ADDRESS_LABEL)! };
}

function label(x: { node: { path: string } }): string {
  return x.node.path;
}

/**
 * The allowed flows of one SecureDeployment and the NetworkPolicies (and, with mesh authorization, the
 * Istio AuthorizationPolicy) that express them. Every rule is added to both ends, so a declared flow is
 * never dropped by the other side's default deny.
 */
export class Flows {
  public readonly ingressPeers: Edge[] = [];
  public readonly egressPeers: Edge[] = [];
  private policy?: kplus.NetworkPolicy;

  constructor(private readonly owner: Owner, meshAuthorization: boolean) {
    if (meshAuthorization) {
      new ApiObject(owner, 'AuthorizationPolicy', {
        apiVersion: 'security.istio.io/v1',
        kind: 'AuthorizationPolicy',
        metadata: { namespace: owner.metadata.namespace },
        spec: Lazy.any({ produce: () => this.authorizationSpec() }),
      });
    }
  }

  public allowFrom(peer: kplus.INetworkPolicyPeer, ports: kplus.NetworkPolicyPort[]): void {
    const own = exposedPorts(this.owner);
    const wanted = ports.length > 0 ? ports : own.map(toPolicyPort);
    if (wanted.length === 0) {
      SecureError.raise(this.owner, 'CSE301', 'allowFrom', `${label(this.owner)} declares no container port, so the flow from ${label(peer)} has no port`, 'Pass the ports: allowFrom(peer, NetworkPolicyPort.tcp(8080)), or declare portNumber on the container.');
    }
    for (const p of wanted.map(portSpec)) {
      if (!isExposed(p, own)) {
        SecureError.raise(this.owner, 'CSE302', 'allowFrom', `${label(peer)} -> ${label(this.owner)}: ${describePort(p)} is not a port ${label(this.owner)} exposes (it exposes ${own.map(describePort).join(', ') || 'none'})`, 'Allow a port the target container declares, or add it to the container (portNumber / ports).');
      }
    }
    this.checkNamespaces(peer, 'allowFrom');
    this.openIngress(peer, wanted);
    if (isSecureWorkload(peer)) {
      peer._openEgress(this.owner, wanted);
    } else if (isWorkload(peer) && isIsolated(peer)) {
      new kplus.NetworkPolicy(peer, `AllowEgressTo${Names.toLabelValue(this.owner)}`, {
        selector: peer,
        metadata: { namespace: peer.metadata.namespace },
        egress: { rules: [{ peer: this.owner, ports: wanted }] },
      });
    }
  }

  public connectTo(peer: kplus.INetworkPolicyPeer, ports: kplus.NetworkPolicyPort[]): void {
    let wanted = ports;
    if (isWorkload(peer)) {
      const theirs = exposedPorts(peer);
      if (wanted.length === 0) wanted = theirs.map(toPolicyPort);
      for (const p of wanted.map(portSpec)) {
        if (!isExposed(p, theirs)) {
          SecureError.raise(this.owner, 'CSE302', 'connectTo', `${label(this.owner)} -> ${label(peer)}: ${describePort(p)} is not a port ${label(peer)} exposes (it exposes ${theirs.map(describePort).join(', ') || 'none'})`, 'Connect to a port the target container declares, or add it to the target container.');
        }
      }
    }
    if (wanted.length === 0) {
      SecureError.raise(this.owner, 'CSE301', 'connectTo', `${label(this.owner)} -> ${label(peer)}: no port given and the peer declares none`, 'Pass the ports: connectTo(peer, NetworkPolicyPort.tcp(5432)).');
    }
    this.checkNamespaces(peer, 'connectTo');
    this.openEgress(peer, wanted);
    if (isSecureWorkload(peer)) {
      peer._openIngress(this.owner, wanted);
    } else if (isWorkload(peer) && isIsolated(peer)) {
      new kplus.NetworkPolicy(peer, `AllowIngressFrom${Names.toLabelValue(this.owner)}`, {
        selector: peer,
        metadata: { namespace: peer.metadata.namespace },
        ingress: { rules: [{ peer: this.owner, ports: wanted }] },
      });
    }
  }

  public openIngress(peer: kplus.INetworkPolicyPeer, ports: kplus.NetworkPolicyPort[]): void {
    this.allowPolicy().addIngressRule(peer, ports);
    this.ingressPeers.push({ peer, ports });
  }

  public openEgress(peer: kplus.INetworkPolicyPeer, ports: kplus.NetworkPolicyPort[]): void {
    this.allowPolicy().addEgressRule(peer, ports);
    this.egressPeers.push({ peer, ports });
  }

  /**
   * One NetworkPolicy carries every allowed flow of the workload, ingress and egress rules alike, with the
   * policyTypes of the rules it has: checkers that look for one policy covering both directions of a
   * workload (Polaris missingNetworkPolicy) find it, and the allowed flows are the same as with two.
   */
  private allowPolicy(): kplus.NetworkPolicy {
    this.policy ??= new kplus.NetworkPolicy(this.owner, 'AllowFlows', { selector: this.owner, metadata: { namespace: this.owner.metadata.namespace } });
    return this.policy;
  }

  /**
   * A peer that is a workload in no namespace (its chart sets none) while the other end has one cannot be
   * matched: a NetworkPolicy peer without a namespace selector only matches pods in the policy's namespace.
   */
  private checkNamespaces(peer: kplus.INetworkPolicyPeer, method: string): void {
    if (!isWorkload(peer)) return;
    const a = this.owner.metadata.namespace;
    const b = peer.metadata.namespace;
    if ((a === undefined) !== (b === undefined)) {
      SecureError.raise(this.owner, 'CSE304', method,
        `${label(this.owner)} is in namespace ${a ?? '(unset)'} but ${label(peer)} is in ${b ?? '(unset)'}; the policy could not select the peer's namespace`,
        'Set the namespace on both charts (new Chart(app, id, { namespace })), so the rule can carry a namespace selector.');
    }
  }

  private authorizationSpec(): unknown {
    const ns = this.owner.metadata.namespace;
    const rules = this.ingressPeers.map(({ peer, ports }) => ({
      from: [{ source: this.meshSource(peer) }],
      to: [{ operation: { ports: ports.map(portSpec).map(p => String(p.port)) } }],
    }));
    void ns;
    return { selector: { matchLabels: ownerPodLabels(this.owner) }, action: 'ALLOW', ...(rules.length > 0 ? { rules } : {}) };
  }

  private meshSource(peer: kplus.INetworkPolicyPeer): Record<string, string[]> {
    if (peer instanceof MeshIdentityPeer) return { principals: [peer.principal] };
    if (isWorkload(peer)) {
      const sa = peer.serviceAccount?.name;
      const ns = peer.metadata.namespace ?? this.owner.metadata.namespace;
      if (!sa || !ns) {
        SecureError.raise(this.owner, 'CSE305', 'meshAuthorization',
          `${label(peer)} -> ${label(this.owner)}: the peer has ${!sa ? 'no ServiceAccount' : 'no namespace'}, so no principal cluster.local/ns/<ns>/sa/<sa> names it`,
          !sa ? 'Give the peer a ServiceAccount (SecureDeployment always has one).' : 'Set the namespace on the peer\'s chart.');
      }
      return { principals: [`cluster.local/ns/${ns}/sa/${sa}`] };
    }
    const config = peer.toNetworkPolicyPeerConfig();
    if (config.ipBlock) return { ipBlocks: [config.ipBlock.cidr] };
    const names = config.podSelector?.namespaces?.names;
    const podLabels = config.podSelector?.labelSelector;
    const selectsAllPods = !podLabels || podLabels.isEmpty();
    if (names && names.length > 0 && selectsAllPods) return { namespaces: names };
    return SecureError.raise(this.owner, 'CSE306', 'meshAuthorization',
      `${label(peer)} -> ${label(this.owner)}: a label-selector peer cannot be written as an Istio source (Istio matches principals, namespaces and IP blocks)`,
      'Allow the peer workload itself (its ServiceAccount becomes the principal), or a whole namespace with Namespaces.select().');
  }
}
