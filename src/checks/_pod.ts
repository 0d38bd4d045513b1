import { FieldPath, getIn, isRecord } from './_path';
import { PodKindDeclaration } from './pod-kind';

/** Where a kind keeps its pod. */
interface PodShape {
  /** Path of the pod spec. */
  readonly specPath: FieldPath;
  /** For custom resources: only objects of this API group carry a pod. */
  readonly group?: string;
  /** For resources an operator turns into pods: what the operator adds that the manifest does not show. */
  readonly operator?: OperatorPod;
}

/**
 * A custom resource whose pod fields sit directly in `spec`, next to fields of the operator's own
 * (prometheus-operator: Prometheus, Alertmanager, ThanosRuler). Facts from the operator's API
 * (monitoring.coreos.com/v1 field documentation, checked against @kubernetes-models/prometheus-operator 6.0.0):
 */
interface OperatorPod {
  /** The spec fields the operator copies into the pod spec under the same name. */
  readonly podFields: readonly string[];
  /**
   * Containers the operator generates, by list. A manifest container with one of these names is a strategic
   * merge patch of the generated one, not a container of its own.
   */
  readonly generated: Readonly<Record<'containers' | 'initContainers', readonly string[]>>;
  /** True when the operator sets automountServiceAccountToken: true on the pod unless spec says false. */
  readonly mountsToken: boolean;
  /** The container ports of the containers the operator generates, where known from its source. */
  ports?(obj: Record<string, any>): GeneratedPort[];
  /** The labels the operator puts on the pods (reserved: podMetadata.labels cannot override them). */
  labels(obj: Record<string, any>): Record<string, string>;
}

/** Pod spec fields of CommonPrometheusFields / AlertmanagerSpec / ThanosRulerSpec. */
const OPERATOR_POD_FIELDS = ['containers', 'initContainers', 'securityContext', 'volumes', 'serviceAccountName', 'nodeSelector',
  'affinity', 'tolerations', 'topologySpreadConstraints', 'priorityClassName', 'schedulerName', 'imagePullSecrets', 'hostAliases',
  'hostUsers', 'dnsPolicy', 'dnsConfig', 'enableServiceLinks', 'terminationGracePeriodSeconds'];

function operatorLabels(name: string, kindLabel: string, obj: Record<string, any>): Record<string, string> {
  const instance = typeof obj.metadata?.name === 'string' ? obj.metadata.name : '';
  return {
    'app.kubernetes.io/name': name,
    'app.kubernetes.io/managed-by': 'prometheus-operator',
    'app.kubernetes.io/instance': instance,
    [kindLabel]: instance,
  };
}

const PROMETHEUS_OPERATOR: Record<string, OperatorPod> = {
  Prometheus: {
    podFields: [...OPERATOR_POD_FIELDS, 'hostNetwork', 'automountServiceAccountToken'],
    generated: { containers: ['prometheus', 'config-reloader', 'thanos-sidecar'], initContainers: ['init-config-reloader'] },
    labels: obj => {
      const labels = operatorLabels('prometheus', 'prometheus', obj);
      labels['operator.prometheus.io/name'] = labels.prometheus;
      // One StatefulSet per shard, labelled with its number: with a single shard, all pods carry "0".
      const shards = obj.spec?.shards;
      if (shards === undefined || shards === null || shards === 1) labels['operator.prometheus.io/shard'] = '0';
      return labels;
    },
    // "If the field isn't set, the operator mounts the service account token by default."
    mountsToken: true,
    // The prometheus container listens on 9090 (named spec.portName, "web" by default) unless listenLocal;
    // the thanos-sidecar, generated when spec.thanos is set, on 10902 (http) and 10901 (grpc).
    ports: obj => [
      ...(obj.spec?.listenLocal === true ? [] : [{ protocol: 'TCP', port: 9090, name: typeof obj.spec?.portName === 'string' && obj.spec.portName !== '' ? obj.spec.portName : 'web' }]),
      ...(isRecord(obj.spec?.thanos) ? [{ protocol: 'TCP', port: 10902, name: 'http' }, { protocol: 'TCP', port: 10901, name: 'grpc' }] : []),
    ],
  },
  Alertmanager: {
    podFields: [...OPERATOR_POD_FIELDS, 'hostNetwork', 'automountServiceAccountToken'],
    generated: { containers: ['alertmanager', 'config-reloader', 'thanos-sidecar'], initContainers: ['init-config-reloader'] },
    labels: obj => operatorLabels('alertmanager', 'alertmanager', obj),
    mountsToken: false,
  },
  ThanosRuler: {
    // ThanosRulerSpec has no hostNetwork and no automountServiceAccountToken.
    podFields: OPERATOR_POD_FIELDS,
    generated: { containers: ['thanos-ruler', 'config-reloader'], initContainers: [] },
    labels: obj => operatorLabels('thanos-ruler', 'thanos-ruler', obj),
    mountsToken: false,
  },
};

