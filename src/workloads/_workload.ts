import { ApiObject, Duration, Names } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { SecureError } from '../_errors';
import { isLabelValue } from '../_names';
import { Grants } from './_grant';
import { DEFAULT_ID, hardenContainer, toPlusProps, WritableOptions } from './_harden';
import { SecureContainerProps } from './secure-container';
import { SecureWorkloadProps } from './secure-workload-props';
import { atOrAbove, CheckSession } from '../checks/engine';
import { Severity } from '../checks/finding';
import { checkerOptionsFor } from '../checks/security-checks';
import { Suppressions } from '../checks/suppressions';
import { allowDnsEgress } from '../network/_dns';
import { Flows } from '../network/_flows-construct';

/** The largest value of a Kubernetes int32 field (replicas, backoffLimit, ...). */
export const INT32_MAX = 2147483647;

/**
 * What the hardening core needs from the workload that owns it. Every secure workload class implements
 * it; the methods delegate back to the core, so a new kind only adds its own spec fields.
 */
export interface HardenedWorkload extends kplus.Workload {
  addSecureContainer(props: SecureContainerProps): kplus.Container;
  addSecureInitContainer(props: SecureContainerProps): kplus.Container;
  _openIngress(peer: kplus.INetworkPolicyPeer, ports: kplus.NetworkPolicyPort[]): void;
  _openEgress(peer: kplus.INetworkPolicyPeer, ports: kplus.NetworkPolicyPort[]): void;
}

/** What differs between kinds, as far as the core is concerned. */
export interface CoreOptions {
  /** Construct type for messages, e.g. `SecureStatefulSet`. */
  readonly kind: string;
  /** The workload's L1 object (cdk8s-plus keeps it protected). */
  readonly apiObject: ApiObject;
  /** Emit a PodDisruptionBudget (maxUnavailable 1). */
  readonly podDisruptionBudget: boolean;
  /** Spread pods over zones and nodes. */
  readonly topologySpread: boolean;
  /** False when the user turned the PodDisruptionBudget off explicitly (autoscale() then adds none). */
  readonly podDisruptionBudgetAllowed?: boolean;
  /** Fix for the CSE110 "no container" error. */
  readonly noContainerFix?: string;
}

/** Rules that need the objects around the workload; checked at synth time, not at construction. */
const SET_RULES = ['CS301'];

/**
 * Props of the cdk8s-plus base class that every secure workload passes the same way: the pod identity,
 * isolation and service account settings, with hardened defaults.
 */
export function basePodProps(path: string, kind: string, props: SecureWorkloadProps, fsGroupChangePolicy?: kplus.FsGroupChangePolicy) {
  checkSeconds(path, kind, 'terminationGracePeriod', props.terminationGracePeriod, 0);
  const useImageUser = props.useImageUser ?? false;
  return {
    metadata: props.metadata,
    podMetadata: props.podMetadata,
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
      fsGroupChangePolicy,
    },
  };
}

/**
 * Refuses a number Kubernetes cannot store in an integer field: fractions, NaN, 1e300, values outside
 * [min, max]. `path` is the construct path (the constructor may not have run yet).
 */
export function checkInteger(path: string, kind: string, field: string, value: number | undefined, min: number, max: number = INT32_MAX, code = 'CSE112'): void {
  if (value === undefined) return;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new SecureError(code, path, `${kind}: ${field} ${String(value)} is not a whole number >= ${min}${max < INT32_MAX ? ` and <= ${max}` : ''} `
      + `(Kubernetes stores it as an int32, at most ${INT32_MAX}). Use e.g. ${field}: ${Math.max(min, Math.min(max, 2))}.`);
  }
}

/** Fix for a batch workload without a container: no probes needed. */
export const BATCH_NO_CONTAINER_FIX = 'Pass containers: [{ image: ... }] or call addSecureContainer(); run-to-completion pods need no probes.';

/** Validates the Job fields shared by SecureJob and SecureCronJob before cdk8s-plus sees them. */
export function checkJobFields(path: string, kind: string,
  p: { backoffLimit?: number; activeDeadline?: Duration; ttlAfterFinished?: Duration }): void {
  checkInteger(path, kind, 'backoffLimit', p.backoffLimit, 0);
  checkSeconds(path, kind, 'activeDeadline', p.activeDeadline, 1);
  checkSeconds(path, kind, 'ttlAfterFinished', p.ttlAfterFinished, 0);
}

