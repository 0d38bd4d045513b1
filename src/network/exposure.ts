import * as kplus from 'cdk8s-plus-28';
import { Suppression } from '../checks/suppressions';

/**
 * The pods that forward outside traffic to the backend: an ingress controller's, or a Gateway's proxies.
 * The backend's NetworkPolicy admits exactly these pods, on exactly the Service's target port. The
 * namespace is matched by its `kubernetes.io/metadata.name` label, which Kubernetes sets on every namespace.
 */
export interface ControllerPodsOptions {
  /**
   * Namespace of the controller's pods.
   * @default - `ingress-nginx` for SecureIngress; the Gateway's namespace (`gateway-system` unless given) for SecureHttpRoute
   */
  readonly namespace?: string;

  /**
   * Further labels the controller's namespace must carry (added to the `kubernetes.io/metadata.name` match).
   * @default - none
   */
  readonly namespaceLabels?: Record<string, string>;

  /**
   * Labels of the controller's pods. Together with `podExpressions` they must not be empty: an empty
   * selector would admit every pod of the namespace.
   * @default - `app.kubernetes.io/name: ingress-nginx` and `app.kubernetes.io/component: controller` (the
   * ingress-nginx Helm chart) for SecureIngress; `gateway.networking.k8s.io/gateway-name: <gateway name>` (the
   * label Gateway API asks in-cluster implementations to put on a Gateway's pods, GEP-1762) for SecureHttpRoute.
   * Both defaults apply only when neither `podLabels` nor `podExpressions` is given.
   */
  readonly podLabels?: Record<string, string>;

  /**
   * Label expressions the controller's pods must also match (`LabelExpression.in(...)` etc.).
   * @default - none
   */
  readonly podExpressions?: kplus.LabelExpression[];

  /**
   * Name of the controller's ServiceAccount, in the controller's namespace: its mesh identity. Required when
   * the backend has `meshAuthorization`: the backend's Istio AuthorizationPolicy then allows the principal
   * `cluster.local/ns/<namespace>/sa/<serviceAccount>` on the Service's target port (Istio matches
   * principals, not pod labels), while the NetworkPolicy keeps matching the pods by namespace and labels.
   * The controller must itself be in the mesh (with STRICT mTLS nothing outside it reaches the pods): an
   * Istio gateway. For a Gateway of class `istio`, Istio's automated deployment runs the Gateway's pods under
   * the ServiceAccount `<gateway name>-istio` (the Gateway annotation `gateway.istio.io/service-account`
   * overrides it).
   * @default - none; without meshAuthorization on the backend it is not used
   * @see https://istio.io/latest/docs/reference/config/security/authorization-policy/#Source
   */
  readonly serviceAccount?: string;
}

/**
 * What SecureIngress and SecureHttpRoute share: the workload, the Service in front of it, the host names
 * and the controller pods allowed in.
 */
export interface ExposureProps {
  /**
   * The secure workload behind the Service (SecureDeployment, SecureStatefulSet, IsolatedBackend, ...). Its
   * NetworkPolicy is opened to the controller's pods on the Service's target port, and to nothing else; with
   * `meshAuthorization`, its Istio AuthorizationPolicy too, to `controller.serviceAccount` on the same port.
   */
  readonly backend: kplus.Workload;

  /** The Service that fronts `backend` (it must select the backend's pods and be in its namespace). */
  readonly service: kplus.Service;

  /**
   * The Service port to route to.
   * @default - the Service's only port (a Service with several ports needs it)
   */
  readonly port?: number;

  /**
   * URL path prefix routed to the Service.
   * @default '/'
   */
  readonly path?: string;

  /**
   * The pods that forward traffic to the backend.
   * @default - see ControllerPodsOptions
   */
  readonly controller?: ControllerPodsOptions;

  /**
   * Accepted findings, each with a reason of at least 10 characters that is written to the object's
   * `cdk8s-secure.io/suppressions` annotation. Plain HTTP needs one: `CS320` (Ingress) or `CS321` (HTTPRoute).
   * @default - none
   */
  readonly suppressions?: Suppression[];
}
