import { IConstruct } from 'constructs';
import { isDnsLabel, isDnsSubdomain } from './_eso';
import { SecureError } from '../_errors';

/**
 * The two kinds of secret store an ExternalSecret can reference.
 */
export enum SecretStoreKind {
  /** A namespaced store: usable only by ExternalSecrets in its own namespace. */
  SECRET_STORE = 'SecretStore',
  /** A cluster-wide store: usable by ExternalSecrets in the namespaces its conditions allow. */
  CLUSTER_SECRET_STORE = 'ClusterSecretStore',
}

/**
 * A Kubernetes ServiceAccount whose token the External Secrets Operator requests (TokenRequest API) to
 * authenticate to the provider: IRSA / EKS Pod Identity for AWS, Workload Identity for GCP, the Kubernetes
 * auth method for Vault. No long-lived credential is stored anywhere.
 */
export interface ServiceAccountSelector {
  /** Name of the ServiceAccount. */
  readonly name: string;
  /**
   * Namespace of the ServiceAccount. Only for a ClusterSecretStore; a SecretStore can only use service
   * accounts of its own namespace.
   * @default - for a ClusterSecretStore, the namespace of the ExternalSecret that uses the store (each
   * namespace brings its own ServiceAccount of that name); for a SecretStore, its own namespace
   */
  readonly namespace?: string;
  /**
   * Audiences of the requested token.
   * @default - the provider's default audience (e.g. `sts.amazonaws.com` for AWS)
   */
  readonly audiences?: string[];
}

/**
 * Options of the AWS Secrets Manager and Parameter Store providers.
 */
export interface AwsSecretStoreProviderOptions {
  /** AWS region of the secrets, e.g. `eu-central-1`. */
  readonly region: string;
  /**
   * Authenticate with a token of this ServiceAccount (IRSA or EKS Pod Identity: the ServiceAccount is
   * annotated with, or associated to, an IAM role). Preferred: each store gets only the IAM permissions
   * of its own role.
   * @default - the operator's own identity (the IRSA / Pod Identity role of the ESO controller). No static
   * credentials either way; but every store without a service account shares the controller's permissions.
   */
  readonly serviceAccountRef?: ServiceAccountSelector;
  /**
   * ARN of an IAM role to assume after authenticating (`arn:aws:iam::<account>:role/<name>`).
   * @default - no role is assumed
   */
  readonly role?: string;
}

/**
 * Options of the HashiCorp Vault provider, with the Kubernetes auth method.
 */
export interface VaultSecretStoreProviderOptions {
  /** URL of the Vault server; must be `https://` (the service account token and every secret cross the network). */
  readonly server: string;
  /** Mount path of the KV secrets engine, e.g. `secret`. */
  readonly path: string;
  /**
   * KV engine version.
   * @default VaultKvVersion.V2
   */
  readonly version?: VaultKvVersion;
  /** Vault role of the Kubernetes auth method that binds the service account to Vault policies. */
  readonly role: string;
  /**
   * Mount path of the Kubernetes auth method in Vault.
   * @default 'kubernetes'
   */
  readonly mountPath?: string;
  /**
   * ServiceAccount whose token is presented to Vault's Kubernetes auth method.
   * @default - the ESO controller's own service account token
   */
  readonly serviceAccountRef?: ServiceAccountSelector;
  /**
   * Vault Enterprise namespace.
   * @default - none (the root namespace)
   */
  readonly namespace?: string;
  /**
   * PEM-encoded CA certificate(s) to verify the Vault server with; written base64-encoded to `caBundle`.
   * @default - the operator's system trust store
   */
  readonly caBundle?: string;
}

/**
 * Version of a Vault KV secrets engine.
 */
export enum VaultKvVersion {
  /** KV version 1 (unversioned). */
  V1 = 'v1',
  /** KV version 2 (versioned). */
  V2 = 'v2',
}

/**
 * Options of the GCP Secret Manager provider, with Workload Identity.
 */
export interface GcpSecretManagerProviderOptions {
  /** Google Cloud project that holds the secrets. */
  readonly projectId: string;
  /**
   * Location of regional secrets, e.g. `europe-west1`.
   * @default - global secrets
   */
  readonly location?: string;
  /**
   * Authenticate as the Google service account bound to this Kubernetes ServiceAccount (Workload Identity).
   * @default - the operator's own Workload Identity
   */
  readonly serviceAccountRef?: ServiceAccountSelector;
  /**
   * Location of the GKE cluster, for Workload Identity with `serviceAccountRef`.
   * @default - read from the GCE metadata server
   */
  readonly clusterLocation?: string;
  /**
   * Name of the GKE cluster, for Workload Identity with `serviceAccountRef`.
   * @default - read from the GCE metadata server
   */
  readonly clusterName?: string;
  /**
   * Project of the GKE cluster, for Workload Identity with `serviceAccountRef`.
   * @default - read from the GCE metadata server
   */
  readonly clusterProjectId?: string;
}

type Render = (fail: Fail, kind: SecretStoreKind) => Record<string, any>;
type Fail = (code: string, problem: string, fix: string) => never;

