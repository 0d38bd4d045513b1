import { ApiObjectMetadata, Duration, JsonPatch, Names } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { SecureError } from '../_errors';
import { isLabelValue } from '../_names';
import { DEFAULT_ID, hardenContainer, toPlusProps, WritableOptions } from './_harden';
import { SecureContainerProps } from './secure-container';
import { atOrAbove, CheckSession } from '../checks/engine';
import { Severity } from '../checks/finding';
import { checkerOptionsFor } from '../checks/security-checks';
import { Suppression, Suppressions } from '../checks/suppressions';
import { allowDnsEgress } from '../network/_dns';
import { Flows } from '../network/_flows-construct';

/**
 * Properties of a SecureDeployment.
 */
export interface SecureDeploymentProps {
  /**
   * Team or person that owns the workload, written as the `owner` label on the Deployment and its pods
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
   * Metadata of the Deployment object.
   * @default - generated name, standard labels
   */
  readonly metadata?: ApiObjectMetadata;
  /**
   * Metadata of the pods.
   * @default - standard labels
   */
  readonly podMetadata?: ApiObjectMetadata;
  /**
   * Number of replicas.
   * @default 2 (so a PodDisruptionBudget can keep one running)
   */
  readonly replicas?: number;
  /**
   * Emit a PodDisruptionBudget with maxUnavailable 1.
   * @default true (Polaris reliability: missingPodDisruptionBudget)
   */
  readonly podDisruptionBudget?: boolean;
  /**
   * Spread replicas across zones and nodes with topologySpreadConstraints (ScheduleAnyway).
   * @default true (Polaris reliability: topologySpreadConstraint)
   */
  readonly topologySpread?: boolean;
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
   * Mount the ServiceAccount token into the pods. `true` needs a suppression of CS211.
   * @default false (NSA hardening guide, CIS 5.1.6)
   */
  readonly automountServiceAccountToken?: boolean;
  /**
   * ServiceAccount to run as.
   * @default - a dedicated ServiceAccount for this workload, with automountServiceAccountToken false
   */
  readonly serviceAccount?: kplus.IServiceAccount;
  /**
   * Isolate the pods: a default-deny NetworkPolicy for ingress and egress selects them, so only flows
   * opened with `connections.allowFrom()` / `connections.allowTo()` (or other policies) reach them.
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
   * Deployment strategy.
   * @default - RollingUpdate, maxSurge 25%, maxUnavailable 25%
   */
  readonly strategy?: kplus.DeploymentStrategy;
  /**
   * Minimum time a new pod must be ready to count as available.
   * @default Duration.seconds(0)
   */
  readonly minReady?: Duration;
  /**
   * Time after which a stalled rollout is reported as failed.
   * @default Duration.seconds(600)
   */
  readonly progressDeadline?: Duration;
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
   * weakened: the reason is written to the Deployment as the `cdk8s-secure.io/suppressions` annotation and
   * every report shows it.
   * @default - none
   */
  readonly suppressions?: Suppression[];
}

/** Rules that need the objects around the workload; checked at synth time, not at construction. */
const SET_RULES = ['CS301'];

/**
 * A cdk8s-plus Deployment that is hardened by construction: non-root with a numeric uid above 10000,
 * read-only root filesystem with size-limited emptyDirs for writable paths, all capabilities dropped,
 * RuntimeDefault seccomp, no privilege escalation, cpu and memory requests and limits, liveness and
 * readiness probes, a dedicated ServiceAccount without a mounted token, imagePullPolicy Always, standard
 * and owner labels, 2 replicas, a PodDisruptionBudget and topology spread.
 *
 * It is a `kplus.Deployment`, so `exposeViaService`, `connections`, Services and autoscalers work as usual.
 * Containers added later with `addContainer`, `addInitContainer`, `addSecureContainer` are hardened the
 * same way. Anything that would raise an error or warning finding throws at construction, naming the rule,
 * unless a suppression with a reason accepts it.
 */
export class SecureDeployment extends kplus.Deployment {
  /** Value of the owner label. */
  public readonly owner: string;
  /** The PodDisruptionBudget, unless turned off. */
  public readonly podDisruptionBudget?: kplus.k8s.KubePodDisruptionBudget;
  private readonly writable = new Map<string, WritableOptions>();
  private readonly constructed: boolean;
  private readonly flows: Flows;

