import { escapeText } from '../_text';
import { isRecord } from '../checks/_path';
import { PodKinds } from '../checks/_pod';
import { selectorMatches } from '../checks/_selector';
import { peersAllowAll } from '../checks/rules/network/_allow-all';
import { policyDirections } from '../checks/rules/network/network-policy-coverage';

/** A set of pods: one workload's, or a well-known endpoint outside the input (kube-dns). */
export interface FlowEndpoint {
  /** `Kind namespace/name`. */
  readonly id: string;
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  readonly labels: Record<string, string>;
  /** Container ports, as `PROTOCOL/port` and by name. */
  readonly ports: Array<{ protocol: string; port: number; name?: string }>;
  readonly serviceAccount?: string;
  /** True for pods on the host network: most network plugins do not apply NetworkPolicies to them. */
  readonly hostNetwork?: boolean;
}

/** One allowed flow. */
export interface Flow {
  readonly from: string;
  readonly to: string;
  readonly ports: string[];
  /** True when an Istio AuthorizationPolicy also allows it (principal and port). */
  readonly meshAuthorized?: boolean;
}

interface PolicyView {
  readonly namespace: string;
  readonly name: string;
  readonly selector: unknown;
  readonly ingress?: any[];
  readonly egress?: any[];
}

interface AuthzView {
  readonly namespace: string;
  readonly selector?: unknown;
  readonly action: string;
  readonly rules: any[];
}

/** kube-dns, which the policies' DNS rules point at; it is never in an app's manifests. */
export const KUBE_DNS: FlowEndpoint = {
  id: 'kube-dns (kube-system)',
  kind: 'Service',
  namespace: 'kube-system',
  name: 'kube-dns',
  labels: { 'k8s-app': 'kube-dns' },
  ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }],
};

/**
 * The network model of a set of manifests: workloads, NetworkPolicies, Namespaces and Istio
 * AuthorizationPolicies, evaluated the way Kubernetes does. A flow from A to B on a port is allowed
 * when A's egress allows it (A not isolated for egress, or a policy selecting A has a matching egress
 * rule) and B's ingress allows it (same, for ingress).
 */
export class FlowModel {
  public readonly endpoints: FlowEndpoint[] = [];
  private readonly policies: PolicyView[] = [];
  private readonly authz: AuthzView[] = [];
  private readonly namespaceLabels = new Map<string, Record<string, string>>();

  /** `pods`: the kinds that carry a pod (built-in, plus the app's declared kinds). */
  constructor(private readonly pods: PodKinds = PodKinds.BUILT_IN) {}

  /** Adds one manifest object; objects of other kinds are ignored. */
  public add(obj: Record<string, any>): void {
    const ns = typeof obj.metadata?.namespace === 'string' ? obj.metadata.namespace : 'default';
    if (obj.kind === 'NetworkPolicy' && isRecord(obj.spec)) {
      const isolates = policyDirections(obj.spec);
      this.policies.push({
        namespace: ns,
        name: String(obj.metadata?.name ?? ''),
        selector: obj.spec.podSelector ?? {},
        ingress: isolates.ingress ? (Array.isArray(obj.spec.ingress) ? obj.spec.ingress : []) : undefined,
        egress: isolates.egress ? (Array.isArray(obj.spec.egress) ? obj.spec.egress : []) : undefined,
      });
      return;
    }
    if (obj.kind === 'Namespace' && typeof obj.metadata?.name === 'string') {
      this.namespaceLabels.set(obj.metadata.name, { ...(obj.metadata.labels ?? {}), 'kubernetes.io/metadata.name': obj.metadata.name });
      return;
    }
    if (obj.kind === 'AuthorizationPolicy' && String(obj.apiVersion).startsWith('security.istio.io/')) {
      this.authz.push({ namespace: ns, selector: obj.spec?.selector, action: obj.spec?.action ?? 'ALLOW', rules: Array.isArray(obj.spec?.rules) ? obj.spec.rules : [] });
      return;
    }
    const pod = this.pods.podOf(obj);
    if (!pod) return;
    const ports: FlowEndpoint['ports'] = pod.containers.filter(c => c.list === 'containers').flatMap(c => (Array.isArray(c.spec.ports) ? c.spec.ports : [])
      .filter((p: any) => typeof p?.containerPort === 'number')
      .map((p: any) => ({ protocol: p.protocol ?? 'TCP', port: p.containerPort, name: p.name })));
    // The ports of containers an operator adds (prometheus-operator's prometheus container: 9090), unless a patch shows them.
    for (const g of pod.generatedPorts ?? []) {
      if (!ports.some(p => p.protocol === g.protocol && p.port === g.port)) ports.push({ ...g });
    }
    this.endpoints.push({
      id: `${obj.kind} ${ns}/${obj.metadata?.name ?? '(unnamed)'}`,
      kind: obj.kind,
      namespace: ns,
      name: String(obj.metadata?.name ?? ''),
      labels: isRecord(pod.metadata.labels) ? pod.metadata.labels : {},
      ports,
      serviceAccount: pod.spec.serviceAccountName ?? pod.spec.serviceAccount ?? 'default',
      ...(pod.spec.hostNetwork === true ? { hostNetwork: true } : {}),
    });
  }

