import { isRecord } from '../../_path';
import { kindRule } from '../../_rule';
import { Severity } from '../../finding';

export const secretLiteralData = kindRule({
  id: 'CS402',
  title: 'Secret with literal data in the manifests',
  severity: Severity.WARNING,
  description: 'Warns when a Secret object carries data or stringData. Names the keys, never the values.',
  rationale: 'base64 is not encryption: a Secret committed to git with its manifests leaks to everyone who can read the repository.',
  fix: 'Create the Secret from a secret manager (ExternalSecret), or with a sealed/encrypted workflow, and keep only the reference in the manifests.',
  references: ['NSA: Secrets', 'CIS 5.4.1'],
}, ['Secret'], (obj) => (['data', 'stringData'] as const)
  .filter(f => isRecord(obj[f]) && Object.keys(obj[f]).length > 0)
  .map(f => ({ path: [f], message: `the Secret holds literal ${f} (keys: ${Object.keys(obj[f]).join(', ')})` })));
