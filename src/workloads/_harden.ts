import * as crypto from 'crypto';
import { Size, SizeRoundingBehavior } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { IConstruct } from 'constructs';
import { SecureError } from '../_errors';
import { parseImage } from '../_image';
import { isDnsLabel } from '../_names';
import { cpuMillis } from './_quantity';
import { SecureContainerProps } from './secure-container';

/** The pod and container defaults of every secure workload. */
export const DEFAULT_ID = 65532;
export const DEFAULT_RESOURCES: kplus.ContainerResources = {
  cpu: { request: kplus.Cpu.millis(100), limit: kplus.Cpu.millis(200) },
  memory: { request: Size.mebibytes(128), limit: Size.mebibytes(256) },
};
export const DEFAULT_WRITABLE_SIZE = Size.mebibytes(64);

/** Extra per-container settings that cdk8s-plus ContainerProps do not carry. */
export interface WritableOptions {
  readonly writablePaths?: string[];
  readonly writableSizeLimit?: Size;
  /** Paths another volume of the workload mounts in this container (e.g. a volumeClaimTemplate). */
  readonly reservedPaths?: string[];
  /** What mounts the reserved paths, for error messages. */
  readonly reservedBy?: string;
  /** Names of the volumes the pod already has. */
  readonly takenVolumeNames?: string[];
}

/**
 * An absolute path in canonical form: no repeated or trailing "/", no "." segments. Undefined for a
 * path that is relative, climbs with "..", holds a NUL, or names the root itself ("/", "/.", "//").
 */
export function normalizePath(p: string): string | undefined {
  if (typeof p !== 'string' || !p.startsWith('/') || p.includes('\0')) return undefined;
  const parts = p.split('/').filter(x => x !== '' && x !== '.');
  if (parts.length === 0 || parts.includes('..')) return undefined;
  return `/${parts.join('/')}`;
}

/** Translates our Kubernetes-named container props to cdk8s-plus props (no defaults applied yet). */
export function toPlusProps(p: SecureContainerProps): kplus.ContainerProps {
  const sc = p.securityContext ?? {};
  return {
    image: p.image,
    name: p.name,
    portNumber: p.portNumber,
    ports: p.ports,
    command: p.command,
    args: p.args,
    workingDir: p.workingDir,
    envVariables: p.envVariables,
    envFrom: p.envFrom,
    volumeMounts: p.volumeMounts,
    liveness: p.liveness ?? p.healthChecks?.liveness,
    readiness: p.readiness ?? p.healthChecks?.readiness,
    startup: p.startup,
    resources: p.resources,
    imagePullPolicy: p.imagePullPolicy,
    lifecycle: p.lifecycle,
    restartPolicy: p.restartPolicy,
    securityContext: {
      ensureNonRoot: sc.runAsNonRoot,
      user: sc.runAsUser,
      group: sc.runAsGroup,
      readOnlyRootFilesystem: sc.readOnlyRootFilesystem,
      allowPrivilegeEscalation: sc.allowPrivilegeEscalation,
      privileged: sc.privileged,
      capabilities: sc.capabilities,
      seccompProfile: sc.seccompProfile,
    },
  };
}

/**
 * Validates a container and fills in every hardened default the caller left out. Throws a SecureError
 * for input that is wrong whatever the policy (malformed image, bad port, quantity or id).
 */