/** Kinds whose objects carry a pod spec, and where it is. */
const BUILT_IN_SHAPES: ReadonlyArray<[string, PodShape]> = [
  ['Pod', { specPath: ['spec'] }],
  ['Deployment', { specPath: ['spec', 'template', 'spec'] }],
  ['StatefulSet', { specPath: ['spec', 'template', 'spec'] }],
  ['DaemonSet', { specPath: ['spec', 'template', 'spec'] }],
  ['ReplicaSet', { specPath: ['spec', 'template', 'spec'] }],
  ['ReplicationController', { specPath: ['spec', 'template', 'spec'] }],
  ['Job', { specPath: ['spec', 'template', 'spec'] }],
  ['CronJob', { specPath: ['spec', 'jobTemplate', 'spec', 'template', 'spec'] }],
  // Argo Rollouts: a Deployment-shaped custom resource (its pods come from spec.template).
  ['Rollout', { specPath: ['spec', 'template', 'spec'], group: 'argoproj.io' }],
  // prometheus-operator: the operator builds a StatefulSet whose pod takes these resources' spec fields.
  ...Object.entries(PROMETHEUS_OPERATOR).map(([kind, operator]): [string, PodShape] =>
    [kind, { specPath: ['spec'], group: 'monitoring.coreos.com', operator }]),
];

/** Thrown for a pod kind declaration that cannot be used; the message names the problem. */
export class PodKindError extends Error {}

const KIND = /^[A-Za-z][A-Za-z0-9]{0,62}$/;
const GROUP = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const SEGMENT = /^[A-Za-z_][A-Za-z0-9_-]{0,62}$/;

/**
 * The kinds that carry a pod: the built-in table, plus kinds an app declares (`--pod-path`, `podKinds`).
 * Each instance caches the pod of each object it was asked about.
 */
export class PodKinds {
  /** The built-in kinds only. */
  public static readonly BUILT_IN = new PodKinds([]);

  /**
   * The built-in kinds plus `declared`. Throws PodKindError for a kind, group or path that is not valid,
   * a kind declared twice, or one that is built in (for the same group).
   */
  public static with(declared: readonly PodKindDeclaration[] | undefined): PodKinds {
    return declared === undefined || declared.length === 0 ? PodKinds.BUILT_IN : new PodKinds(declared);
  }

  private readonly shapes = new Map<string, PodShape[]>();
  private readonly pods = new WeakMap<object, PodView | null>();

  private constructor(declared: readonly PodKindDeclaration[]) {
    for (const [kind, shape] of BUILT_IN_SHAPES) this.shapes.set(kind, [shape]);
    for (const d of declared) {
      const shape = declaredShape(d);
      const known = this.shapes.get(d.kind) ?? [];
      const clash = known.find(s => s.group === undefined || shape.group === undefined || s.group === shape.group);
      if (clash) {
        const builtIn = BUILT_IN_SHAPES.some(([k, s]) => k === d.kind && s === clash);
        throw new PodKindError(`kind ${d.kind}${shape.group ? ` (group ${shape.group})` : ''} is ${builtIn ? 'built in' : 'declared twice'}${builtIn ? `: its pod is at ${clash.specPath.join('.')}${clash.group ? ` for group ${clash.group}` : ''}` : ''}`);
      }
      this.shapes.set(d.kind, [...known, shape]);
    }
  }

