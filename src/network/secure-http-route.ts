import { ApiObject, Names } from 'cdk8s';
import { Construct } from 'constructs';
import { checkHosts, checkPath, checkRefName, expose } from './_exposure';
import { ExposureProps } from './exposure';
import { SecureError } from '../_errors';
import { isDnsLabel } from '../_names';

/** The namespace a Gateway is looked for in when none is given. */
const DEFAULT_GATEWAY_NAMESPACE = 'gateway-system';

/**
 * The Gateway (and its HTTPS listener) an HTTPRoute attaches to: `spec.parentRefs[0]`.
 */
export interface GatewayRefOptions {
  /** Name of the Gateway. */
  readonly name: string;

  /**
   * Namespace of the Gateway. Its listener must admit routes from the route's namespace
   * (`allowedRoutes.namespaces.from: All` or a `Selector` matching it).
   * @default 'gateway-system'
   */
  readonly namespace?: string;

  /**
   * Name of the Gateway's HTTPS listener. Required: the listener decides whether the route is served over
   * TLS, and without a section name the route attaches to every listener of the Gateway, plain HTTP ones
   * included. The checker (CS321) verifies the listener's protocol when the Gateway is in its input.
   */
  readonly sectionName: string;
}

/**
 * Properties of a SecureHttpRoute.
 */
export interface SecureHttpRouteProps extends ExposureProps {
  /** The Gateway and its HTTPS listener. */
  readonly gateway: GatewayRefOptions;

  /**
   * `spec.hostnames`: host names the route answers. DNS names; `*.` may stand as the whole first label.
   */
  readonly hostnames: string[];
}

/**
 * A Gateway API `gateway.networking.k8s.io/v1` HTTPRoute, attached to a named listener of a Gateway,
 * routing to the Service in front of a secure workload, and opening the workload's NetworkPolicy to the
 * Gateway's pods on the Service's target port (and to nothing else).
 *
 * TLS is terminated by the Gateway's listener: name its HTTPS listener in `gateway.sectionName`. A route on a
 * plain HTTP listener needs a suppression of CS321 with a reason. By default the Gateway's pods are those
 * labelled `gateway.networking.k8s.io/gateway-name: <gateway name>` in the Gateway's namespace
 * (`gateway-system`), where implementations that deploy a Gateway's proxies next to it run them.
 *
 * A backend with `meshAuthorization` also needs `controller.serviceAccount`, the Gateway pods' mesh identity,
 * which its Istio AuthorizationPolicy allows on the target port. It is not guessed from the Gateway: for a
 * Gateway of class `istio`, Istio names it `<gateway name>-istio`.
 *
 * ```ts
 * new SecureHttpRoute(chart, 'web', {
 *   backend: api, service: api.exposeViaService(), hostnames: ['shop.example.com'],
 *   gateway: { name: 'public', sectionName: 'https' },
 * });
 * ```
 */
export class SecureHttpRoute extends Construct {
  /** The HTTPRoute (`ApiObject.of(route)` finds it too). */
  public readonly resource: ApiObject;

  constructor(scope: Construct, id: string, props: SecureHttpRouteProps) {
    super(scope, id);
    const kind = 'SecureHttpRoute';
    const gw = props.gateway;
    if (gw === undefined || gw === null || typeof gw !== 'object') {
      SecureError.raise(this, 'CSE336', kind, 'gateway is missing', "Pass gateway: { name: '<Gateway>', namespace: 'gateway-system', sectionName: '<its HTTPS listener>' }.");
    }
    const gatewayName = checkRefName(this, kind, 'CSE336', 'gateway.name', gw.name, 'public');
    const gatewayNamespace = gw.namespace ?? DEFAULT_GATEWAY_NAMESPACE;
    if (!isDnsLabel(gatewayNamespace)) {
      SecureError.raise(this, 'CSE336', kind, `gateway.namespace ${JSON.stringify(gatewayNamespace)} is not a namespace name`, 'Use the Gateway\'s namespace, a DNS label (e.g. "gateway-system").');
    }
    if (gw.sectionName === undefined) {
      SecureError.raise(this, 'CSE336', kind, `gateway.sectionName is missing, so the route would attach to every listener of Gateway ${gatewayNamespace}/${gatewayName}, plain HTTP ones included`,
        "Name the Gateway's HTTPS listener: gateway: { ..., sectionName: 'https' }.");
    }
    const sectionName = checkRefName(this, kind, 'CSE336', 'gateway.sectionName', gw.sectionName, 'https');
    const hostnames = checkHosts(this, kind, 'hostnames', props.hostnames);
    const path = checkPath(this, kind, props.path ?? '/');
    const target = expose(this, kind, props, {
      namespace: gatewayNamespace,
      podLabels: { 'gateway.networking.k8s.io/gateway-name': gatewayName },
      serviceAccountExample: `${gatewayName}-istio`,
    });
    this.resource = new ApiObject(this, 'Resource', {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      metadata: { name: Names.toDnsLabel(this), namespace: target.namespace },
      spec: {
        parentRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: gatewayName, namespace: gatewayNamespace, sectionName }],
        hostnames,
        rules: [{
          matches: [{ path: { type: 'PathPrefix', value: path } }],
          backendRefs: [{ name: target.serviceName, port: target.servicePort }],
        }],
      },
    });
  }
}
