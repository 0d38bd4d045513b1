import { objectLabel } from './text';
import { fingerprint, SARIF_FINGERPRINT_KEY } from '../_baseline';
import { Finding, RuleInfo, Severity } from '../finding';

const LEVEL: Record<Severity, string> = { [Severity.ERROR]: 'error', [Severity.WARNING]: 'warning', [Severity.INFO]: 'note' };
/** GitHub code scanning reads `security-severity` (0-10) to rank security alerts. */
const SECURITY_SEVERITY: Record<Severity, string> = { [Severity.ERROR]: '8.0', [Severity.WARNING]: '5.0', [Severity.INFO]: '2.0' };

export interface SarifOptions {
  readonly toolVersion: string;
  readonly rules: RuleInfo[];
  readonly informationUri?: string;
  /** A baseline was compared: each result gets `baselineState` new or unchanged. */
  readonly baselineCompared?: boolean;
}

/**
 * Renders findings as SARIF 2.1.0 for GitHub code scanning: one run, rule metadata with help text,
 * results with file and line. Suppressed findings carry a SARIF suppression with the reason.
 */
export function formatSarif(findings: Finding[], options: SarifOptions): string {
  const index = new Map(options.rules.map((r, i) => [r.id, i]));
  const results = findings.map(f => {
    const region = f.source.line ? { startLine: f.source.line, ...(f.source.column ? { startColumn: f.source.column } : {}) } : undefined;
    // A URI reference: each path segment percent-encoded (a space or `#` in a file name would make it invalid).
    const uri = (f.source.file ?? 'manifest.yaml').replace(/\\/g, '/').replace(/^\.\//, '').split('/').map(encodeURIComponent).join('/');
    return {
      ruleId: f.ruleId,
      ...(index.has(f.ruleId) ? { ruleIndex: index.get(f.ruleId) } : {}),
      level: LEVEL[f.severity],
      message: { text: `${objectLabel(f)}: ${f.message} (${f.path}). Fix: ${f.fix}` },
      locations: [{
        physicalLocation: {
          artifactLocation: { uri },
          ...(region ? { region } : {}),
        },
        logicalLocations: [{ fullyQualifiedName: `${objectLabel(f)}${f.container ? `/${f.container}` : ''}`, kind: 'resource' }],
      }],
      // The fingerprint `check --baseline` uses (rule, kind, namespace, name, container, field path; no line).
      partialFingerprints: { [SARIF_FINGERPRINT_KEY]: fingerprint(f) },
      ...(options.baselineCompared ? { baselineState: f.baseline ? 'unchanged' : 'new' } : {}),
      ...(f.suppressed ? { suppressions: [{ kind: 'inSource', status: 'accepted', justification: f.suppressed.reason }] } : {}),
      properties: {
        ...(f.container ? { container: f.container } : {}),
        ...(f.source.constructPath ? { constructPath: f.source.constructPath } : {}),
        ...(f.source.documentIndex !== undefined ? { documentIndex: f.source.documentIndex } : {}),
      },
    };
  });
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: 'cdk8s-secure',
          version: options.toolVersion,
          informationUri: options.informationUri ?? 'https://github.com/cdk8s-secure/cdk8s-secure',
          rules: options.rules.map(r => ({
            id: r.id,
            name: r.title.replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : '')),
            shortDescription: { text: r.title },
            fullDescription: { text: r.description },
            help: {
              text: `${r.description}\nWhy: ${r.rationale}\nFix: ${r.fix}${r.references.length ? `\nReferences: ${r.references.join('; ')}` : ''}`,
              markdown: `${r.description}\n\n**Why:** ${r.rationale}\n\n**Fix:** ${r.fix}${r.references.length ? `\n\n**References:** ${r.references.join('; ')}` : ''}`,
            },
            defaultConfiguration: { level: LEVEL[r.severity] },
            properties: { 'tags': ['security', 'kubernetes'], 'security-severity': SECURITY_SEVERITY[r.severity] },
          })),
        },
      },
      results,
    }],
  };
  return JSON.stringify(sarif, null, 2);
}
