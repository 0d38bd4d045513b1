import { isRecord } from '../../_path';
import { kindRule } from '../../_rule';
import { Severity } from '../../finding';

/** The keys of a data / stringData map that hold a value (an empty or null value holds nothing). */
function keysWithValues(map: unknown): string[] {
  return isRecord(map) ? Object.keys(map).filter(k => map[k] !== null && map[k] !== undefined && map[k] !== '') : [];
}

export const secretLiteralData = kindRule({
  id: 'CS402',
  title: 'Secret with literal data in the manifests',
  severity: Severity.WARNING,
  description: 'Warns when a Secret object carries data or stringData with a non-empty value. Names the keys, never the values. '
    + 'A Secret whose values are all empty (a placeholder a controller fills) is not reported.',
  rationale: 'base64 is not encryption: a Secret committed to git with its manifests leaks to everyone who can read the repository.',
  fix: 'Create the Secret from a secret manager (ExternalSecret), or with a sealed/encrypted workflow, and keep only the reference in the manifests.',
  references: ['NSA: Secrets', 'CIS 5.4.1'],
}, ['Secret'], (obj) => (['data', 'stringData'] as const)
  .map(f => ({ f, keys: keysWithValues(obj[f]) }))
  .filter(({ keys }) => keys.length > 0)
  .map(({ f, keys }) => ({ path: [f], message: `the Secret holds literal ${f} (keys: ${keys.join(', ')})` })));
