import { isVapObject } from './_admission';
import { kindRule, RawFinding } from '../../_rule';
import { Severity } from '../../finding';

const ACTIONS = ['Deny', 'Warn', 'Audit'];

export const bindingActions = kindRule({
  id: 'CS603',
  title: 'Binding with invalid validationActions',
  severity: Severity.ERROR,
  description: 'Fails when a ValidatingAdmissionPolicyBinding has no validationActions, an action other than Deny, Warn or Audit, an action twice, or Deny together with Warn.',
  rationale: 'The API server rejects such a binding, so the policy it was meant to enforce never is; finding it in CI is cheaper than in the apply log.',
  fix: 'Set spec.validationActions to [Deny], [Deny, Audit], [Warn], [Audit] or [Warn, Audit].',
  references: ['Kubernetes: ValidatingAdmissionPolicyBinding validationActions'],
}, ['ValidatingAdmissionPolicyBinding'], (obj) => {
  if (!isVapObject(obj)) return [];
  const actions = obj.spec?.validationActions;
  const path = ['spec', 'validationActions'];
  if (!Array.isArray(actions) || actions.length === 0) return [{ path, message: 'the binding has no validationActions' }];
  const out: RawFinding[] = [];
  actions.forEach((a: unknown, i: number) => {
    if (!ACTIONS.includes(a as string)) out.push({ path: [...path, i], message: `validationActions[${i}] is ${JSON.stringify(a)}, not one of Deny, Warn, Audit` });
    else if (actions.indexOf(a) !== i) out.push({ path: [...path, i], message: `validationActions lists ${a} twice` });
  });
  if (actions.includes('Deny') && actions.includes('Warn')) out.push({ path, message: 'validationActions combines Deny and Warn, which the API server rejects' });
  return out;
});