/**
 * Where a SecretStore or ClusterSecretStore reads secrets from, and how it authenticates. Every factory
 * authenticates with a short-lived workload identity (a service account token), never with a static
 * credential stored in a Kubernetes Secret.
 */
export class SecretStoreProvider {
  /**
   * AWS Secrets Manager, authenticated with a service account token (IRSA / EKS Pod Identity).
   * @see https://external-secrets.io/latest/provider/aws-secrets-manager/
   */
  public static awsSecretsManager(options: AwsSecretStoreProviderOptions): SecretStoreProvider {
    return new SecretStoreProvider('aws', (fail, kind) => aws('SecretsManager', options, fail, kind));
  }

  /**
   * AWS Systems Manager Parameter Store, authenticated with a service account token (IRSA / EKS Pod Identity).
   * @see https://external-secrets.io/latest/provider/aws-parameter-store/
   */
  public static awsParameterStore(options: AwsSecretStoreProviderOptions): SecretStoreProvider {
    return new SecretStoreProvider('aws', (fail, kind) => aws('ParameterStore', options, fail, kind));
  }

  /**
   * HashiCorp Vault KV engine, authenticated with Vault's Kubernetes auth method.
   * @see https://external-secrets.io/latest/provider/hashicorp-vault/
   */
  public static vault(options: VaultSecretStoreProviderOptions): SecretStoreProvider {
    return new SecretStoreProvider('vault', (fail, kind) => vault(options, fail, kind));
  }

  /**
   * GCP Secret Manager, authenticated with Workload Identity.
   * @see https://external-secrets.io/latest/provider/google-secrets-manager/
   */
  public static gcpSecretManager(options: GcpSecretManagerProviderOptions): SecretStoreProvider {
    return new SecretStoreProvider('gcpsm', (fail, kind) => gcp(options, fail, kind));
  }

  /** The provider's key under `spec.provider` (`aws`, `vault`, `gcpsm`). */
  public readonly providerName: string;
  private readonly render: Render;

  private constructor(providerName: string, render: Render) {
    this.providerName = providerName;
    this.render = render;
  }

  /**
   * Validates the options for a store of `kind` and returns `spec.provider`.
   * @internal
   */
  public _bind(scope: IConstruct, kind: SecretStoreKind): Record<string, any> {
    const fail: Fail = (code, problem, fix) => SecureError.raise(scope, code, kind, problem, fix);
    return { [this.providerName]: this.render(fail, kind) };
  }
}

function aws(service: string, o: AwsSecretStoreProviderOptions, fail: Fail, kind: SecretStoreKind): Record<string, any> {
  if (typeof o.region !== 'string' || !/^[a-z]{2}(-[a-z]+)+-\d{1,2}$/.test(o.region)) {
    fail('CSE420', `region ${JSON.stringify(o.region)} is not an AWS region`, 'Use a region code such as "eu-central-1" or "us-east-1".');
  }
  if (o.role !== undefined && !/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/.test(o.role)) {
    fail('CSE420', `role ${JSON.stringify(o.role)} is not an IAM role ARN`, 'Use arn:aws:iam::<12-digit account>:role/<name>.');
  }
  return {
    service,
    region: o.region,
    ...(o.role ? { role: o.role } : {}),
    ...(o.serviceAccountRef ? { auth: { jwt: { serviceAccountRef: serviceAccountRef(o.serviceAccountRef, fail, kind) } } } : {}),
  };
}

function vault(o: VaultSecretStoreProviderOptions, fail: Fail, kind: SecretStoreKind): Record<string, any> {
  // Never echo user info (a password) from the URL in an error.
  const shown = JSON.stringify(typeof o.server === 'string' ? o.server.replace(/^([^/]*\/\/)[^/]*@/, '$1***@') : o.server);
  let url: URL | undefined;
  try {
    url = new URL(o.server);
  } catch {
    url = undefined;
  }
  if (!url || !url.hostname) {
    fail('CSE421', `server ${shown} is not a URL`, 'Use the https:// URL of the Vault server, e.g. "https://vault.example.com:8200".');
  }
  if (url!.username || url!.password) {
    fail('CSE421', `server ${shown} embeds credentials in its URL`, 'Remove the user info from the URL; Vault authenticates with the Kubernetes auth method.');
  }
  if (url!.protocol !== 'https:') {
    fail('CSE421', `server ${shown} is not https, so the service account token and every secret would cross the network unencrypted`,
      'Use an https:// URL (pass caBundle for a private CA).');
  }
  const slashPath = (field: string, v: unknown) => {
    if (typeof v !== 'string' || !/^[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)*$/.test(v) || v.split('/').includes('..')) {
      fail('CSE421', `${field} ${JSON.stringify(v)} is not a Vault mount path`, `Give the path without leading or trailing "/", e.g. "${field === 'path' ? 'secret' : 'kubernetes'}".`);
    }
  };
  slashPath('path', o.path);
  slashPath('mountPath', o.mountPath ?? 'kubernetes');
  if (typeof o.role !== 'string' || o.role.trim() === '' || /\s/.test(o.role)) {
    fail('CSE421', `role ${JSON.stringify(o.role)} is not a Vault role name`, 'Give the name of the role of the Kubernetes auth method that binds the service account to Vault policies.');
  }
  if (o.caBundle !== undefined && !/-----BEGIN CERTIFICATE-----[\s\S]+-----END CERTIFICATE-----/.test(o.caBundle)) {
    fail('CSE421', 'caBundle is not a PEM certificate', 'Pass the PEM text of the CA certificate(s), starting with -----BEGIN CERTIFICATE-----.');
  }
  return {
    server: o.server,
    path: o.path,
    version: o.version ?? VaultKvVersion.V2,
    ...(o.namespace ? { namespace: o.namespace } : {}),
    ...(o.caBundle ? { caBundle: Buffer.from(o.caBundle, 'utf8').toString('base64') } : {}),
    auth: {
      kubernetes: {
        mountPath: o.mountPath ?? 'kubernetes',
        role: o.role,
        ...(o.serviceAccountRef ? { serviceAccountRef: serviceAccountRef(o.serviceAccountRef, fail, kind) } : {}),
      },
    },
  };
}

