import { allowAllRules } from './_allow-all';
import { kindRule } from '../../_rule';
import { Severity } from '../../finding';

export const allowAllEgress = kindRule({
  id: 'CS306',
  title: 'NetworkPolicy allows egress to anywhere',
  severity: Severity.ERROR,
  description: 'Fails when a NetworkPolicy egress rule has no `to` (or an empty one), a peer `{}`, a peer selecting every pod of every namespace, ipBlocks that together cover all of IPv4 or IPv6 (any `/0`, e.g. 0.0.0.0/0, 0::/0, 10.0.0.0/0, or 0.0.0.0/1 with 128.0.0.0/1), or a namespaceSelector every namespace matches (empty, or kubernetes.io/metadata.name Exists) without a narrower podSelector.',
  rationale: 'Unrestricted egress lets a compromised pod reach every service in the cluster and exfiltrate data to the internet.',
  fix: 'List the destinations the pods need (and DNS), or suppress with the reason.',
  references: ['CIS 5.3.2', 'NSA: Network separation and hardening'],
}, ['NetworkPolicy'], (obj) => allowAllRules(obj.spec ?? {}, 'egress')
  .map(i => ({ path: ['spec', 'egress', i], message: `egress rule ${i} allows traffic to any destination` })));
