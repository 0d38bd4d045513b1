import { DfComment, DfInstruction, DockerfileModel, GLOBAL_OBJECT } from './model';
import { DockerfileProblem, parseDockerfile } from './parse';
import { DOCKERFILE_RULES } from './rules';
import { IgnoreComment, readIgnoreComments } from './suppressions';
import { Finding, ObjectRef, RuleInfo } from '../checks/finding';
import { dockerfileInvalidSuppression, dockerfileUnusedSuppression } from '../checks/rules/dockerfile/suppression-rules';

/** Options of a Dockerfile check. */
export interface DockerfileCheckSettings {
  /** Shown as `source.file` of every finding. */
  readonly file?: string;
  /** Rule ids not to run. */
  readonly disabledRules?: string[];
  /** The date end-of-life dates are compared with, YYYY-MM-DD; today (UTC) when unset. */
  readonly today?: string;
}

/** The findings of one Dockerfile, or the problems that kept it from being checked. */
export interface DockerfileResult {
  readonly findings: Finding[];
  readonly problems: DockerfileProblem[];
  /** Number of stages checked (0 when the file could not be parsed). */
  readonly stages: number;
}

/** Parses and checks one Dockerfile. Never throws for bad input. */
export function checkDockerfileText(content: string, settings: DockerfileCheckSettings = {}): DockerfileResult {
  const { model, problems } = parseDockerfile(content);
  if (!model) return { findings: [], problems, stages: 0 };
  return { findings: checkDockerfileModel(model, settings), problems: [], stages: model.stages.length };
}

/**
 * Runs the Dockerfile rules over a parsed Dockerfile and applies its `# cdk8s-secure:ignore` comments:
 * a finding is suppressed by a comment for its rule that applies to the instruction the finding is
 * anchored at. Invalid comments are reported as CS802, unused ones as CS801. Findings are in line order.
 */
export function checkDockerfileModel(df: DockerfileModel, settings: DockerfileCheckSettings = {}): Finding[] {
  const disabled = new Set(settings.disabledRules ?? []);
  const rules = DOCKERFILE_RULES.filter(r => !disabled.has(r.id));
  const { valid, problems } = readIgnoreComments(df, id => DOCKERFILE_RULES.some(r => r.id === id));
  const used = new Set<IgnoreComment>();
  const findings: Finding[] = [];
  const objectOf = (i: DfInstruction | undefined, comment?: DfComment): ObjectRef => {
    if (i && i.stage >= 0) return df.stages[i.stage].object;
    if (!i && comment) {
      const stage = [...df.stages].reverse().find(s => s.from.line <= comment.line);
      if (stage) return stage.object;
    }
    return GLOBAL_OBJECT;
  };
  const scopeOf = (i: DfInstruction | undefined, comment: DfComment): string => {
    if (i) return i.stage >= 0 ? df.stages[i.stage].path : 'global';
    const stage = [...df.stages].reverse().find(s => s.from.line <= comment.line);
    return stage ? stage.path : 'global';
  };

  const ctx = { today: settings.today ?? new Date().toISOString().slice(0, 10) };
  for (const rule of rules) {
    for (const raw of rule.check(df, ctx)) {
      const s = valid.find(v => v.ruleId === rule.id && v.target === raw.at);
      if (s) used.add(s);
      findings.push({
        ruleId: rule.id,
        severity: raw.severity ?? rule.severity,
        title: rule.title,
        message: raw.message,
        fix: rule.fix,
        object: objectOf(raw.at),
        path: raw.path ?? raw.at.path,
        source: { file: settings.file, line: raw.line ?? raw.at.line, column: raw.column ?? raw.at.column },
        suppressed: s ? { reason: s.reason } : undefined,
      });
    }
  }
  const meta = (rule: RuleInfo, comment: DfComment, target: DfInstruction | undefined, ruleId: string | undefined, message: string) => findings.push({
    ruleId: rule.id,
    severity: rule.severity,
    title: rule.title,
    message,
    fix: rule.fix,
    object: objectOf(target, comment),
    path: `${scopeOf(target, comment)}.ignore${ruleId ? `[${ruleId}]` : ''}`,
    source: { file: settings.file, line: comment.line, column: comment.text.indexOf('#') + 1 },
  });
  for (const p of problems) meta(dockerfileInvalidSuppression, p.comment, p.target, p.ruleId, p.message);
  for (const s of valid) {
    if (used.has(s) || disabled.has(s.ruleId)) continue;
    meta(dockerfileUnusedSuppression, s.comment, s.target, s.ruleId, s.target
      ? `the suppression of ${s.ruleId} matches no finding on the ${s.target.keyword} at line ${s.target.line}`
      : `the suppression of ${s.ruleId} is not followed by an instruction`);
  }
  return findings.sort((a, b) => (a.source.line ?? 0) - (b.source.line ?? 0) || a.ruleId.localeCompare(b.ruleId));
}
