import { Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { deploy, deploymentOf, errorOf, synthKind } from './_fixtures';
import { MIN_REPLICAS_REASON_ANNOTATION, SecurityChecks, Severity } from '../../src';
import { expectValidObjects } from '../_schema';

describe('SecureDeployment.autoscale()', () => {
  test('an autoscaling/v2 HPA with cpu 70% by default; replicas left out; the PDB stays', () => {
    const { chart, d } = deploy();
    d.autoscale({ maxReplicas: 10 });
    const dep = deploymentOf(chart);
    expect(dep.spec.replicas).toBeUndefined();
    const [hpa] = synthKind(chart, 'HorizontalPodAutoscaler');
    expect(hpa.apiVersion).toBe('autoscaling/v2');
    expect(hpa.spec).toEqual({
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: dep.metadata.name },
      minReplicas: 2,
      maxReplicas: 10,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }],
    });
    expect(hpa.metadata.labels).toEqual(dep.metadata.labels);
    expect(synthKind(chart, 'PodDisruptionBudget').map(p => p.spec.maxUnavailable)).toEqual([1]);
    expect(SecurityChecks.findings(chart).filter(f => f.severity !== Severity.INFO)).toEqual([]);
    expectValidObjects(Testing.synth(chart));
  });

  test('memory target alone, or both', () => {
    const { chart, d } = deploy();
    d.autoscale({ minReplicas: 3, maxReplicas: 6, memoryUtilizationPercent: 80 });
    expect(synthKind(chart, 'HorizontalPodAutoscaler')[0].spec.metrics).toEqual([
      { type: 'Resource', resource: { name: 'memory', target: { type: 'Utilization', averageUtilization: 80 } } },
    ]);
    const { chart: both, d: d2 } = deploy();
    d2.autoscale({ maxReplicas: 6, cpuUtilizationPercent: 60, memoryUtilizationPercent: 80 });
    expect(synthKind(both, 'HorizontalPodAutoscaler')[0].spec.metrics.map((m: any) => m.resource.name)).toEqual(['cpu', 'memory']);
  });

  test('minReplicas 1 needs a reason, which is written to the HPA', () => {
    const { chart, d } = deploy();
    d.autoscale({ minReplicas: 1, maxReplicas: 3, singleReplicaReason: 'internal batch API, restarts are acceptable' });
    const [hpa] = synthKind(chart, 'HorizontalPodAutoscaler');
    expect(hpa.spec.minReplicas).toBe(1);
    expect(hpa.metadata.annotations).toEqual({ [MIN_REPLICAS_REASON_ANNOTATION]: 'internal batch API, restarts are acceptable' });
  });

  test.each([
    ['min > max', {}, { minReplicas: 5, maxReplicas: 3 }, 'autoscale(): minReplicas 5 is greater than maxReplicas 3. Set maxReplicas at or above minReplicas.'],
    ['a fixed replicas as well', { replicas: 3 }, { maxReplicas: 5 }, 'autoscale(): replicas is fixed at 3 as well. Leave replicas out of the props'],
    ['minReplicas 1 without a reason', {}, { minReplicas: 1, maxReplicas: 5 }, 'autoscale(): minReplicas 1 leaves a single pod, which every node drain or rollout takes down. Use minReplicas: 2'],
    ['a reason of invisible characters', {}, { minReplicas: 1, maxReplicas: 5, singleReplicaReason: 'ok\u200b\u200b\u200b\u200b\u200b\u200b\u200b\u200b\u200b' }, 'autoscale(): singleReplicaReason "ok\\u200b\\u200b\\u200b\\u200b\\u200b\\u200b\\u200b\\u200b\\u200b" has fewer than 10 visible characters'],
    ['maxReplicas 1e300', {}, { maxReplicas: 1e300 }, 'autoscale(): maxReplicas 1e+300 is not a whole number >= 1'],
    ['a fractional minimum', {}, { minReplicas: 2.5, maxReplicas: 5 }, 'autoscale(): minReplicas 2.5 is not a whole number >= 1'],
    ['a cpu target of 0%', {}, { maxReplicas: 5, cpuUtilizationPercent: 0 }, 'autoscale(): cpuUtilizationPercent 0 is not a whole number >= 1 and <= 1000'],
  ])('throws CSE117 for %s', (_name, props, options, detail) => {
    const err = errorOf(() => deploy(props).d.autoscale(options as any));
    expect(err.code).toBe('CSE117');
    expect(err.message).toContain(`[test/backend] CSE117 SecureDeployment: ${detail}`);
  });

  test('throws when autoscale() is called twice', () => {
    const { d } = deploy();
    d.autoscale({ maxReplicas: 4 });
    expect(() => d.autoscale({ maxReplicas: 5 })).toThrow(/CSE117 SecureDeployment: autoscale\(\): the workload is already autoscaled/);
  });
});

describe('a cdk8s-plus HorizontalPodAutoscaler targeting a SecureDeployment', () => {
  test('synthesizes, and the Deployment leaves replicas to it', () => {
    const { chart, d } = deploy();
    new kplus.HorizontalPodAutoscaler(chart, 'hpa', { target: d, minReplicas: 2, maxReplicas: 8, metrics: [kplus.Metric.resourceCpu(kplus.MetricTarget.averageUtilization(70))] });
    const objects = Testing.synth(chart);
    expect(deploymentOf(chart).spec.replicas).toBeUndefined();
    const hpa = objects.find((o: any) => o.kind === 'HorizontalPodAutoscaler');
    expect(hpa.spec.scaleTargetRef.name).toBe(deploymentOf(chart).metadata.name);
    expect(SecurityChecks.findings(chart).filter(f => f.severity !== Severity.INFO)).toEqual([]);
  });

  test('still refused when replicas was fixed explicitly', () => {
    const { chart, d } = deploy({ replicas: 3 });
    new kplus.HorizontalPodAutoscaler(chart, 'hpa', { target: d, maxReplicas: 8 });
    expect(() => Testing.synth(chart)).toThrow(/target cannot have a fixed number of replicas \(3\)/);
  });
});
