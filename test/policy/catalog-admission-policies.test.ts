import { Chart, Testing } from 'cdk8s';
import { admit, Obj } from './_cel';
import { fieldsOf, policySchemaProblems } from './_schemas';
import {
  AdmissionFailurePolicy, AdmissionValidationAction, CatalogAdmissionPolicies, CatalogAdmissionPoliciesProps, Checker, RuleCatalog, Severity,
} from '../../src';
import { DISALLOWED_VOLUME_SOURCES } from '../../src/policy/cel/_pod-rules';
import { workload } from '../checks/rules/_fixtures';

function synth(props?: CatalogAdmissionPoliciesProps, chartNamespace?: string): { objects: Obj[]; construct: CatalogAdmissionPolicies } {
  const chart = chartNamespace ? new Chart(Testing.app(), 'test', { namespace: chartNamespace }) : Testing.chart();
  const construct = new CatalogAdmissionPolicies(chart, 'policies', props);
  return { objects: chart.toJson(), construct };
}

const byName = (objects: Obj[], kind: string, name: string) => objects.find(o => o.kind === kind && o.metadata.name === name)!;

const DEFAULT_RULES = [
  'CS101', 'CS102', 'CS103', 'CS104', 'CS105', 'CS106', 'CS107', 'CS108', 'CS109', 'CS110', 'CS111', 'CS112',
  'CS121', 'CS122', 'CS123', 'CS124', 'CS125', 'CS126', 'CS127',
  'CS201', 'CS202', 'CS203', 'CS204', 'CS205', 'CS206', 'CS207', 'CS210', 'CS211', 'CS212', 'CS213', 'CS302',
];

