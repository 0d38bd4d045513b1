import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { clusterScopedObject, MANAGED_BY } from './_api-object';
import { firstDuplicate, labelKeyProblem, labelValueProblem, namespaceProblem, objectNameProblem } from './_validate';
import { SecureError } from '../_errors';
import { CEL_RULES, celRule, NO_CEL } from './cel/_catalog';
import { CelRule, usedVariables } from './cel/_rule';
import { RuleCatalog } from '../checks/catalog';
import { Severity } from '../checks/finding';

const NAME = 'CatalogAdmissionPolicies';

/**
 * What the API server does when a ValidatingAdmissionPolicy fails (`validationActions` of its binding).
 * @see https://kubernetes.io/docs/reference/access-authn-authz/validating-admission-policy/#validation-actions
 */
export enum AdmissionValidationAction {
  /** Reject the request. */
  DENY = 'Deny',
  /** Accept the request and return a warning to the client (kubectl prints it). Not together with DENY. */
  WARN = 'Warn',
  /** Accept the request and record the failure in the audit event (`validation.policy.admission.k8s.io/validation_failure`). */
  AUDIT = 'Audit',
}

/**
 * What the API server does when an expression cannot be evaluated (an error, or the cost limit).
 */
export enum AdmissionFailurePolicy {
  /** Treat it as a failed validation (the binding's actions apply). */
  FAIL = 'Fail',
  /** Let the request through. */
  IGNORE = 'Ignore',
}

/**
 * Props of `CatalogAdmissionPolicies`.
 */
export interface CatalogAdmissionPoliciesProps {
  /**
   * Rule ids to emit a policy for. Each must have a CEL form (`CatalogAdmissionPolicies.supportedRuleIds()`).
   * @default - `CatalogAdmissionPolicies.defaultRuleIds()`: every rule with a CEL form of severity error or warning, except the opt-in RBAC rules (CS501-CS507, CS509) and CS322 (Service externalIPs)
   */
  readonly rules?: string[];
  /**
   * Rule ids to leave out of `rules`.
   * @default - none
   */
  readonly excludeRules?: string[];
  /**
   * Binding actions for rules of severity error.
   * @default [AdmissionValidationAction.DENY]
   */
  readonly errorActions?: AdmissionValidationAction[];
  /**
   * Binding actions for rules of severity warning or info.
   * @default [AdmissionValidationAction.WARN]
   */
  readonly warningActions?: AdmissionValidationAction[];
  /**
   * Only objects in these namespaces are checked.
   * @default - every namespace except `excludedNamespaces`
   */
  readonly namespaces?: string[];
  /**
   * Namespaces whose objects are never checked (matched on the `kubernetes.io/metadata.name` label the API
   * server sets on every namespace). Pass `[]` to check every namespace.
   * @default ['kube-system'] (system components there run privileged by design)
   */
  readonly excludedNamespaces?: string[];
  /**
   * Only objects in namespaces carrying all of these labels are checked.
   * @default - no label condition
   */
  readonly namespaceLabels?: { [key: string]: string };
  /**
   * What happens when an expression cannot be evaluated.
   * @default AdmissionFailurePolicy.FAIL (an admission control that fails open is no control)
   */
  readonly failurePolicy?: AdmissionFailurePolicy;
  /**
   * Prefix of the policy and binding names; each is `<prefix>-<rule id in lower case>`.
   * @default 'cdk8s-secure'
   */
  readonly namePrefix?: string;
}

/**
 * One `ValidatingAdmissionPolicy` and its `ValidatingAdmissionPolicyBinding` (admissionregistration.k8s.io/v1,
 * Kubernetes 1.30+) per catalog rule that CEL can express, so the cluster refuses what `cdk8s-secure check`
 * reports. Pod rules cover Pods (and `kubectl debug` ephemeral containers) and the pod templates of
 * Deployments, StatefulSets, DaemonSets, ReplicaSets, ReplicationControllers, Jobs and CronJobs.
 *
 * Suppression annotations are not honoured at admission: an exception in the cluster is a namespace
 * exclusion or a rule left out, decided by whoever applies these policies.
 */