  /** True when some policy isolates the endpoint's pods for this direction. */
  public isolated(e: FlowEndpoint, direction: 'ingress' | 'egress'): boolean {
    return this.selecting(e).some(p => p[direction] !== undefined);
  }

  /** True when traffic from `src` to `dst` on `protocol`/`port` is allowed by the NetworkPolicies. */
  public allowed(src: FlowEndpoint, dst: FlowEndpoint, protocol: string, port: number): boolean {
    const portName = dst.ports.find(p => p.protocol === protocol && p.port === port)?.name;
    return this.directionAllows(src, 'egress', dst, protocol, port, portName)
      && this.directionAllows(dst, 'ingress', src, protocol, port, portName);
  }

  /** Whether an ALLOW AuthorizationPolicy selects `dst`, and if so whether it allows `src` on `port`. */
  public meshAllows(src: FlowEndpoint, dst: FlowEndpoint, port: number): boolean | undefined {
    const applicable = this.authz.filter(a => a.namespace === dst.namespace && a.action === 'ALLOW'
      && (!isRecord(a.selector) || selectorMatches({ matchLabels: a.selector.matchLabels ?? {} }, dst.labels)));
    if (applicable.length === 0) return undefined;
    const principal = `cluster.local/ns/${src.namespace}/sa/${src.serviceAccount ?? 'default'}`;
    return applicable.some(a => a.rules.some(r => {
      const fromOk = !Array.isArray(r.from) || r.from.some((f: any) => {
        const s = f?.source ?? {};
        if (Array.isArray(s.principals)) return s.principals.includes(principal) || s.principals.includes('*');
        if (Array.isArray(s.namespaces)) return s.namespaces.includes(src.namespace);
        return !s.ipBlocks;
      });
      const toOk = !Array.isArray(r.to) || r.to.some((t: any) => !Array.isArray(t?.operation?.ports) || t.operation.ports.includes(String(port)));
      return fromOk && toOk;
    }));
  }

  /**
   * Every allowed flow between the endpoints (plus kube-dns), with ports. An endpoint that is not
   * isolated for ingress is reached from `any`; one not isolated for egress reaches `any`.
   */
  public flows(): Flow[] {
    const out: Flow[] = [];
    const targets = [...this.endpoints, KUBE_DNS];
    for (const src of this.endpoints) {
      if (!this.isolated(src, 'egress')) {
        out.push({ from: src.id, to: 'any', ports: ['all'] });
      }
      for (const dst of targets) {
        if (dst === src) continue;
        // Both ends open: the flow is drawn by the `any` edges, not once per pair.
        if (!this.isolated(dst, 'ingress') && !this.isolated(src, 'egress')) continue;
        const ports = dst.ports.filter(p => this.allowed(src, dst, p.protocol, p.port));
        if (ports.length === 0) continue;
        const mesh = dst === KUBE_DNS ? undefined : ports.map(p => this.meshAllows(src, dst, p.port));
        const meshPorts = mesh ? ports.filter((_p, i) => mesh[i] !== false) : ports;
        if (meshPorts.length === 0) continue;
        out.push({
          from: src.id,
          to: dst.id,
          ports: meshPorts.map(p => `${p.protocol} ${p.port}`),
          ...(mesh && mesh.some(m => m === true) ? { meshAuthorized: true } : {}),
        });
      }
    }
    for (const dst of this.endpoints) {
      if (!this.isolated(dst, 'ingress')) out.push({ from: 'any', to: dst.id, ports: ['all'] });
    }
    return [...out, ...this.outsideFlows()];
  }