describe('defaults', () => {
  const { objects, construct } = synth();

  test('one policy and one binding per default rule, named after the rule', () => {
    expect(CatalogAdmissionPolicies.defaultRuleIds()).toEqual(DEFAULT_RULES);
    expect(construct.ruleIds).toEqual(DEFAULT_RULES);
    expect(objects).toHaveLength(2 * DEFAULT_RULES.length);
    expect(objects.filter(o => o.kind === 'ValidatingAdmissionPolicy').map(o => o.metadata.name))
      .toEqual(DEFAULT_RULES.map(id => `cdk8s-secure-${id.toLowerCase()}`));
    expect(construct.policyNames).toEqual(DEFAULT_RULES.map(id => `cdk8s-secure-${id.toLowerCase()}`));
    for (const o of objects) expect(o.apiVersion).toBe('admissionregistration.k8s.io/v1');
  });

  test('the opt-in RBAC rules and the info rule CS208 are left out by default', () => {
    expect(CatalogAdmissionPolicies.supportedRuleIds().filter(id => !DEFAULT_RULES.includes(id))).toEqual(['CS208', 'CS322', 'CS501', 'CS502', 'CS503', 'CS504', 'CS505', 'CS506', 'CS507', 'CS509']);
  });

  test('each binding names its policy, before which it is emitted', () => {
    for (const id of DEFAULT_RULES) {
      const name = `cdk8s-secure-${id.toLowerCase()}`;
      const policyAt = objects.findIndex(o => o.kind === 'ValidatingAdmissionPolicy' && o.metadata.name === name);
      const bindingAt = objects.findIndex(o => o.kind === 'ValidatingAdmissionPolicyBinding' && o.metadata.name === name);
      expect(objects[bindingAt].spec.policyName).toBe(name);
      expect(bindingAt).toBeGreaterThan(policyAt);
    }
  });

  test('error rules deny, warning rules warn', () => {
    for (const id of DEFAULT_RULES) {
      const binding = byName(objects, 'ValidatingAdmissionPolicyBinding', `cdk8s-secure-${id.toLowerCase()}`);
      const expected = RuleCatalog.find(id)!.severity === Severity.ERROR ? ['Deny'] : ['Warn'];
      expect({ id, actions: binding.spec.validationActions }).toEqual({ id, actions: expected });
    }
    expect(byName(objects, 'ValidatingAdmissionPolicyBinding', 'cdk8s-secure-cs210').spec.validationActions).toEqual(['Warn']);
  });

  test('kube-system is excluded by its kubernetes.io/metadata.name label', () => {
    for (const b of objects.filter(o => o.kind === 'ValidatingAdmissionPolicyBinding')) {
      expect(b.spec.matchResources).toEqual({
        namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: ['kube-system'] }] },
      });
    }
  });

  test('policies fail closed and match CREATE and UPDATE of pods, ephemeral containers and every pod template kind', () => {
    const p = byName(objects, 'ValidatingAdmissionPolicy', 'cdk8s-secure-cs103');
    expect(p.spec.failurePolicy).toBe('Fail');
    expect(p.spec.matchConstraints.resourceRules).toEqual([
      { apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE'], resources: ['pods', 'pods/ephemeralcontainers', 'replicationcontrollers'] },
      { apiGroups: ['apps'], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE'], resources: ['deployments', 'replicasets', 'statefulsets', 'daemonsets'] },
      { apiGroups: ['batch'], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE'], resources: ['jobs', 'cronjobs'] },
    ]);
    const svc = byName(objects, 'ValidatingAdmissionPolicy', 'cdk8s-secure-cs302');
    expect(svc.spec.matchConstraints.resourceRules).toEqual([{ apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE'], resources: ['services'] }]);
  });

  test('messages name the rule id, its title and its fix', () => {
    const p = byName(objects, 'ValidatingAdmissionPolicy', 'cdk8s-secure-cs103');
    expect(p.spec.validations.map((v: Obj) => v.message)).toEqual([
      'CS103: Privileged container. Set securityContext.privileged to false (or leave it out) and grant only the capability the process needs.',
    ]);
    for (const o of objects.filter(x => x.kind === 'ValidatingAdmissionPolicy')) {
      const id = o.metadata.labels['cdk8s-secure.io/rule'];
      for (const v of o.spec.validations) expect(v.message.startsWith(`${id}: ${RuleCatalog.find(id)!.title}. `)).toBe(true);
    }
  });

  test('a policy carries only the variables its expressions use', () => {
    expect(byName(objects, 'ValidatingAdmissionPolicy', 'cdk8s-secure-cs102').spec.variables.map((v: Obj) => v.name)).toEqual(['podSpec']);
    expect(byName(objects, 'ValidatingAdmissionPolicy', 'cdk8s-secure-cs107').spec.variables.map((v: Obj) => v.name))
      .toEqual(['podSpec', 'podMetadata', 'podSecurityContext', 'containers', 'initContainers', 'ephemeralContainers', 'allContainers']);
    expect(byName(objects, 'ValidatingAdmissionPolicy', 'cdk8s-secure-cs302').spec.variables).toBeUndefined();
  });

  test('labels name the rule and the manager', () => {
    expect(byName(objects, 'ValidatingAdmissionPolicyBinding', 'cdk8s-secure-cs201').metadata.labels).toEqual({
      'app.kubernetes.io/managed-by': 'cdk8s-secure', 'cdk8s-secure.io/rule': 'CS201',
    });
  });

  test('the shape of one policy', () => {
    expect(byName(objects, 'ValidatingAdmissionPolicy', 'cdk8s-secure-cs211')).toMatchSnapshot();
  });

  test('every emitted object validates against its schema', () => {
    expect(policySchemaProblems(synth({ rules: CatalogAdmissionPolicies.supportedRuleIds() }).objects)).toEqual([]);
  });

  test('the checker reports nothing on the output', () => {
    expect(new Checker().check(synth({ rules: CatalogAdmissionPolicies.supportedRuleIds() }).objects)).toEqual([]);
  });

  test('policies are cluster-scoped: no namespace even in a chart with one', () => {
    const out = synth({}, 'prod').objects;
    expect(out.filter(o => o.metadata.namespace !== undefined)).toEqual([]);
    expect(policySchemaProblems(out)).toEqual([]);
  });

  test('policyOf and bindingOf return the emitted objects', () => {
    expect(construct.policyOf('CS201').name).toBe('cdk8s-secure-cs201');
    expect(construct.bindingOf('CS201').kind).toBe('ValidatingAdmissionPolicyBinding');
  });
});

describe('options', () => {
  test('errorActions and warningActions', () => {
    const { objects } = synth({
      errorActions: [AdmissionValidationAction.WARN, AdmissionValidationAction.AUDIT],
      warningActions: [AdmissionValidationAction.AUDIT],
    });
    expect(byName(objects, 'ValidatingAdmissionPolicyBinding', 'cdk8s-secure-cs103').spec.validationActions).toEqual(['Warn', 'Audit']);
    expect(byName(objects, 'ValidatingAdmissionPolicyBinding', 'cdk8s-secure-cs213').spec.validationActions).toEqual(['Audit']);
    expect(new Checker().check(objects)).toEqual([]);
  });

  test('Deny with Audit', () => {
    const { objects } = synth({ errorActions: [AdmissionValidationAction.DENY, AdmissionValidationAction.AUDIT] });
    expect(byName(objects, 'ValidatingAdmissionPolicyBinding', 'cdk8s-secure-cs103').spec.validationActions).toEqual(['Deny', 'Audit']);
  });

  test('namespaces, excludedNamespaces and namespaceLabels build one namespace selector', () => {
    const { objects } = synth({ namespaces: ['shop', 'payments'], excludedNamespaces: ['kube-system', 'monitoring'], namespaceLabels: { 'security.example.com/enforce': 'true' } });
    expect(byName(objects, 'ValidatingAdmissionPolicyBinding', 'cdk8s-secure-cs103').spec.matchResources).toEqual({
      namespaceSelector: {
        matchLabels: { 'security.example.com/enforce': 'true' },
        matchExpressions: [
          { key: 'kubernetes.io/metadata.name', operator: 'In', values: ['shop', 'payments'] },
          { key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: ['kube-system', 'monitoring'] },
        ],
      },
    });
  });

  test('excludedNamespaces [] checks every namespace (no selector)', () => {
    const { objects } = synth({ excludedNamespaces: [] });
    expect(byName(objects, 'ValidatingAdmissionPolicyBinding', 'cdk8s-secure-cs103').spec.matchResources).toBeUndefined();
  });

  test('failurePolicy, namePrefix, rules and excludeRules', () => {
    const { objects, construct } = synth({ failurePolicy: AdmissionFailurePolicy.IGNORE, namePrefix: 'platform', rules: ['CS103', 'CS201', 'CS501', 'CS502'], excludeRules: ['CS201'] });
    expect(construct.ruleIds).toEqual(['CS103', 'CS501', 'CS502']);
    expect(objects.map(o => `${o.kind}/${o.metadata.name}`)).toEqual([
      'ValidatingAdmissionPolicy/platform-cs103', 'ValidatingAdmissionPolicyBinding/platform-cs103',
      'ValidatingAdmissionPolicy/platform-cs501', 'ValidatingAdmissionPolicyBinding/platform-cs501',
      'ValidatingAdmissionPolicy/platform-cs502', 'ValidatingAdmissionPolicyBinding/platform-cs502',
    ]);
    expect(byName(objects, 'ValidatingAdmissionPolicy', 'platform-cs103').spec.failurePolicy).toBe('Ignore');
  });
});

describe('admission semantics', () => {
  const { objects } = synth({ rules: CatalogAdmissionPolicies.supportedRuleIds() });
  const policy = (id: string) => byName(objects, 'ValidatingAdmissionPolicy', `cdk8s-secure-${id.toLowerCase()}`);
  const privileged = (kind: 'Pod' | 'Deployment' | 'CronJob') => workload(kind, spec => { spec.containers[0].securityContext.privileged = true; });

  test.each(['Pod', 'Deployment', 'CronJob'] as const)('an UPDATE of a %s that leaves the pod template alone is not checked', (kind) => {
    const old = privileged(kind);
    const updated = JSON.parse(JSON.stringify(old));
    updated.metadata.finalizers = ['example.com/cleanup'];
    if (kind === 'Deployment') updated.spec.replicas = 5;
    expect(admit(policy('CS103'), updated, { operation: 'UPDATE', oldObject: old })).toEqual({ matched: false, allowed: true, messages: [] });
  });

  test.each(['Pod', 'Deployment', 'CronJob'] as const)('an UPDATE of a %s that changes the pod template is checked', (kind) => {
    const old = workload(kind);
    expect(admit(policy('CS103'), privileged(kind), { operation: 'UPDATE', oldObject: old })).toMatchObject({ matched: true, allowed: false });
  });

  test('an UPDATE of pod annotations is checked (AppArmor annotations live there)', () => {
    const old = workload('Pod');
    const updated = workload('Pod', (_s, o) => { o.metadata.annotations = { 'container.apparmor.security.beta.kubernetes.io/app': 'unconfined' }; });
    expect(admit(policy('CS107'), updated, { operation: 'UPDATE', oldObject: old })).toMatchObject({ matched: true, allowed: false });
  });

  test('kubectl debug: a privileged ephemeral container added through pods/ephemeralcontainers is denied', () => {
    const old = workload('Pod');
    const updated = workload('Pod', spec => { spec.ephemeralContainers = [{ name: 'debug', image: 'busybox:1.36', securityContext: { privileged: true } }]; });
    const v = admit(policy('CS103'), updated, { operation: 'UPDATE', oldObject: old, subResource: 'ephemeralcontainers' });
    expect(v).toMatchObject({ matched: true, allowed: false });
  });

  test('a Service UPDATE that only touches metadata is not checked; a change of type is', () => {
    const svc = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'prod' }, spec: { type: 'NodePort', ports: [{ port: 80 }] } };
    const finalizing = { ...svc, metadata: { ...svc.metadata, finalizers: [] } };
    expect(admit(policy('CS302'), finalizing, { operation: 'UPDATE', oldObject: svc }).matched).toBe(false);
    const old = { ...svc, spec: { ports: [{ port: 80 }] } };
    expect(admit(policy('CS302'), svc, { operation: 'UPDATE', oldObject: old })).toMatchObject({ matched: true, allowed: false });
  });

  test('a RoleBinding is checked on CREATE only (roleRef is immutable)', () => {
    const rb = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: 'ops' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' }, subjects: [] };
    expect(admit(policy('CS502'), rb)).toMatchObject({ matched: true, allowed: false });
    expect(admit(policy('CS502'), rb, { operation: 'UPDATE', oldObject: rb }).matched).toBe(false);
  });

  test('a Role UPDATE that keeps its rules is not checked', () => {
    const role = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'cluster-admin' }, rules: [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }] };
    expect(admit(policy('CS501'), role, { operation: 'UPDATE', oldObject: role }).matched).toBe(false);
    expect(admit(policy('CS501'), role)).toMatchObject({ matched: true, allowed: false });
  });

  test('the denial message names the rule', () => {
    expect(admit(policy('CS103'), privileged('Deployment')).messages).toEqual([
      'CS103: Privileged container. Set securityContext.privileged to false (or leave it out) and grant only the capability the process needs.',
    ]);
  });
});