  constructor(scope: Construct, id: string, props: SecureDeploymentProps) {
    const useImageUser = props.useImageUser ?? false;
    super(scope, id, {
      metadata: props.metadata,
      podMetadata: props.podMetadata,
      replicas: props.replicas ?? 2,
      strategy: props.strategy,
      minReady: props.minReady,
      progressDeadline: props.progressDeadline,
      terminationGracePeriod: props.terminationGracePeriod,
      dockerRegistryAuth: props.dockerRegistryAuth,
      volumes: props.volumes,
      isolate: props.isolate ?? true,
      serviceAccount: props.serviceAccount,
      automountServiceAccountToken: props.automountServiceAccountToken ?? false,
      securityContext: {
        ensureNonRoot: true,
        user: useImageUser ? undefined : props.runAsUser ?? DEFAULT_ID,
        group: useImageUser ? undefined : props.runAsGroup ?? DEFAULT_ID,
        fsGroup: useImageUser ? undefined : props.fsGroup ?? DEFAULT_ID,
      },
    });
    this.constructed = false;
    this.flows = new Flows(this, props.meshAuthorization ?? false);
    const fail = (code: string, problem: string, fix: string): never => SecureError.raise(this, code, 'SecureDeployment', problem, fix);

    if (!isNonEmptyLabelValue(props.owner)) {
      fail('CSE109', `owner ${JSON.stringify(props.owner)} is not a valid label value`, 'Use 1-63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit (e.g. "team-payments").');
    }
    this.owner = props.owner;
    for (const [field, v] of [['runAsUser', props.runAsUser], ['runAsGroup', props.runAsGroup], ['fsGroup', props.fsGroup]] as const) {
      if (v !== undefined && (!Number.isInteger(v) || v < 0 || v > 2147483647)) {
        fail('CSE108', `${field} ${v} is not a valid id`, 'Use a whole number from 1 to 2147483647; above 10000 is recommended (e.g. 65532).');
      }
      if (v !== undefined && useImageUser) {
        fail('CSE108', `${field} is set together with useImageUser`, `Either set ${field} or useImageUser, not both.`);
      }
    }
    if (props.runAsUser === 0) {
      fail('CSE103', 'runAsUser is 0 (root) while runAsNonRoot is true, so the kubelet would refuse to start the pod', 'Use a non-root numeric id above 10000 (e.g. 65532).');
    }
    if (props.replicas !== undefined && (!Number.isInteger(props.replicas) || props.replicas < 0)) {
      fail('CSE111', `replicas ${props.replicas} is not a whole number >= 0`, 'Use e.g. replicas: 2.');
    }

    const appName = props.appName ?? (id.toLowerCase().replace(/[^a-z0-9_.-]+/g, '-').replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '').slice(0, 63) || 'app');
    if (!isNonEmptyLabelValue(appName)) {
      fail('CSE109', `appName ${JSON.stringify(appName)} is not a valid label value`, 'Use 1-63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit.');
    }
    const labels: Record<string, string> = {
      'app.kubernetes.io/name': appName,
      'app.kubernetes.io/instance': Names.toLabelValue(this),
      'owner': props.owner,
    };
    for (const [k, v] of Object.entries(labels)) {
      this.metadata.addLabel(k, v);
      this.podMetadata.addLabel(k, v);
    }

    if (!props.serviceAccount) {
      // cdk8s-plus reads the pod's service account at synth time; a dedicated one is created as a child,
      // which the base class constructor cannot do itself.
      const sa = new kplus.ServiceAccount(this, 'ServiceAccount', { automountToken: false, metadata: { labels } });
      (this as { serviceAccount?: kplus.IServiceAccount }).serviceAccount = sa;
    }