function gcp(o: GcpSecretManagerProviderOptions, fail: Fail, kind: SecretStoreKind): Record<string, any> {
  const project = (field: string, v: unknown) => {
    if (typeof v !== 'string' || !/^[a-z][a-z0-9-]{4,28}[a-z0-9]$/.test(v)) {
      fail('CSE422', `${field} ${JSON.stringify(v)} is not a Google Cloud project id`, 'Use the 6-30 character project id (lower-case letters, digits, "-"), e.g. "acme-prod".');
    }
  };
  project('projectId', o.projectId);
  if (o.clusterProjectId !== undefined) project('clusterProjectId', o.clusterProjectId);
  for (const [field, v] of [['location', o.location], ['clusterLocation', o.clusterLocation]] as const) {
    if (v !== undefined && !/^[a-z]+(-[a-z]+)*\d*(-[a-z])?$/.test(v)) {
      fail('CSE422', `${field} ${JSON.stringify(v)} is not a Google Cloud location`, 'Use a region or zone such as "europe-west1" or "europe-west1-b".');
    }
  }
  if (o.clusterName !== undefined && !isDnsLabel(o.clusterName)) {
    fail('CSE422', `clusterName ${JSON.stringify(o.clusterName)} is not a GKE cluster name`, 'Use the cluster name (lower-case letters, digits, "-").');
  }
  const clusterFields = o.clusterLocation !== undefined || o.clusterName !== undefined || o.clusterProjectId !== undefined;
  if (clusterFields && !o.serviceAccountRef) {
    fail('CSE422', 'clusterLocation, clusterName and clusterProjectId only apply to Workload Identity with a serviceAccountRef',
      'Pass serviceAccountRef (the Kubernetes ServiceAccount bound to a Google service account), or leave the cluster fields out.');
  }
  return {
    projectID: o.projectId,
    ...(o.location ? { location: o.location } : {}),
    ...(o.serviceAccountRef ? {
      auth: {
        workloadIdentity: {
          ...(o.clusterLocation ? { clusterLocation: o.clusterLocation } : {}),
          ...(o.clusterName ? { clusterName: o.clusterName } : {}),
          ...(o.clusterProjectId ? { clusterProjectID: o.clusterProjectId } : {}),
          serviceAccountRef: serviceAccountRef(o.serviceAccountRef, fail, kind),
        },
      },
    } : {}),
  };
}

function serviceAccountRef(sa: ServiceAccountSelector, fail: Fail, kind: SecretStoreKind): Record<string, any> {
  if (!isDnsSubdomain(sa.name)) {
    fail('CSE423', `serviceAccountRef.name ${JSON.stringify(sa.name)} is not a valid ServiceAccount name`, 'Use a DNS subdomain name (lower-case letters, digits, "-" and ".").');
  }
  if (sa.namespace !== undefined) {
    if (kind === SecretStoreKind.SECRET_STORE) {
      fail('CSE423', `serviceAccountRef.namespace is set to ${JSON.stringify(sa.namespace)}, but a SecretStore can only use service accounts of its own namespace`,
        'Leave serviceAccountRef.namespace out, or use a ClusterSecretStore.');
    }
    if (!isDnsLabel(sa.namespace)) {
      fail('CSE423', `serviceAccountRef.namespace ${JSON.stringify(sa.namespace)} is not a valid namespace name`, 'Use a DNS label (lower-case letters, digits and "-").');
    }
  }
  if (sa.audiences !== undefined && (sa.audiences.length === 0 || sa.audiences.some(a => typeof a !== 'string' || a.trim() === ''))) {
    fail('CSE423', 'serviceAccountRef.audiences must hold at least one non-empty audience', 'Leave audiences out for the provider\'s default, or list e.g. ["sts.amazonaws.com"].');
  }
  return {
    name: sa.name,
    ...(sa.namespace ? { namespace: sa.namespace } : {}),
    ...(sa.audiences ? { audiences: [...sa.audiences] } : {}),
  };
}
