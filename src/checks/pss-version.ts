/**
 * The Pod Security Standards releases whose admission semantics the PSS rules implement, oldest first.
 * The last one is the default everywhere: `SecureNamespace` pins it in its Pod Security labels, the
 * checker applies it unless told `--pss-version`, and the docs name it. Adding a release means adding its
 * differences to the rules and appending it here; a test fails when this list and the rules disagree.
 */
export const PSS_VERSIONS: readonly string[] = ['v1.30', 'v1.31', 'v1.32', 'v1.33', 'v1.34', 'v1.35', 'v1.36', 'v1.37'];

/** The newest Pod Security Standards release the rules implement (Kubernetes v1.37, December 2026). */
export const PSS_LATEST_VERSION = PSS_VERSIONS[PSS_VERSIONS.length - 1];
