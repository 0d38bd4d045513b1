import { allowAllRules } from './_allow-all';
import { kindRule } from '../../_rule';
import { Severity } from '../../finding';

export const allowAllEgress = kindRule({
  id: 'CS306',
  title: 'NetworkPolicy allows egress to anywhere',
  severity: Severity.ERROR,
  description: 'Fails when a NetworkPolicy egress rule has no `to` (or an empty one), a peer `{}`, a peer selecting every pod of every namespace, or ipBlock 0.0.0.0/0 or ::/0.',
  rationale: 'Unrestricted egress lets a compromised pod reach every service in the cluster and exfiltrate data to the internet.',
  fix: 'List the destinations the pods need (and DNS), or suppress with the reason.',
  references: ['CIS 5.3.2', 'NSA: Network separation and hardening'],
}, ['NetworkPolicy'], (obj) => allowAllRules(obj.spec ?? {}, 'egress')
  .map(i => ({ path: ['spec', 'egress', i], message: `egress rule ${i} allows traffic to any destination` })));
