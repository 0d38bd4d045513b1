import { ESO_SERVED_VERSION, ESO_V1_KINDS, isEsoObject } from './_eso';
import { kindRule } from '../../_rule';
import { Severity } from '../../finding';

export const esoApiVersion = kindRule({
  id: 'CS403',
  title: 'External Secrets object on an API version that is no longer served',
  severity: Severity.ERROR,
  description: 'Fails when an ExternalSecret, ClusterExternalSecret, SecretStore or ClusterSecretStore uses an external-secrets.io version other than v1 (v1beta1, v1alpha1).',
  rationale: 'External Secrets Operator no longer serves v1beta1 (since v0.17) nor v1alpha1: the API server rejects the object, so the Secret is never created and the workload that needs it fails to start.',
  fix: 'Change apiVersion to external-secrets.io/v1; the fields of these kinds are unchanged in v1.',
  references: ['External Secrets Operator: v0.17.0 release notes (v1beta1 no longer served)'],
}, ESO_V1_KINDS, (obj) => isEsoObject(obj) && obj.apiVersion !== ESO_SERVED_VERSION
  ? [{ path: ['apiVersion'], message: `the ${obj.kind} uses ${obj.apiVersion}, which External Secrets Operator no longer serves` }]
  : []);
