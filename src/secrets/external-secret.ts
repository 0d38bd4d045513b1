import { ApiObject, ApiObjectMetadata, Duration, Lazy, Names } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { describeDuration, ESO_API_VERSION, goDuration, isDnsSubdomain, isSecretDataKey, positiveWholeSeconds } from './_eso';
import { ClusterSecretStore, ISecretStore, SecretStore } from './secret-store';
import { SecretStoreKind } from './secret-store-provider';
import { SecureError } from '../_errors';

/**
 * Which secret in the secret manager, and which part of it.
 */
export interface ExternalSecretRemoteRef {
  /** Key (name or path) of the secret in the secret manager, e.g. `prod/database/url`. */
  readonly key: string;
  /**
   * Property to take from a structured (JSON) secret.
   * @default - the whole secret value
   */
  readonly property?: string;
  /**
   * Version of the secret (provider-specific, e.g. `AWSCURRENT` or a version id).
   * @default - the current version
   */
  readonly version?: string;
}

/**
 * One key of the generated Secret, taken from one secret in the secret manager.
 */
export interface ExternalSecretData {
  /** Key in the generated Kubernetes Secret (letters, digits, `-`, `_`, `.`); also the file name when mounted. */
  readonly secretKey: string;
  /** Where the value comes from. */
  readonly remoteRef: ExternalSecretRemoteRef;
}

/**
 * Every key of one structured secret in the secret manager, extracted into the generated Secret.
 */
export interface ExternalSecretDataFrom {
  /** The secret to extract; each of its top-level JSON properties becomes one key of the Secret. */
  readonly extract: ExternalSecretRemoteRef;
}

/**
 * When the operator re-reads the secret manager.
 */
export enum ExternalSecretRefreshPolicy {
  /** Every `refreshInterval` (ESO's default). */
  PERIODIC = 'Periodic',
  /** Only when the ExternalSecret itself changes. */
  ON_CHANGE = 'OnChange',
  /** Once, when the Secret is first created. */
  CREATED_ONCE = 'CreatedOnce',
}

/**
 * How the operator creates the target Secret.
 */
export enum ExternalSecretCreationPolicy {
  /** Create it and own it: it is garbage-collected with the ExternalSecret. */
  OWNER = 'Owner',
  /** Create it without an owner reference: it outlives the ExternalSecret. */
  ORPHAN = 'Orphan',
  /** Only merge keys into a Secret that exists already. */
  MERGE = 'Merge',
  /** Create nothing (templates only). */
  NONE = 'None',
}

/**
 * What the operator does with the target Secret when the secret is deleted in the secret manager.
 */
export enum ExternalSecretDeletionPolicy {
  /** Keep the Secret (and the last values) — the workload keeps running. */
  RETAIN = 'Retain',
  /** Delete the Secret. Only with creationPolicy Owner. */
  DELETE = 'Delete',
  /** Remove the deleted keys from the Secret. */
  MERGE = 'Merge',
}

/**
 * Properties of an ExternalSecretRef.
 */
export interface ExternalSecretRefProps {
  /** The SecretStore or ClusterSecretStore to read from. */
  readonly store: ISecretStore;
  /**
   * Keys of the generated Secret, each from one secret (or one property of it). At least one of `data`
   * and `dataFrom` is required (the ESO webhook rejects an ExternalSecret without both).
   * @default - none
   */
  readonly data?: ExternalSecretData[];
  /**
   * Whole structured secrets to extract into the generated Secret (`dataFrom[].extract`).
   * @default - none
   */
  readonly dataFrom?: ExternalSecretDataFrom[];
  /**
   * How often the operator re-reads the secret manager, so a rotated secret reaches the cluster.
   * A whole number of seconds, at least 1. Only with refreshPolicy Periodic.
   * @default Duration.hours(1)
   */
  readonly refreshInterval?: Duration;
  /**
   * When the operator re-reads the secret manager.
   * @default - not written: ESO refreshes periodically (ExternalSecretRefreshPolicy.PERIODIC)
   */
  readonly refreshPolicy?: ExternalSecretRefreshPolicy;
  /**
   * Name of the generated Kubernetes Secret.
   * @default - the name of the ExternalSecret
   */
  readonly targetName?: string;
  /**
   * How the operator creates the Secret.
   * @default ExternalSecretCreationPolicy.OWNER (the Secret goes away with the ExternalSecret)
   */
  readonly creationPolicy?: ExternalSecretCreationPolicy;
  /**
   * What happens to the Secret when the secret is deleted in the secret manager.
   * @default ExternalSecretDeletionPolicy.RETAIN (a deleted or unreachable remote secret does not take
   * running workloads down)
   */
  readonly deletionPolicy?: ExternalSecretDeletionPolicy;
  /**
   * Mode bits of the files when the Secret is mounted as a volume. Secret files are owned by root; the
   * kubelet gives the pod's `fsGroup` read access, which is how a non-root process reads them.
   * @default 0o440 (owner and fsGroup may read; nobody may write or execute; other users get nothing)
   */
  readonly defaultMode?: number;
  /**
   * Metadata of the ExternalSecret object.
   * @default - a generated name, the chart's namespace
   */
  readonly metadata?: ApiObjectMetadata;
}

