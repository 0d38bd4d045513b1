import { FALCO_RULES_LABEL, falcoFileProblems, FalcoFileProblem, looksLikeFalcoRules } from '../../../monitoring/_falco-file';
import { FieldPath, isRecord } from '../../_path';

const RULES_FILE_KEY = /\.ya?ml$/i;

/**
 * The Falco rules files a ConfigMap carries, with their problems: every key of a ConfigMap labelled
 * `cdk8s-secure.io/falco-rules: "true"`, and any `.yaml` / `.yml` key whose text has a `- rule:`,
 * `- macro:` or `- list:` item (as in the falco Helm chart's rules ConfigMap).
 */
export function falcoRulesInConfigMap(obj: Record<string, any>): Array<{ path: FieldPath; key: string; problems: FalcoFileProblem[] }> {
  if (!isRecord(obj.data)) return [];
  const labelled = obj.metadata?.labels?.[FALCO_RULES_LABEL] === 'true';
  const out: Array<{ path: FieldPath; key: string; problems: FalcoFileProblem[] }> = [];
  for (const [key, text] of Object.entries(obj.data)) {
    if (typeof text !== 'string') continue;
    if (!labelled && !(RULES_FILE_KEY.test(key) && looksLikeFalcoRules(text))) continue;
    out.push({ path: ['data', key], key, problems: falcoFileProblems(text) });
  }
  return out;
}
