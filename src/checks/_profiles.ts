import { PSS_BASELINE_RULES, PSS_RESTRICTED_RULES, RULES } from './catalog';
import { CheckerOptions } from './engine';
import { Finding, RuleInfo, Severity } from './finding';
import { Profile } from './profile';

const ALL_PROFILES = Object.values(Profile) as string[];

/** What a profile does to the checker options and to the findings. */
export interface ProfileSettings {
  /** Rules the profile leaves out (added to the user's disabledRules). */
  readonly disabledRules: string[];
  /** Images must be pinned by digest. */
  readonly requireDigests: boolean;
  /** Every finding gets this severity, when set. */
  readonly severity?: Severity;
}

/** Why `name` is not a profile, or undefined. */
export function profileProblem(name: string): string | undefined {
  return ALL_PROFILES.includes(name) ? undefined : `unknown profile "${name}" (one of ${ALL_PROFILES.join(', ')})`;
}

/** Why the options do not fit the profile (strict without a registry allow-list), or undefined. */
export function profileOptionsProblem(profile: string | undefined, allowedRegistries: readonly string[] | undefined): string | undefined {
  if (profile === Profile.STRICT && (allowedRegistries ?? []).length === 0) {
    return 'the strict profile requires a registry allow-list (allowedRegistries / --allowed-registry)';
  }
  return undefined;
}

/** The settings of a profile (`recommended` when undefined). Throws for an unknown name: check with profileProblem first. */
export function profileSettings(profile: string | undefined): ProfileSettings {
  const p = profile ?? Profile.RECOMMENDED;
  const problem = profileProblem(p);
  if (problem) throw new Error(problem);
  const only = (ids: string[]) => RULES.map(r => r.id).filter(id => !ids.includes(id));
  switch (p) {
    case Profile.PSS_BASELINE: return { disabledRules: only(PSS_BASELINE_RULES), requireDigests: false };
    case Profile.PSS_RESTRICTED: return { disabledRules: only(PSS_RESTRICTED_RULES), requireDigests: false };
    case Profile.STRICT: return { disabledRules: [], requireDigests: true, severity: Severity.ERROR };
    default: return { disabledRules: [], requireDigests: false };
  }
}

/** The checker options with a profile applied: its rules left out, its digest requirement added. */
export function withProfile<T extends CheckerOptions>(options: T, profile: string | undefined): T {
  const s = profileSettings(profile);
  if (s.disabledRules.length === 0 && !s.requireDigests) return options;
  return {
    ...options,
    disabledRules: [...new Set([...(options.disabledRules ?? []), ...s.disabledRules])],
    requireDigests: options.requireDigests || s.requireDigests,
  };
}

/** The findings with the profile's severity (strict: every finding is an error). */
export function profileFindings(findings: Finding[], profile: string | undefined): Finding[] {
  const s = profileSettings(profile);
  if (!s.severity) return findings;
  return findings.map(f => (f.severity === s.severity ? f : { ...f, severity: s.severity! }));
}

/** The rules a profile runs, with the severity it gives them. */
export function profileRules(all: RuleInfo[], profile: string | undefined): RuleInfo[] {
  const s = profileSettings(profile);
  const off = new Set(s.disabledRules);
  return all.filter(r => !off.has(r.id)).map(r => (s.severity ? { ...r, severity: s.severity } : r));
}