export class CatalogAdmissionPolicies extends Construct {
  /** Ids of every rule that has a CEL form, in id order. */
  public static supportedRuleIds(): string[] {
    return CEL_RULES.map(r => r.id);
  }

  /** Ids of the rules emitted when `rules` is not given. */
  public static defaultRuleIds(): string[] {
    return CEL_RULES.filter(r => !r.optIn && RuleCatalog.find(r.id)?.severity !== Severity.INFO).map(r => r.id);
  }

  /** Ids of the rules this construct emitted a policy for, in id order. */
  public readonly ruleIds: string[];
  /** Names of the emitted policies (each binding has the same name as its policy). */
  public readonly policyNames: string[];

  private readonly objects = new Map<string, { policy: ApiObject; binding: ApiObject }>();

  constructor(scope: Construct, id: string, props: CatalogAdmissionPoliciesProps = {}) {
    super(scope, id);
    const prefix = props.namePrefix ?? 'cdk8s-secure';
    const prefixProblem = objectNameProblem(`${prefix}-cs000`, 'namePrefix');
    if (prefixProblem || prefix.length > 240) {
      SecureError.raise(this, 'CSE605', NAME, `namePrefix ${JSON.stringify(prefix)} does not make a valid object name`,
        'Use lower-case letters, digits and "-" (at most 240 characters), e.g. "platform-security".');
    }
    const ruleIds = this.selectRules(props);
    const errorActions = this.actions('errorActions', props.errorActions ?? [AdmissionValidationAction.DENY]);
    const warningActions = this.actions('warningActions', props.warningActions ?? [AdmissionValidationAction.WARN]);
    const namespaceSelector = this.namespaceSelector(props);

    this.ruleIds = ruleIds;
    this.policyNames = [];
    for (const ruleId of ruleIds) {
      const rule = celRule(ruleId)!;
      const info = RuleCatalog.find(ruleId)!;
      const name = `${prefix}-${ruleId.toLowerCase()}`;
      const group = new Construct(this, ruleId);
      const labels = { ...MANAGED_BY, 'cdk8s-secure.io/rule': ruleId };
      const policy = clusterScopedObject(group, 'Policy', {
        apiVersion: 'admissionregistration.k8s.io/v1',
        kind: 'ValidatingAdmissionPolicy',
        metadata: { name, labels, annotations: { 'cdk8s-secure.io/rule-title': info.title } },
        spec: policySpec(rule, `${ruleId}: ${info.title}. ${info.fix}`, props.failurePolicy ?? AdmissionFailurePolicy.FAIL),
      });
      const binding = clusterScopedObject(group, 'Binding', {
        apiVersion: 'admissionregistration.k8s.io/v1',
        kind: 'ValidatingAdmissionPolicyBinding',
        metadata: { name, labels },
        spec: {
          policyName: name,
          validationActions: info.severity === Severity.ERROR ? errorActions : warningActions,
          ...(namespaceSelector ? { matchResources: { namespaceSelector } } : {}),
        },
      });
      binding.addDependency(policy);
      this.objects.set(ruleId, { policy, binding });
      this.policyNames.push(name);
    }
  }

  /** The ValidatingAdmissionPolicy emitted for `ruleId`. Throws for a rule that was not emitted. */
  public policyOf(ruleId: string): ApiObject {
    return this.emitted(ruleId).policy;
  }

  /** The ValidatingAdmissionPolicyBinding emitted for `ruleId`. Throws for a rule that was not emitted. */
  public bindingOf(ruleId: string): ApiObject {
    return this.emitted(ruleId).binding;
  }

  private emitted(ruleId: string): { policy: ApiObject; binding: ApiObject } {
    const found = this.objects.get(ruleId);
    if (!found) {
      SecureError.raise(this, 'CSE609', NAME, `no policy was emitted for rule ${JSON.stringify(ruleId)}`,
        `Use one of ${this.ruleIds.join(', ')}.`);
    }
    return found;
  }

