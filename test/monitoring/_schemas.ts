/**
 * JSON-schema validation of what the monitoring constructs emit: the audit policy file, the Falco rules
 * file and the falco Helm values. No package carries these schemas; they are written from the upstream
 * reference docs (see each schema's description) and live in ./schemas.
 */
import Ajv, { ValidateFunction } from 'ajv';
import { parse, parseAllDocuments } from 'yaml';
import auditSchema from './schemas/audit-policy-v1.schema.json';
import helmSchema from './schemas/falco-helm-values.schema.json';
import falcoSchema from './schemas/falco-rules-file.schema.json';

const ajv = new Ajv({ allErrors: true, strict: false });
const validators: Record<string, ValidateFunction> = {
  audit: ajv.compile(auditSchema),
  falco: ajv.compile(falcoSchema),
  helm: ajv.compile(helmSchema),
};

function problems(kind: string, value: unknown): string[] {
  const v = validators[kind];
  return v(value) ? [] : (v.errors ?? []).map(e => `${e.instancePath || '(root)'} ${e.message}`);
}

/** Problems of an audit policy (JSON or YAML text). */
export function auditPolicyProblems(policy: unknown): string[] {
  return problems('audit', typeof policy === 'string' ? parse(policy) : policy);
}

/** Problems of a Falco rules file (items or YAML text; every document of the text). */
export function falcoRulesProblems(file: unknown): string[] {
  if (typeof file !== 'string') return problems('falco', file);
  return parseAllDocuments(file).flatMap((d, i) => problems('falco', d.toJS() ?? []).map(p => `document ${i}: ${p}`));
}

/** Problems of a falco Helm values file (JSON or YAML text), including each embedded rules file. */
export function helmValuesProblems(values: unknown): string[] {
  const v = typeof values === 'string' ? parse(values) : values;
  const own = problems('helm', v);
  const files = Object.entries((v as any)?.customRules ?? {}).flatMap(([k, text]) => falcoRulesProblems(text).map(p => `customRules["${k}"]: ${p}`));
  return [...own, ...files];
}
