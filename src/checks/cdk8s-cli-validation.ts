import * as fs from 'fs';
import { profileFindings, profileOptionsProblem, profileProblem, withProfile } from './_profiles';
import { SuppressionFile, SuppressionFileError } from './_suppression-file';
import { isManifestRule } from './catalog';
import { CheckerOptions, CheckSession, failing } from './engine';
import { Finding, Severity } from './finding';
import { Profile } from './profile';
import { escapeText } from '../_text';
import { streamYaml } from '../cli/_yaml-stream';

/**
 * Properties of the cdk8s-cli validation plugin, from the `properties` of its entry in cdk8s.yaml.
 */
export interface SecurityValidationProps extends CheckerOptions {
  /**
   * Findings at or above this severity fail `cdk8s synth`.
   * @default Severity.ERROR
   */
  readonly failOn?: Severity;
  /**
   * A YAML suppression file (the format of `cdk8s-secure check --suppressions`), relative to the directory
   * `cdk8s synth` runs in. A file that cannot be read or parsed fails the validation with one line.
   * @default - no suppression file
   */
  readonly suppressionsFile?: string;
  /**
   * A named set of rules and severities (`pss-baseline`, `pss-restricted`, `recommended`, `strict`), as
   * `cdk8s-secure check --profile`. An unknown name fails the validation with one logged line.
   * @default Profile.RECOMMENDED
   */
  readonly profile?: Profile;
}

/**
 * The rule catalog as a cdk8s-cli validation plugin: `cdk8s synth` checks the synthesized manifests
 * and prints a report. In cdk8s.yaml:
 *
 * ```yaml
 * validations:
 *   - package: ./node_modules/cdk8s-secure   # the installed copy (a bare name is fetched from the registry)
 *     class: SecurityValidation
 *     version: <the installed version>
 *     properties:
 *       failOn: error
 *       allowedRegistries: [ghcr.io/acme]
 * ```
 */
export class SecurityValidation {
  private readonly props: SecurityValidationProps;

  constructor(props: SecurityValidationProps = {}) {
    this.props = props;
  }

  /**
   * Called by cdk8s-cli with its ValidationContext: reads `context.manifests`, adds one violation per
   * rule to `context.report`, and submits success or failure.
   */
  public async validate(context: any): Promise<void> {
    const problems: string[] = [];
    const profileIssue = this.props.profile === undefined ? undefined
      : profileProblem(this.props.profile) ?? profileOptionsProblem(this.props.profile, this.props.allowedRegistries);
    if (profileIssue) {
      context.logger?.log?.(`cdk8s-secure: ${escapeText(profileIssue)}`);
      context.report.submit('failure', { findings: '0', problem: profileIssue });
      return;
    }
    const session = new CheckSession(withProfile({ ...this.props, copyKeptValues: true }, this.props.profile));
    let suppressionFile: SuppressionFile | undefined;
    if (this.props.suppressionsFile !== undefined) {
      try {
        suppressionFile = SuppressionFile.parse(fs.readFileSync(this.props.suppressionsFile, 'utf8'), this.props.suppressionsFile, isManifestRule);
      } catch (e) {
        const err = e as NodeJS.ErrnoException;
        problems.push(`${this.props.suppressionsFile}: ${e instanceof SuppressionFileError ? err.message : `cannot read the suppression file: ${err.code === 'ENOENT' ? 'no such file' : err.message}`}`);
      }
    }
    for (const file of context.manifests as string[]) {
      await streamYaml(fs.createReadStream(file, { encoding: 'utf8' }), {
        object: ({ obj, documentIndex, locate }) => session.add(obj, { file, documentIndex }, locate),
        problem: p => problems.push(`${file}${p.documentIndex !== undefined ? ` (document ${p.documentIndex})` : ''}: ${p.message}`),
        note: () => undefined,
      });
    }
    let findings = profileFindings(session.finish(), this.props.profile);
    if (suppressionFile) findings = suppressionFile.apply(findings, this.props.today ?? new Date().toISOString().slice(0, 10));
    const threshold = this.props.failOn ?? Severity.ERROR;
    const bad = failing(findings, threshold);
    const byRule = new Map<string, Finding[]>();
    for (const f of bad) byRule.set(f.ruleId, [...(byRule.get(f.ruleId) ?? []), f]);
    for (const [ruleId, list] of byRule) {
      // cdk8s-cli prints these to the terminal: text from the manifests is escaped.
      const e = escapeText;
      context.report.addViolation({
        ruleName: e(`${ruleId} ${list[0].title}`),
        recommendation: e(list[0].message),
        fix: e(list[0].fix),
        violatingResources: list.map(f => ({
          resourceName: e(f.object.name ?? '(unnamed)'),
          manifestPath: e(f.source.file ?? ''),
          locations: [e(`${f.path}${f.container ? ` [container=${f.container}]` : ''}: ${f.message}`)],
        })),
      });
    }
    for (const p of problems) context.logger?.log?.(`cdk8s-secure: ${escapeText(p)}`);
    const active = findings.filter(f => !f.suppressed);
    const count = (s: Severity) => String(active.filter(f => f.severity === s).length);
    // The summary counts every severity (only those at or above failOn are violations).
    context.report.submit(bad.length === 0 && problems.length === 0 ? 'success' : 'failure', {
      findings: String(bad.length),
      error: count(Severity.ERROR),
      warning: count(Severity.WARNING),
      info: count(Severity.INFO),
      suppressed: String(findings.length - active.length),
      threshold,
    });
  }
}
