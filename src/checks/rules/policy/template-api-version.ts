import { groupOf, TEMPLATES_GROUP } from './_admission';
import { kindRule } from '../../_rule';
import { Severity } from '../../finding';

export const templateApiVersion = kindRule({
  id: 'CS611',
  title: 'ConstraintTemplate on an old API version',
  severity: Severity.WARNING,
  description: 'Warns when a Gatekeeper ConstraintTemplate uses templates.gatekeeper.sh/v1beta1 or v1alpha1 instead of v1.',
  rationale: 'v1 is the stable version (Gatekeeper 3.6+) and requires a structural parameter schema; the older versions are kept for compatibility only and accept schemas that v1 rejects.',
  fix: 'Change apiVersion to templates.gatekeeper.sh/v1 and make the openAPIV3Schema structural (a type on every property).',
  references: ['Gatekeeper: ConstraintTemplate v1'],
}, ['ConstraintTemplate'], (obj) => groupOf(obj.apiVersion) === TEMPLATES_GROUP && obj.apiVersion !== `${TEMPLATES_GROUP}/v1`
  ? [{ path: ['apiVersion'], message: `the ConstraintTemplate uses ${obj.apiVersion}; use ${TEMPLATES_GROUP}/v1` }]
  : []);
