import { Chart, Cron, Duration, Size, Testing, Yaml } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import * as fc from 'fast-check';
import { errorOf, expectRestrictedPod, synthKind } from './_fixtures';
import {
  atOrAbove, HealthChecks, PSS_RESTRICTED_RULES, RuleCatalog, SecureCronJob, SecureCronJobProps, SecureJob, SecureJobProps, SecureStatefulSet,
  SecurityChecks, Severity,
} from '../../src';
import { FlowModel } from '../../src/network/_flow-model';
import { expectValidObjects } from '../_schema';

const BACKUP = 'ghcr.io/acme/pg-backup:2.1.0';

function job(props: Partial<SecureJobProps> = {}, chart = Testing.chart()) {
  return { chart, j: new SecureJob(chart, 'migrate', { owner: 'team-a', containers: [{ image: BACKUP }], ...props }) };
}
function cron(props: Partial<SecureCronJobProps> = {}, chart = Testing.chart()) {
  return { chart, c: new SecureCronJob(chart, 'backup', { owner: 'team-a', schedule: Cron.schedule({ minute: '30', hour: '2' }), containers: [{ image: BACKUP }], ...props }) };
}
const one = (chart: any, kind: string) => {
  const all = synthKind(chart, kind);
  expect(all).toHaveLength(1);
  return all[0];
};

describe('the rule catalog agrees: no probes for run-to-completion pods', () => {
  test.each(['CS204', 'CS205'])('%s says it skips Jobs and CronJobs, and does', id => {
    expect(RuleCatalog.find(id)?.description).toMatch(/Jobs, CronJobs/);
    const chart = Testing.chart();
    new kplus.Job(chart, 'plain-job', { containers: [{ image: BACKUP }] });
    new kplus.CronJob(chart, 'plain-cron', { schedule: Cron.daily(), containers: [{ image: BACKUP }] });
    new kplus.Deployment(chart, 'plain-deploy', { containers: [{ image: BACKUP }] });
    expect(SecurityChecks.findings(chart).filter(f => f.ruleId === id).map(f => f.object.kind)).toEqual(['Deployment']);
  });
});

describe.each([
  ['SecureJob', () => job(), 'Job', (o: any) => o.spec.template.spec],
  ['SecureCronJob', () => cron(), 'CronJob', (o: any) => o.spec.jobTemplate.spec.template.spec],
])('%s default output', (_name, build, kind, podOf) => {
  const { chart } = build();
  const obj = one(chart, kind);
  const pod = podOf(obj);

  test('every Pod Security Standards restricted field, one by one', () => expectRestrictedPod(pod));
  test('restartPolicy Never, no probes, and no probe finding', () => {
    expect(pod.restartPolicy).toBe('Never');
    expect(pod.containers[0].livenessProbe).toBeUndefined();
    expect(pod.containers[0].readinessProbe).toBeUndefined();
    expect(SecurityChecks.findings(chart).filter(f => ['CS204', 'CS205'].includes(f.ruleId))).toEqual([]);
  });
  test('isolated by default: default deny and DNS egress select exactly its pods', () => {
    const policies = synthKind(chart, 'NetworkPolicy');
    const deny = policies.find(p => p.metadata.name.includes('defaultdenyall'));
    expect(deny.spec.policyTypes).toEqual(['Egress', 'Ingress']);
    const podLabels = (kind === 'Job' ? obj.spec.template : obj.spec.jobTemplate.spec.template).metadata.labels;
    expect(deny.spec.podSelector.matchLabels).toEqual({ 'cdk8s.io/metadata.addr': podLabels['cdk8s.io/metadata.addr'] });
    expect(policies.find(p => p.metadata.name.includes('allowdns')).spec.podSelector).toEqual(deny.spec.podSelector);
  });
  test('standard and owner labels on the object and its pods', () => {
    const podLabels = (kind === 'Job' ? obj.spec.template : obj.spec.jobTemplate.spec.template).metadata.labels;
    for (const labels of [obj.metadata.labels, podLabels]) expect(labels).toMatchObject({ 'app.kubernetes.io/name': kind === 'Job' ? 'migrate' : 'backup', 'owner': 'team-a' });
  });
  test('no PodDisruptionBudget, no topology spread (pods run to completion)', () => {
    expect(synthKind(chart, 'PodDisruptionBudget')).toEqual([]);
    expect(pod.topologySpreadConstraints).toBeUndefined();
  });
  test('zero findings except the digest hint', () => {
    expect(SecurityChecks.findings(chart).map(f => `${f.ruleId}:${f.severity}`)).toEqual(['CS208:info']);
    expect(SecurityChecks.findings(chart).filter(f => PSS_RESTRICTED_RULES.includes(f.ruleId))).toEqual([]);
  });
  test('every emitted object validates against its Kubernetes schema', () => expectValidObjects(Testing.synth(chart)));
  test('shape snapshot', () => expect(Yaml.stringify(...Testing.synth(chart))).toMatchSnapshot());
});