  private selectRules(props: CatalogAdmissionPoliciesProps): string[] {
    for (const [prop, list] of [['rules', props.rules], ['excludeRules', props.excludeRules]] as const) {
      for (const id of list ?? []) {
        if (!RuleCatalog.find(id)) {
          SecureError.raise(this, 'CSE601', NAME, `${prop} names the unknown rule id ${JSON.stringify(id)}`,
            'Use an id from the rule catalog (`cdk8s-secure rules`), e.g. "CS103".');
        }
        if (prop === 'rules' && !celRule(id)) {
          SecureError.raise(this, 'CSE602', NAME, `rule ${id} has no admission policy form: ${NO_CEL[id] ?? 'it has no CEL expression'}`,
            `Remove it from rules; rules with one are ${CatalogAdmissionPolicies.supportedRuleIds().join(', ')}.`);
        }
      }
    }
    const excluded = new Set(props.excludeRules ?? []);
    const wanted = new Set(props.rules ?? CatalogAdmissionPolicies.defaultRuleIds());
    const selected = CatalogAdmissionPolicies.supportedRuleIds().filter(id => wanted.has(id) && !excluded.has(id));
    if (selected.length === 0) {
      SecureError.raise(this, 'CSE606', NAME, 'no rule is left to emit a policy for',
        'Leave rules unset for the default set, or name at least one rule that excludeRules does not remove.');
    }
    return selected;
  }

  private actions(prop: string, actions: AdmissionValidationAction[]): AdmissionValidationAction[] {
    const fix = 'Pick one or more distinct actions; use Deny (optionally with Audit), or Warn and/or Audit.';
    if (actions.length === 0) SecureError.raise(this, 'CSE603', NAME, `${prop} is empty: a binding without actions is rejected by the API server`, fix);
    const dup = firstDuplicate(actions);
    if (dup) SecureError.raise(this, 'CSE603', NAME, `${prop} lists ${dup} twice`, fix);
    if (actions.includes(AdmissionValidationAction.DENY) && actions.includes(AdmissionValidationAction.WARN)) {
      SecureError.raise(this, 'CSE603', NAME, `${prop} combines Deny and Warn, which the API server rejects (a denied request already carries the message)`, fix);
    }
    return [...actions];
  }

  private namespaceSelector(props: CatalogAdmissionPoliciesProps): Record<string, any> | undefined {
    const included = props.namespaces ?? [];
    const excluded = props.excludedNamespaces ?? ['kube-system'];
    for (const ns of [...included, ...excluded]) {
      const problem = namespaceProblem(ns);
      if (problem) SecureError.raise(this, 'CSE604', NAME, problem, 'Use namespace names as `kubectl get namespaces` prints them.');
    }
    const both = included.find(ns => excluded.includes(ns));
    if (both) {
      SecureError.raise(this, 'CSE608', NAME, `namespace ${JSON.stringify(both)} is both in namespaces and in excludedNamespaces`,
        'Remove it from one of the two lists.');
    }
    const labels = props.namespaceLabels ?? {};
    for (const [k, v] of Object.entries(labels)) {
      const problem = labelKeyProblem(k) ?? labelValueProblem(k, v);
      if (problem) SecureError.raise(this, 'CSE607', NAME, `namespaceLabels: ${problem}`, 'Use the label as `kubectl get namespace --show-labels` prints it.');
    }
    const matchExpressions = [
      ...(included.length > 0 ? [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: [...included] }] : []),
      ...(excluded.length > 0 ? [{ key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: [...excluded] }] : []),
    ];
    if (matchExpressions.length === 0 && Object.keys(labels).length === 0) return undefined;
    return {
      ...(Object.keys(labels).length > 0 ? { matchLabels: { ...labels } } : {}),
      ...(matchExpressions.length > 0 ? { matchExpressions } : {}),
    };
  }
}

/** The spec of the ValidatingAdmissionPolicy of one rule. */
function policySpec(rule: CelRule, message: string, failurePolicy: AdmissionFailurePolicy): Record<string, any> {
  const operations = ['CREATE', 'UPDATE'];
  return {
    failurePolicy,
    matchConstraints: {
      resourceRules: rule.target.resourceRules.map(r => ({ ...r, operations })),
    },
    matchConditions: [{ ...rule.target.changed }],
    ...(usedVariables(rule).length > 0 ? { variables: usedVariables(rule) } : {}),
    validations: rule.validations.map(expression => ({ expression, message })),
  };
}
