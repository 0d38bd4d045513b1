import {
  check, checkAlone, denyAll, deployment, expectSuppressed, LABELS, Obj, of, pod, POD_KINDS, POD_METADATA_PATH, ruleIds, single, workload,
} from './_fixtures';
import { Severity } from '../../../src';

/** A NetworkPolicy in namespace "prod" with the given spec. */
function policy(spec: Obj, namespace = 'prod', name = 'np'): Obj {
  return { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name, namespace }, spec };
}

const BOTH = ['Ingress', 'Egress'];

describe('CS301 NetworkPolicy coverage', () => {
  test('accepts a workload under a namespace default-deny', () => {
    expect(of(checkAlone([deployment(), denyAll()]), 'CS301')).toEqual([]);
  });

  test('accepts a workload whose ingress and egress are isolated by two policies', () => {
    const objects = [
      deployment(),
      policy({ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'web' } }, policyTypes: ['Ingress'] }, 'prod', 'in'),
      policy({ podSelector: {}, policyTypes: ['Egress'] }, 'prod', 'out'),
    ];
    expect(checkAlone(objects)).toEqual([]);
  });

  test('reports a workload without any NetworkPolicy', () => {
    const findings = checkAlone(deployment());
    expect(ruleIds(findings)).toEqual(['CS301']);
    const f = single(findings, 'CS301');
    expect(f).toMatchObject({
      severity: Severity.ERROR,
      path: 'spec.template.metadata.labels',
      message: 'no NetworkPolicy in namespace "prod" isolates ingress or egress for these pods',
      object: { kind: 'Deployment', name: 'web', namespace: 'prod' },
    });
    expect(f.container).toBeUndefined();
  });

  test.each(POD_KINDS)('reports a %s at the labels of its pods', (kind) => {
    expect(single(checkAlone(workload(kind)), 'CS301').path).toBe(`${POD_METADATA_PATH[kind]}.labels`);
  });

  test('does not report the NetworkPolicy itself or other kinds', () => {
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'prod' } };
    expect(checkAlone([cm, policy({ podSelector: {} })])).toEqual([]);
  });

  test('names an unset namespace, and policies without a namespace cover workloads without one', () => {
    const noNs = pod(p => p); // compliant pod
    delete noNs.metadata.namespace;
    expect(single(checkAlone(noNs), 'CS301').message).toBe('no NetworkPolicy in namespace "(unset)" isolates ingress or egress for these pods');
    const np = denyAll();
    delete np.metadata.namespace;
    expect(of(checkAlone([noNs, np]), 'CS301')).toEqual([]);
  });

  describe('policyTypes defaulting', () => {
    test('reports egress when the policy has neither policyTypes nor an egress section (Ingress only)', () => {
      const f = single(checkAlone([deployment(), policy({ podSelector: {}, ingress: [] })]), 'CS301');
      expect(f.message).toBe('no NetworkPolicy in namespace "prod" isolates egress for these pods');
    });

    test('accepts a policy without policyTypes that has an egress rule (Ingress and Egress)', () => {
      const np = policy({ podSelector: {}, egress: [{ to: [{ namespaceSelector: {} }], ports: [{ protocol: 'UDP', port: 53 }] }] });
      expect(of(checkAlone([deployment(), np]), 'CS301')).toEqual([]);
    });

    test('reports egress when the policy has no policyTypes and an empty egress list (Kubernetes defaults it to Ingress only)', () => {
      const f = single(checkAlone([deployment(), policy({ podSelector: {}, egress: [] })]), 'CS301');
      expect(f.message).toBe('no NetworkPolicy in namespace "prod" isolates egress for these pods');
    });

    test('reports ingress when the only policy has policyTypes [Egress]', () => {
      const f = single(checkAlone([deployment(), policy({ podSelector: {}, policyTypes: ['Egress'] })]), 'CS301');
      expect(f.message).toBe('no NetworkPolicy in namespace "prod" isolates ingress for these pods');
    });

    test('an explicit policyTypes wins over the sections present', () => {
      const np = policy({ podSelector: {}, policyTypes: ['Ingress'], egress: [{ to: [{ podSelector: {} }] }] });
      expect(single(checkAlone([deployment(), np]), 'CS301').message).toContain('isolates egress');
    });
  });

  describe('pod selectors', () => {
    test('an empty podSelector selects every pod of the namespace, with or without labels', () => {
      const unlabelled = pod(p => p);
      delete unlabelled.metadata.labels;
      expect(of(checkAlone([deployment(), unlabelled, policy({ podSelector: {}, policyTypes: BOTH })]), 'CS301')).toEqual([]);
    });

    test('accepts matchLabels that the pod labels satisfy', () => {
      const np = policy({ podSelector: { matchLabels: { ...LABELS } }, policyTypes: BOTH });
      expect(of(checkAlone([deployment(), np]), 'CS301')).toEqual([]);
    });

    test('reports pods whose labels do not satisfy matchLabels', () => {
      const np = policy({ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'api' } }, policyTypes: BOTH });
      expect(single(checkAlone([deployment(), np]), 'CS301').path).toBe('spec.template.metadata.labels');
    });

    test('matches the pod template labels, not the labels of the Deployment', () => {
      const obj = deployment((_spec, d) => { d.metadata.labels = { tier: 'web' }; d.spec.template.metadata.labels = { tier: 'api' }; });
      const np = policy({ podSelector: { matchLabels: { tier: 'web' } }, policyTypes: BOTH });
      expect(single(checkAlone([obj, np]), 'CS301').path).toBe('spec.template.metadata.labels');
    });

    test.each([
      ['In with the value', true, { key: 'owner', operator: 'In', values: ['team-b', 'team-a'] }],
      ['In without the value', false, { key: 'owner', operator: 'In', values: ['team-b'] }],
      ['In on a missing key', false, { key: 'tier', operator: 'In', values: ['web'] }],
      ['NotIn without the value', true, { key: 'owner', operator: 'NotIn', values: ['team-b'] }],
      ['NotIn with the value', false, { key: 'owner', operator: 'NotIn', values: ['team-a'] }],
      ['NotIn on a missing key', true, { key: 'tier', operator: 'NotIn', values: ['web'] }],
      ['Exists on a present key', true, { key: 'owner', operator: 'Exists' }],
      ['Exists on a missing key', false, { key: 'tier', operator: 'Exists' }],
      ['DoesNotExist on a missing key', true, { key: 'tier', operator: 'DoesNotExist' }],
      ['DoesNotExist on a present key', false, { key: 'owner', operator: 'DoesNotExist' }],
      ['an unknown operator', false, { key: 'owner', operator: 'Matches', values: ['team-a'] }],
    ])('matchExpressions %s: selected = %s', (_name, selected, expression) => {
      const np = policy({ podSelector: { matchExpressions: [expression] }, policyTypes: BOTH });
      const findings = of(checkAlone([deployment(), np]), 'CS301');
      if (selected) {
        expect(findings).toEqual([]);
      } else {
        expect(findings.map(f => f.message)).toEqual(['no NetworkPolicy in namespace "prod" isolates ingress or egress for these pods']);
      }
    });

    test('matchLabels and matchExpressions must all hold', () => {
      const np = policy({
        podSelector: { matchLabels: { ...LABELS }, matchExpressions: [{ key: 'owner', operator: 'NotIn', values: ['team-a'] }] },
        policyTypes: BOTH,
      });
      expect(single(checkAlone([deployment(), np]), 'CS301').path).toBe('spec.template.metadata.labels');
    });
  });

  test('does not count a policy in another namespace', () => {
    const findings = checkAlone([deployment(), denyAll('staging')]);
    expect(single(findings, 'CS301').message).toBe('no NetworkPolicy in namespace "prod" isolates ingress or egress for these pods');
  });

  test('reports only the workloads a policy does not select', () => {
    const api = deployment((_spec, d) => { d.metadata.name = 'api'; d.spec.template.metadata.labels = { 'app.kubernetes.io/name': 'api' }; });
    const np = policy({ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'web' } }, policyTypes: BOTH });
    expect(of(checkAlone([deployment(), api, np]), 'CS301').map(f => f.object.name)).toEqual(['api']);
  });

  test('the policy may come after the workload in the input', () => {
    expect(checkAlone([denyAll(), deployment()])).toEqual([]);
    expect(checkAlone([deployment(), denyAll()])).toEqual([]);
  });

  test('a suppression accepts it', () => {
    expectSuppressed(deployment(), 'CS301', undefined, checkAlone);
  });
});

describe('CS302 service type', () => {
  const service = (type?: string): Obj => ({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'web', namespace: 'prod' },
    spec: { ...(type ? { type } : {}), selector: { ...LABELS }, ports: [{ port: 80, targetPort: 8080 }] },
  });

  test.each([undefined, 'ClusterIP'])('accepts type %s', (type) => {
    expect(check(service(type))).toEqual([]);
  });

  test.each(['NodePort', 'LoadBalancer'])('reports type %s', (type) => {
    const f = single(check(service(type)), 'CS302');
    expect(f).toMatchObject({
      severity: Severity.WARNING,
      path: 'spec.type',
      message: `the Service is of type ${type}`,
      object: { kind: 'Service', name: 'web' },
    });
    expect(f.container).toBeUndefined();
  });

  test('a suppression accepts it', () => {
    expectSuppressed(service('LoadBalancer'), 'CS302');
  });
});
