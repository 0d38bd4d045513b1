import { Size, Testing, Yaml } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import * as fc from 'fast-check';
import { errorOf, expectRestrictedPod, synthKind } from './_fixtures';
import {
  atOrAbove, HealthChecks, PersistentVolumeAccessMode, PersistentVolumeClaimRetention, PSS_RESTRICTED_RULES, SecureStatefulSet,
  SecureStatefulSetProps, SecurityChecks, Severity,
} from '../../src';
import { expectValidObjects } from '../_schema';

const PG = 'ghcr.io/acme/postgres:16.4';
const pgContainer = { image: PG, portNumber: 5432, healthChecks: HealthChecks.tcp(5432), writablePaths: ['/var/run/postgresql'] };
const data = { name: 'data', storage: Size.gibibytes(10), mountPath: '/var/lib/postgresql/data' };

function db(props: Partial<SecureStatefulSetProps> = {}, chart = Testing.chart()) {
  const s = new SecureStatefulSet(chart, 'db', { owner: 'team-a', containers: [pgContainer], volumeClaimTemplates: [data], ...props });
  return { chart, s };
}
const stsOf = (chart: any) => {
  const all = synthKind(chart, 'StatefulSet');
  expect(all).toHaveLength(1);
  return all[0];
};

describe('SecureStatefulSet default output', () => {
  const { chart } = db();
  const sts = stsOf(chart);
  const pod = sts.spec.template.spec;
  const c = pod.containers[0];

  test('every Pod Security Standards restricted field, one by one', () => expectRestrictedPod(pod));

  test('fsGroupChangePolicy OnRootMismatch: no recursive chown of the volume on every start', () => {
    expect(pod.securityContext.fsGroupChangePolicy).toBe('OnRootMismatch');
  });

  test('the claim template is typed and emitted: size, access mode, labels', () => {
    expect(sts.spec.volumeClaimTemplates).toEqual([{
      metadata: { name: 'data', labels: sts.metadata.labels },
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '10Gi' } } },
    }]);
  });

  test('the volume is mounted writable while the root filesystem stays read-only', () => {
    expect(c.securityContext.readOnlyRootFilesystem).toBe(true);
    expect(c.volumeMounts).toEqual([
      { name: 'main-tmp', mountPath: '/tmp' },
      { name: 'main-var-run-postgresql', mountPath: '/var/run/postgresql' },
      { name: 'data', mountPath: '/var/lib/postgresql/data' },
    ]);
    // The claim is not a pod volume: the StatefulSet controller adds it per pod.
    expect(pod.volumes.map((v: any) => v.name)).toEqual(['main-tmp', 'main-var-run-postgresql']);
  });

  test('a headless Service gives the pods stable names', () => {
    const [svc] = synthKind(chart, 'Service');
    expect(svc.spec.clusterIP).toBe('None');
    expect(svc.spec.ports).toEqual([{ port: 5432, targetPort: 5432 }]);
    expect(svc.spec.selector).toEqual(sts.spec.selector.matchLabels);
    expect(sts.spec.serviceName).toBe(svc.metadata.name);
  });

  test('isolated: default deny and DNS egress select the pods', () => {
    const policies = synthKind(chart, 'NetworkPolicy');
    expect(policies.find(p => p.metadata.name.includes('defaultdenyall')).spec).toEqual({ podSelector: sts.spec.selector, policyTypes: ['Egress', 'Ingress'] });
    expect(policies.find(p => p.metadata.name.includes('allowdns')).spec.podSelector).toEqual(sts.spec.selector);
  });

  test('a single replica gets no PodDisruptionBudget (and needs no suppression)', () => {
    expect(sts.spec.replicas).toBe(1);
    expect(synthKind(chart, 'PodDisruptionBudget')).toEqual([]);
    expect(sts.metadata.annotations).toBeUndefined();
  });

  test('zero checker findings except the digest hint; none with a digest', () => {
    expect(SecurityChecks.findings(chart).map(f => `${f.ruleId}:${f.severity}`)).toEqual(['CS208:info']);
    const { chart: pinned } = db({ containers: [{ ...pgContainer, image: `${PG}@sha256:${'a'.repeat(64)}` }] });
    expect(SecurityChecks.findings(pinned)).toEqual([]);
  });

  test('every emitted object validates against its Kubernetes schema', () => expectValidObjects(Testing.synth(chart)));

  test('shape snapshot', () => expect(Yaml.stringify(...Testing.synth(chart))).toMatchSnapshot());
});

