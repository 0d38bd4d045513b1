// How an app repo tests its charts: a snapshot for shape, and no security findings.
import { Testing } from 'cdk8s';
import { SecurityChecks } from '../../src'; // in your app: from 'cdk8s-secure'
import { GuideBackendChart } from '../guide-backend/chart';

test('the chart has no security findings', () => {
  const chart = new GuideBackendChart(Testing.app(), 'test');
  SecurityChecks.assertNoFindings(chart); // throws with the readable report when there are findings
  expect(SecurityChecks.findings(chart).filter(f => f.suppressed)).toEqual([]);
});

test('the chart keeps its shape', () => {
  const chart = new GuideBackendChart(Testing.app(), 'test');
  expect(Testing.synth(chart).map((o: any) => `${o.kind}/${o.metadata.name}`)).toMatchSnapshot();
});
