import { ApiObject } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { ControllerPodsOptions, ExposureProps } from './exposure';
import { SecureError } from '../_errors';
import { isDnsLabel, isDnsSubdomain, isLabelKey, isLabelValue } from '../_names';
import { MeshIdentityPeer } from './_mesh-peer';
import { exposedPorts, isExposed } from './_ports';
import { Suppressions } from '../checks/suppressions';

/** A secure workload: it keeps its own flows (the hardening core's `_openIngress`). */
interface Hardened extends kplus.Workload {
  _openIngress(peer: kplus.INetworkPolicyPeer, ports: kplus.NetworkPolicyPort[]): void;
}

function isHardened(x: unknown): x is Hardened {
  return x instanceof kplus.Workload && typeof (x as Hardened)._openIngress === 'function';
}

/** The Service port and namespace a route sends traffic to, resolved and checked. */
export interface ExposureTarget {
  /** Namespace of the Service and the backend (and so of the Ingress / HTTPRoute). */
  readonly namespace?: string;
  readonly serviceName: string;
  /** The Service port the Ingress / HTTPRoute names. */
  readonly servicePort: number;
  /** The container port behind it, which the backend's NetworkPolicy opens. */
  readonly targetPort: number;
}

/** Defaults of the controller pods for one kind of exposure. */
export interface ControllerDefaults {
  readonly namespace: string;
  readonly podLabels: Record<string, string>;
  /** An example ServiceAccount for the CSE338 fix text (e.g. Istio's name for the Gateway's pods). */
  readonly serviceAccountExample: string;
}

const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

/**
 * Everything SecureIngress and SecureHttpRoute share: records the suppressions, checks the backend, the
 * Service, the port and the controller selector, and opens exactly the target port of the backend to the
 * controller's pods. Errors are CSE330-CSE339, raised on `scope`.
 */
export function expose(scope: Construct, kind: string, props: ExposureProps, defaults: ControllerDefaults): ExposureTarget {
  const fail = (code: string, problem: string, fix: string): never => SecureError.raise(scope, code, kind, problem, fix);
  if (props.suppressions && props.suppressions.length > 0) Suppressions.add(scope, ...props.suppressions);
  const target = resolveTarget(props, fail);
  const controller = props.controller ?? {};
  const pods = controllerPeer(scope, controller, defaults, fail);
  const peer = meshPeer(scope, props.backend, pods, controller, defaults, fail);
  (props.backend as Hardened)._openIngress(peer, [kplus.NetworkPolicyPort.tcp(target.targetPort)]);
  return target;
}

type Fail = (code: string, problem: string, fix: string) => never;

function resolveTarget(props: ExposureProps, fail: Fail): ExposureTarget {
  const { backend, service } = props;
  if (!isHardened(backend)) {
    const what = (backend as unknown as Construct | undefined)?.node?.path ?? String(backend);
    fail('CSE334', `backend ${JSON.stringify(what)} is not a secure workload of this library, so its NetworkPolicy cannot be opened to the controller`,
      'Pass a SecureDeployment, SecureStatefulSet, SecureDaemonSet or IsolatedBackend (or build the workload with one of them).');
  }
  if (!(service instanceof kplus.Service)) {
    fail('CSE335', `service ${JSON.stringify(String(service))} is not a cdk8s-plus Service`, 'Pass the Service that fronts the backend, e.g. backend.exposeViaService() or IsolatedBackend.service.');
  }
  const ns = backend.metadata.namespace;
  if (service.metadata.namespace !== ns) {
    fail('CSE335', `service ${service.node.path} is in namespace ${service.metadata.namespace ?? '(unset)'} but backend ${backend.node.path} is in ${ns ?? '(unset)'}`,
      'Create the Service in the backend\'s chart (backend.exposeViaService()): an Ingress or HTTPRoute routes to a Service of its own namespace.');
  }
  const selector = (ApiObject.of(service).toJson() as { spec?: { selector?: Record<string, string> } }).spec?.selector ?? {};
  const mismatch = Object.keys(selector).length === 0 ? 'selects no pods (no spec.selector)'
    : Object.entries(selector).some(([k, v]) => backend.podMetadata.getLabel(k) !== v) ? `selects ${JSON.stringify(selector)}, which the backend's pods do not all carry` : undefined;
  if (mismatch) {
    fail('CSE335', `service ${service.node.path} ${mismatch}, so it does not front backend ${backend.node.path}`, 'Pass the Service created by backend.exposeViaService() (or one that selects the backend\'s pods).');
  }
  const ports = service.ports;
  const list = ports.map(p => String(p.port)).join(', ') || 'none';
  if (props.port !== undefined && (!Number.isInteger(props.port) || props.port < 1 || props.port > 65535)) {
    fail('CSE335', `port ${props.port} is not a port number (1-65535)`, `Use one of the Service's ports: ${list}.`);
  }
  const sp = props.port === undefined
    ? (ports.length === 1 ? ports[0] : fail('CSE335', `service ${service.node.path} has ${ports.length === 0 ? 'no port' : `ports ${list}`}, and no port was given`,
      ports.length === 0 ? 'Give the Service a port (backend.exposeViaService({ ports: [{ port: 80, targetPort: 8080 }] })).' : 'Pass port: <one of them>.'))
    : ports.find(p => p.port === props.port) ?? fail('CSE335', `port ${props.port} is not a port of service ${service.node.path} (it has ${list})`, `Pass one of the Service's ports: ${list}.`);
  const protocol = sp.protocol ?? kplus.Protocol.TCP;
  if (protocol !== kplus.Protocol.TCP) {
    fail('CSE335', `service port ${sp.port} is ${protocol}, but HTTP(S) traffic is TCP`, 'Route to a TCP port of the Service.');
  }
  const targetPort = sp.targetPort ?? sp.port;
  if (!isExposed({ protocol: 'TCP', port: targetPort }, exposedPorts(backend))) {
    const declared = exposedPorts(backend).map(p => `${p.protocol} ${p.port}`).join(', ') || 'none';
    fail('CSE335', `service port ${sp.port} targets port ${targetPort}, which no container of backend ${backend.node.path} declares (it declares ${declared})`,
      'Point the Service\'s targetPort at a container port (portNumber / ports of the container).');
  }
  return { namespace: ns, serviceName: service.name, servicePort: sp.port, targetPort };
}