/** Env var names: a C identifier. */
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * An External Secrets Operator `ExternalSecret` (`external-secrets.io/v1`): the operator reads secrets
 * from a secret manager through a SecretStore or ClusterSecretStore and writes them to a Kubernetes
 * Secret, refreshed every hour by default. No secret value is ever in the manifests.
 *
 * Hand the Secret to a workload as a read-only file volume (`volumeMount()`, `mount()`, `mountInPod()`) —
 * preferred, because a file is re-read after rotation without a restart, is not inherited by child
 * processes, and does not end up in crash dumps, `/proc/<pid>/environ` or logs that print the environment —
 * or as env vars (`envValue()`, `envVariables()`), which take a new value only when the pod restarts.
 */
export class ExternalSecretRef extends Construct {
  /** The ExternalSecret object. */
  public readonly apiObject: ApiObject;
  /** Name of the generated Kubernetes Secret. */
  public readonly secretName: string;
  /** The generated Secret, for cdk8s-plus APIs that take an `ISecret`. */
  public readonly secret: kplus.ISecret;
  /** A read-only Secret volume of the generated Secret (mode `defaultMode`), to mount in pods. */
  public readonly volume: kplus.Volume;
  /** Keys of the generated Secret that are known from `data` (more may come from `dataFrom`). */
  public readonly secretKeys: string[];
  private readonly hasDataFrom: boolean;
  private readonly defaultMode: number;