export function hardenContainer(
  scope: IConstruct, construct: string, props: kplus.ContainerProps, writable: WritableOptions, takenNames: string[],
): kplus.ContainerProps {
  const name = props.name ?? 'main';
  const fail = (code: string, problem: string, fix: string): never => SecureError.raise(scope, code, construct, `container "${name}": ${problem}`, fix);

  if (takenNames.includes(name)) {
    fail('CSE106', `the name "${name}" is already used by another container of this pod`, 'Give every container (and init container) a unique `name`.');
  }
  if (!isDnsLabel(name)) {
    fail('CSE106', `"${name}" is not a valid container name`, 'Use at most 63 lower-case letters, digits and "-", starting and ending with a letter or digit.');
  }

  const image = parseImage(props.image);
  if (typeof image === 'string') {
    fail('CSE101', `image ${JSON.stringify(props.image)} is malformed: ${image}`, 'Use [registry/]repository:tag or [registry/]repository@sha256:<digest>, e.g. "ghcr.io/acme/api:1.4.2".');
  }

  const ports = [props.portNumber, ...(props.ports ?? []).map(p => p.number)].filter((p): p is number => p !== undefined);
  for (const p of ports) {
    if (!Number.isInteger(p) || p < 1 || p > 65535) fail('CSE102', `port ${p} is out of range`, 'Ports are whole numbers from 1 to 65535.');
  }

  const sc = props.securityContext ?? {};
  for (const [field, v] of [['runAsUser', sc.user], ['runAsGroup', sc.group]] as const) {
    if (v !== undefined && (!Number.isInteger(v) || v < 0 || v > 2147483647)) {
      fail('CSE108', `securityContext.${field} ${v} is not a valid id`, 'Use a whole number from 0 to 2147483647; above 10000 is recommended (e.g. 65532).');
    }
  }
  const nonRoot = sc.ensureNonRoot ?? true;
  if (sc.user === 0 && nonRoot) {
    fail('CSE103', 'securityContext.runAsUser is 0 (root) while runAsNonRoot is true, so the kubelet would refuse to start it', 'Use a non-root numeric id above 10000 (e.g. 65532).');
  }

  const resources = props.resources ?? DEFAULT_RESOURCES;
  checkResources(resources, fail);

  const sizeLimit = writable.writableSizeLimit ?? DEFAULT_WRITABLE_SIZE;
  if (!(sizeLimit.toKibibytes({ rounding: SizeRoundingBehavior.NONE }) > 0)) fail('CSE104', 'writableSizeLimit must be positive', 'Use e.g. Size.mebibytes(64).');
  const seen = new Map<string, string>();
  const normalized: string[] = ['/tmp'];
  (writable.writablePaths ?? []).forEach(p => {
    const norm = normalizePath(p) ?? fail('CSE107', `writable path ${JSON.stringify(p)} is not an absolute path below /`, 'Give absolute paths such as "/var/cache/app".');
    if (seen.has(norm)) {
      fail('CSE107', `writable path "${p}" is listed twice`, 'List each writable path once.');
    }
    seen.set(norm, p);
    normalized.push(norm);
  });
  const mountedPaths = new Set((props.volumeMounts ?? []).map(m => m.path.replace(/\/+$/, '')));
  for (const p of writable.reservedPaths ?? []) {
    const norm = normalizePath(p) ?? p;
    if (seen.has(norm)) {
      fail('CSE107', `writable path "${seen.get(norm)}" is also the mount path of ${writable.reservedBy ?? 'another volume'}`, 'Drop the path from writablePaths: the volume mounted there is already writable.');
    }
    mountedPaths.add(norm);
  }
  const mounts: kplus.VolumeMount[] = [...(props.volumeMounts ?? [])];
  const volumeNames = new Map<string, string>((writable.takenVolumeNames ?? []).map(v => [v, `a volume of the pod ("${v}")`]));
  for (const p of [...new Set(normalized)]) {
    if (mountedPaths.has(p)) {
      if (p === '/tmp') continue; // the caller mounted its own volume at /tmp
      fail('CSE107', `writable path "${p}" is also in volumeMounts`, 'Either list the path in writablePaths or mount your own volume there, not both.');
    }
    const volName = volumeName(name, p);
    const clash = volumeNames.get(volName);
    if (clash !== undefined) {
      fail('CSE107', `writable path "${seen.get(p) ?? p}" and ${clash.startsWith('a volume') ? clash : `"${clash}"`} both map to the emptyDir volume name "${volName}"`,
        'Volume names keep only letters and digits of the path: merge the two directories into one writable path, or mount your own volumes there with volumeMounts.');
    }
    volumeNames.set(volName, seen.get(p) ?? p);
    const volume = kplus.Volume.fromEmptyDir(scope, `${name}-${p}`, volName, { sizeLimit });
    mounts.push({ volume, path: p });
  }

  const capabilities = sc.capabilities ?? {};
  return {
    ...props,
    name,
    resources,
    volumeMounts: mounts,
    imagePullPolicy: props.imagePullPolicy ?? kplus.ImagePullPolicy.ALWAYS,
    securityContext: {
      ensureNonRoot: nonRoot,
      user: sc.user,
      group: sc.group,
      privileged: sc.privileged ?? false,
      readOnlyRootFilesystem: sc.readOnlyRootFilesystem ?? true,
      allowPrivilegeEscalation: sc.allowPrivilegeEscalation ?? false,
      capabilities: { drop: capabilities.drop ?? [kplus.Capability.ALL], add: capabilities.add },
      seccompProfile: sc.seccompProfile ?? { type: kplus.SeccompProfileType.RUNTIME_DEFAULT },
    },
  };
}

function checkResources(r: kplus.ContainerResources, fail: (code: string, problem: string, fix: string) => never): void {
  const cpu = (c: kplus.Cpu | undefined, what: string) => {
    if (c === undefined) return undefined;
    const m = cpuMillis(String(c.amount));
    if (m === undefined || !(m > 0)) fail('CSE104', `resources.cpu.${what} ${JSON.stringify(c.amount)} is not a positive cpu quantity`, 'Use e.g. Cpu.millis(100) or Cpu.units(1).');
    return m;
  };
  const mem = (s: Size | undefined, what: string) => {
    if (s === undefined) return undefined;
    const b = s.toKibibytes({ rounding: SizeRoundingBehavior.NONE }) * 1024;
    if (!(b > 0)) fail('CSE104', `resources.memory.${what} is not a positive size`, 'Use e.g. Size.mebibytes(128).');
    return b;
  };
  const cpuReq = cpu(r.cpu?.request, 'request');
  const cpuLim = cpu(r.cpu?.limit, 'limit');
  if (cpuReq !== undefined && cpuLim !== undefined && cpuLim < cpuReq) {
    fail('CSE105', `resources.cpu.limit (${r.cpu!.limit!.amount}) is below resources.cpu.request (${r.cpu!.request!.amount})`, 'Set the limit at or above the request.');
  }
  const memReq = mem(r.memory?.request, 'request');
  const memLim = mem(r.memory?.limit, 'limit');
  if (memReq !== undefined && memLim !== undefined && memLim < memReq) {
    fail('CSE105', `resources.memory.limit (${r.memory!.limit!.toMebibytes({ rounding: SizeRoundingBehavior.NONE })}Mi) is below resources.memory.request (${r.memory!.request!.toMebibytes({ rounding: SizeRoundingBehavior.NONE })}Mi)`, 'Set the limit at or above the request.');
  }
}

/** A DNS-label volume name for a container's writable path: `main-tmp`, `main-var-cache-app`. */
function volumeName(container: string, path: string): string {
  const slug = path.replace(/^\/+/, '').replace(/[^a-z0-9]+/gi, '-').toLowerCase().replace(/^-+|-+$/g, '') || 'root';
  const full = `${container}-${slug}`;
  if (full.length <= 63) return full;
  const hash = crypto.createHash('sha256').update(full).digest('hex').slice(0, 8);
  return `${full.slice(0, 54).replace(/-+$/, '')}-${hash}`;
}