function checkLabels(what: string, labels: Record<string, string> | undefined, fail: Fail): void {
  for (const [k, v] of Object.entries(labels ?? {})) {
    if (!isLabelKey(k)) {
      fail('CSE333', `${what} key ${JSON.stringify(k)} is not a valid label key`, 'Use an optional DNS-subdomain prefix and "/", then 1-63 letters, digits, "-", "_" or "." (e.g. "app.kubernetes.io/name").');
    }
    if (typeof v !== 'string' || v === '' || !isLabelValue(v)) {
      fail('CSE333', `${what} ${k}=${JSON.stringify(v)} is not a non-empty label value, so the selector would match ${v === '' ? 'only objects that carry the label empty, almost certainly none' : 'nothing'}`,
        'Use 1-63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit (e.g. "controller").');
    }
  }
}

function controllerPeer(scope: Construct, c: ControllerPodsOptions, defaults: ControllerDefaults, fail: Fail): kplus.Pods {
  const namespace = c.namespace ?? defaults.namespace;
  if (!isDnsLabel(namespace)) {
    fail('CSE333', `controller namespace ${JSON.stringify(namespace)} is not a namespace name, so the rule would match no pods`, 'Use the namespace the controller runs in, a DNS label (e.g. "ingress-nginx").');
  }
  checkLabels('controller namespaceLabels', c.namespaceLabels, fail);
  const pinned = c.namespaceLabels?.[NAMESPACE_NAME_LABEL];
  if (pinned !== undefined && pinned !== namespace) {
    fail('CSE333', `controller namespaceLabels set ${NAMESPACE_NAME_LABEL}=${pinned} but the namespace is ${namespace}; no namespace has both names`, 'Set the namespace with controller.namespace only.');
  }
  const custom = c.podLabels !== undefined || c.podExpressions !== undefined;
  const podLabels = custom ? c.podLabels ?? {} : defaults.podLabels;
  checkLabels('controller podLabels', podLabels, fail);
  const expressions = c.podExpressions ?? [];
  for (const x of expressions) {
    if (!isLabelKey(x.key)) {
      fail('CSE333', `controller podExpressions key ${JSON.stringify(x.key)} is not a valid label key`, 'Use a label key such as "app.kubernetes.io/name".');
    }
    const values = x.values ?? [];
    if ((x.operator === 'In' || x.operator === 'NotIn') && values.length === 0) {
      fail('CSE333', `controller podExpressions ${x.key} ${x.operator} has no values${x.operator === 'In' ? ', so it matches no pod' : ' (the API server refuses it)'}`, `List the values: LabelExpression.${x.operator === 'In' ? 'in' : 'notIn'}('${x.key}', ['controller']).`);
    }
    for (const v of values) {
      if (v === '' || !isLabelValue(v)) fail('CSE333', `controller podExpressions ${x.key} ${x.operator} value ${JSON.stringify(v)} is not a non-empty label value`, 'Use 1-63 letters, digits, "-", "_" or ".".');
    }
  }
  if (Object.keys(podLabels).length === 0 && expressions.length === 0) {
    fail('CSE333', `the controller pod selector is empty, so every pod of namespace ${namespace} would be let in`, 'Name the controller\'s pods: controller: { podLabels: { \'app.kubernetes.io/name\': \'ingress-nginx\' } }.');
  }
  // Plain copies: cdk8s-plus fails at synth on a map without a prototype (Object.create(null)).
  return kplus.Pods.select(scope, 'ControllerPods', {
    labels: { ...podLabels },
    expressions: expressions.length > 0 ? expressions : undefined,
    namespaces: kplus.Namespaces.select(scope, 'ControllerNamespace', { names: [namespace], labels: c.namespaceLabels ? { ...c.namespaceLabels } : undefined }),
  });
}

