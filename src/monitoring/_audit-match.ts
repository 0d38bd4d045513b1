/**
 * How kube-apiserver matches a request against an audit policy rule (k8s.io/apiserver
 * pkg/audit/policy/checker.go semantics): every filter that is set must match; `namespaces` or `resources`
 * make a rule match resource requests only, `nonResourceURLs` non-resource requests only; users, groups,
 * verbs and namespaces have no wildcard; in resources `*` matches every resource and subresource,
 * `r/*` matches r and its subresources, `* /s` (no blank) matches subresource s of any resource; a
 * non-resource URL ending in `*` matches by prefix. The first matching rule wins; no match means None.
 */

/** The parts of a rule that decide whether it matches. */
export interface MatchRule {
  readonly users?: string[];
  readonly userGroups?: string[];
  readonly verbs?: string[];
  readonly namespaces?: string[];
  readonly resources?: Array<{ readonly group?: string; readonly resources?: string[]; readonly resourceNames?: string[] }>;
  readonly nonResourceURLs?: string[];
}

/** A request, as the audit policy checker sees it. */
export interface AuditRequest {
  readonly user: string;
  readonly groups: string[];
  readonly verb: string;
  /** Set for resource requests. */
  readonly resource?: {
    readonly group: string;
    readonly resource: string;
    readonly subresource: string;
    /** "" for cluster-scoped resources and requests across all namespaces. */
    readonly namespace: string;
    readonly name: string;
  };
  /** Set for non-resource requests. */
  readonly path?: string;
}

const nonEmpty = <T>(a: readonly T[] | undefined): a is T[] => a !== undefined && a.length > 0;

/** True when the resource pattern `p` matches `resource` / `subresource`. */
export function resourcePatternMatches(p: string, resource: string, subresource: string): boolean {
  const combined = subresource ? `${resource}/${subresource}` : resource;
  if (p === combined || p === '*') return true;
  if (subresource && p.startsWith('*/') && p.slice(2) === subresource) return true;
  return p.endsWith('/*') && p.slice(0, -2) === resource;
}

/** True when the non-resource URL pattern `spec` matches `path`. */
export function urlPatternMatches(spec: string, path: string): boolean {
  if (spec === '*' || spec === path) return true;
  return spec.endsWith('*') && path.startsWith(spec.replace(/\*+$/, ''));
}

/** True when `rule` matches `req`. */
export function ruleMatches(rule: MatchRule, req: AuditRequest): boolean {
  if (nonEmpty(rule.users) && !rule.users.includes(req.user)) return false;
  if (nonEmpty(rule.userGroups) && !req.groups.some(g => rule.userGroups!.includes(g))) return false;
  if (nonEmpty(rule.verbs) && !rule.verbs.includes(req.verb)) return false;
  if (nonEmpty(rule.namespaces) || nonEmpty(rule.resources)) {
    const r = req.resource;
    if (!r) return false;
    if (nonEmpty(rule.namespaces) && !rule.namespaces.includes(r.namespace)) return false;
    if (!nonEmpty(rule.resources)) return true;
    const nameOk = (names: string[] | undefined) => !nonEmpty(names) || names.includes(r.name);
    return rule.resources.some(gr => (gr.group ?? '') === r.group && (!nonEmpty(gr.resources)
      || gr.resources.some(p => nameOk(gr.resourceNames) && resourcePatternMatches(p, r.resource, r.subresource))));
  }
  if (nonEmpty(rule.nonResourceURLs)) {
    return req.resource === undefined && req.path !== undefined && rule.nonResourceURLs.some(u => urlPatternMatches(u, req.path!));
  }
  return true;
}

/** True when every value `inner` allows is allowed by `outer` (an unset filter allows everything). */
function filterCovers(outer: readonly string[] | undefined, inner: readonly string[] | undefined): boolean {
  if (!nonEmpty(outer)) return true;
  return nonEmpty(inner) && inner.every(v => outer.includes(v));
}

/** True when resource pattern `outer` matches everything `inner` matches. */
export function resourcePatternCovers(outer: string, inner: string): boolean {
  if (outer === '*' || outer === inner) return true;
  if (inner === '*') return false;
  const parts = inner.split('/');
  if (outer.endsWith('/*') && !outer.startsWith('*/')) {
    // `r/*`: resource r, with or without a subresource.
    const r = outer.slice(0, -2);
    return parts[0] === r && parts.length <= 2;
  }
  if (outer.startsWith('*/') && !outer.endsWith('/*')) {
    // `*/s`: subresource s of any resource.
    return parts.length === 2 && parts[0] !== '*' && parts[1] === outer.slice(2);
  }
  return false;
}