describe('the CS121 volume list follows the Kubernetes Volume type', () => {
  test('every Volume source outside the restricted list is named (the schema package predates image volumes, which v1.33+ allows)', () => {
    const allowed = ['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret'];
    const sources = fieldsOf('Volume').filter(f => f !== 'name' && !allowed.includes(f));
    expect(sources.length).toBeGreaterThan(15);
    expect(sources).not.toContain('image');
    expect([...DISALLOWED_VOLUME_SOURCES].sort()).toEqual(sources.sort());
  });
});

describe('errors', () => {
  const attempt = (props: CatalogAdmissionPoliciesProps) => () => new CatalogAdmissionPolicies(Testing.chart(), 'policies', props);

  test('throws when rules names an unknown rule', () => {
    expect(attempt({ rules: ['CS103', 'CS999'] })).toThrow(
      '[test/policies] CSE601 CatalogAdmissionPolicies: rules names the unknown rule id "CS999". Use an id from the rule catalog (`cdk8s-secure rules`), e.g. "CS103".');
  });

  test('throws when excludeRules names an unknown rule', () => {
    expect(attempt({ excludeRules: ['cs103'] })).toThrow('[test/policies] CSE601 CatalogAdmissionPolicies: excludeRules names the unknown rule id "cs103".');
  });

  test('throws when a rule has no CEL form, saying why', () => {
    expect(attempt({ rules: ['CS301'] })).toThrow(
      '[test/policies] CSE602 CatalogAdmissionPolicies: rule CS301 has no admission policy form: it needs the NetworkPolicies of the namespace, and a ValidatingAdmissionPolicy sees one object at a time. Remove it from rules; rules with one are CS101, ');
  });

  test.each([
    [{ errorActions: [] }, 'errorActions is empty: a binding without actions is rejected by the API server'],
    [{ warningActions: [AdmissionValidationAction.AUDIT, AdmissionValidationAction.AUDIT] }, 'warningActions lists Audit twice'],
    [{ errorActions: [AdmissionValidationAction.DENY, AdmissionValidationAction.WARN] }, 'errorActions combines Deny and Warn, which the API server rejects (a denied request already carries the message)'],
  ])('throws on invalid actions %j', (props, problem) => {
    expect(attempt(props)).toThrow(`[test/policies] CSE603 CatalogAdmissionPolicies: ${problem}. Pick one or more distinct actions; use Deny (optionally with Audit), or Warn and/or Audit.`);
  });

  test('throws on an invalid namespace name', () => {
    expect(attempt({ excludedNamespaces: ['Kube_System'] })).toThrow(
      '[test/policies] CSE604 CatalogAdmissionPolicies: namespace "Kube_System" is not a valid namespace name (lower-case letters, digits and \'-\', at most 63 characters). Use namespace names as `kubectl get namespaces` prints them.');
  });

  test('throws on an invalid namePrefix', () => {
    expect(attempt({ namePrefix: 'Platform_' })).toThrow(
      '[test/policies] CSE605 CatalogAdmissionPolicies: namePrefix "Platform_" does not make a valid object name. Use lower-case letters, digits and "-" (at most 240 characters), e.g. "platform-security".');
  });

  test('throws when no rule is left', () => {
    expect(attempt({ rules: ['CS103'], excludeRules: ['CS103'] })).toThrow(
      '[test/policies] CSE606 CatalogAdmissionPolicies: no rule is left to emit a policy for. Leave rules unset for the default set, or name at least one rule that excludeRules does not remove.');
  });

  test('throws on an invalid namespace label', () => {
    expect(attempt({ namespaceLabels: { 'team/': 'a' } })).toThrow(
      '[test/policies] CSE607 CatalogAdmissionPolicies: namespaceLabels: label key "team/" has an invalid name "" (letters, digits, \'-\', \'_\' and \'.\', starting and ending with a letter or digit, at most 63 characters). Use the label as `kubectl get namespace --show-labels` prints it.');
    expect(attempt({ namespaceLabels: { team: 'a b' } })).toThrow('CSE607 CatalogAdmissionPolicies: namespaceLabels: label team has an invalid value "a b"');
  });

  test('throws when a namespace is both included and excluded', () => {
    expect(attempt({ namespaces: ['shop'], excludedNamespaces: ['shop'] })).toThrow(
      '[test/policies] CSE608 CatalogAdmissionPolicies: namespace "shop" is both in namespaces and in excludedNamespaces. Remove it from one of the two lists.');
  });

  test('policyOf throws for a rule that was not emitted', () => {
    const c = new CatalogAdmissionPolicies(Testing.chart(), 'policies', { rules: ['CS103'] });
    expect(() => c.policyOf('CS201')).toThrow('[test/policies] CSE609 CatalogAdmissionPolicies: no policy was emitted for rule "CS201". Use one of CS103.');
  });
});