describe('SecureStatefulSet documented defaults', () => {
  const { chart, s } = db();
  const sts = stsOf(chart);
  test('replicas: 1', () => expect(sts.spec.replicas).toBe(1));
  test('podDisruptionBudget: only from 2 replicas', () => {
    expect(s.podDisruptionBudget).toBeUndefined();
    const { chart: two } = db({ replicas: 2 });
    expect(synthKind(two, 'PodDisruptionBudget').map(p => p.spec.maxUnavailable)).toEqual([1]);
  });
  test('topologySpread: true', () => expect(sts.spec.template.spec.topologySpreadConstraints).toHaveLength(2));
  test('podManagementPolicy: OrderedReady', () => expect(sts.spec.podManagementPolicy).toBe('OrderedReady'));
  test('updateStrategy: RollingUpdate, partition 0', () => expect(sts.spec.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { partition: 0 } }));
  test('whenDeleted / whenScaled: Retain', () => expect(sts.spec.persistentVolumeClaimRetentionPolicy).toEqual({ whenDeleted: 'Retain', whenScaled: 'Retain' }));
  test('minReady: 0 s', () => expect(sts.spec.minReadySeconds).toBe(0));
  test('volumeClaimTemplates: none', () => {
    const { chart: none } = db({ volumeClaimTemplates: undefined });
    expect(stsOf(none).spec.volumeClaimTemplates).toBeUndefined();
  });
  test('claim accessMode: ReadWriteOnce; storageClassName: the cluster default; containers: all', () => {
    const { chart: two } = db({ containers: [pgContainer, { image: 'ghcr.io/acme/exporter:1.0.0', name: 'exporter', portNumber: 9187, healthChecks: HealthChecks.tcp(9187) }] });
    const spec = stsOf(two).spec;
    expect(spec.volumeClaimTemplates[0].spec.accessModes).toEqual(['ReadWriteOnce']);
    expect(spec.volumeClaimTemplates[0].spec.storageClassName).toBeUndefined();
    expect(spec.template.spec.containers.map((x: any) => x.volumeMounts.some((m: any) => m.name === 'data'))).toEqual([true, true]);
  });
  test('the headless Service follows a namespace set on the StatefulSet', () => {
    const { chart: c } = db({ metadata: { namespace: 'data' } });
    expect(synthKind(c, 'Service')[0].metadata.namespace).toBe('data');
    expect(stsOf(c).metadata.namespace).toBe('data');
  });
  test('explicit values are honoured', () => {
    const { chart: c } = db({
      replicas: 3,
      podManagementPolicy: kplus.PodManagementPolicy.PARALLEL,
      updateStrategy: kplus.StatefulSetUpdateStrategy.onDelete(),
      whenDeleted: PersistentVolumeClaimRetention.DELETE,
      whenScaled: PersistentVolumeClaimRetention.DELETE,
      podDisruptionBudget: false,
      volumeClaimTemplates: [{ ...data, storageClassName: 'fast-ssd', accessMode: PersistentVolumeAccessMode.READ_WRITE_ONCE_POD, storage: Size.mebibytes(512) }],
    });
    const spec = stsOf(c).spec;
    expect([spec.replicas, spec.podManagementPolicy, spec.updateStrategy.type]).toEqual([3, 'Parallel', 'OnDelete']);
    expect(spec.persistentVolumeClaimRetentionPolicy).toEqual({ whenDeleted: 'Delete', whenScaled: 'Delete' });
    expect(spec.volumeClaimTemplates[0].spec).toEqual({ accessModes: ['ReadWriteOncePod'], storageClassName: 'fast-ssd', resources: { requests: { storage: '512Mi' } } });
    expect(synthKind(c, 'PodDisruptionBudget')).toEqual([]);
    expectValidObjects(Testing.synth(c));
  });
});

