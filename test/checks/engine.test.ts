import { Checker, Severity } from '../../src';

test('an empty set of objects has no findings', () => {
  expect(new Checker().check([])).toEqual([]);
});

test('a privileged pod is reported with its field path', () => {
  const findings = new Checker().check([{
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p' },
    spec: { containers: [{ name: 'c', image: 'a:1', securityContext: { privileged: true } }] },
  }]);
  const f = findings.find(x => x.ruleId === 'CS103');
  expect(f).toMatchObject({ severity: Severity.ERROR, path: 'spec.containers[0].securityContext.privileged', container: 'c' });
});
