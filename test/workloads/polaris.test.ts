import { Chart, Cron, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { deploy, guideContainer } from './_fixtures';
import { HealthChecks, IsolatedBackend, SecureCronJob, SecureDaemonSet, SecureDeployment, SecureJob, SecureStatefulSet } from '../../src';
import { FlowModel } from '../../src/network/_flow-model';

/** What third-party checkers (Polaris) expect of the output, for every workload kind. */
describe('app.kubernetes.io/instance equals metadata.name on every workload (Polaris metadataAndInstanceMismatched)', () => {
  const chart = Testing.chart();
  const probe = HealthChecks.tcp(8080);
  new SecureDeployment(chart, 'deploy', { owner: 't', containers: [guideContainer()] });
  new SecureStatefulSet(chart, 'sts', { owner: 't', containers: [{ image: 'ghcr.io/a/db:1.0.0', portNumber: 8080, healthChecks: probe }], volumeClaimTemplates: [{ name: 'data', storage: Size.gibibytes(1), mountPath: '/data' }] });
  new SecureJob(chart, 'job', { owner: 't', containers: [{ image: 'ghcr.io/a/job:1.0.0' }] });
  new SecureCronJob(chart, 'cron', { owner: 't', schedule: Cron.daily(), containers: [{ image: 'ghcr.io/a/job:1.0.0' }] });
  new SecureDaemonSet(chart, 'ds', { owner: 't', containers: [{ image: 'ghcr.io/a/agent:1.0.0', portNumber: 8080, healthChecks: probe }] });
  new SecureDeployment(chart, 'named', { owner: 't', metadata: { name: 'payments-api' }, containers: [guideContainer()] });
  const workloads = Testing.synth(chart).filter((o: any) => ['Deployment', 'StatefulSet', 'Job', 'CronJob', 'DaemonSet'].includes(o.kind));

  test.each(['Deployment', 'StatefulSet', 'Job', 'CronJob', 'DaemonSet'])('%s', kind => {
    const objs = workloads.filter((o: any) => o.kind === kind);
    expect(objs.length).toBeGreaterThan(0);
    for (const o of objs) expect(o.metadata.labels['app.kubernetes.io/instance']).toBe(o.metadata.name);
  });

  test('an explicit metadata.name is used as the instance', () => {
    expect(workloads.find((o: any) => o.metadata.name === 'payments-api').metadata.labels['app.kubernetes.io/instance']).toBe('payments-api');
  });

  test('a name too long for a label value falls back to a valid label', () => {
    const long = 'a'.repeat(70);
    const { chart: c } = deploy({ metadata: { name: long } });
    const dep = Testing.synth(c).find((o: any) => o.kind === 'Deployment');
    expect(dep.metadata.labels['app.kubernetes.io/instance']).toMatch(/^[a-z0-9-]{1,63}$/);
  });
});

describe('a workload with inbound and outbound flows has ONE NetworkPolicy with both rule kinds (Polaris missingNetworkPolicy)', () => {
  const app = Testing.app();
  const chart = new Chart(app, 'shop', { namespace: 'shop' });
  const frontend = new SecureDeployment(chart, 'frontend', { owner: 't', containers: [guideContainer({ image: 'ghcr.io/a/web:1.0.0' })] });
  const backend = new IsolatedBackend(chart, 'backend', { owner: 't', containers: [guideContainer()] });
  const db = new SecureStatefulSet(chart, 'db', { owner: 't', containers: [{ image: 'ghcr.io/a/db:1.0.0', portNumber: 5432, healthChecks: HealthChecks.tcp(5432) }] });
  backend.allowFrom(frontend, kplus.NetworkPolicyPort.tcp(8080));
  backend.connectTo(db, kplus.NetworkPolicyPort.tcp(5432));
  const objects = Testing.synth(chart);
  const policies = objects.filter((o: any) => o.kind === 'NetworkPolicy');
  const backendDep = objects.find((o: any) => o.kind === 'Deployment' && o.metadata.name.includes('backend'));
  const selectsBackend = (p: any) => p.spec.podSelector.matchLabels?.['cdk8s.io/metadata.addr'] === backendDep.spec.selector.matchLabels['cdk8s.io/metadata.addr'];

  test('the backend\'s allowed flows live in one policy with ingress and egress rules and both policyTypes', () => {
    const withRules = policies.filter(p => selectsBackend(p) && (p.spec.ingress || p.spec.egress) && !p.metadata.name.includes('allowdns'));
    expect(withRules).toHaveLength(1);
    expect(withRules[0].spec.policyTypes.sort()).toEqual(['Egress', 'Ingress']);
    expect(withRules[0].spec.ingress).toHaveLength(1);
    expect(withRules[0].spec.egress).toHaveLength(1);
  });

  test('the allowed flows are exactly the declared ones', () => {
    const model = new FlowModel();
    objects.forEach(o => model.add(o));
    const e = (n: string) => model.endpoints.find(x => x.name.includes(`-${n}-`))!;
    expect(model.allowed(e('frontend'), e('backend'), 'TCP', 8080)).toBe(true);
    expect(model.allowed(e('backend'), e('db'), 'TCP', 5432)).toBe(true);
    expect(model.allowed(e('frontend'), e('db'), 'TCP', 5432)).toBe(false);
    expect(model.allowed(e('db'), e('backend'), 'TCP', 8080)).toBe(false);
    expect(model.allowed(e('backend'), e('frontend'), 'TCP', 8080)).toBe(false);
  });
});