  /** True when objects of this kind may carry a pod (with `apiVersion`, when this one does). */
  public has(kind: unknown, apiVersion?: string): boolean {
    if (typeof kind !== 'string') return false;
    const shapes = this.shapes.get(kind);
    if (!shapes) return false;
    return apiVersion === undefined || shapes.some(s => inGroup(s, apiVersion));
  }

  /** The pod inside a manifest object, or undefined. Computed once per object. */
  public podOf(obj: Record<string, any>): PodView | undefined {
    let pod = this.pods.get(obj);
    if (pod === undefined) {
      const shape = typeof obj.kind === 'string' ? this.shapes.get(obj.kind)?.find(s => inGroup(s, obj.apiVersion)) : undefined;
      pod = (shape ? computePod(obj, shape) : undefined) ?? null;
      this.pods.set(obj, pod);
    }
    return pod ?? undefined;
  }
}

function inGroup(shape: PodShape, apiVersion: unknown): boolean {
  return shape.group === undefined || (typeof apiVersion === 'string' && apiVersion.startsWith(`${shape.group}/`));
}

function declaredShape(d: PodKindDeclaration): PodShape {
  if (typeof d.kind !== 'string' || !KIND.test(d.kind)) throw new PodKindError(`kind ${JSON.stringify(d.kind)} is not a Kubernetes kind (letters and digits, e.g. Worker)`);
  if (d.group !== undefined && (typeof d.group !== 'string' || !GROUP.test(d.group))) {
    throw new PodKindError(`group ${JSON.stringify(d.group)} is not an API group (a DNS subdomain, e.g. apps.example.com)`);
  }
  const path = typeof d.podSpecPath === 'string' ? d.podSpecPath.split('.') : [];
  if (path.length === 0 || path.length > 16 || !path.every(s => SEGMENT.test(s))) {
    throw new PodKindError(`pod spec path ${JSON.stringify(d.podSpecPath)} is not a dotted list of field names (e.g. spec.template.spec)`);
  }
  if (['metadata', 'apiVersion', 'kind', 'status'].includes(path[0])) {
    throw new PodKindError(`pod spec path ${JSON.stringify(d.podSpecPath)} starts at ${path[0]}; a pod spec is under spec (e.g. spec.template.spec)`);
  }
  return { specPath: path, group: d.group };
}

/**
 * Parses the CLI form of a declaration: `[group/]Kind=path.to.pod.spec`, e.g.
 * `batch.example.com/Worker=spec.template.spec`. Throws PodKindError.
 */
export function parsePodKind(text: string): PodKindDeclaration {
  const eq = text.indexOf('=');
  if (eq < 0) throw new PodKindError(`"${text}" is not [group/]Kind=path (e.g. Worker=spec.template.spec)`);
  const left = text.slice(0, eq);
  const slash = left.lastIndexOf('/');
  const decl: PodKindDeclaration = slash < 0
    ? { kind: left, podSpecPath: text.slice(eq + 1) }
    : { kind: left.slice(slash + 1), group: left.slice(0, slash), podSpecPath: text.slice(eq + 1) };
  declaredShape(decl);
  return decl;
}

/** Kinds that run to completion: probes and disruption budgets do not apply to them. */
const BATCH_KINDS = new Set(['Job', 'CronJob']);

export type ContainerListName = 'containers' | 'initContainers' | 'ephemeralContainers';
const CONTAINER_LISTS: ContainerListName[] = ['containers', 'initContainers', 'ephemeralContainers'];

