/**
 * How serious a finding is.
 */
export enum Severity {
  /** A security control is missing or broken. Fails synth and `check` by default. */
  ERROR = 'error',
  /** Weaker than recommended; reported, does not fail by default. */
  WARNING = 'warning',
  /** Worth knowing; never fails unless the threshold is set to `info`. */
  INFO = 'info',
}

/**
 * Metadata of one rule in the catalog.
 */
export interface RuleInfo {
  /** Stable short id, never reused (e.g. `CS201`). */
  readonly id: string;
  /** One-line title. */
  readonly title: string;
  /** Default severity. */
  readonly severity: Severity;
  /** What the rule checks. */
  readonly description: string;
  /** Why it matters. */
  readonly rationale: string;
  /** How to fix a finding. */
  readonly fix: string;
  /**
   * References to the standards the rule implements, as `SOURCE: id`
   * (e.g. `PSS restricted: Capabilities`, `Polaris: runAsRootAllowed`, `Trivy: KSV-0012`).
   */
  readonly references: string[];
}

/**
 * Which Kubernetes object a finding is about.
 */
export interface ObjectRef {
  /** `apiVersion` of the object. */
  readonly apiVersion: string;
  /** `kind` of the object. */
  readonly kind: string;
  /** `metadata.name`, if set. */
  readonly name?: string;
  /** `metadata.namespace`, if set. */
  readonly namespace?: string;
}

/**
 * Where an object came from.
 */
export interface SourceLocation {
  /** File the object was read from (CLI), if any. */
  readonly file?: string;
  /** 0-based index of the YAML document in the file. */
  readonly documentIndex?: number;
  /** 1-based line of the field (or of the nearest enclosing field that exists). */
  readonly line?: number;
  /** 1-based column of that line. */
  readonly column?: number;
  /** Construct path of the object, when it comes from a cdk8s chart. */
  readonly constructPath?: string;
}

/**
 * The suppression that silenced a finding.
 */
export interface AppliedSuppression {
  /** Why the finding is accepted (from the suppression). */
  readonly reason: string;
  /** Expiry date (YYYY-MM-DD), if the suppression has one. */
  readonly expires?: string;
}

/**
 * One problem found by a rule.
 */
export interface Finding {
  /** Rule id, e.g. `CS201`. */
  readonly ruleId: string;
  /** Severity after applying the checker options. */
  readonly severity: Severity;
  /** Rule title. */
  readonly title: string;
  /** What is wrong with this object, in one sentence. Never contains a secret value. */
  readonly message: string;
  /** How to fix it. */
  readonly fix: string;
  /** The object. */
  readonly object: ObjectRef;
  /** Field path, e.g. `spec.template.spec.containers[1].securityContext.capabilities`. */
  readonly path: string;
  /** Container name, where the finding is about one container. */
  readonly container?: string;
  /** Where the object came from. */
  readonly source: SourceLocation;
  /** Set when a suppression with a reason accepts this finding. */
  readonly suppressed?: AppliedSuppression;
  /**
   * True when a baseline file (`cdk8s-secure check --baseline FILE`) lists this finding: it existed when the
   * baseline was written, is still reported, and does not fail the check.
   * @default - not in a baseline
   */
  readonly baseline?: boolean;
}