/** True when URL pattern `outer` matches every path `inner` matches. */
export function urlPatternCovers(outer: string, inner: string): boolean {
  if (outer === '*' || outer === inner) return true;
  if (inner === '*') return false;
  if (!outer.endsWith('*')) return false;
  const prefix = outer.replace(/\*+$/, '');
  return inner.replace(/\*+$/, '').startsWith(prefix);
}

type Kind = 'all' | 'resource' | 'nonResource';

function kindOf(rule: MatchRule): Kind {
  if (nonEmpty(rule.namespaces) || nonEmpty(rule.resources)) return 'resource';
  if (nonEmpty(rule.nonResourceURLs)) return 'nonResource';
  return 'all';
}

/**
 * True when `outer` matches every request that `inner` matches (so `inner`, placed after `outer`, never
 * applies). Sound but not complete: false when unsure.
 */
export function ruleCovers(outer: MatchRule, inner: MatchRule): boolean {
  const who = filterCovers(outer.users, inner.users) && filterCovers(outer.userGroups, inner.userGroups);
  if (!who || !filterCovers(outer.verbs, inner.verbs)) return false;
  const ko = kindOf(outer);
  const ki = kindOf(inner);
  if (ko === 'all') return true;
  if (ko !== ki) return false;
  if (ko === 'nonResource') return inner.nonResourceURLs!.every(i => outer.nonResourceURLs!.some(o => urlPatternCovers(o, i)));
  if (!filterCovers(outer.namespaces, inner.namespaces)) return false;
  if (!nonEmpty(outer.resources)) return true;
  if (!nonEmpty(inner.resources)) return false;
  return inner.resources.every(igr => {
    const group = igr.group ?? '';
    const sameGroup = outer.resources!.filter(ogr => (ogr.group ?? '') === group);
    if (sameGroup.some(ogr => !nonEmpty(ogr.resources))) return true;
    if (!nonEmpty(igr.resources)) return false;
    return igr.resources.every(ires => sameGroup.some(ogr => filterCovers(ogr.resourceNames, igr.resourceNames)
      && ogr.resources!.some(ores => resourcePatternCovers(ores, ires))));
  });
}

/** A resource (or subresource) whose request or response bodies carry credentials. */
export interface SensitiveTarget {
  readonly label: string;
  readonly group: string;
  readonly resource: string;
  readonly subresource: string;
  readonly clusterScoped: boolean;
}

/** Secrets, configmaps, tokenreviews and serviceaccounts/token (CIS 3.2.2: log them at Metadata only). */
export const SENSITIVE_TARGETS: readonly SensitiveTarget[] = [
  { label: 'secrets', group: '', resource: 'secrets', subresource: '', clusterScoped: false },
  { label: 'configmaps', group: '', resource: 'configmaps', subresource: '', clusterScoped: false },
  { label: 'tokenreviews', group: 'authentication.k8s.io', resource: 'tokenreviews', subresource: '', clusterScoped: true },
  { label: 'serviceaccounts/token', group: '', resource: 'serviceaccounts', subresource: 'token', clusterScoped: false },
];

/** True when some request to `t` matches `rule`. */
export function mayMatchTarget(rule: MatchRule, t: SensitiveTarget): boolean {
  const kind = kindOf(rule);
  if (kind === 'nonResource') return false;
  if (kind === 'all') return true;
  if (nonEmpty(rule.namespaces) && t.clusterScoped && !rule.namespaces.includes('')) return false;
  if (!nonEmpty(rule.resources)) return true;
  return rule.resources.some(gr => (gr.group ?? '') === t.group
    && (!nonEmpty(gr.resources) || gr.resources.some(p => resourcePatternMatches(p, t.resource, t.subresource))));
}

/** True when `rule` matches every request to `t`. */
export function coversTarget(rule: MatchRule, t: SensitiveTarget): boolean {
  if (nonEmpty(rule.users) || nonEmpty(rule.userGroups) || nonEmpty(rule.verbs) || nonEmpty(rule.namespaces)) return false;
  const kind = kindOf(rule);
  if (kind === 'all') return true;
  if (kind !== 'resource') return false;
  return rule.resources!.some(gr => (gr.group ?? '') === t.group
    && (!nonEmpty(gr.resources) || (!nonEmpty(gr.resourceNames) && gr.resources.some(p => resourcePatternMatches(p, t.resource, t.subresource)))));
}