/** Refuses a duration Kubernetes cannot store as whole seconds in an int32 (1.5 s, negative, huge). */
export function checkSeconds(path: string, kind: string, field: string, d: Duration | undefined, min: number): void {
  if (d === undefined) return;
  const s = d.toSeconds({ integral: false });
  if (!Number.isInteger(s) || s < min || s > INT32_MAX) {
    throw new SecureError('CSE112', path, `${kind}: ${field} ${s} s is not a whole number of seconds >= ${min} (Kubernetes stores it as an int32). Use e.g. Duration.seconds(${Math.max(min, 30)}).`);
  }
}

/** Construct path a child named `id` of `scope` will get (for checks that must run before `super()`). */
export function childPath(scope: { node: { path: string } }, id: string): string {
  return scope.node.path ? `${scope.node.path}/${id}` : id;
}

/**
 * The one hardening module every secure workload uses: validates the common props, writes the standard
 * and owner labels, creates the dedicated ServiceAccount, the PodDisruptionBudget, the DNS egress policy
 * and the flows (NetworkPolicies, optional Istio AuthorizationPolicy), applies suppressions, hardens every
 * container and runs the error-level rules on the workload as it would synthesize.
 */
export class WorkloadCore {
  /** The standard and owner labels (workload, pods, ServiceAccount, PDB). */
  public readonly labels: Record<string, string>;
  public readonly flows: Flows;
  public readonly podDisruptionBudget?: kplus.k8s.KubePodDisruptionBudget;
  /** Whether autoscale() may add a PodDisruptionBudget. */
  public readonly pdbAllowed: boolean;
  /** API access of the workload's ServiceAccount (grant()). */
  public readonly grants: Grants;
  private readonly writable = new Map<string, WritableOptions>();
  private constructed = false;
  /** The pod selector labels the topology spread constraints select on; undefined when the kind does not spread. */
  private readonly spreadLabels?: Record<string, string>;
  /** Mount paths reserved in every regular container (volumeClaimTemplates), with what mounts them. */
  private readonly reserved: Array<{ path: string; by: string; containers: string[] }> = [];

  constructor(private readonly w: HardenedWorkload, id: string, props: SecureWorkloadProps, private readonly opts: CoreOptions) {
    this.flows = new Flows(w, props.meshAuthorization ?? false);
    this.pdbAllowed = opts.podDisruptionBudgetAllowed ?? true;
    const fail = (code: string, problem: string, fix: string): never => SecureError.raise(w, code, opts.kind, problem, fix);
    const useImageUser = props.useImageUser ?? false;

    if (!isNonEmptyLabelValue(props.owner)) {
      fail('CSE109', `owner ${JSON.stringify(props.owner)} is not a valid label value`, 'Use 1-63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit (e.g. "team-payments").');
    }
    for (const [field, v] of [['runAsUser', props.runAsUser], ['runAsGroup', props.runAsGroup], ['fsGroup', props.fsGroup]] as const) {
      if (v !== undefined && (!Number.isInteger(v) || v < 0 || v > INT32_MAX)) {
        fail('CSE108', `${field} ${v} is not a valid id`, 'Use a whole number from 1 to 2147483647; above 10000 is recommended (e.g. 65532).');
      }
      if (v !== undefined && useImageUser) {
        fail('CSE108', `${field} is set together with useImageUser`, `Either set ${field} or useImageUser, not both.`);
      }
    }
    if (props.runAsUser === 0) {
      fail('CSE103', 'runAsUser is 0 (root) while runAsNonRoot is true, so the kubelet would refuse to start the pod', 'Use a non-root numeric id above 10000 (e.g. 65532).');
    }

    const appName = props.appName ?? (id.toLowerCase().replace(/[^a-z0-9_.-]+/g, '-').replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '').slice(0, 63) || 'app');
    if (!isNonEmptyLabelValue(appName)) {
      fail('CSE109', `appName ${JSON.stringify(appName)} is not a valid label value`, 'Use 1-63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit.');
    }
    this.labels = {
      'app.kubernetes.io/name': appName,
      // Equal to the workload's metadata.name, as Polaris (metadataAndInstanceMismatched) expects; a name
      // that cannot be a label value (over 63 characters) falls back to the construct-path label.
      'app.kubernetes.io/instance': isNonEmptyLabelValue(w.name) ? w.name : Names.toLabelValue(w),
      'owner': props.owner,
    };
    for (const [k, v] of Object.entries(this.labels)) {
      w.metadata.addLabel(k, v);
      w.podMetadata.addLabel(k, v);
    }