  constructor(scope: Construct, id: string, props: ExternalSecretRefProps) {
    super(scope, id);
    const fail = (code: string, problem: string, fix: string): never => SecureError.raise(this, code, 'ExternalSecretRef', problem, fix);

    if (!props.store) fail('CSE409', 'store is missing', 'Pass store: a SecretStore, a ClusterSecretStore, or SecretStore.fromSecretStoreName(this, id, name).');
    const data = props.data ?? [];
    const dataFrom = props.dataFrom ?? [];
    if (data.length === 0 && dataFrom.length === 0) {
      fail('CSE401', 'neither data nor dataFrom is given, so the Secret would be empty (the ESO webhook rejects such an ExternalSecret)',
        "Map at least one key: data: [{ secretKey: 'url', remoteRef: { key: 'prod/database/url' } }], or extract a whole secret: dataFrom: [{ extract: { key: 'prod/database' } }].");
    }
    const seen = new Set<string>();
    data.forEach((d, i) => {
      if (!isSecretDataKey(d.secretKey)) {
        fail('CSE406', `data[${i}].secretKey ${JSON.stringify(d.secretKey)} is not a valid Secret key`, 'Use letters, digits, "-", "_" and "." (at most 253), e.g. "url" or "db-password".');
      }
      if (seen.has(d.secretKey)) {
        fail('CSE403', `data[${i}].secretKey "${d.secretKey}" is used twice, so one value would silently overwrite the other`, 'Give every data entry its own secretKey.');
      }
      seen.add(d.secretKey);
      remoteRef(d.remoteRef, `data[${i}].remoteRef`, fail);
    });
    dataFrom.forEach((d, i) => {
      if (!d.extract) fail('CSE407', `dataFrom[${i}].extract is missing`, "Give the secret to extract: { extract: { key: 'prod/database' } }.");
      remoteRef(d.extract, `dataFrom[${i}].extract`, fail);
    });

    const policy = props.refreshPolicy;
    const periodic = policy === undefined || policy === ExternalSecretRefreshPolicy.PERIODIC;
    if (props.refreshInterval !== undefined && !periodic) {
      fail('CSE404', `refreshInterval is set, but refreshPolicy ${policy} never refreshes periodically`, 'Leave refreshInterval out, or use refreshPolicy Periodic.');
    }
    let refreshSeconds: number | undefined;
    if (periodic) {
      const interval = props.refreshInterval ?? Duration.hours(1);
      refreshSeconds = positiveWholeSeconds(interval);
      if (refreshSeconds === undefined) {
        fail('CSE404', `refreshInterval ${describeDuration(interval)} is not a positive whole number of seconds (0 would stop refreshing, so a rotated secret would never arrive)`,
          'Use e.g. Duration.hours(1); for a Secret that is written once, use refreshPolicy: ExternalSecretRefreshPolicy.CREATED_ONCE.');
      }
    }

    const creation = props.creationPolicy ?? ExternalSecretCreationPolicy.OWNER;
    const deletion = props.deletionPolicy ?? ExternalSecretDeletionPolicy.RETAIN;
    if (deletion === ExternalSecretDeletionPolicy.DELETE && creation !== ExternalSecretCreationPolicy.OWNER) {
      fail('CSE402', `deletionPolicy Delete needs creationPolicy Owner (got ${creation}): the operator would delete a Secret it does not own`,
        'Use creationPolicy Owner, or deletionPolicy Retain.');
    }
    if (deletion === ExternalSecretDeletionPolicy.MERGE && creation === ExternalSecretCreationPolicy.NONE) {
      fail('CSE402', 'deletionPolicy Merge cannot be used with creationPolicy None (the ESO webhook rejects it)', 'Use deletionPolicy Retain, or another creationPolicy.');
    }

    if (props.metadata?.name !== undefined && !isDnsSubdomain(props.metadata.name)) {
      fail('CSE408', `metadata.name ${JSON.stringify(props.metadata.name)} is not a valid name`, 'Use a DNS subdomain name (lower-case letters, digits, "-" and ".").');
    }
    if (props.targetName !== undefined && !isDnsSubdomain(props.targetName)) {
      fail('CSE408', `targetName ${JSON.stringify(props.targetName)} is not a valid Secret name`, 'Use a DNS subdomain name (lower-case letters, digits, "-" and "."), e.g. "backend-database".');
    }
    this.defaultMode = props.defaultMode ?? 0o440;
    if (!Number.isInteger(this.defaultMode) || this.defaultMode < 0 || this.defaultMode > 0o777) {
      fail('CSE410', `defaultMode ${props.defaultMode} is not a file mode`, 'Use an octal mode from 0o000 to 0o777, e.g. 0o440.');
    }
    if ([0o200, 0o020, 0o002].some(bit => hasBit(this.defaultMode, bit))) {
      fail('CSE410', `defaultMode 0o${this.defaultMode.toString(8)} has write bits, but Secret volumes are read-only`, 'Use 0o440 (or 0o400).');
    }

    let spec: Record<string, unknown> = {};
    this.apiObject = new ApiObject(this, 'Resource', {
      apiVersion: ESO_API_VERSION,
      kind: 'ExternalSecret',
      metadata: props.metadata,
      // The target name defaults to the object's generated name, known only once the object exists.
      spec: Lazy.any({ produce: () => spec }),
    });
    checkStoreNamespace(props.store, this.apiObject.metadata.namespace, fail);

    this.secretName = props.targetName ?? this.apiObject.name;
    this.secretKeys = data.map(d => d.secretKey);
    this.hasDataFrom = dataFrom.length > 0;
    spec = {
      secretStoreRef: { name: props.store.storeName, kind: props.store.storeKind },
      ...(refreshSeconds !== undefined ? { refreshInterval: goDuration(refreshSeconds) } : {}),
      ...(policy !== undefined ? { refreshPolicy: policy } : {}),
      target: { name: this.secretName, creationPolicy: creation, deletionPolicy: deletion },
      ...(data.length > 0 ? { data: data.map(d => ({ secretKey: d.secretKey, remoteRef: remoteRefJson(d.remoteRef) })) } : {}),
      ...(dataFrom.length > 0 ? { dataFrom: dataFrom.map(d => ({ extract: remoteRefJson(d.extract) })) } : {}),
    };

    this.secret = kplus.Secret.fromSecretName(this, 'Secret', this.secretName);
    this.volume = kplus.Volume.fromSecret(this, 'Volume', this.secret, {
      name: Names.toDnsLabel(this, { extra: ['secret'] }),
      defaultMode: this.defaultMode,
      optional: false,
    });
    this.node.addValidation({ validate: () => this.unreadableMounts() });
  }

