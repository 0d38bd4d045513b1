import { isEsoObject } from './_eso';
import { FieldPath, isRecord } from '../../_path';
import { kindRule, RawFinding } from '../../_rule';
import { Severity } from '../../finding';

/** Parts of a provider's configuration that reference Secrets but hold no credential. */
const NOT_CREDENTIALS = new Set(['caProvider', 'caBundle', 'tls', 'server']);
/** Vault auth methods whose whole point is a long-lived secret (role id + secret id, password). */
const STATIC_METHODS = new Set(['appRole', 'userPass', 'ldap']);

/**
 * Identifiers a secret reference may hold that are no credential: Azure workload identity reads the client
 * and tenant ids of its federated identity from a Secret (`azurekv.authSecretRef.clientId` / `tenantId`).
 */
const IDENTIFIERS = new Set(['clientId', 'tenantId']);

/** True for a secret reference that only names identifiers (every key set is an identifier). */
function identifiersOnly(ref: unknown): boolean {
  if (!isRecord(ref)) return false;
  const set = Object.keys(ref).filter(k => ref[k] !== null && ref[k] !== undefined);
  return set.length > 0 && set.every(k => IDENTIFIERS.has(k));
}

/** Paths of every field under the provider config that reads a credential from a Kubernetes Secret. */
function staticCredentials(value: unknown, path: FieldPath, out: FieldPath[]): void {
  if (!isRecord(value)) return;
  for (const [k, v] of Object.entries(value)) {
    if (NOT_CREDENTIALS.has(k)) continue;
    if (/secretref$/i.test(k) || STATIC_METHODS.has(k)) {
      if (v !== null && v !== undefined && !identifiersOnly(v)) out.push([...path, k]);
      continue;
    }
    staticCredentials(v, [...path, k], out);
  }
}

export const secretStoreStaticCredentials = kindRule({
  id: 'CS405',
  title: 'Secret store authenticates with a static credential',
  severity: Severity.WARNING,
  description: 'Warns when a SecretStore or ClusterSecretStore reads its credential for the secret manager from a Kubernetes Secret (auth.secretRef, tokenSecretRef, *SecretRef, Vault appRole / userPass / ldap) instead of a workload identity. '
    + 'A reference that names only client and tenant ids (Azure workload identity) is not a credential.',
  rationale: 'A long-lived key in a Kubernetes Secret is the one secret that unlocks all the others: everyone who can read Secrets in its namespace can read every secret the store can, and it rarely rotates.',
  fix: 'Authenticate with a short-lived service account token: IRSA / EKS Pod Identity (provider.aws.auth.jwt.serviceAccountRef), GCP Workload Identity (auth.workloadIdentity), or Vault Kubernetes auth with serviceAccountRef.',
  references: ['NSA: Secrets', 'CIS 5.4.2', 'External Secrets Operator: security best practices'],
}, ['SecretStore', 'ClusterSecretStore'], (obj) => {
  if (!isEsoObject(obj) || !isRecord(obj.spec?.provider)) return [];
  const out: RawFinding[] = [];
  for (const [name, config] of Object.entries(obj.spec.provider)) {
    const found: FieldPath[] = [];
    staticCredentials(config, ['spec', 'provider', name], found);
    for (const path of found) {
      out.push({ path, message: `the ${obj.kind} authenticates to ${name} with a long-lived credential read from a Kubernetes Secret (${path.slice(3).join('.')})` });
    }
  }
  return out;
});
