import { isEsoObject } from './_eso';
import { isRecord } from '../../_path';
import { kindRule } from '../../_rule';
import { Severity } from '../../finding';

const nonEmpty = (v: unknown) => Array.isArray(v) && v.length > 0;

export const externalSecretData = kindRule({
  id: 'CS404',
  title: 'ExternalSecret without data or dataFrom',
  severity: Severity.ERROR,
  description: 'Fails when an ExternalSecret (or the externalSecretSpec of a ClusterExternalSecret) has neither data nor dataFrom entries.',
  rationale: 'The ESO admission webhook rejects an ExternalSecret that maps nothing, so the Secret the workload expects is never created.',
  fix: 'Map at least one key (spec.data[].secretKey and remoteRef.key), or extract a whole secret (spec.dataFrom[].extract.key).',
  references: ['External Secrets Operator: ExternalSecret validation webhook'],
}, ['ExternalSecret', 'ClusterExternalSecret'], (obj) => {
  if (!isEsoObject(obj)) return [];
  const path = obj.kind === 'ClusterExternalSecret' ? ['spec', 'externalSecretSpec'] : ['spec'];
  const spec = path.reduce<any>((o, k) => (isRecord(o) ? o[k] : undefined), obj);
  if (isRecord(spec) && (nonEmpty(spec.data) || nonEmpty(spec.dataFrom))) return [];
  return [{ path, message: `the ${obj.kind} has neither data nor dataFrom, so it maps no secret` }];
});