  /**
   * The value of one key of the generated Secret, as an env var value (`valueFrom.secretKeyRef`).
   * Prefer a file (`volumeMount()`): env vars keep the old value until the pod restarts and leak more easily.
   */
  public envValue(secretKey: string): kplus.EnvValue {
    this.checkKey(secretKey);
    return kplus.EnvValue.fromSecretValue({ secret: this.secret, key: secretKey }, { optional: false });
  }

  /**
   * Env vars from keys of the generated Secret, for `envVariables` of a container:
   * `{ DATABASE_URL: 'url' }` gives `DATABASE_URL` the value of key `url`. Env var names must be
   * identifiers (letters, digits, `_`, not starting with a digit).
   */
  public envVariables(mapping: { [envName: string]: string }): { [envName: string]: kplus.EnvValue } {
    const out: { [envName: string]: kplus.EnvValue } = {};
    for (const [name, key] of Object.entries(mapping)) {
      if (!ENV_NAME.test(name)) {
        SecureError.raise(this, 'CSE405', 'ExternalSecretRef', `env var name ${JSON.stringify(name)} is not a valid identifier`,
          'Use letters, digits and "_", not starting with a digit (e.g. "DATABASE_URL").');
      }
      out[name] = this.envValue(key);
    }
    return out;
  }

  /**
   * A read-only mount of the Secret at `path` (each key becomes a file), for `volumeMounts` of a
   * SecureDeployment container or cdk8s-plus ContainerProps. Mount a directory of its own, never with a
   * subPath: the kubelet only updates whole-volume mounts after a refresh.
   */
  public volumeMount(path: string): kplus.VolumeMount {
    this.checkPath(path);
    return { path, volume: this.volume, readOnly: true };
  }

  /**
   * Mounts the Secret read-only at `path` in a cdk8s-plus container (also one returned by
   * `SecureDeployment.addSecureContainer()`).
   */
  public mount(container: kplus.Container, path: string): void {
    this.checkPath(path);
    container.mount(path, this.volume, { readOnly: true });
  }

  /**
   * Mounts the Secret read-only at `path` in every (regular) container of a pod or workload, e.g. a
   * SecureDeployment or a cdk8s-plus Deployment.
   */
  public mountInPod(pod: kplus.AbstractPod, path: string): void {
    this.checkPath(path);
    if (pod.containers.length === 0) {
      SecureError.raise(this, 'CSE410', 'ExternalSecretRef', `${pod.node.path} has no container to mount the Secret in yet`, 'Call mountInPod() after adding the containers, or use mount(container, path).');
    }
    for (const c of pod.containers) c.mount(path, this.volume, { readOnly: true });
  }

  private checkKey(secretKey: string): void {
    if (!isSecretDataKey(secretKey)) {
      SecureError.raise(this, 'CSE406', 'ExternalSecretRef', `${JSON.stringify(secretKey)} is not a valid Secret key`, 'Use letters, digits, "-", "_" and ".".');
    }
    if (!this.hasDataFrom && !this.secretKeys.includes(secretKey)) {
      SecureError.raise(this, 'CSE406', 'ExternalSecretRef', `the Secret has no key "${secretKey}" (its keys: ${this.secretKeys.join(', ')})`,
        'Use one of the secretKeys of data, or add a data entry for it.');
    }
  }

