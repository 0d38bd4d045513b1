import { credentialReason } from './_credentials';
import { isRecord } from '../../_path';
import { kindRule, RawFinding } from '../../_rule';
import { Severity } from '../../finding';

/** `key: value`, `key = value`, `"key": "value"` lines of configuration files (YAML, properties, INI, TOML, JSON). */
const SETTING = /^\s*["']?([A-Za-z_][\w.-]*)["']?\s*[:=]([\s\S]*)$/;
/** Values that are filled in later: `${VAR}`, `{{ .Values.x }}`, `%(x)s`, `<password>`, `$VAR`. */
const PLACEHOLDER = /\$\{|\{\{|%\(|^<[^>]*>$|^\$[A-Za-z_]/;

/** Why one setting line of a configuration file holds a credential, or undefined. */
function settingReason(line: string): { key: string; why: string } | undefined {
  if (line.length > 4096) return undefined;
  const m = SETTING.exec(line);
  if (!m) return undefined;
  const key = m[1];
  let value = m[2].trim();
  if (value.endsWith(',')) value = value.slice(0, -1).trimEnd();
  if (value.length >= 2 && (value[0] === '"' || value[0] === "'") && value.endsWith(value[0])) value = value.slice(1, -1);
  if (value === '' || PLACEHOLDER.test(value) || /^[[{|>]/.test(value)) return undefined;
  const why = credentialReason(key, value, { entropy: false });
  return why ? { key, why } : undefined;
}

export const configMapCredentials = kindRule({
  id: 'CS407',
  title: 'Credential in ConfigMap data',
  severity: Severity.ERROR,
  description: 'Fails when a ConfigMap data entry looks like a credential: its key says so and it has a literal value (db-password: ...), '
    + 'it holds a known key format (private keys in any PEM / OpenSSH / PuTTY spelling, cloud and VCS tokens, JWTs, URLs with a password), '
    + 'or a line of a configuration file in it sets a credential-named setting to a literal (password = ..., "apiKey": "..."). '
    + 'Placeholders (${VAR}, {{ ... }}) are not credentials. Findings name the key and line, never the value.',
  rationale: 'ConfigMaps are not secret: every subject that can read them in the namespace (and often monitoring and backup tools) sees their data in plain text.',
  fix: 'Move the value into a Secret (synced from a secret manager with ExternalSecret) and reference it from the workload; keep only non-secret settings in the ConfigMap.',
  references: ['NSA: Secrets', 'CIS 5.4.1', 'Polaris: sensitiveConfigmapContent', 'Trivy: KSV-0109'],
}, ['ConfigMap'], (obj) => {
  if (!isRecord(obj.data)) return [];
  const out: RawFinding[] = [];
  for (const [key, value] of Object.entries(obj.data)) {
    if (typeof value !== 'string' || value === '') continue;
    if (!value.includes('\n')) {
      const why = credentialReason(key, value, { entropy: false });
      if (why) out.push({ path: ['data', key], message: `data key "${key}" holds a literal value, and ${why}` });
      continue;
    }
    // A file: known key formats anywhere in it, then its settings line by line.
    const inFile = credentialReason('', value, { entropy: false });
    if (inFile) {
      out.push({ path: ['data', key], message: `data key "${key}" holds a file, and ${inFile}` });
      continue;
    }
    const lines = value.split('\n');
    for (let i = 0; i < lines.length; i++) {
      const found = settingReason(lines[i]);
      if (found) {
        out.push({ path: ['data', key], message: `data key "${key}" line ${i + 1} sets ${found.key} to a literal value, and ${found.why}` });
        break;
      }
    }
  }
  return out;
});
