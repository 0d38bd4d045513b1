import { SetRule } from '../../_rule';
import { Severity } from '../../finding';

const GATEWAY_GROUP = 'gateway.networking.k8s.io';

interface ListenerSummary {
  readonly name: string;
  readonly protocol: string;
  readonly port?: number;
  /** allowedRoutes.namespaces.from: Same (the default), All or Selector. */
  readonly from: string;
  /** False when allowedRoutes.kinds is set and does not list HTTPRoute. */
  readonly takesHttpRoutes: boolean;
}

interface ParentRefSummary {
  readonly index: number;
  /** Namespace and name of the Gateway. */
  readonly namespace: string;
  readonly name: string;
  readonly sectionName?: string;
  readonly port?: number;
}

/** A Gateway's listeners, or an HTTPRoute's references to Gateways. */
export type HttpRouteTlsSummary =
  | { readonly type: 'gateway'; readonly namespace: string; readonly name: string; readonly listeners: ListenerSummary[] }
  | { readonly type: 'route'; readonly namespace: string; readonly parentRefs: ParentRefSummary[]; readonly redirectsToHttps: boolean };

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);
const list = (v: unknown): any[] => (Array.isArray(v) ? v.filter(x => x !== null && typeof x === 'object') : []);
const groupOf = (apiVersion: unknown): string => (typeof apiVersion === 'string' && apiVersion.includes('/') ? apiVersion.split('/')[0] : '');

/** True when every rule of the route answers with a redirect to https (the usual HTTP listener route). */
function redirectsToHttps(spec: any): boolean {
  const rules = list(spec?.rules);
  return rules.length > 0 && rules.every(r => list(r.filters).some(f => f.type === 'RequestRedirect' && f.requestRedirect?.scheme === 'https'));
}

function collect(obj: Record<string, any>): HttpRouteTlsSummary | undefined {
  if (groupOf(obj.apiVersion) !== GATEWAY_GROUP) return undefined;
  const namespace = str(obj.metadata?.namespace);
  if (obj.kind === 'Gateway') {
    const listeners = list(obj.spec?.listeners).map((l): ListenerSummary => {
      const kinds = list(l.allowedRoutes?.kinds);
      return {
        name: str(l.name),
        protocol: str(l.protocol),
        port: num(l.port),
        from: str(l.allowedRoutes?.namespaces?.from) || 'Same',
        takesHttpRoutes: kinds.length === 0 || kinds.some(k => k.kind === 'HTTPRoute' && (k.group === undefined || k.group === GATEWAY_GROUP)),
      };
    });
    return { type: 'gateway', namespace, name: str(obj.metadata?.name), listeners };
  }
  if (obj.kind === 'HTTPRoute') {
    const parentRefs: ParentRefSummary[] = [];
    (Array.isArray(obj.spec?.parentRefs) ? obj.spec.parentRefs : []).forEach((p: any, index: number) => {
      if (p === null || typeof p !== 'object') return;
      if ((p.group ?? GATEWAY_GROUP) !== GATEWAY_GROUP || (p.kind ?? 'Gateway') !== 'Gateway') return;
      parentRefs.push({
        index,
        namespace: typeof p.namespace === 'string' ? p.namespace : namespace,
        name: str(p.name),
        sectionName: typeof p.sectionName === 'string' ? p.sectionName : undefined,
        port: num(p.port),
      });
    });
    return { type: 'route', namespace, parentRefs, redirectsToHttps: redirectsToHttps(obj.spec) };
  }
  return undefined;
}

/** The listeners of `gateway` the reference attaches the route to. */
function attached(ref: ParentRefSummary, routeNamespace: string, gateway: { namespace: string; listeners: ListenerSummary[] }): ListenerSummary[] {
  return gateway.listeners.filter(l =>
    (ref.sectionName === undefined || l.name === ref.sectionName)
    && (ref.port === undefined || l.port === ref.port)
    && l.takesHttpRoutes
    // A Selector cannot be judged without the namespace's labels: the route is taken as attached.
    && (l.from !== 'Same' || gateway.namespace === routeNamespace));
}

export const httpRouteTls: SetRule<HttpRouteTlsSummary> = {
  id: 'CS321',
  title: 'HTTPRoute on a listener without TLS',
  severity: Severity.ERROR,
  description: 'Fails when an HTTPRoute (gateway.networking.k8s.io) attaches, through spec.parentRefs, to a listener of protocol HTTP of a Gateway in the same input. The Gateway is looked up in the parentRef namespace (default: the route\'s); sectionName and port narrow the listeners; a listener whose allowedRoutes refuses the route (namespaces from Same in another namespace, kinds without HTTPRoute) is skipped, one with a namespace Selector is taken as attached. A route whose every rule redirects to https is accepted.',
  rationale: 'A route on a plain HTTP listener serves the application without TLS: credentials, cookies and data cross the network readable and alterable. On an HTTP listener only a redirect to https is safe.',
  fix: 'Attach the route to an HTTPS listener (parentRefs[].sectionName), make its rules redirect to https on the HTTP listener, or suppress with the reason the traffic is plain HTTP.',
  references: ['Gateway API: Listener protocol and TLS', 'NSA: Network separation and hardening'],
  scope: 'set',
  appliesTo: (kind, apiVersion) => kind === 'HTTPRoute' && (apiVersion === undefined || groupOf(apiVersion) === GATEWAY_GROUP),
  reads: (kind, apiVersion) => kind === 'Gateway' && (apiVersion === undefined || groupOf(apiVersion) === GATEWAY_GROUP),
  collect,
  findingPath: s => (s.type === 'route' ? ['spec', 'parentRefs'] : ['metadata', 'name']),
  finish(summaries) {
    const gateways = new Map<string, { namespace: string; listeners: ListenerSummary[] }>();
    for (const s of summaries) if (s.type === 'gateway') gateways.set(`${s.namespace}\u0000${s.name}`, s);
    return summaries.flatMap((s, at) => {
      if (s.type !== 'route' || s.redirectsToHttps) return [];
      return s.parentRefs.flatMap(ref => {
        const gateway = gateways.get(`${ref.namespace}\u0000${ref.name}`);
        const plain = gateway ? attached(ref, s.namespace, gateway).filter(l => l.protocol === 'HTTP') : [];
        if (plain.length === 0) return [];
        const names = plain.map(l => `"${l.name}"${l.port === undefined ? '' : ` (port ${l.port})`}`).join(', ');
        return [{ at, finding: { path: ['spec', 'parentRefs', ref.index], message: `parentRef ${ref.index} attaches the route to listener ${names} of Gateway ${ref.namespace || '(unset)'}/${ref.name}, of protocol HTTP: the route is served without TLS` } }];
      });
    });
  },
};
