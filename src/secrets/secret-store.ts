import { ApiObject, ApiObjectMetadata, JsonPatch } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { ESO_API_VERSION, isDnsLabel, isDnsSubdomain, isLabelKey, isLabelValue } from './_eso';
import { SecretStoreKind, SecretStoreProvider } from './secret-store-provider';
import { SecureError } from '../_errors';
import { Suppression, Suppressions } from '../checks/suppressions';

/**
 * A SecretStore or ClusterSecretStore that an ExternalSecretRef can read from.
 */
export interface ISecretStore extends IConstruct {
  /** `metadata.name` of the store. */
  readonly storeName: string;
  /** Whether it is a namespaced SecretStore or a ClusterSecretStore. */
  readonly storeKind: SecretStoreKind;
}

/**
 * Properties shared by SecretStore and ClusterSecretStore.
 */
export interface SecretStoreBaseProps {
  /** Where the secrets are, and how the operator authenticates there (never with a static credential). */
  readonly provider: SecretStoreProvider;
  /**
   * Metadata of the store object.
   * @default - a generated name (and, for a SecretStore, the chart's namespace)
   */
  readonly metadata?: ApiObjectMetadata;
  /**
   * Findings to accept, each with a reason of at least 10 characters; written to the object as the
   * `cdk8s-secure.io/suppressions` annotation and shown in every report.
   * @default - none
   */
  readonly suppressions?: Suppression[];
}

/**
 * Properties of a SecretStore.
 */
export interface SecretStoreProps extends SecretStoreBaseProps {}

/**
 * An External Secrets Operator `SecretStore` (`external-secrets.io/v1`): a namespaced connection to a
 * secret manager, usable only by ExternalSecrets in its own namespace. Its provider authenticates with a
 * workload identity (a service account token), never with a static credential.
 */
export class SecretStore extends Construct implements ISecretStore {
  /**
   * A SecretStore that exists already (created elsewhere), by name.
   */
  public static fromSecretStoreName(scope: Construct, id: string, name: string): ISecretStore {
    return new ImportedStore(scope, id, name, SecretStoreKind.SECRET_STORE);
  }

  public readonly storeName: string;
  public readonly storeKind = SecretStoreKind.SECRET_STORE;
  /** The SecretStore object. */
  public readonly apiObject: ApiObject;

  constructor(scope: Construct, id: string, props: SecretStoreProps) {
    super(scope, id);
    if (props.suppressions && props.suppressions.length > 0) Suppressions.add(this, ...props.suppressions);
    this.apiObject = storeObject(this, SecretStoreKind.SECRET_STORE, props, undefined);
    this.storeName = this.apiObject.name;
  }
}

/**
 * Properties of a ClusterSecretStore.
 */
export interface ClusterSecretStoreProps extends SecretStoreBaseProps {
  /**
   * Namespaces (by name) whose ExternalSecrets may use the store.
   * @default - none by name
   */
  readonly namespaces?: string[];
  /**
   * Namespaces (by label, `matchLabels`) whose ExternalSecrets may use the store.
   * @default - none by label
   */
  readonly namespaceLabels?: { [key: string]: string };
  /**
   * Namespaces (by regular expression on the name) whose ExternalSecrets may use the store.
   * @default - none by regular expression
   */
  readonly namespaceRegexes?: string[];
}

/**
 * An External Secrets Operator `ClusterSecretStore` (`external-secrets.io/v1`): a cluster-wide connection
 * to a secret manager. Each of `namespaces`, `namespaceLabels` and `namespaceRegexes` becomes one entry of
 * `spec.conditions`; an ExternalSecret may use the store when its namespace matches one of them.
 *
 * Without any of them every namespace could read every secret the store's identity can read, so the
 * constructor throws unless rule CS406 is suppressed with a reason.
 */
export class ClusterSecretStore extends Construct implements ISecretStore {
  /**
   * A ClusterSecretStore that exists already (created elsewhere), by name.
   */
  public static fromClusterSecretStoreName(scope: Construct, id: string, name: string): ISecretStore {
    return new ImportedStore(scope, id, name, SecretStoreKind.CLUSTER_SECRET_STORE);
  }

  public readonly storeName: string;
  public readonly storeKind = SecretStoreKind.CLUSTER_SECRET_STORE;
  /** The ClusterSecretStore object. */
  public readonly apiObject: ApiObject;
  /** Namespaces allowed by name (empty when the store is limited otherwise). */
  public readonly namespaces: string[];
  private readonly limitedOtherwise: boolean;