  /**
   * Flows the policies allow to and from peers outside the input's workloads: `any` (a rule without peers,
   * or peers that together allow everything, e.g. `0.0.0.0/0`), ipBlocks, and namespace selectors that match
   * no workload of the input (an ingress controller's namespace). Without these, a policy that opens a
   * workload to the world would draw it as the most locked-down node of the graph.
   */
  private outsideFlows(): Flow[] {
    const byEdge = new Map<string, Flow>();
    const add = (from: string, to: string, ports: string[]) => {
      const key = `${from}\u0000${to}`;
      const seen = byEdge.get(key);
      if (!seen) byEdge.set(key, { from, to, ports: [...ports] });
      else for (const port of ports) if (!seen.ports.includes(port)) seen.ports.push(port);
    };
    const inside = [...this.endpoints, KUBE_DNS];
    for (const e of this.endpoints) {
      for (const p of this.selecting(e)) {
        for (const direction of ['ingress', 'egress'] as const) {
          for (const rule of p[direction] ?? []) {
            const peers = rule?.[direction === 'ingress' ? 'from' : 'to'];
            const nodes: string[] = [];
            if (!Array.isArray(peers) || peers.length === 0 || peersAllowAll(peers)) {
              nodes.push('any');
            } else {
              for (const peer of peers) {
                if (!isRecord(peer)) continue;
                const outsideSelector = peer.namespaceSelector !== undefined && !inside.some(x => this.peerMatches(peer, p.namespace, x));
                if (isRecord(peer.ipBlock)) nodes.push(ipBlockNode(peer.ipBlock));
                else if (outsideSelector) nodes.push(selectorNode(peer));
              }
            }
            const ports = rulePorts(rule?.ports);
            for (const n of nodes) {
              if (direction === 'ingress') add(n, e.id, ports);
              else add(e.id, n, ports);
            }
          }
        }
      }
    }
    return [...byEdge.values()];
  }

  private selecting(e: FlowEndpoint): PolicyView[] {
    return this.policies.filter(p => p.namespace === e.namespace && selectorMatches(p.selector, e.labels));
  }

  private directionAllows(self: FlowEndpoint, direction: 'ingress' | 'egress', other: FlowEndpoint, protocol: string, port: number, portName?: string): boolean {
    const policies = this.selecting(self).filter(p => p[direction] !== undefined);
    if (policies.length === 0) return true;
    const peersKey = direction === 'ingress' ? 'from' : 'to';
    return policies.some(p => p[direction]!.some(rule => {
      const peers = rule?.[peersKey];
      const peerOk = !Array.isArray(peers) || peers.length === 0 || peers.some((peer: any) => this.peerMatches(peer, p.namespace, other));
      return peerOk && portMatches(rule?.ports, protocol, port, portName);
    }));
  }

  private peerMatches(peer: any, policyNamespace: string, e: FlowEndpoint): boolean {
    if (!isRecord(peer)) return false;
    if (peer.ipBlock) return false; // pod IPs are not known from manifests
    const nsOk = peer.namespaceSelector !== undefined
      ? selectorMatches(peer.namespaceSelector, this.namespaceLabels.get(e.namespace) ?? { 'kubernetes.io/metadata.name': e.namespace })
      : e.namespace === policyNamespace;
    const podOk = peer.podSelector !== undefined ? selectorMatches(peer.podSelector, e.labels) : true;
    return nsOk && podOk;
  }
}

/** The ports of a policy rule as edge labels (`TCP 443`, `UDP 53`, `TCP 8000-8080`), or `all`. */
function rulePorts(ports: unknown): string[] {
  if (!Array.isArray(ports) || ports.length === 0) return ['all'];
  return ports.map((p: any) => {
    const protocol = typeof p?.protocol === 'string' ? p.protocol : 'TCP';
    if (p?.port === undefined || p?.port === null) return `${protocol} all`;
    return `${protocol} ${p.port}${typeof p.endPort === 'number' ? `-${p.endPort}` : ''}`;
  });
}

/** `ipBlock 10.0.0.0/8 except 10.1.0.0/16`. */
function ipBlockNode(ipBlock: Record<string, any>): string {
  const except = Array.isArray(ipBlock.except) && ipBlock.except.length > 0 ? ` except ${ipBlock.except.join(', ')}` : '';
  return `ipBlock ${String(ipBlock.cidr)}${except}`;
}