describe('SecureStatefulSet bad input', () => {
  test.each([
    ['a claim without storage size', { volumeClaimTemplates: [{ name: 'data', mountPath: '/data' }] }, 'CSE113', 'volumeClaimTemplates[0] ("data") has no storage size (got undefined). Set storage, e.g. storage: Size.gibibytes(10)'],
    ['a zero storage size', { volumeClaimTemplates: [{ ...data, storage: Size.mebibytes(0) }] }, 'CSE113', 'volumeClaimTemplates[0] ("data") storage 0Mi is not a whole number of mebibytes >= 1'],
    ['a claim name that is not a DNS label', { volumeClaimTemplates: [{ ...data, name: 'Data_1' }] }, 'CSE113', 'volumeClaimTemplates[0] name "Data_1" is not a DNS label'],
    ['two claims with one name', { volumeClaimTemplates: [data, { ...data, mountPath: '/other' }] }, 'CSE113', 'volumeClaimTemplates[1] name "data" is used twice'],
    ['two claims at one path', { volumeClaimTemplates: [data, { ...data, name: 'wal', mountPath: '/var/lib/postgresql/data/' }] }, 'CSE113', 'volumeClaimTemplates[1] ("wal") mountPath "/var/lib/postgresql/data/" is also the mount path of "data"'],
    ['a relative mount path', { volumeClaimTemplates: [{ ...data, mountPath: 'data' }] }, 'CSE113', 'volumeClaimTemplates[0] ("data") mountPath "data" is not an absolute path below /'],
    ['a bad storage class name', { volumeClaimTemplates: [{ ...data, storageClassName: 'Fast SSD' }] }, 'CSE113', 'storageClassName "Fast SSD" is not a valid StorageClass name'],
    ['a claim for a container that does not exist', { volumeClaimTemplates: [{ ...data, containers: ['postgres'] }] }, 'CSE113', 'volumeClaimTemplates[0] ("data") names container "postgres", which is not in containers ("main")'],
    ['a claim mounted at a writable path', { containers: [{ ...pgContainer, writablePaths: ['/var/lib/postgresql/data'] }] }, 'CSE107', 'container "main": writable path "/var/lib/postgresql/data" is also the mount path of volumeClaimTemplates "data"'],
    ['replicas 1e300', { replicas: 1e300 }, 'CSE111', 'replicas 1e+300 is not a whole number >= 0'],
    ['fractional replicas', { replicas: 2.5 }, 'CSE111', 'replicas 2.5 is not a whole number >= 0'],
  ])('throws when given %s', (_name, props, code, detail) => {
    const err = errorOf(() => db(props as any));
    expect(err.code).toBe(code);
    expect(err.message.startsWith(`[test/db] ${code} SecureStatefulSet: `)).toBe(true);
    expect(err.message).toContain(detail);
  });

  test('a plain kplus.StatefulSet draws errors where SecureStatefulSet draws none', () => {
    const chart = Testing.chart();
    new kplus.StatefulSet(chart, 'plain', { containers: [{ image: PG, portNumber: 5432 }] });
    expect(SecurityChecks.findings(chart).filter(f => f.severity === Severity.ERROR).length).toBeGreaterThan(0);
  });
});

