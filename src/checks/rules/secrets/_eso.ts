/** The API group of the External Secrets Operator. */
export const ESO_GROUP = 'external-secrets.io';
/** The only version of the ESO core kinds that current operators serve. */
export const ESO_SERVED_VERSION = `${ESO_GROUP}/v1`;
/** ESO kinds whose only served version is v1 (PushSecret and generators are still v1alpha1 and are not listed). */
export const ESO_V1_KINDS = ['ExternalSecret', 'ClusterExternalSecret', 'SecretStore', 'ClusterSecretStore'];

/** True for an object of the External Secrets Operator API group (any version). */
export function isEsoObject(obj: Record<string, any>): boolean {
  return typeof obj.apiVersion === 'string' && obj.apiVersion.startsWith(`${ESO_GROUP}/`);
}
