import { Severity } from '../../src';
import { check, expectSuppressed, Obj, of, ruleIds, single } from '../checks/rules/_fixtures';

const vap = (name = 'no-privileged', apiVersion = 'admissionregistration.k8s.io/v1'): Obj => ({
  apiVersion,
  kind: 'ValidatingAdmissionPolicy',
  metadata: { name },
  spec: {
    failurePolicy: 'Fail',
    matchConstraints: { resourceRules: [{ apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE'], resources: ['pods'] }] },
    validations: [{ expression: 'true' }],
  },
});
const binding = (policyName = 'no-privileged', validationActions: unknown = ['Deny'], apiVersion = 'admissionregistration.k8s.io/v1'): Obj => ({
  apiVersion,
  kind: 'ValidatingAdmissionPolicyBinding',
  metadata: { name: `${policyName || 'x'}-binding` },
  spec: { policyName, validationActions },
});
const constraint = (kind: string, parameters?: Obj, enforcementAction?: string): Obj => ({
  apiVersion: 'constraints.gatekeeper.sh/v1beta1',
  kind,
  metadata: { name: 'owner' },
  spec: { ...(enforcementAction ? { enforcementAction } : {}), match: { kinds: [{ apiGroups: [''], kinds: ['Pod'] }] }, ...(parameters ? { parameters } : {}) },
});
const template = (apiVersion = 'templates.gatekeeper.sh/v1'): Obj => ({
  apiVersion,
  kind: 'ConstraintTemplate',
  metadata: { name: 'k8srequiredlabels' },
  spec: { crd: { spec: { names: { kind: 'K8sRequiredLabels' } } }, targets: [{ target: 'admission.k8s.gatekeeper.sh', rego: 'package x' }] },
});

describe('CS601 ValidatingAdmissionPolicy without a binding', () => {
  test('accepts a policy with its binding', () => {
    expect(check([vap(), binding()])).toEqual([]);
  });

  test('reports a policy that no binding names', () => {
    const findings = check([vap(), binding('other')]);
    expect(ruleIds(findings)).toEqual(['CS601', 'CS602']);
    expect(single(findings, 'CS601')).toMatchObject({
      severity: Severity.ERROR,
      path: 'metadata.name',
      message: 'no ValidatingAdmissionPolicyBinding in the input names the policy "no-privileged", so it is never enforced',
      object: { kind: 'ValidatingAdmissionPolicy', name: 'no-privileged' },
    });
  });

  test('a binding of another API group does not count', () => {
    const fake = { ...binding(), apiVersion: 'example.com/v1' };
    expect(ruleIds(check([vap(), fake]))).toEqual(['CS601']);
  });

  test('a suppression accepts it', () => {
    expectSuppressed(vap(), 'CS601');
  });
});

describe('CS602 binding to a policy not in the input', () => {
  test('reports a binding whose policy is missing', () => {
    const f = single(check(binding('no-privilegd')), 'CS602');
    expect(f).toMatchObject({
      severity: Severity.WARNING,
      path: 'spec.policyName',
      message: 'the binding names the policy "no-privilegd", which is not in the input',
    });
  });

  test('reports a binding without policyName', () => {
    expect(single(check(binding('')), 'CS602').message).toBe('the binding names no policy (spec.policyName is empty)');
  });

  test('a suppression accepts it (policy managed elsewhere)', () => {
    expectSuppressed(binding('platform-policy'), 'CS602');
  });
});

describe('CS603 binding validationActions', () => {
  test.each([[['Deny']], [['Deny', 'Audit']], [['Warn']], [['Audit']], [['Warn', 'Audit']]])('accepts %j', (actions) => {
    expect(of(check([vap(), binding('no-privileged', actions)]), 'CS603')).toEqual([]);
  });

  test.each([
    [null, 'spec.validationActions', 'the binding has no validationActions'],
    [[], 'spec.validationActions', 'the binding has no validationActions'],
    [['Deny', 'Warn'], 'spec.validationActions', 'validationActions combines Deny and Warn, which the API server rejects'],
    [['deny'], 'spec.validationActions[0]', 'validationActions[0] is "deny", not one of Deny, Warn, Audit'],
    [['Audit', 'Audit'], 'spec.validationActions[1]', 'validationActions lists Audit twice'],
  ])('reports %j', (actions, path, message) => {
    const f = single(check([vap(), binding('no-privileged', actions)]), 'CS603');
    expect(f).toMatchObject({ severity: Severity.ERROR, path, message });
  });

  test('a suppression accepts it', () => {
    expectSuppressed(binding('no-privileged', []), 'CS603', undefined, objs => check([vap(), ...(Array.isArray(objs) ? objs : [objs])]));
  });
});

describe('CS604 ValidatingAdmissionPolicy API version', () => {
  test.each(['v1alpha1', 'v1beta1'])('reports %s on the policy and the binding', (v) => {
    const findings = of(check([vap('p', `admissionregistration.k8s.io/${v}`), binding('p', ['Deny'], `admissionregistration.k8s.io/${v}`)]), 'CS604');
    expect(findings.map(f => [f.object.kind, f.path, f.message])).toEqual([
      ['ValidatingAdmissionPolicy', 'apiVersion', `the ValidatingAdmissionPolicy uses admissionregistration.k8s.io/${v}; use admissionregistration.k8s.io/v1`],
      ['ValidatingAdmissionPolicyBinding', 'apiVersion', `the ValidatingAdmissionPolicyBinding uses admissionregistration.k8s.io/${v}; use admissionregistration.k8s.io/v1`],
    ]);
    expect(findings[0].severity).toBe(Severity.ERROR);
  });

  test('a suppression accepts it', () => {
    expectSuppressed(vap('p', 'admissionregistration.k8s.io/v1beta1'), 'CS604', undefined, objs => check([...(Array.isArray(objs) ? objs : [objs]), binding('p')]));
  });
});

describe('CS610 required-labels constraint shape', () => {
  test.each(['K8sRequiredLabels', 'SecureRequiredLabels'])('accepts labels [{key, allowedRegex}] on %s', (kind) => {
    expect(check(constraint(kind, { labels: [{ key: 'owner', allowedRegex: '^team-' }, { key: 'app' }] }))).toEqual([]);
  });

  test('reports the old list of strings, label by label', () => {
    const findings = of(check(constraint('K8sRequiredLabels', { labels: ['owner', { key: 'app' }, 'team'] })), 'CS610');
    expect(findings.map(f => [f.path, f.message])).toEqual([
      ['spec.parameters.labels[0]', 'labels[0] is the string "owner"; write {key: "owner"}'],
      ['spec.parameters.labels[2]', 'labels[2] is the string "team"; write {key: "team"}'],
    ]);
    expect(findings[0].severity).toBe(Severity.ERROR);
  });

  test.each([
    ['no parameters', undefined, 'spec.parameters.labels', 'the constraint lists no labels, so it requires nothing'],
    ['an empty list', { labels: [] }, 'spec.parameters.labels', 'the constraint lists no labels, so it requires nothing'],
    ['an entry without key', { labels: [{ allowedRegex: '.*' }] }, 'spec.parameters.labels[0]', 'labels[0] has no key'],
  ])('reports %s', (_what, parameters, path, message) => {
    expect(single(check(constraint('SecureRequiredLabels', parameters)), 'CS610')).toMatchObject({ path, message });
  });

  test('ignores other kinds and groups', () => {
    expect(check(constraint('K8sAllowedRepos', { labels: ['x'] }))).toEqual([]);
    expect(check({ ...constraint('K8sRequiredLabels', { labels: ['owner'] }), apiVersion: 'example.com/v1' })).toEqual([]);
  });

  test('a suppression accepts it', () => {
    expectSuppressed(constraint('K8sRequiredLabels', { labels: ['owner'] }), 'CS610');
  });
});

describe('CS611 ConstraintTemplate API version', () => {
  test('accepts v1', () => {
    expect(check(template())).toEqual([]);
  });

  test.each(['v1beta1', 'v1alpha1'])('reports %s', (v) => {
    expect(single(check(template(`templates.gatekeeper.sh/${v}`)), 'CS611')).toMatchObject({
      severity: Severity.WARNING,
      path: 'apiVersion',
      message: `the ConstraintTemplate uses templates.gatekeeper.sh/${v}; use templates.gatekeeper.sh/v1`,
    });
  });

  test('a suppression accepts it', () => {
    expectSuppressed(template('templates.gatekeeper.sh/v1beta1'), 'CS611');
  });
});

describe('CS612 constraint in dryrun', () => {
  test.each([undefined, 'deny', 'warn'])('accepts enforcementAction %s', (action) => {
    expect(check(constraint('K8sPSPPrivilegedContainer', undefined, action))).toEqual([]);
  });

  test('reports dryrun on any constraint kind', () => {
    expect(single(check(constraint('K8sPSPPrivilegedContainer', undefined, 'dryrun')), 'CS612')).toMatchObject({
      severity: Severity.WARNING,
      path: 'spec.enforcementAction',
      message: 'the K8sPSPPrivilegedContainer constraint is in dryrun: it enforces nothing',
    });
  });

  test('ignores objects outside constraints.gatekeeper.sh', () => {
    expect(check({ apiVersion: 'example.com/v1', kind: 'Thing', metadata: { name: 't' }, spec: { enforcementAction: 'dryrun' } })).toEqual([]);
  });

  test('a suppression with an expiry accepts it during a rollout', () => {
    expectSuppressed(constraint('K8sPSPCapabilities', undefined, 'dryrun'), 'CS612');
  });
});