describe('documented defaults', () => {
  test('SecureJob: backoffLimit 3, activeDeadline 1 h, ttlAfterFinished 1 day', () => {
    const spec = one(job().chart, 'Job').spec;
    expect([spec.backoffLimit, spec.activeDeadlineSeconds, spec.ttlSecondsAfterFinished]).toEqual([3, 3600, 86400]);
  });
  test('SecureCronJob: Forbid, 5 min starting deadline, Etc/UTC, history 3/1, not suspended, 3 retries, 1 h per run', () => {
    const spec = one(cron().chart, 'CronJob').spec;
    expect(spec).toMatchObject({
      schedule: '30 2 * * *',
      concurrencyPolicy: 'Forbid',
      startingDeadlineSeconds: 300,
      timeZone: 'Etc/UTC',
      successfulJobsHistoryLimit: 3,
      failedJobsHistoryLimit: 1,
      suspend: false,
    });
    expect([spec.jobTemplate.spec.backoffLimit, spec.jobTemplate.spec.activeDeadlineSeconds]).toEqual([3, 3600]);
  });
  test('explicit values are honoured', () => {
    const { chart } = cron({
      schedule: Cron.daily(),
      timeZone: 'Europe/Berlin',
      concurrencyPolicy: kplus.ConcurrencyPolicy.REPLACE,
      startingDeadline: Duration.seconds(60),
      suspend: true,
      successfulJobsRetained: 1,
      failedJobsRetained: 0,
      backoffLimit: 0,
      activeDeadline: Duration.minutes(10),
    });
    const spec = one(chart, 'CronJob').spec;
    expect(spec).toMatchObject({ schedule: '0 0 * * *', timeZone: 'Europe/Berlin', concurrencyPolicy: 'Replace', startingDeadlineSeconds: 60, suspend: true, successfulJobsHistoryLimit: 1, failedJobsHistoryLimit: 0 });
    expect([spec.jobTemplate.spec.backoffLimit, spec.jobTemplate.spec.activeDeadlineSeconds]).toEqual([0, 600]);
  });
});

