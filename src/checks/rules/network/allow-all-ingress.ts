import { allowAllRules } from './_allow-all';
import { kindRule } from '../../_rule';
import { Severity } from '../../finding';

export const allowAllIngress = kindRule({
  id: 'CS305',
  title: 'NetworkPolicy allows ingress from anywhere',
  severity: Severity.ERROR,
  description: 'Fails when a NetworkPolicy ingress rule has no `from` (or an empty one), a peer `{}`, a peer selecting every pod of every namespace, ipBlocks that together cover all of IPv4 or IPv6 (any `/0`, e.g. 0.0.0.0/0, 0::/0, 10.0.0.0/0, or 0.0.0.0/1 with 128.0.0.0/1), or a namespaceSelector every namespace matches (empty, or kubernetes.io/metadata.name Exists) without a narrower podSelector.',
  rationale: 'Such a rule undoes the isolation the policy was written for: every pod, and possibly the internet, can connect.',
  fix: 'List the peers that need access (podSelector / namespaceSelector / a narrow ipBlock), or suppress with the reason (e.g. an ingress controller).',
  references: ['CIS 5.3.2', 'NSA: Network separation and hardening'],
}, ['NetworkPolicy'], (obj) => allowAllRules(obj.spec ?? {}, 'ingress')
  .map(i => ({ path: ['spec', 'ingress', i], message: `ingress rule ${i} allows traffic from any source` })));
