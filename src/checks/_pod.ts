import { FieldPath, getIn, isRecord } from './_path';

/** Kinds whose objects carry a pod spec, and where it is. */
const POD_SPEC_PATHS: Record<string, FieldPath> = {
  Pod: ['spec'],
  Deployment: ['spec', 'template', 'spec'],
  StatefulSet: ['spec', 'template', 'spec'],
  DaemonSet: ['spec', 'template', 'spec'],
  ReplicaSet: ['spec', 'template', 'spec'],
  ReplicationController: ['spec', 'template', 'spec'],
  Job: ['spec', 'template', 'spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
  // Argo Rollouts: a Deployment-shaped custom resource (its pods come from spec.template).
  Rollout: ['spec', 'template', 'spec'],
};

/** Kinds above that are custom resources: only objects of this API group are pod-bearing. */
const CUSTOM_KIND_GROUPS: Record<string, string> = { Rollout: 'argoproj.io' };

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
}

export function isPodBearing(kind: unknown): boolean {
  return typeof kind === 'string' && kind in POD_SPEC_PATHS;
}

const PODS = new WeakMap<object, PodView | null>();

/**
 * Returns the pod inside a manifest object, or undefined for kinds without one. Computed once per object:
 * every pod rule asks for it.
 */
export function podOf(obj: Record<string, any>): PodView | undefined {
  let pod = PODS.get(obj);
  if (pod === undefined) {
    pod = computePod(obj) ?? null;
    PODS.set(obj, pod);
  }
  return pod ?? undefined;
}

function computePod(obj: Record<string, any>): PodView | undefined {
  const specPath = POD_SPEC_PATHS[obj.kind];
  if (!specPath) return undefined;
  const group = CUSTOM_KIND_GROUPS[obj.kind];
  if (group !== undefined && !(typeof obj.apiVersion === 'string' && obj.apiVersion.startsWith(`${group}/`))) return undefined;
  const spec = getIn(obj, specPath);
  if (!isRecord(spec)) return undefined;
  const metadataPath = [...specPath.slice(0, -1), 'metadata'];
  const metadata = obj.kind === 'Pod' ? obj.metadata : getIn(obj, metadataPath);
  const podSc = isRecord(spec.securityContext) ? spec.securityContext : {};
  const containers: ContainerView[] = [];
  for (const list of CONTAINER_LISTS) {
    const items = spec[list];
    if (!Array.isArray(items)) continue;
    items.forEach((c, index) => {
      if (!isRecord(c)) return;
      const path = [...specPath, list, index];
      containers.push({
        list,
        index,
        name: typeof c.name === 'string' ? c.name : `${list}[${index}]`,
        spec: c,
        path,
        effective: resolveEffective(podSc, isRecord(c.securityContext) ? c.securityContext : {}, specPath, path),
        longRunning: list === 'containers' || (list === 'initContainers' && c.restartPolicy === 'Always'),
      });
    });
  }
  return {
    kind: obj.kind,
    spec,
    path: specPath,
    metadata: isRecord(metadata) ? metadata : {},
    metadataPath: obj.kind === 'Pod' ? ['metadata'] : metadataPath,
    containers,
    batch: BATCH_KINDS.has(obj.kind),
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
