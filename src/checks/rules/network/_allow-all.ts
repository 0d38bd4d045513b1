import { isRecord } from '../../_path';
import { isEmptySelector } from '../../_selector';

/** True for a NetworkPolicy peer that matches every source or destination. */
export function isAnyPeer(peer: unknown): boolean {
  if (!isRecord(peer)) return false;
  if (isRecord(peer.ipBlock)) {
    const cidr = peer.ipBlock.cidr;
    const except = peer.ipBlock.except;
    return (cidr === '0.0.0.0/0' || cidr === '::/0') && (!Array.isArray(except) || except.length === 0);
  }
  const keys = Object.keys(peer).filter(k => peer[k] !== undefined);
  if (keys.length === 0) return true;
  // Every pod in every namespace.
  return isEmptySelector(peer.namespaceSelector) && (peer.podSelector === undefined || isEmptySelector(peer.podSelector));
}

/** The rules of `direction` that let every peer through: no peer list, or an "any" peer. */
export function allowAllRules(spec: Record<string, any>, direction: 'ingress' | 'egress'): number[] {
  const rules = Array.isArray(spec[direction]) ? spec[direction] : [];
  const key = direction === 'ingress' ? 'from' : 'to';
  const out: number[] = [];
  rules.forEach((rule: any, i: number) => {
    const peers = rule?.[key];
    if (!Array.isArray(peers) || peers.length === 0 || peers.some(isAnyPeer)) out.push(i);
  });
  return out;
}