/** Security settings that exist on both the pod and the container; the container's value wins. */
export interface EffectiveSecurity {
  readonly runAsNonRoot?: boolean;
  readonly runAsUser?: number;
  readonly runAsGroup?: number;
  readonly seccompType?: string;
  readonly appArmorType?: string;
  readonly seLinuxOptions?: Record<string, any>;
  readonly hostProcess?: boolean;
  /** Where each effective value came from (for finding paths). */
  readonly from: Record<string, FieldPath>;
}

export interface ContainerView {
  readonly list: ContainerListName;
  readonly index: number;
  readonly name: string;
  readonly spec: Record<string, any>;
  /** Path of the container object, e.g. `spec.template.spec.containers[0]`. */
  readonly path: FieldPath;
  readonly effective: EffectiveSecurity;
  /** Regular containers and sidecars (restartPolicy Always init containers) keep running. */
  readonly longRunning: boolean;
  /**
   * True for a container of an operator resource that has the name of one the operator generates: it is a
   * strategic merge patch of that container, whose other fields the manifest does not show.
   */
  readonly patch?: boolean;
}

/** A container port of a container an operator generates (not in the manifest). */
export interface GeneratedPort {
  readonly protocol: string;
  readonly port: number;
  readonly name?: string;
}

export interface PodView {
  readonly kind: string;
  readonly spec: Record<string, any>;
  /** Path of the pod spec. */
  readonly path: FieldPath;
  /** Labels and annotations of the pod (template) metadata. */
  readonly metadata: Record<string, any>;
  readonly metadataPath: FieldPath;
  readonly containers: ContainerView[];
  /** True for Job and CronJob. */
  readonly batch: boolean;
  /** For a resource an operator turns into pods: the pod fields it can set (others do not exist in its spec). */
  readonly podFields?: readonly string[];
  /** For a resource an operator turns into pods: the ports of the containers it generates, where known. */
  readonly generatedPorts?: readonly GeneratedPort[];
}

/** True when objects of this kind carry a pod (built-in kinds, or `kinds`). */
export function isPodBearing(kind: unknown, apiVersion?: string, kinds: PodKinds = PodKinds.BUILT_IN): boolean {
  return kinds.has(kind, apiVersion);
}

/**
 * Returns the pod inside a manifest object, or undefined for kinds without one. Computed once per object:
 * every pod rule asks for it.
 */
export function podOf(obj: Record<string, any>, kinds: PodKinds = PodKinds.BUILT_IN): PodView | undefined {
  return kinds.podOf(obj);
}

/** True when `path` is inside `prefix`. */
function startsWith(path: FieldPath, prefix: FieldPath): boolean {
  return prefix.length <= path.length && prefix.every((seg, i) => path[i] === seg);
}

/**
 * Keeps the findings the manifest can show. A container that patches one an operator generates is merged
 * into a container the manifest does not show: a finding about a field the patch leaves out (a missing
 * probe, limit or securityContext setting) would be about the operator's container, which is not seen;
 * a field the patch writes is what the pod gets, and is reported.
 */
export function visibleFindings<T extends { readonly path: FieldPath }>(obj: Record<string, any>, pod: PodView, findings: T[]): T[] {
  const patches = pod.containers.filter(c => c.patch);
  if (patches.length === 0) return findings;
  return findings.filter(f => !patches.some(c => startsWith(f.path, c.path)) || getIn(obj, f.path) !== undefined);
}

