// Property tests over the inputs with a large space: host names and controller selectors. Whatever is
// passed, the constructor either throws its coded error or emits output that the checker and the flow
// model accept; nothing in between.
import { Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import * as fc from 'fast-check';
import { shop } from './_exposure';
import { SecureIngress, SecurityChecks } from '../../src';
import { FlowModel } from '../../src/network/_flow-model';
import { schemaProblems } from '../_schema';

// The Gateway API's Hostname pattern (gateway.networking.k8s.io/v1 Hostname), used as the oracle.
const UPSTREAM_HOSTNAME = /^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

const hosts = fc.oneof(
  fc.domain(),
  fc.domain().map(d => `*.${d}`),
  fc.string({ maxLength: 30 }),
  fc.stringMatching(/^[a-z0-9*._:-]{1,20}$/),
  fc.domain().map(d => d.toUpperCase()),
  fc.ipV4(),
);

test('a host is accepted exactly when it matches the Gateway API hostname pattern and is not an IP address; accepted hosts pass CS320 and the schema', () => {
  fc.assert(fc.property(hosts, host => {
    const s = shop();
    let error: any;
    try {
      new SecureIngress(s.chart, 'web', { backend: s.api, service: s.service, hosts: [host], tls: { secretName: 'web-tls' } });
    } catch (e) {
      error = e;
    }
    const expected = UPSTREAM_HOSTNAME.test(host) && host.length <= 253 && !/^[0-9.]+$/.test(host.replace(/^\*\./, ''));
    if (!expected) {
      expect(error?.code).toBe('CSE331');
      return;
    }
    expect(error).toBeUndefined();
    const objects = Testing.synth(s.chart);
    const ing = objects.find((o: any) => o.kind === 'Ingress');
    expect(schemaProblems(ing)).toEqual([]);
    expect(SecurityChecks.findings(s.chart).filter(f => f.ruleId === 'CS320')).toEqual([]);
  }), { numRuns: 150 });
});

const labelKey = fc.oneof(
  fc.stringMatching(/^[a-z][a-z0-9-]{0,10}[a-z0-9]$/),
  fc.stringMatching(/^[a-z]{1,8}\.io\/[a-z][a-z0-9_.-]{0,8}[a-z0-9]$/),
  fc.string({ maxLength: 12 }),
);
const labelValue = fc.oneof(fc.stringMatching(/^[A-Za-z0-9]([A-Za-z0-9_.-]{0,10}[A-Za-z0-9])?$/), fc.string({ maxLength: 12 }));
const namespaces = fc.oneof(fc.stringMatching(/^[a-z]([a-z0-9-]{0,10}[a-z0-9])?$/), fc.string({ maxLength: 12 }));

test('a controller selector is refused (CSE333), or the flow model lets exactly a pod with those labels in that namespace reach the target port', () => {
  fc.assert(fc.property(namespaces, fc.dictionary(labelKey, labelValue, { maxKeys: 3 }), (namespace, podLabels) => {
    const s = shop();
    let error: any;
    try {
      new SecureIngress(s.chart, 'web', { backend: s.api, service: s.service, hosts: ['shop.example.com'], tls: { secretName: 'web-tls' }, controller: { namespace, podLabels } });
    } catch (e) {
      error = e;
    }
    if (error) {
      expect(error.code).toBe('CSE333');
      return;
    }
    const model = new FlowModel();
    Testing.synth(s.chart).forEach((o: any) => model.add(o));
    const api = model.endpoints.find(e => e.name.includes('-api-'))!;
    const controller = { id: 'controller', kind: 'Deployment', namespace, name: 'controller', labels: podLabels, ports: [] };
    const stranger = { ...controller, namespace: namespace === 'elsewhere' ? 'elsewhere-2' : 'elsewhere' };
    const unlabelled = { ...controller, labels: {} };
    expect(model.allowed(controller, api, 'TCP', 8080)).toBe(true);
    expect(model.allowed(controller, api, 'TCP', 9090)).toBe(false);
    expect(model.allowed(stranger, api, 'TCP', 8080)).toBe(false);
    expect(model.allowed(unlabelled, api, 'TCP', 8080)).toBe(false);
  }), { numRuns: 150 });
});

test('label expressions: In/NotIn need values, keys must be label keys', () => {
  const ops = fc.constantFrom('in', 'notIn', 'exists', 'doesNotExist');
  fc.assert(fc.property(ops, labelKey, fc.array(labelValue, { maxLength: 2 }), (op, key, values) => {
    const s = shop();
    const x = op === 'in' ? kplus.LabelExpression.in(key, values) : op === 'notIn' ? kplus.LabelExpression.notIn(key, values)
      : op === 'exists' ? kplus.LabelExpression.exists(key) : kplus.LabelExpression.doesNotExist(key);
    const make = () => new SecureIngress(s.chart, 'web', { backend: s.api, service: s.service, hosts: ['shop.example.com'], tls: { secretName: 't' }, controller: { podExpressions: [x] } });
    const keyOk = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/.test(key);
    const valuesOk = (op !== 'in' && op !== 'notIn') || (values.length > 0 && values.every(v => /^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/.test(v)));
    if (keyOk && valuesOk) {
      expect(make).not.toThrow();
    } else {
      expect(make).toThrow(/CSE333/);
    }
  }), { numRuns: 150 });
});