    const selector = this.matchLabels;
    if (props.podDisruptionBudget ?? true) {
      this.podDisruptionBudget = new kplus.k8s.KubePodDisruptionBudget(this, 'PodDisruptionBudget', {
        metadata: { labels },
        spec: { maxUnavailable: kplus.k8s.IntOrString.fromNumber(1), selector: { matchLabels: selector } },
      });
    }
    if ((props.isolate ?? true) && (props.allowDns ?? true)) {
      allowDnsEgress(this, 'AllowDns', { namespace: this.metadata.namespace, labels }, { matchLabels: selector });
    }
    // cdk8s-plus has no field for these; JSON patches run before the L1 drops unknown fields, and both are known.
    this.apiObject.addJsonPatch(JsonPatch.add('/spec/template/spec/securityContext/seccompProfile', { type: 'RuntimeDefault' }));
    if (props.topologySpread ?? true) {
      this.apiObject.addJsonPatch(JsonPatch.add('/spec/template/spec/topologySpreadConstraints', [
        { maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: selector } },
        { maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: selector } },
      ]));
    }

    if (props.suppressions && props.suppressions.length > 0) Suppressions.add(this, ...props.suppressions);
    // Checked here, not only at synth: an open workload is a weakened default like any other.
    if (props.isolate === false && !Suppressions.of(this).some(x => x.ruleId === 'CS301')) {
      fail('CSE100', 'isolate is false, so no NetworkPolicy isolates these pods (CS301 Workload not isolated by NetworkPolicy)',
        "Keep isolate (the default) and open flows with allowFrom() / connectTo(), or accept it: suppressions: [{ ruleId: 'CS301', reason: '<e.g. the namespace default deny covers it>' }].");
    }
    for (const c of props.initContainers ?? []) this.addSecureInitContainer(c);
    for (const c of props.containers ?? []) this.addSecureContainer(c);
    this.constructed = true;
    if (this.containers.length > 0) this.verify();
    this.node.addValidation({
      validate: () => this.containers.length > 0 ? [] : [`${this.node.path}: CSE110 SecureDeployment has no container. Pass containers: [{ image: ..., healthChecks: HealthChecks.http({ port: 8080 }) }] or call addSecureContainer().`],
    });
  }

  /**
   * Allows traffic from `peer` to these pods on `ports` (default: every port the containers declare).
   * Both ends are kept consistent: this workload gets an ingress rule, and an isolated peer (a
   * SecureDeployment, or a cdk8s-plus workload with `isolate`) gets the matching egress rule, so no
   * declared flow is dropped by the other side's default deny.
   *
   * `peer` may be a SecureDeployment or any cdk8s-plus workload, `Pods.select(...)`,
   * `Namespaces.select(...)` or `NetworkPolicyIpBlock.ipv4(...)`.
   */
  public allowFrom(peer: kplus.INetworkPolicyPeer, ...ports: kplus.NetworkPolicyPort[]): void {
    this.flows.allowFrom(peer, ports);
  }

  /**
   * Allows these pods to open connections to `peer` on `ports` (default: the ports the peer's containers
   * declare; required for peers that are not workloads). The peer's ingress is opened to match when it is
   * isolated.
   */
  public connectTo(peer: kplus.INetworkPolicyPeer, ...ports: kplus.NetworkPolicyPort[]): void {
    this.flows.connectTo(peer, ports);
  }

  /** @internal */
  public _openIngress(peer: kplus.INetworkPolicyPeer, ports: kplus.NetworkPolicyPort[]): void {
    this.flows.openIngress(peer, ports);
  }

  /** @internal */
  public _openEgress(peer: kplus.INetworkPolicyPeer, ports: kplus.NetworkPolicyPort[]): void {
    this.flows.openEgress(peer, ports);
  }

  /** @internal The peers allowed in, with their ports (for mesh authorization and tests). */
  public get _ingressPeers(): ReadonlyArray<{ peer: kplus.INetworkPolicyPeer; ports: kplus.NetworkPolicyPort[] }> {
    return this.flows.ingressPeers;
  }

  /**
   * Adds a container described with Kubernetes field names (see `SecureContainerProps`), hardened.
   */
  public addSecureContainer(props: SecureContainerProps): kplus.Container {
    this.writable.set(props.name ?? 'main', { writablePaths: props.writablePaths, writableSizeLimit: props.writableSizeLimit });
    return this.addContainer(toPlusProps(props));
  }

  /**
   * Adds an init container (or, with `restartPolicy: Always`, a native sidecar), hardened.
   */
  public addSecureInitContainer(props: SecureContainerProps): kplus.Container {
    this.writable.set(props.name ?? 'main', { writablePaths: props.writablePaths, writableSizeLimit: props.writableSizeLimit });
    return this.addInitContainer(toPlusProps(props));
  }

  /**
   * Adds a container given as cdk8s-plus ContainerProps. Every security field left out gets its hardened
   * default; the result must pass the error-level rules (or be accepted by a suppression).
   */
  public addContainer(cont: kplus.ContainerProps): kplus.Container {
    const c = super.addContainer(this.harden(cont));
    if (this.constructed) this.verify();
    return c;
  }

  /**
   * Adds an init container given as cdk8s-plus ContainerProps, hardened like `addContainer`.
   */
  public addInitContainer(cont: kplus.ContainerProps): kplus.Container {
    const c = super.addInitContainer(this.harden(cont));
    if (this.constructed && this.containers.length > 0) this.verify();
    return c;
  }

  private harden(cont: kplus.ContainerProps): kplus.ContainerProps {
    const name = cont.name ?? 'main';
    const writable = this.writable.get(name) ?? {};
    this.writable.delete(name);
    const taken = [...this.containers, ...this.initContainers].map(c => c.name);
    return hardenContainer(this, 'SecureDeployment', cont, writable, taken);
  }

  /**
   * Runs the error-level rules on this Deployment as it would synthesize now, and throws a SecureError
   * naming each rule that fails and is not suppressed.
   */
  private verify(): void {
    Suppressions.apply(this);
    const session = new CheckSession({ ...checkerOptionsFor(this), disabledRules: SET_RULES });
    session.add(this.apiObject.toJson(), { constructPath: this.apiObject.node.path });
    // Warnings count here too: a SecureDeployment weakens nothing without a reason (e.g. uid 1001 is a
    // warning in plain YAML, but a construct that sets it must say why).
    const bad = session.finish().filter(f => !f.suppressed && atOrAbove(f.severity, Severity.WARNING) && !f.ruleId.startsWith('CS00'));
    if (bad.length === 0) return;
    const lines = bad.map(f => `  - ${f.ruleId} ${f.title}: ${f.message} (at ${f.path}). Fix: ${HINTS[f.ruleId] ?? f.fix}`);
    SecureError.raise(this, 'CSE100', 'SecureDeployment',
      `the pod would fail ${bad.length} security rule(s):\n${lines.join('\n')}\n`,
      `To accept a finding instead, pass suppressions: [{ ruleId: '${bad[0].ruleId}', reason: '<why this is acceptable, at least 10 characters>' }]; the reason is written to the manifest.`);
  }
}

