import { CONSTRAINTS_GROUP, groupOf } from './_admission';
import { ObjectRule } from '../../_rule';
import { Severity } from '../../finding';

export const constraintDryrun: ObjectRule = {
  id: 'CS612',
  title: 'Gatekeeper constraint in dryrun',
  severity: Severity.WARNING,
  description: 'Warns when a Gatekeeper constraint (constraints.gatekeeper.sh) sets enforcementAction: dryrun.',
  rationale: 'A dryrun constraint blocks and warns about nothing; its violations appear only in the audit status, which nobody reads during a deploy. It is a rollout step, not a control.',
  fix: 'Set enforcementAction to deny (or warn while rolling out), or suppress with a reason and an expiry date for the rollout.',
  references: ['Gatekeeper: enforcementAction'],
  scope: 'object',
  // Constraint kinds are defined by templates, so any kind may be one; check() looks at the API group.
  appliesTo: (kind, apiVersion) => typeof kind === 'string' && (apiVersion === undefined || groupOf(apiVersion) === CONSTRAINTS_GROUP),
  check: (obj) => groupOf(obj.apiVersion) === CONSTRAINTS_GROUP && obj.spec?.enforcementAction === 'dryrun'
    ? [{ path: ['spec', 'enforcementAction'], message: `the ${obj.kind} constraint is in dryrun: it enforces nothing` }]
    : [],
};
