import { Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { HealthChecks } from './health-checks';

/**
 * Container-level security settings, with Kubernetes field names. Every field defaults to the hardened
 * value; a value that weakens security must be accepted with a suppression (with a reason) on the workload.
 */
export interface SecureContainerSecurityContext {
  /**
   * Require the container to run as a non-root user (the kubelet refuses to start it otherwise).
   * `false` needs a suppression of CS123.
   * @default true (Pod Security Standards restricted)
   */
  readonly runAsNonRoot?: boolean;
  /**
   * Numeric user id of the container's process.
   * @default - the pod's runAsUser (65532)
   */
  readonly runAsUser?: number;
  /**
   * Numeric primary group id of the container's process.
   * @default - the pod's runAsGroup (65532)
   */
  readonly runAsGroup?: number;
  /**
   * Mount the container's root filesystem read-only. `false` needs a suppression of CS201; prefer
   * `writablePaths`, which mounts an emptyDir at each path the process writes to.
   * @default true (NSA hardening guide, CIS 5.7.3)
   */
  readonly readOnlyRootFilesystem?: boolean;
  /**
   * Let a process gain more privileges than its parent (setuid binaries, file capabilities).
   * `true` needs a suppression of CS122.
   * @default false (Pod Security Standards restricted)
   */
  readonly allowPrivilegeEscalation?: boolean;
  /**
   * Run the container privileged. `true` needs suppressions of CS103 and more.
   * @default false (Pod Security Standards baseline)
   */
  readonly privileged?: boolean;
  /**
   * Linux capabilities. Adding anything but NET_BIND_SERVICE, or not dropping ALL, needs a suppression of CS126.
   * @default { drop: [ALL] } (Pod Security Standards restricted)
   */
  readonly capabilities?: kplus.ContainerSecutiryContextCapabilities;
  /**
   * Seccomp profile.
   * @default { type: RuntimeDefault } (Pod Security Standards restricted)
   */
  readonly seccompProfile?: kplus.SeccompProfile;
}

/**
 * A container of a secure workload. Same shape as cdk8s-plus `ContainerProps` where it can be, with
 * the security fields under their Kubernetes names.
 */
export interface SecureContainerProps {
  /**
   * Image reference with a tag or digest (`registry/app:1.2.3`, `registry/app@sha256:...`).
   * An untagged or `:latest` image needs a suppression of CS206 / CS207.
   */
  readonly image: string;
  /**
   * Container name, unique in the pod.
   * @default 'main'
   */
  readonly name?: string;
  /**
   * The port the container serves on (also the default port of `healthChecks`).
   * @default - no port
   */
  readonly portNumber?: number;
  /**
   * More ports.
   * @default - none
   */
  readonly ports?: kplus.ContainerPort[];
  /**
   * Entrypoint override.
   * @default - the image's ENTRYPOINT
   */
  readonly command?: string[];
  /**
   * Arguments.
   * @default - the image's CMD
   */
  readonly args?: string[];
  /**
   * Working directory.
   * @default - the image's WORKDIR
   */
  readonly workingDir?: string;
  /**
   * Environment variables. Take credentials from a Secret (`EnvValue.fromSecretValue`), never a literal:
   * rule CS401 fails on literal values that look like credentials.
   * @default - none
   */
  readonly envVariables?: { [name: string]: kplus.EnvValue };
  /**
   * Environment variables from ConfigMaps or Secrets.
   * @default - none
   */
  readonly envFrom?: kplus.EnvFrom[];
  /**
   * Volume mounts (in addition to the writable emptyDirs this library adds).
   * @default - none
   */
  readonly volumeMounts?: kplus.VolumeMount[];
  /**
   * Liveness and readiness probes in one line, e.g. `HealthChecks.http({ port: 8080 })`.
   * Ignored for a probe given explicitly in `liveness` / `readiness`.
   * @default - use `liveness` and `readiness`
   */
  readonly healthChecks?: HealthChecks;
  /**
   * Liveness probe. Required (for regular containers) unless CS204 is suppressed.
   * @default - from `healthChecks`
   */
  readonly liveness?: kplus.Probe;
  /**
   * Readiness probe. Required (for regular containers) unless CS205 is suppressed.
   * @default - from `healthChecks`
   */
  readonly readiness?: kplus.Probe;
  /**
   * Startup probe, for slow starters.
   * @default - none
   */
  readonly startup?: kplus.Probe;
  /**
   * cpu and memory requests and limits. Both must be set, positive, and each limit at least its request.
   * @default - requests cpu 100m / memory 128Mi, limits cpu 200m / memory 256Mi (the hardening guide's values)
   */
  readonly resources?: kplus.ContainerResources;
  /**
   * Absolute paths the process writes to. Each gets its own emptyDir (with a size limit), so the root
   * filesystem can stay read-only. `/tmp` is always writable.
   * @default - only /tmp
   */
  readonly writablePaths?: string[];
  /**
   * Size limit of each writable emptyDir (including /tmp).
   * @default Size.mebibytes(64)
   */
  readonly writableSizeLimit?: Size;
  /**
   * Security settings of this container.
   * @default - every hardened default
   */
  readonly securityContext?: SecureContainerSecurityContext;
  /**
   * Image pull policy. Anything but Always is reported by CS210 (warning).
   * @default ImagePullPolicy.ALWAYS (a node's cached private image needs no pull credentials otherwise)
   */
  readonly imagePullPolicy?: kplus.ImagePullPolicy;
  /**
   * Lifecycle hooks.
   * @default - none
   */
  readonly lifecycle?: kplus.ContainerLifecycle;
  /**
   * `Always` makes an init container a native sidecar. Only for init containers.
   * @default - none
   */
  readonly restartPolicy?: kplus.ContainerRestartPolicy;
}
