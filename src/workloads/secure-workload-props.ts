import { ApiObjectMetadata, Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { SecureContainerProps } from './secure-container';
import { Suppression } from '../checks/suppressions';

/**
 * What every secure workload (SecureDeployment, SecureStatefulSet, SecureJob, SecureCronJob,
 * SecureDaemonSet) accepts: the pod, its containers, identity, isolation and suppressions. Each kind adds
 * only its own spec fields.
 */
export interface SecureWorkloadProps {
  /**
   * Team or person that owns the workload, written as the `owner` label on the workload and its pods
   * (the hardening guide's admission policy requires it). A valid label value.
   */
  readonly owner: string;
  /**
   * Containers of the pod. At least one, here or through `addSecureContainer()`.
   * @default - none yet
   */
  readonly containers?: SecureContainerProps[];
  /**
   * Init containers (and native sidecars, with `restartPolicy: Always`), hardened the same way.
   * @default - none
   */
  readonly initContainers?: SecureContainerProps[];
  /**
   * Value of the `app.kubernetes.io/name` label.
   * @default - the construct id, lower-cased
   */
  readonly appName?: string;
  /**
   * Metadata of the workload object.
   * @default - generated name, standard labels
   */
  readonly metadata?: ApiObjectMetadata;
  /**
   * Metadata of the pods.
   * @default - standard labels
   */
  readonly podMetadata?: ApiObjectMetadata;
  /**
   * Pod-level numeric user id. Ids at or below 10000 are reported by CS213 (warning).
   * @default 65532 (distroless "nonroot"; kubelet can only verify non-root with a numeric uid)
   */
  readonly runAsUser?: number;
  /**
   * Pod-level numeric group id.
   * @default 65532
   */
  readonly runAsGroup?: number;
  /**
   * Group that owns mounted volumes.
   * @default 65532
   */
  readonly fsGroup?: number;
  /**
   * Leave runAsUser, runAsGroup and fsGroup out of the pod, so the image's own USER applies (images with
   * a fixed USER, platforms such as GKE Autopilot or OpenShift that assign ids). runAsNonRoot stays true,
   * so the kubelet still refuses an image whose USER is root or not numeric.
   * @default false
   */
  readonly useImageUser?: boolean;
  /**
   * Mount the ServiceAccount token into the pods. `true` needs a suppression of CS211; a workload that
   * calls the API should use `grant()` instead, which mounts the token together with the RoleBinding that
   * is its reason (no suppression needed).
   * @default false (NSA hardening guide, CIS 5.1.6); true once `grant()` was called
   */
  readonly automountServiceAccountToken?: boolean;
  /**
   * ServiceAccount to run as. `grant()` binds this account.
   * @default - a dedicated ServiceAccount for this workload, with automountServiceAccountToken false
   */
  readonly serviceAccount?: kplus.IServiceAccount;
  /**
   * Isolate the pods: a default-deny NetworkPolicy for ingress and egress selects them, so only flows
   * opened with `allowFrom()` / `connectTo()` (or other policies) reach them.
   * `false` leaves them open to every pod in the cluster: it needs a suppression of CS301 with a reason.
   * @default true (NSA hardening guide: network separation; CIS 5.3.2)
   */
  readonly isolate?: boolean;
  /**
   * With `isolate`, also allow DNS egress (UDP and TCP 53) to kube-dns in kube-system, so the pods can
   * resolve service names.
   * @default true
   */
  readonly allowDns?: boolean;
  /**
   * More volumes.
   * @default - only the writable emptyDirs
   */
  readonly volumes?: kplus.Volume[];
  /**
   * Grace period for termination.
   * @default Duration.seconds(30)
   */
  readonly terminationGracePeriod?: Duration;
  /**
   * Pull secret for a private registry.
   * @default - none
   */
  readonly dockerRegistryAuth?: kplus.ISecret;
  /**
   * Also emit an Istio AuthorizationPolicy (`security.istio.io/v1`, action ALLOW) for these pods, built
   * from the same `allowFrom` / `connectTo` graph as the NetworkPolicies: peers become source principals
   * (`cluster.local/ns/<ns>/sa/<sa>`), namespaces or ipBlocks, ports become strings. Principals only match
   * over mTLS: pair it with `StrictMtls`.
   * @default false
   */
  readonly meshAuthorization?: boolean;
  /**
   * Findings to accept, each with a reason of at least 10 characters. This is how a secure default is
   * weakened: the reason is written to the workload as the `cdk8s-secure.io/suppressions` annotation and
   * every report shows it.
   * @default - none
   */
  readonly suppressions?: Suppression[];
}