    if (!props.serviceAccount) {
      // cdk8s-plus reads the pod's service account at synth time; a dedicated one is created as a child,
      // which the base class constructor cannot do itself.
      const sa = new kplus.ServiceAccount(w, 'ServiceAccount', { automountToken: false, metadata: { labels: this.labels } });
      (w as { serviceAccount?: kplus.IServiceAccount }).serviceAccount = sa;
    }

    this.grants = new Grants(w, this);

    const podLabels = this.podSelectorLabels;
    if (opts.podDisruptionBudget) this.ensurePodDisruptionBudget();
    if ((props.isolate ?? true) && (props.allowDns ?? true)) {
      allowDnsEgress(w, 'AllowDns', { namespace: w.metadata.namespace, labels: this.labels }, { matchLabels: podLabels });
    }
    // cdk8s-plus has no props for the seccomp profile and the spread constraints: podSpec() adds them to the
    // typed pod spec each workload class produces (see its _toPodSpec), so a JSON patch of the user still
    // sees them, and no patch has to be cloned and applied on every serialization.
    this.spreadLabels = opts.topologySpread ? podLabels : undefined;

    if (props.suppressions && props.suppressions.length > 0) Suppressions.add(w, ...props.suppressions);
    // Checked here, not only at synth: an open workload is a weakened default like any other.
    if (props.isolate === false && !this.suppressed('CS301')) {
      fail('CSE100', 'isolate is false, so no NetworkPolicy isolates these pods (CS301 Workload not isolated by NetworkPolicy)',
        "Keep isolate (the default) and open flows with allowFrom() / connectTo(), or accept it: suppressions: [{ ruleId: 'CS301', reason: '<e.g. the namespace default deny covers it>' }].");
    }
  }

  /**
   * Labels that select exactly this workload's pods. Jobs and CronJobs have no selector of their own
   * (cdk8s-plus leaves matchLabels empty for them), so this is the pod address label cdk8s-plus always sets.
   */
  public get podSelectorLabels(): Record<string, string> {
    const own = this.w.matchLabels;
    if (Object.keys(own).length > 0) return own;
    return { [kplus.Pod.ADDRESS_LABEL]: this.w.podMetadata.getLabel(kplus.Pod.ADDRESS_LABEL)! };
  }

  /**
   * The pod spec of the workload with the defaults cdk8s-plus has no props for: the RuntimeDefault seccomp
   * profile on the pod, and (for kinds that spread) soft spread constraints over zones and nodes.
   */
  public podSpec(spec: kplus.k8s.PodSpec): kplus.k8s.PodSpec {
    const labels = this.spreadLabels;
    return {
      ...spec,
      securityContext: { ...spec.securityContext, seccompProfile: { type: 'RuntimeDefault' } },
      topologySpreadConstraints: labels === undefined ? spec.topologySpreadConstraints : [
        { maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: labels } },
        { maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: labels } },
      ],
    };
  }

  /** True when a suppression of `ruleId` applies to the workload (set on it or a parent). */
  public suppressed(ruleId: string): boolean {
    return Suppressions.of(this.w).some(x => x.ruleId === ruleId);
  }

  /** Fails with a coded error scoped to the workload. */
  public fail(code: string, problem: string, fix: string): never {
    return SecureError.raise(this.w, code, this.opts.kind, problem, fix);
  }

  /** Reserves a mount path in some regular containers (a volumeClaimTemplate mounted there). */
  public reserve(path: string, by: string, containers: string[]): void {
    this.reserved.push({ path, by, containers });
  }

  /** Creates the PodDisruptionBudget (maxUnavailable 1) unless there is one. */
  public ensurePodDisruptionBudget(): kplus.k8s.KubePodDisruptionBudget {
    (this as { podDisruptionBudget?: kplus.k8s.KubePodDisruptionBudget }).podDisruptionBudget ??= new kplus.k8s.KubePodDisruptionBudget(this.w, 'PodDisruptionBudget', {
      metadata: { labels: this.labels },
      spec: { maxUnavailable: kplus.k8s.IntOrString.fromNumber(1), selector: { matchLabels: this.w.matchLabels } },
    });
    return this.podDisruptionBudget!;
  }

  private reservedFor(name: string, init: boolean): WritableOptions {
    const reserved = init ? [] : this.reserved.filter(r => r.containers.includes(name));
    return { reservedPaths: reserved.map(r => r.path), reservedBy: reserved.map(r => r.by).join(', ') || undefined };
  }

  /** Adds the containers of the props, then verifies the pod and registers the "no container" check. */
  public addContainers(props: SecureWorkloadProps): void {
    for (const c of props.initContainers ?? []) this.w.addSecureInitContainer(c);
    for (const c of props.containers ?? []) this.w.addSecureContainer(c);
    this.constructed = true;
    if (this.w.containers.length > 0) this.verify();
    const fix = this.opts.noContainerFix ?? 'Pass containers: [{ image: ..., healthChecks: HealthChecks.http({ port: 8080 }) }] or call addSecureContainer().';
    this.w.node.addValidation({
      validate: () => this.w.containers.length > 0 ? [] : [`${this.w.node.path}: CSE110 ${this.opts.kind} has no container. ${fix}`],
    });
  }

  /** Remembers the writable options of a container about to be added with addSecureContainer(). */
  public rememberWritable(props: SecureContainerProps, init: boolean): kplus.ContainerProps {
    this.writable.set(props.name ?? 'main', {
      writablePaths: props.writablePaths,
      writableSizeLimit: props.writableSizeLimit,
      ...this.reservedFor(props.name ?? 'main', init),
    });
    return toPlusProps(props);
  }

  /** Hardens a container given as cdk8s-plus props (called from the workload's addContainer overrides). */
  public harden(cont: kplus.ContainerProps, init: boolean): kplus.ContainerProps {
    const name = cont.name ?? 'main';
    const writable = this.writable.get(name) ?? this.reservedFor(name, init);
    this.writable.delete(name);
    const taken = [...this.w.containers, ...this.w.initContainers].map(c => c.name);
    const volumes = new Set(this.w.volumes.map(v => v.name));
    for (const c of [...this.w.containers, ...this.w.initContainers]) c.mounts.forEach(m => volumes.add(m.volume.name));
    return hardenContainer(this.w, this.opts.kind, cont, { ...writable, takenVolumeNames: [...volumes] }, taken);
  }

  /** Verifies after a container was added once construction is done. */
  public afterAdd(): void {
    if (this.constructed && this.w.containers.length > 0) this.verify();
  }

  /**
   * Runs the error-level rules on the workload as it would synthesize now, and throws a SecureError
   * naming each rule that fails and is not suppressed.
   */
  public verify(): void {
    Suppressions.apply(this.w);
    // The Role and binding of grant(): a bound ServiceAccount is the reason for the mounted token (CS211).
    const objects = [this.opts.apiObject, ...this.grants.objects].map(o => ({ json: o.toJson(), constructPath: o.node.path }));
    // The session is told which kinds it gets, so rules that cannot report on them (CS304 on NetworkPolicies,
    // CS307 on Namespaces, ...) are not run on every workload built.
    const kinds = objects.map(o => ({ kind: String(o.json.kind), apiVersion: String(o.json.apiVersion) }));
    const session = new CheckSession({ ...checkerOptionsFor(this.w), disabledRules: SET_RULES, kinds });
    for (const o of objects) session.add(o.json, { constructPath: o.constructPath });
    // Warnings count here too: a secure workload weakens nothing without a reason (e.g. uid 1001 is a
    // warning in plain YAML, but a construct that sets it must say why).
    const bad = session.finish().filter(f => !f.suppressed && atOrAbove(f.severity, Severity.WARNING) && !f.ruleId.startsWith('CS00'));
    if (bad.length === 0) return;
    const lines = bad.map(f => `  - ${f.ruleId} ${f.title}: ${f.message} (at ${f.path}). Fix: ${HINTS[f.ruleId] ?? f.fix}`);
    SecureError.raise(this.w, 'CSE100', this.opts.kind,
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
