import { fullFamilies, ipBlockRanges } from './_cidr';
import { isRecord } from '../../_path';
import { isEmptySelector } from '../../_selector';

/** The label the API server sets on every namespace (its name): `Exists` on it matches every namespace. */
const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

/**
 * True for a namespaceSelector that matches every namespace: empty, or only requirements every namespace
 * meets (`kubernetes.io/metadata.name Exists`).
 */
export function matchesEveryNamespace(selector: unknown): boolean {
  if (!isRecord(selector)) return false;
  if (isEmptySelector(selector)) return true;
  if (isRecord(selector.matchLabels) && Object.keys(selector.matchLabels).length > 0) return false;
  const exprs = Array.isArray(selector.matchExpressions) ? selector.matchExpressions : [];
  return exprs.every((e: any) => isRecord(e) && e.key === NAMESPACE_NAME_LABEL && e.operator === 'Exists');
}

/** True for a NetworkPolicy peer that matches every pod of every namespace, or `{}`. */
export function isAnyPeer(peer: unknown): boolean {
  if (!isRecord(peer)) return false;
  if (isRecord(peer.ipBlock)) {
    return fullFamilies(ipBlockRanges(peer.ipBlock) ?? []).length > 0;
  }
  const keys = Object.keys(peer).filter(k => peer[k] !== undefined);
  if (keys.length === 0) return true;
  // Every pod in every namespace.
  return matchesEveryNamespace(peer.namespaceSelector) && (peer.podSelector === undefined || isEmptySelector(peer.podSelector));
}

/**
 * True when the peers of one rule together let every address of a family through: one of them is "any",
 * or their ipBlocks (minus their except blocks) cover all of IPv4 or all of IPv6.
 */
export function peersAllowAll(peers: unknown[]): boolean {
  if (peers.some(isAnyPeer)) return true;
  const ranges = peers.flatMap(p => (isRecord(p) && isRecord(p.ipBlock) ? ipBlockRanges(p.ipBlock) ?? [] : []));
  return fullFamilies(ranges).length > 0;
}

/** The rules of `direction` that let every peer through: no peer list, or peers that together allow all. */
export function allowAllRules(spec: Record<string, any>, direction: 'ingress' | 'egress'): number[] {
  const rules = Array.isArray(spec[direction]) ? spec[direction] : [];
  const key = direction === 'ingress' ? 'from' : 'to';
  const out: number[] = [];
  rules.forEach((rule: any, i: number) => {
    const peers = rule?.[key];
    if (!Array.isArray(peers) || peers.length === 0 || peersAllowAll(peers)) out.push(i);
  });
  return out;
}