/** Construct-specific fixes, where the rule's generic fix would send the user to the YAML. */
const HINTS: Record<string, string> = {
  CS201: 'keep readOnlyRootFilesystem true and list the directories the process writes to in writablePaths (each gets an emptyDir).',
  CS204: "add healthChecks: HealthChecks.http({ port: 8080, livenessPath: '/health', readinessPath: '/ready' }) to the container (or liveness: Probe.fromHttpGet(...)).",
  CS205: "add healthChecks: HealthChecks.http({ port: 8080, livenessPath: '/health', readinessPath: '/ready' }) to the container (or readiness: Probe.fromHttpGet(...)).",
  CS206: 'pin a version tag ("nginx:1.27.3") or a digest ("nginx@sha256:...").',
  CS207: 'pin a version tag ("nginx:1.27.3") or a digest ("nginx@sha256:...") instead of "latest".',
  CS208: 'reference the image by digest ("registry/app:1.2.3@sha256:..."): digests are required by SecurityChecks.of(...) for this scope.',
  CS210: 'leave imagePullPolicy at Always (the default).',
  CS213: 'use an id above 10000 (the default is 65532), or accept the guide-style id 1001 with a suppression.',
  CS209: 'use an image from one of the allowed registries configured with SecurityChecks.of(..., { allowedRegistries }).',
};

/** A non-empty label value (owner and name labels must say something). */
function isNonEmptyLabelValue(v: unknown): boolean {
  return v !== '' && isLabelValue(v);
}