/** A label selector as text: `a=b, c In (x, y)`, or `all` for an empty one. */
function selectorText(selector: unknown): string {
  if (!isRecord(selector)) return 'all';
  const parts = [
    ...Object.entries(isRecord(selector.matchLabels) ? selector.matchLabels : {}).map(([k, v]) => `${k}=${String(v)}`),
    ...(Array.isArray(selector.matchExpressions) ? selector.matchExpressions : []).map((x: any) =>
      `${String(x?.key)} ${String(x?.operator)}${Array.isArray(x?.values) ? ` (${x.values.join(', ')})` : ''}`),
  ];
  return parts.length > 0 ? parts.join(', ') : 'all';
}

/** `namespaces kubernetes.io/metadata.name=ingress-nginx / pods app=controller`. */
function selectorNode(peer: Record<string, any>): string {
  return `namespaces ${selectorText(peer.namespaceSelector)}${peer.podSelector !== undefined ? ` / pods ${selectorText(peer.podSelector)}` : ''}`;
}

/** The warning a node carries: which directions no policy isolates, and the host network. */
function nodeWarning(model: FlowModel, e: FlowEndpoint | undefined): string {
  if (!e) return '';
  const open = (['ingress', 'egress'] as const).filter(d => !model.isolated(e, d));
  const notes = [
    ...(open.length > 0 ? [`${open.join(' and ')} not isolated`] : []),
    ...(e.hostNetwork ? ['host network: NetworkPolicies do not apply'] : []),
  ];
  return notes.length > 0 ? ` ⚠ ${notes.join('; ')}` : '';
}

function portMatches(ports: unknown, protocol: string, port: number, portName?: string): boolean {
  if (!Array.isArray(ports) || ports.length === 0) return true;
  return ports.some((p: any) => {
    if ((p?.protocol ?? 'TCP') !== protocol) return false;
    if (p?.port === undefined || p?.port === null) return true;
    if (typeof p.port === 'string') return p.port === portName || p.port === String(port);
    if (typeof p.endPort === 'number') return port >= p.port && port <= p.endPort;
    return p.port === port;
  });
}

/**
 * Text from the input inside a Mermaid label: control characters escaped (they could rewrite the terminal
 * or start a new statement) and `"` as Mermaid's entity, so a name cannot close the label and add edges.
 */
function mermaidText(s: string): string {
  return escapeText(s).replace(/"/g, '#quot;');
}

/** Renders flows as a Mermaid flowchart. */
export function toMermaid(model: FlowModel, flows: Flow[]): string {
  const ids = nodeIds(model, flows);
  const lines = ['flowchart LR'];
  for (const [name, id] of ids) {
    const e = model.endpoints.find(x => x.id === name);
    const outside = !e && name !== 'any' && name !== KUBE_DNS.id;
    lines.push(`  ${id}${name === 'any' ? '(("any"))' : outside ? `(["${mermaidText(name)}"])` : `["${mermaidText(name + nodeWarning(model, e))}"]`}`);
  }
  for (const f of flows) {
    lines.push(`  ${ids.get(f.from)} -->|"${mermaidText(f.ports.join(', '))}${f.meshAuthorized ? ' (mTLS authz)' : ''}"| ${ids.get(f.to)}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Renders flows as Graphviz DOT. */
export function toDot(model: FlowModel, flows: Flow[]): string {
  const ids = nodeIds(model, flows);
  const lines = ['digraph flows {', '  rankdir=LR;', '  node [shape=box];'];
  for (const [name, id] of ids) {
    const e = model.endpoints.find(x => x.id === name);
    const warning = nodeWarning(model, e);
    const outside = !e && name !== KUBE_DNS.id;
    lines.push(`  ${id} [label=${JSON.stringify(escapeText(name))}${outside ? ', shape=ellipse' : ''}`
      + `${warning ? `, color=red, style=dashed, xlabel=${JSON.stringify(escapeText(warning.replace(/^ ⚠ /, '')))}` : ''}];`);
  }
  for (const f of flows) {
    lines.push(`  ${ids.get(f.from)} -> ${ids.get(f.to)} [label=${JSON.stringify(escapeText(f.ports.join(', ')) + (f.meshAuthorized ? ' (mTLS authz)' : ''))}];`);
  }
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

function nodeIds(model: FlowModel, flows: Flow[]): Map<string, string> {
  const names = [...model.endpoints.map(e => e.id)];
  for (const f of flows) for (const n of [f.from, f.to]) if (!names.includes(n)) names.push(n);
  return new Map(names.map((n, i) => [n, `n${i}`]));
}
