import * as kplus from 'cdk8s-plus-28';
import { escapeText, visibleLength } from '../_text';
import { checkInteger, WorkloadCore } from './_workload';
import { AutoscaleOptions, MIN_REPLICAS_REASON_ANNOTATION } from './autoscaling';
import { MIN_REASON_LENGTH } from '../checks/_suppression-annotation';

/** The autoscaling part of the hardening core, shared by the kinds that scale. */
export class Autoscaling {
  private hpa?: kplus.k8s.KubeHorizontalPodAutoscalerV2;

  constructor(private readonly w: kplus.Workload & kplus.IScalable, private readonly core: WorkloadCore, private readonly kind: string) {}

  /** `fixedReplicas`: the replicas the user set explicitly (an error together with an autoscaler). */
  public autoscale(o: AutoscaleOptions, fixedReplicas: number | undefined): kplus.k8s.KubeHorizontalPodAutoscalerV2 {
    const path = this.w.node.path;
    const fail = (problem: string, fix: string): never => this.core.fail('CSE117', `autoscale(): ${problem}`, fix);
    if (this.hpa) fail('the workload is already autoscaled', 'Call autoscale() once, with all the targets.');
    if (fixedReplicas !== undefined) {
      fail(`replicas is fixed at ${fixedReplicas} as well`, 'Leave replicas out of the props of an autoscaled workload: the HorizontalPodAutoscaler owns it (a fixed value would be reset on every apply).');
    }
    const min = o.minReplicas ?? 2;
    checkInteger(path, this.kind, 'autoscale(): minReplicas', min, 1, undefined, 'CSE117');
    checkInteger(path, this.kind, 'autoscale(): maxReplicas', o.maxReplicas, 1, undefined, 'CSE117');
    if (min > o.maxReplicas) fail(`minReplicas ${min} is greater than maxReplicas ${o.maxReplicas}`, 'Set maxReplicas at or above minReplicas.');
    const reason = o.singleReplicaReason;
    if (reason !== undefined && visibleLength(reason) < MIN_REASON_LENGTH) {
      fail(`singleReplicaReason "${escapeText(reason)}" has fewer than 10 visible characters`, 'Say why one replica is acceptable, e.g. "batch consumer, at-least-once delivery tolerates restarts".');
    }
    if (min < 2 && reason === undefined) {
      fail(`minReplicas ${min} leaves a single pod, which every node drain or rollout takes down`, 'Use minReplicas: 2 (the default), or pass singleReplicaReason: "<why one pod is acceptable>".');
    }
    const cpu = o.cpuUtilizationPercent ?? (o.memoryUtilizationPercent === undefined ? 70 : undefined);
    for (const [field, v] of [['cpuUtilizationPercent', cpu], ['memoryUtilizationPercent', o.memoryUtilizationPercent]] as const) {
      checkInteger(path, this.kind, `autoscale(): ${field}`, v, 1, 1000, 'CSE117');
    }
    const metric = (name: string, percent: number) => ({
      type: 'Resource', resource: { name, target: { type: 'Utilization', averageUtilization: percent } },
    });
    this.w.markHasAutoscaler();
    const target = this.w.toScalingTarget();
    this.hpa = new kplus.k8s.KubeHorizontalPodAutoscalerV2(this.w, 'Autoscaler', {
      metadata: {
        labels: this.core.labels,
        annotations: reason === undefined ? undefined : { [MIN_REPLICAS_REASON_ANNOTATION]: reason },
      },
      spec: {
        scaleTargetRef: { apiVersion: target.apiVersion, kind: target.kind, name: target.name },
        minReplicas: min,
        maxReplicas: o.maxReplicas,
        metrics: [
          ...(cpu === undefined ? [] : [metric('cpu', cpu)]),
          ...(o.memoryUtilizationPercent === undefined ? [] : [metric('memory', o.memoryUtilizationPercent)]),
        ],
      },
    });
    // The budget must fit the smallest size the autoscaler may choose: maxUnavailable 1 from 2 pods.
    if (min >= 2 && this.core.pdbAllowed) this.core.ensurePodDisruptionBudget();
    return this.hpa;
  }
}