/** True when the workload has mesh authorization (an Istio AuthorizationPolicy built from its flows). */
function hasMeshAuthorization(backend: kplus.Workload): boolean {
  return backend.node.tryFindChild('AuthorizationPolicy') !== undefined;
}

/**
 * The peer the backend opens to: the controller's pods, and with mesh authorization on the backend also the
 * controller's mesh identity (its ServiceAccount), which the backend's AuthorizationPolicy names.
 */
function meshPeer(scope: Construct, backend: kplus.Workload, pods: kplus.Pods, c: ControllerPodsOptions, defaults: ControllerDefaults,
  fail: Fail): kplus.INetworkPolicyPeer {
  const namespace = c.namespace ?? defaults.namespace;
  const sa = c.serviceAccount;
  if (sa !== undefined && !isDnsSubdomain(sa)) {
    fail('CSE333', `controller serviceAccount ${JSON.stringify(sa)} is not a ServiceAccount name, so the principal cluster.local/ns/${namespace}/sa/<name> would match no pod`,
      `Use the name of the controller's ServiceAccount in namespace ${namespace}, a lower-case DNS subdomain (e.g. "public-istio" for the Istio Gateway "public").`);
  }
  if (!hasMeshAuthorization(backend)) return pods;
  if (sa === undefined) {
    fail('CSE338', `backend ${backend.node.path} has meshAuthorization, and its Istio AuthorizationPolicy admits the controller only by mesh identity (Istio matches principals, not pod labels), but no controller.serviceAccount was given`,
      `Pass controller.serviceAccount, the ServiceAccount the controller's pods run under in namespace ${namespace} (e.g. controller: { serviceAccount: '${defaults.serviceAccountExample}' }; Istio runs the pods of a Gateway of class istio as <gateway name>-istio). The controller must be in the mesh, as an Istio gateway is: with STRICT mTLS nothing outside it reaches the backend.`);
  }
  return new MeshIdentityPeer(scope, 'ControllerIdentity', pods, namespace, sa);
}

/**
 * Checks host names (DNS-1123 subdomains, lower case, not IP addresses; `*.` allowed as the whole first
 * label, as Ingress and Gateway API allow). At least one is required.
 */
export function checkHosts(scope: Construct, kind: string, field: string, hosts: string[] | undefined): string[] {
  const fail: Fail = (code, problem, fix) => SecureError.raise(scope, code, kind, problem, fix);
  if (!Array.isArray(hosts) || hosts.length === 0) {
    fail('CSE331', `${field} is empty, so the route would answer on every name and no certificate could name it`, `Pass ${field}: ['shop.example.com'].`);
  }
  const seen = new Set<string>();
  for (const h of hosts) {
    const bare = typeof h === 'string' && h.startsWith('*.') ? h.slice(2) : h;
    const ip = typeof bare === 'string' && /^[0-9.]+$/.test(bare);
    if (!isDnsSubdomain(bare) || ip || (h as string).length > 253) {
      fail('CSE331', `${field} entry ${JSON.stringify(h)} is not a host name${ip ? ' (an IP address is not allowed)' : ''}`,
        'Use a lower-case DNS name of labels of letters, digits and "-" separated by "." (e.g. "shop.example.com"); "*." may stand as the whole first label ("*.example.com"); no port, scheme or path.');
    }
    if (seen.has(h)) fail('CSE331', `${field} lists ${JSON.stringify(h)} twice`, 'List each host once.');
    seen.add(h);
  }
  return hosts;
}

/** Checks a path prefix: absolute, URL characters only, no empty or dot segments. */
export function checkPath(scope: Construct, kind: string, path: string): string {
  const ok = typeof path === 'string' && path.startsWith('/') && path.length <= 1024
    && /^(?:[-A-Za-z0-9/._~!$&'()*+,;=:@]|%[0-9a-fA-F]{2})+$/.test(path)
    && !/\/\/|\/\.{1,2}(\/|$)|%2f|%2F|#/.test(path);
  if (!ok) {
    SecureError.raise(scope, 'CSE337', kind, `path ${JSON.stringify(path)} is not a URL path prefix`,
      'Use an absolute path of URL characters, without "//", "/./" or "/../" (e.g. "/" or "/api").');
  }
  return path;
}

/** Checks an object name (a DNS-1123 subdomain) given as a reference. */
export function checkRefName(scope: Construct, kind: string, code: string, field: string, v: unknown, example: string): string {
  if (!isDnsSubdomain(v)) {
    SecureError.raise(scope, code, kind, `${field} ${JSON.stringify(v)} is not an object name`,
      `Use a lower-case DNS subdomain of letters, digits, "-" and "." (e.g. "${example}").`);
  }
  return v;
}