describe('bad input', () => {
  test.each([
    ['a schedule with 4 fields', { schedule: Cron.schedule({ minute: '30', hour: '2', day: '*', month: '*', weekDay: '' }) }, 'CSE114',
      'schedule "30 2 * * " does not parse: it has 4 field(s); a schedule has 5'],
    ['an hour of 24', { schedule: Cron.schedule({ minute: '0', hour: '24' }) }, 'CSE114', 'schedule "0 24 * * *" does not parse: hour "24": "24" is not a value from 0 to 23'],
    ['a backwards range', { schedule: Cron.schedule({ minute: '30-10' }) }, 'CSE114', 'minute "30-10": range "30-10" runs backwards'],
    ['a step of 0', { schedule: Cron.schedule({ minute: '*/0' }) }, 'CSE114', 'a step must be at least 1'],
    ['a bad month name', { schedule: Cron.schedule({ month: 'FOO' }) }, 'CSE114', 'month "FOO": "FOO" is not a value from 1 to 12 or JAN-DEC'],
    ['a TZ= prefix', { schedule: Cron.schedule({ minute: 'TZ=UTC 0' }) }, 'CSE114', 'a TZ= or CRON_TZ= prefix is not allowed in spec.schedule (set timeZone instead)'],
    ['an unknown descriptor', { schedule: { expressionString: '@fortnightly' } }, 'CSE114', '"@fortnightly" is not one of @yearly'],
    ['a time zone that does not exist', { timeZone: 'Mars/Olympus' }, 'CSE115', 'timeZone "Mars/Olympus" is not an IANA time zone name'],
    ['an offset instead of a zone', { timeZone: '+01:00' }, 'CSE115', 'timeZone "+01:00" is not an IANA time zone name'],
    ['Local', { timeZone: 'Local' }, 'CSE115', '"Local" is not allowed'],
    ['a starting deadline under 10 s', { startingDeadline: Duration.seconds(5) }, 'CSE112', 'startingDeadline 5 s is not a whole number of seconds >= 10'],
    ['a negative history limit', { successfulJobsRetained: -1 }, 'CSE112', 'successfulJobsRetained -1 is not a whole number >= 0'],
    ['backoffLimit 1e300', { backoffLimit: 1e300 }, 'CSE112', 'backoffLimit 1e+300 is not a whole number >= 0'],
    ['a fractional backoffLimit', { backoffLimit: 0.5 }, 'CSE112', 'backoffLimit 0.5 is not a whole number >= 0'],
  ])('SecureCronJob throws when given %s', (_name, props, code, detail) => {
    const err = errorOf(() => cron(props as any));
    expect(err.code).toBe(code);
    expect(err.message.startsWith(`[test/backup] ${code} SecureCronJob: `)).toBe(true);
    expect(err.message).toContain(detail);
  });

  test.each([
    ['backoffLimit above int32', { backoffLimit: 2 ** 31 }, 'backoffLimit 2147483648 is not a whole number >= 0'],
    ['an activeDeadline of 0', { activeDeadline: Duration.seconds(0) }, 'activeDeadline 0 s is not a whole number of seconds >= 1'],
  ])('SecureJob throws when given %s', (_name, props, detail) => {
    const err = errorOf(() => job(props as any));
    expect(err.message).toContain(`[test/migrate] CSE112 SecureJob: ${detail}`);
  });

  test('a job without a container fails at synth, saying probes are not needed', () => {
    const chart = Testing.chart();
    new SecureJob(chart, 'empty', { owner: 'team-a' });
    expect(() => Testing.synth(chart)).toThrow(/CSE110 SecureJob has no container\. Pass containers: \[\{ image: \.\.\. \}\] or call addSecureContainer\(\); run-to-completion pods need no probes\./);
  });

  test('weakening still needs a reason in a Job', () => {
    expect(() => job({ containers: [{ image: BACKUP, securityContext: { readOnlyRootFilesystem: false } }] })).toThrow(/CSE100 SecureJob: the pod would fail 1 security rule\(s\):\n {2}- CS201 /);
  });

  test.each(['@daily', '@hourly', '*/15 * * * *', '0 3 * * MON-FRI', '0 0 1 */3 ?', '5,35 8-18/2 * JAN,JUL 0-7'])('accepts the schedule %s', expr => {
    expect(() => cron({ schedule: { expressionString: expr } as Cron })).not.toThrow();
  });
});

describe('a nightly backup that may only reach the database on 5432', () => {
  const chart = new Chart(Testing.app(), 'shop', { namespace: 'shop' });
  const db = new SecureStatefulSet(chart, 'database', {
    owner: 'team-a',
    containers: [{ image: 'ghcr.io/acme/postgres:16.4', portNumber: 5432, healthChecks: HealthChecks.tcp(5432) }],
    volumeClaimTemplates: [{ name: 'data', storage: Size.gibibytes(10), mountPath: '/var/lib/postgresql/data' }],
  });
  const backup = new SecureCronJob(chart, 'backup', { owner: 'team-a', schedule: Cron.daily(), containers: [{ image: BACKUP }] });
  backup.connectTo(db, kplus.NetworkPolicyPort.tcp(5432));
  const objects = Testing.synth(chart);
  const model = new FlowModel();
  objects.forEach(o => model.add(o));
  const backupEnd = model.endpoints.find(e => e.kind === 'CronJob')!;
  const dbEnd = model.endpoints.find(e => e.kind === 'StatefulSet')!;

  test('the flow backup -> database:5432 holds, nothing else', () => {
    expect(model.allowed(backupEnd, dbEnd, 'TCP', 5432)).toBe(true);
    expect(model.allowed(backupEnd, dbEnd, 'TCP', 5433)).toBe(false);
    expect(model.allowed(dbEnd, backupEnd, 'TCP', 5432)).toBe(false);
  });
  test('zero findings, every object valid', () => {
    expect(SecurityChecks.findings(chart).filter(f => f.severity !== Severity.INFO)).toEqual([]);
    expectValidObjects(objects);
  });
});

