/**
 * A named set of rules with their severities: what a team turns on first, and where it goes next.
 */
export enum Profile {
  /** The Pod Security Standards baseline controls only (CS101-CS112): what `enforce: baseline` admission refuses. */
  PSS_BASELINE = 'pss-baseline',
  /** The Pod Security Standards restricted controls (baseline + CS121-CS127): what `enforce: restricted` refuses. */
  PSS_RESTRICTED = 'pss-restricted',
  /** Every rule at its own severity (the default). */
  RECOMMENDED = 'recommended',
  /**
   * Every rule, every finding at error, images pinned by digest (CS208 fails), and a registry allow-list
   * required (`allowedRegistries` / `--allowed-registry` must be given).
   */
  STRICT = 'strict',
}
