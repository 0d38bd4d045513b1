import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';

/**
 * A NetworkPolicy peer that also has a mesh identity: the NetworkPolicy sees the wrapped pod selector
 * (namespace and pod labels), and a mesh-authorized workload's Istio AuthorizationPolicy sees the principal
 * `cluster.local/ns/<namespace>/sa/<serviceAccount>` instead, since Istio cannot match pods by label.
 * Used for an ingress controller's or a Gateway's pods, which are not constructs of the app.
 */
export class MeshIdentityPeer extends Construct implements kplus.INetworkPolicyPeer {
  /** The principal Istio sees for the peer's pods over mTLS. */
  public readonly principal: string;

  constructor(scope: Construct, id: string, private readonly pods: kplus.Pods, namespace: string, serviceAccount: string) {
    super(scope, id);
    this.principal = `cluster.local/ns/${namespace}/sa/${serviceAccount}`;
  }

  public toNetworkPolicyPeerConfig(): kplus.NetworkPolicyPeerConfig {
    return this.pods.toNetworkPolicyPeerConfig();
  }

  public toPodSelector(): kplus.IPodSelector | undefined {
    return this.pods.toPodSelector();
  }
}
