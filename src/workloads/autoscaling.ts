/**
 * Options of `autoscale()` on SecureDeployment and SecureStatefulSet.
 */
export interface AutoscaleOptions {
  /** Upper bound of replicas. */
  readonly maxReplicas: number;
  /**
   * Lower bound of replicas. Below 2 needs `singleReplicaReason` (one pod means downtime on every node
   * drain or rollout).
   * @default 2
   */
  readonly minReplicas?: number;
  /**
   * Target average cpu utilization, in percent of the containers' cpu requests.
   * @default 70 (when memoryUtilizationPercent is not set either)
   */
  readonly cpuUtilizationPercent?: number;
  /**
   * Target average memory utilization, in percent of the containers' memory requests.
   * @default - no memory target
   */
  readonly memoryUtilizationPercent?: number;
  /**
   * Why a minimum of 1 replica is acceptable (at least 10 visible characters). Written to the
   * HorizontalPodAutoscaler as the `cdk8s-secure.io/min-replicas-reason` annotation.
   * @default - minReplicas must be at least 2
   */
  readonly singleReplicaReason?: string;
}

/** Annotation that carries the reason for a single-replica minimum. */
export const MIN_REPLICAS_REASON_ANNOTATION = 'cdk8s-secure.io/min-replicas-reason';
