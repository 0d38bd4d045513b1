import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { SecureError } from '../_errors';

/**
 * Properties of StrictMtls.
 */
export interface StrictMtlsProps {
  /**
   * Namespace whose workloads require mutual TLS.
   * @default - the whole mesh (meshWide must then be true)
   */
  readonly namespace?: string;
  /**
   * Apply to the whole mesh: the policy is named `default` and lives in the mesh root namespace.
   * @default false
   */
  readonly meshWide?: boolean;
  /**
   * The Istio root namespace, for a mesh-wide policy.
   * @default 'istio-system'
   */
  readonly rootNamespace?: string;
}

/**
 * STRICT mutual TLS with an Istio PeerAuthentication (`security.istio.io/v1`): workloads accept only
 * mTLS traffic, so AuthorizationPolicy principals can be trusted. Namespace-wide (a policy named
 * `default` in that namespace) or mesh-wide (named `default` in the root namespace).
 */
export class StrictMtls extends Construct {
  /** The PeerAuthentication object. */
  public readonly resource: ApiObject;

  constructor(scope: Construct, id: string, props: StrictMtlsProps = {}) {
    super(scope, id);
    if ((props.namespace === undefined) === !(props.meshWide ?? false)) {
      SecureError.raise(this, 'CSE321', 'StrictMtls', props.namespace ? `namespace ${props.namespace} is set together with meshWide` : 'neither namespace nor meshWide is set',
        'Pass { namespace: "shop" } for one namespace, or { meshWide: true } for the whole mesh.');
    }
    this.resource = new ApiObject(this, 'Resource', {
      apiVersion: 'security.istio.io/v1',
      kind: 'PeerAuthentication',
      metadata: { name: 'default', namespace: props.namespace ?? props.rootNamespace ?? 'istio-system' },
      spec: { mtls: { mode: 'STRICT' } },
    });
  }
}