  constructor(scope: Construct, id: string, props: ClusterSecretStoreProps) {
    super(scope, id);
    const fail = (code: string, problem: string, fix: string): never => SecureError.raise(this, code, 'ClusterSecretStore', problem, fix);
    if (props.suppressions && props.suppressions.length > 0) Suppressions.add(this, ...props.suppressions);

    const namespaces = props.namespaces ?? [];
    const labels = props.namespaceLabels ?? {};
    const regexes = props.namespaceRegexes ?? [];
    for (const ns of namespaces) {
      if (!isDnsLabel(ns)) fail('CSE425', `namespaces: ${JSON.stringify(ns)} is not a valid namespace name`, 'Use DNS labels (lower-case letters, digits and "-").');
    }
    if (new Set(namespaces).size !== namespaces.length) fail('CSE425', 'namespaces lists a namespace twice', 'List each namespace once.');
    for (const [k, v] of Object.entries(labels)) {
      if (!isLabelKey(k)) fail('CSE425', `namespaceLabels: ${JSON.stringify(k)} is not a valid label key`, 'Use e.g. "kubernetes.io/metadata.name" or "team".');
      if (!isLabelValue(v)) fail('CSE425', `namespaceLabels: the value of ${k} (${JSON.stringify(v)}) is not a valid label value`, 'Use at most 63 letters, digits, "-", "_" or ".".');
    }
    for (const r of regexes) {
      let ok = typeof r === 'string' && r.length > 0;
      try {
        if (ok) new RegExp(r);
      } catch {
        ok = false;
      }
      if (!ok) fail('CSE425', `namespaceRegexes: ${JSON.stringify(r)} is not a regular expression`, 'Give an anchored expression such as "^team-a-.*$".');
      if (!r.startsWith('^') || !r.endsWith('$')) {
        fail('CSE425', `namespaceRegexes: ${JSON.stringify(r)} is not anchored, so it also matches namespaces that merely contain it`, `Anchor it: "^${r.replace(/^\^/, '').replace(/\$$/, '')}$".`);
      }
    }

    const conditions: Array<Record<string, any>> = [];
    if (namespaces.length > 0) conditions.push({ namespaces: [...namespaces] });
    if (Object.keys(labels).length > 0) conditions.push({ namespaceSelector: { matchLabels: { ...labels } } });
    if (regexes.length > 0) conditions.push({ namespaceRegexes: [...regexes] });
    if (conditions.length === 0 && !Suppressions.of(this).some(s => s.ruleId === 'CS406')) {
      fail('CSE424', 'the store is not limited to any namespace, so ExternalSecrets in every namespace could read every secret its identity can read',
        "Pass namespaces, namespaceLabels or namespaceRegexes; or, for a store every team may use, pass suppressions: [{ ruleId: 'CS406', reason: '<why every namespace may use it>' }].");
    }
    if (conditions.length > 0 && (props.suppressions ?? []).some(s => s.ruleId === 'CS406')) {
      fail('CSE424', 'the suppression of CS406 accepts nothing: the store is limited to namespaces', 'Remove the CS406 suppression, or the namespace limits.');
    }
    this.namespaces = [...namespaces];
    this.limitedOtherwise = Object.keys(labels).length > 0 || regexes.length > 0 || conditions.length === 0;
    this.apiObject = storeObject(this, SecretStoreKind.CLUSTER_SECRET_STORE, props, conditions.length > 0 ? conditions : undefined);
    this.storeName = this.apiObject.name;
  }

  /**
   * False when the store is known not to allow `namespace` (it is limited by name only, and the name is
   * not listed).
   * @internal
   */
  public _mayAllow(namespace: string): boolean {
    return this.limitedOtherwise || this.namespaces.includes(namespace);
  }
}

function storeObject(
  scope: Construct, kind: SecretStoreKind, props: SecretStoreBaseProps, conditions: Array<Record<string, any>> | undefined,
): ApiObject {
  if (!props.provider) {
    SecureError.raise(scope, 'CSE420', kind, 'provider is missing', 'Pass provider: SecretStoreProvider.awsSecretsManager({ region, serviceAccountRef }) (or vault, gcpSecretManager, awsParameterStore).');
  }
  if (props.metadata?.name !== undefined && !isDnsSubdomain(props.metadata.name)) {
    SecureError.raise(scope, 'CSE408', kind, `metadata.name ${JSON.stringify(props.metadata.name)} is not a valid name`, 'Use a DNS subdomain name (lower-case letters, digits, "-" and ".").');
  }
  const provider = props.provider._bind(scope, kind);
  const metadata: ApiObjectMetadata = kind === SecretStoreKind.CLUSTER_SECRET_STORE
    // Cluster-scoped: no namespace, even inside a chart that has one.
    ? { ...props.metadata, namespace: undefined }
    : { ...props.metadata };
  const obj = new ApiObject(scope, 'Resource', {
    apiVersion: ESO_API_VERSION,
    kind,
    metadata,
    spec: { ...(conditions ? { conditions } : {}), provider },
  } as any);
  // cdk8s gives every object the chart's namespace; a cluster-scoped object must not have one.
  if (kind === SecretStoreKind.CLUSTER_SECRET_STORE && obj.metadata.namespace !== undefined) {
    obj.addJsonPatch(JsonPatch.remove('/metadata/namespace'));
  }
  return obj;
}

class ImportedStore extends Construct implements ISecretStore {
  constructor(scope: Construct, id: string, public readonly storeName: string, public readonly storeKind: SecretStoreKind) {
    super(scope, id);
    if (!isDnsSubdomain(storeName)) {
      SecureError.raise(this, 'CSE408', storeKind, `name ${JSON.stringify(storeName)} is not a valid name`, 'Use a DNS subdomain name (lower-case letters, digits, "-" and ".").');
    }
  }
}
