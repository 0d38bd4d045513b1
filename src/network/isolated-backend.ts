import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { SecureDeployment, SecureDeploymentProps } from '../workloads/secure-deployment';

/**
 * Properties of an IsolatedBackend.
 */
export interface IsolatedBackendProps extends SecureDeploymentProps {
  /**
   * Ports of the ClusterIP Service.
   * @default - one per container port, same number
   */
  readonly servicePorts?: kplus.ServicePort[];
}

/**
 * A backend that only the peers you name can reach: a SecureDeployment (isolated by default-deny
 * NetworkPolicies, DNS allowed), a ClusterIP Service in front of it, and NetworkPolicies that allow
 * ingress only from `allowFrom` peers on their ports and egress only to `connectTo` peers on theirs.
 *
 * ```ts
 * backend.allowFrom(frontend, NetworkPolicyPort.tcp(8080));
 * backend.connectTo(database, NetworkPolicyPort.tcp(5432));
 * ```
 *
 * A backend that accepts nothing is probably a mistake: synth prints a warning naming it.
 */
export class IsolatedBackend extends SecureDeployment {
  /** The ClusterIP Service in front of the pods. */
  public readonly service: kplus.Service;
  private warned = false;

  constructor(scope: Construct, id: string, props: IsolatedBackendProps) {
    super(scope, id, { ...props, isolate: true });
    this.service = this.exposeViaService({ serviceType: kplus.ServiceType.CLUSTER_IP, ports: props.servicePorts });
    this.node.addValidation({
      validate: () => {
        if (this._ingressPeers.length === 0 && !this.warned) {
          this.warned = true;
          process.stderr.write(`cdk8s-secure: warning: [${this.node.path}] IsolatedBackend accepts no traffic: nothing was allowed in with allowFrom(). `
            + 'Call backend.allowFrom(peer, NetworkPolicyPort.tcp(port)), or use a SecureDeployment for a workload that serves no one.\n');
        }
        return [];
      },
    });
  }
}