  private checkPath(path: string): void {
    if (typeof path !== 'string' || !path.startsWith('/') || path.replace(/\/+$/, '') === '' || path.split('/').includes('..') || path.includes('\0')) {
      SecureError.raise(this, 'CSE410', 'ExternalSecretRef', `mount path ${JSON.stringify(path)} is not an absolute path below /`, 'Use a directory of its own, e.g. "/var/run/secrets/database".');
    }
  }

  /**
   * Reports each pod that mounts the volume but could not read it: a pod in another namespace, or a
   * non-root pod without fsGroup (Secret files are owned by root with `defaultMode`; a non-root process
   * reads them through the pod's fsGroup).
   */
  private unreadableMounts(): string[] {
    const worldReadable = hasBit(this.defaultMode, 0o004);
    const problems: string[] = [];
    for (const c of this.node.root.node.findAll()) {
      if (!(c instanceof kplus.AbstractPod)) continue;
      const mounts = [...c.containers, ...c.initContainers].some(k => k.mounts.some(m => m.volume === this.volume));
      if (!mounts) continue;
      const podNs = c.metadata.namespace;
      const secretNs = this.apiObject.metadata.namespace;
      if (podNs !== secretNs) {
        problems.push(`${this.node.path}: CSE409 ExternalSecretRef: ${c.node.path} (namespace ${podNs ?? '(none)'}) mounts the Secret, `
          + `which is created in namespace ${secretNs ?? '(none)'}; a pod can only mount Secrets of its own namespace. Create the ExternalSecretRef in the pod's namespace.`);
      }
      const sc = c.securityContext;
      if (!worldReadable && sc.fsGroup === undefined && sc.user !== 0) {
        problems.push(`${this.node.path}: CSE410 ExternalSecretRef: ${c.node.path} mounts the Secret, but the pod has no securityContext.fsGroup, `
          + `so its non-root process cannot read the files (owned by root, mode 0o${this.defaultMode.toString(8)}). `
          + 'Set the pod\'s fsGroup (SecureDeployment sets 65532 unless useImageUser is true), or pass defaultMode: 0o444.');
      }
    }
    return problems;
  }
}

/** True when the single-bit `bit` is set in `mode`. */
function hasBit(mode: number, bit: number): boolean {
  return Math.floor(mode / bit) % 2 === 1;
}

function remoteRef(r: ExternalSecretRemoteRef | undefined, field: string, fail: (code: string, problem: string, fix: string) => never): void {
  if (!r || typeof r.key !== 'string' || r.key.trim() === '') {
    fail('CSE407', `${field}.key is empty`, "Give the key (name or path) of the secret in the secret manager, e.g. 'prod/database/url'.");
  }
  for (const f of ['property', 'version'] as const) {
    if (r![f] !== undefined && (typeof r![f] !== 'string' || r![f]!.trim() === '')) {
      fail('CSE407', `${field}.${f} is empty`, `Leave ${f} out, or give a non-empty value.`);
    }
  }
}

function remoteRefJson(r: ExternalSecretRemoteRef): Record<string, string> {
  return { key: r.key, ...(r.property !== undefined ? { property: r.property } : {}), ...(r.version !== undefined ? { version: r.version } : {}) };
}

function checkStoreNamespace(store: ISecretStore, namespace: string | undefined, fail: (code: string, problem: string, fix: string) => never): void {
  if (store.storeKind === SecretStoreKind.SECRET_STORE && store instanceof SecretStore) {
    const storeNs = store.apiObject.metadata.namespace;
    if (storeNs !== undefined && namespace !== undefined && storeNs !== namespace) {
      fail('CSE409', `the SecretStore ${store.storeName} is in namespace "${storeNs}", but the ExternalSecret is in "${namespace}"; a SecretStore serves only its own namespace`,
        'Put both in the same namespace, or use a ClusterSecretStore that allows this namespace.');
    }
  }
  if (store instanceof ClusterSecretStore && namespace !== undefined && !store._mayAllow(namespace)) {
    fail('CSE409', `the ClusterSecretStore ${store.storeName} allows only the namespaces ${store.namespaces.join(', ')}, not "${namespace}"`,
      `Add "${namespace}" to the store's namespaces, or use another store.`);
  }
}