describe('SecureStatefulSet autoscaling', () => {
  test('autoscale() emits an autoscaling/v2 HPA, drops replicas and adds a PodDisruptionBudget for min >= 2', () => {
    const chart = Testing.chart();
    const s = new SecureStatefulSet(chart, 'db', { owner: 'team-a', containers: [pgContainer], volumeClaimTemplates: [data] });
    s.autoscale({ minReplicas: 2, maxReplicas: 5 });
    const sts = stsOf(chart);
    expect(sts.spec.replicas).toBeUndefined();
    const [hpa] = synthKind(chart, 'HorizontalPodAutoscaler');
    expect(hpa.apiVersion).toBe('autoscaling/v2');
    expect(hpa.spec).toEqual({
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'StatefulSet', name: sts.metadata.name },
      minReplicas: 2,
      maxReplicas: 5,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }],
    });
    expect(synthKind(chart, 'PodDisruptionBudget').map(p => p.spec.maxUnavailable)).toEqual([1]);
    expect(SecurityChecks.findings(chart).filter(f => f.severity !== Severity.INFO)).toEqual([]);
    expectValidObjects(Testing.synth(chart));
  });

  test('throws when replicas is fixed as well', () => {
    const { s } = db({ replicas: 3 });
    expect(() => s.autoscale({ maxReplicas: 5 })).toThrow(/^\[test\/db\] CSE117 SecureStatefulSet: autoscale\(\): replicas is fixed at 3 as well\. Leave replicas out/);
  });
});

describe('property: any StatefulSet props give a clean manifest or a coded error', () => {
  const claim = fc.record({
    name: fc.constantFrom('data', 'wal', 'Bad_Name', ''),
    storageMi: fc.integer({ min: 0, max: 100000 }), // cdk8s refuses a negative Size itself
    mountPath: fc.constantFrom('/data', '/var/lib/postgresql/data', '/var/run/postgresql', 'relative', '/', '/tmp'),
    storageClassName: fc.option(fc.constantFrom('standard', 'fast-ssd', 'Bad Class'), { nil: undefined }),
  });
  test('output passes the checker or the constructor throws CSExxx', () => {
    let built = 0;
    let rejected = 0;
    const replicasArb = fc.option(fc.integer({ min: -2, max: 6 }), { nil: undefined });
    fc.assert(fc.property(fc.array(claim, { maxLength: 3 }), replicasArb, fc.boolean(), (claims, replicas, scale) => {
      const chart = Testing.chart();
      try {
        const s = new SecureStatefulSet(chart, 'db', {
          owner: 'team-a',
          replicas: scale ? undefined : replicas,
          containers: [pgContainer],
          volumeClaimTemplates: claims.map(c => ({
            name: c.name, storage: Size.mebibytes(c.storageMi), mountPath: c.mountPath, storageClassName: c.storageClassName,
          })),
        });
        if (scale) s.autoscale({ minReplicas: Math.max(2, replicas ?? 2), maxReplicas: 6 });
      } catch (e) {
        rejected++;
        expect((e as Error).message).toMatch(/^\[test\/db\] CSE\d{3} SecureStatefulSet: /);
        return;
      }
      built++;
      const objects = Testing.synth(chart);
      expectValidObjects(objects);
      const findings = SecurityChecks.findings(chart);
      expect(findings.filter(f => !f.suppressed && atOrAbove(f.severity, Severity.WARNING))).toEqual([]);
      expect(findings.filter(f => PSS_RESTRICTED_RULES.includes(f.ruleId))).toEqual([]);
      const sts = objects.find((o: any) => o.kind === 'StatefulSet');
      const pdbs = objects.filter((o: any) => o.kind === 'PodDisruptionBudget');
      // A budget exactly when at least 2 pods can run.
      expect(pdbs.length).toBe(scale || (replicas ?? 1) >= 2 ? 1 : 0);
      expect(sts.spec.template.spec.containers[0].securityContext.readOnlyRootFilesystem).toBe(true);
    }), { numRuns: 120, seed: 20261202 });
    expect(built).toBeGreaterThan(10);
    expect(rejected).toBeGreaterThan(10);
  });
});