function computePod(obj: Record<string, any>, shape: PodShape): PodView | undefined {
  const specPath = shape.specPath;
  const written = getIn(obj, specPath);
  if (!isRecord(written)) return undefined;
  const operator = shape.operator;
  let spec = written;
  let metadata: unknown;
  let metadataPath: FieldPath;
  if (operator) {
    // Only the fields the operator copies into the pod; the rest of spec configures the operator.
    spec = {};
    for (const f of operator.podFields) if (written[f] !== undefined) spec[f] = written[f];
    if (operator.mountsToken && spec.automountServiceAccountToken === undefined) spec.automountServiceAccountToken = true;
    const podMetadata = isRecord(written.podMetadata) ? written.podMetadata : {};
    metadata = { ...podMetadata, labels: { ...(isRecord(podMetadata.labels) ? podMetadata.labels : {}), ...operator.labels(obj) } };
    metadataPath = [...specPath, 'podMetadata'];
  } else if (specPath.length === 1) {
    metadata = obj.metadata;
    metadataPath = ['metadata'];
  } else {
    metadataPath = [...specPath.slice(0, -1), 'metadata'];
    metadata = getIn(obj, metadataPath);
  }
  const podSc = isRecord(spec.securityContext) ? spec.securityContext : {};
  const containers: ContainerView[] = [];
  for (const list of CONTAINER_LISTS) {
    const items = spec[list];
    if (!Array.isArray(items)) continue;
    items.forEach((c, index) => {
      if (!isRecord(c)) return;
      const path = [...specPath, list, index];
      const patch = list !== 'ephemeralContainers' && operator !== undefined && operator.generated[list].includes(c.name);
      containers.push({
        list,
        index,
        name: typeof c.name === 'string' ? c.name : `${list}[${index}]`,
        spec: c,
        path,
        effective: resolveEffective(podSc, isRecord(c.securityContext) ? c.securityContext : {}, specPath, path),
        longRunning: list === 'containers' || (list === 'initContainers' && c.restartPolicy === 'Always'),
        ...(patch ? { patch: true } : {}),
      });
    });
  }
  return {
    kind: obj.kind,
    spec,
    path: specPath,
    metadata: isRecord(metadata) ? metadata : {},
    metadataPath,
    containers,
    batch: BATCH_KINDS.has(obj.kind),
    ...(operator ? { podFields: operator.podFields } : {}),
    ...(operator?.ports ? { generatedPorts: operator.ports(obj) } : {}),
  };
}

/**
 * Resolves the settings that Kubernetes takes from the container's securityContext when set there,
 * and from the pod's securityContext otherwise.
 */
function resolveEffective(podSc: Record<string, any>, cSc: Record<string, any>, podPath: FieldPath, cPath: FieldPath): EffectiveSecurity {
  const from: Record<string, FieldPath> = {};
  const pick = (key: string, read: (sc: Record<string, any>) => any, field: FieldPath) => {
    const c = read(cSc);
    if (c !== undefined && c !== null) {
      from[key] = [...cPath, 'securityContext', ...field];
      return c;
    }
    const p = read(podSc);
    if (p !== undefined && p !== null) {
      from[key] = [...podPath, 'securityContext', ...field];
      return p;
    }
    from[key] = [...cPath, 'securityContext', ...field];
    return undefined;
  };
  return {
    runAsNonRoot: pick('runAsNonRoot', sc => sc.runAsNonRoot, ['runAsNonRoot']),
    runAsUser: pick('runAsUser', sc => sc.runAsUser, ['runAsUser']),
    runAsGroup: pick('runAsGroup', sc => sc.runAsGroup, ['runAsGroup']),
    seccompType: pick('seccompType', sc => (isRecord(sc.seccompProfile) ? sc.seccompProfile.type : undefined), ['seccompProfile', 'type']),
    appArmorType: pick('appArmorType', sc => (isRecord(sc.appArmorProfile) ? sc.appArmorProfile.type : undefined), ['appArmorProfile', 'type']),
    seLinuxOptions: pick('seLinuxOptions', sc => (isRecord(sc.seLinuxOptions) ? sc.seLinuxOptions : undefined), ['seLinuxOptions']),
    hostProcess: pick('hostProcess', sc => (isRecord(sc.windowsOptions) ? sc.windowsOptions.hostProcess : undefined), ['windowsOptions', 'hostProcess']),
    from,
  };
}