describe('property: any CronJob props give a clean manifest or a coded error', () => {
  // Mostly valid values, sometimes invalid ones: both branches stay busy.
  const field = (valid: string[], invalid: string[]) =>
    fc.oneof({ arbitrary: fc.constantFrom(...valid), weight: 8 }, { arbitrary: fc.constantFrom(...invalid), weight: 1 });
  test('output passes the checker or the constructor throws CSExxx', () => {
    let built = 0;
    let rejected = 0;
    fc.assert(fc.property(
      field(['0', '30', '*/5', '0,30'], ['60', '5-1', 'x']), field(['2', '*', '1-5'], ['24', '*/0']), field(['*', '1', '?'], ['32', 'L']),
      field(['*', 'JAN', '1-12/3'], ['13']), field(['*', 'MON-FRI', '7'], ['8', 'SUNDAY']),
      fc.option(fc.constantFrom('Etc/UTC', 'Europe/Berlin', 'America/New_York', 'Mars/Olympus', '', 'UTC+1'), { nil: undefined }),
      fc.option(fc.integer({ min: -3, max: 20 }), { nil: undefined }),
      fc.option(fc.integer({ min: 0, max: 900 }), { nil: undefined }),
      (mi, h, d, mo, wd, timeZone, backoffLimit, deadline) => {
        const chart = Testing.chart();
        try {
          const startingDeadline = deadline === undefined ? undefined : Duration.seconds(deadline);
          cron({ schedule: { expressionString: `${mi} ${h} ${d} ${mo} ${wd}` } as Cron, timeZone, backoffLimit, startingDeadline }, chart);
        } catch (e) {
          rejected++;
          expect((e as Error).message).toMatch(/^\[test\/backup\] CSE\d{3} SecureCronJob: /);
          return;
        }
        built++;
        const objects = Testing.synth(chart);
        expectValidObjects(objects);
        expect(SecurityChecks.findings(chart).filter(f => !f.suppressed && atOrAbove(f.severity, Severity.WARNING))).toEqual([]);
        const spec = objects.find((o: any) => o.kind === 'CronJob').spec;
        expect(spec.concurrencyPolicy).toBe('Forbid');
        expect(spec.startingDeadlineSeconds).toBeGreaterThanOrEqual(10);
      }), { numRuns: 150, seed: 20261202 });
    expect(built).toBeGreaterThan(10);
    expect(rejected).toBeGreaterThan(10);
  });
});

describe('property: any Job props give a clean manifest or a coded error', () => {
  test('output passes the checker (every weakening carries a reason) or the constructor throws CSExxx', () => {
    let built = 0;
    let rejected = 0;
    const seconds = (a: fc.Arbitrary<number>) => fc.option(a.map(s => Duration.millis(Math.round(s * 1000))), { nil: undefined });
    fc.assert(fc.property(
      fc.option(fc.oneof(fc.integer({ min: -2, max: 10 }), fc.constantFrom(0.5, 1e300, 2 ** 31)), { nil: undefined }),
      seconds(fc.oneof({ arbitrary: fc.integer({ min: 0, max: 7200 }), weight: 6 }, { arbitrary: fc.constantFrom(0.5, 2.25), weight: 1 })),
      seconds(fc.integer({ min: 0, max: 86400 })),
      fc.option(fc.boolean(), { nil: undefined }),
      fc.boolean(),
      (backoffLimit, activeDeadline, ttlAfterFinished, readOnly, reason) => {
        const chart = Testing.chart();
        try {
          job({
            backoffLimit,
            activeDeadline,
            ttlAfterFinished,
            containers: [{ image: BACKUP, securityContext: { readOnlyRootFilesystem: readOnly } }],
            suppressions: reason ? [{ ruleId: 'CS201', reason: 'accepted in a property test' }] : undefined,
          }, chart);
        } catch (e) {
          rejected++;
          expect((e as Error).message).toMatch(/^\[test\/migrate\] CSE\d{3} SecureJob: /);
          return;
        }
        built++;
        const objects = Testing.synth(chart);
        expectValidObjects(objects);
        const findings = SecurityChecks.findings(chart);
        expect(findings.filter(f => !f.suppressed && atOrAbove(f.severity, Severity.WARNING) && !f.ruleId.startsWith('CS00'))).toEqual([]);
        if (!reason) expect(findings.filter(f => PSS_RESTRICTED_RULES.includes(f.ruleId))).toEqual([]);
        const spec = objects.find((o: any) => o.kind === 'Job').spec;
        expect(spec.template.spec.restartPolicy).toBe('Never');
        expect(Number.isInteger(spec.backoffLimit) && Number.isInteger(spec.activeDeadlineSeconds)).toBe(true);
      }), { numRuns: 120, seed: 20261202 });
    expect(built).toBeGreaterThan(10);
    expect(rejected).toBeGreaterThan(10);
  });
});
