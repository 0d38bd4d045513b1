import { PSS_LATEST_VERSION, PSS_VERSIONS } from '../../pss-version';

/**
 * Pod Security Standards releases, as the PSS rules use them. A release is written `v1.<minor>` (the form of
 * the `pod-security.kubernetes.io/enforce-version` label); `latest` means PSS_LATEST_VERSION. The rules
 * compare minors: "from v1.34" is `pssMinor(ctx) >= 34`.
 *
 * What a version means here: the admission semantics of that Kubernetes release's API server for a
 * namespace that enforces `latest` (so a team on an older cluster gets what its cluster does). Where a newer
 * API server treats an older pinned `enforce-version` differently, the README "Rules" section says so.
 */

/** Why `version` is not a release the rules implement, or undefined when it is. */
export function pssVersionProblem(version: string): string | undefined {
  if (version === 'latest' || PSS_VERSIONS.includes(version)) return undefined;
  return `"${version}" is not a Pod Security Standards release the rules implement; use one of ${PSS_VERSIONS.join(', ')} or latest`;
}

/** The minor of a release the rules implement (`v1.34` -> 34); `latest` and undefined mean the newest. */
export function pssMinorOf(version: string | undefined): number {
  const v = version === undefined || version === 'latest' ? PSS_LATEST_VERSION : version;
  if (pssVersionProblem(v)) throw new Error(`cdk8s-secure: ${pssVersionProblem(v)}`);
  return Number(v.slice('v1.'.length));
}

/** The minor of the release the checker applies. */
export function pssMinor(ctx: { readonly options: { readonly pssVersion?: string } }): number {
  return pssMinorOf(ctx.options.pssVersion);
}

/**
 * True when the pod runs in its own user namespace (`hostUsers: false`). From v1.35 admission relaxes
 * runAsNonRoot, runAsUser and the baseline procMount control for such pods (KEP-127); before, the
 * relaxation sat behind an alpha feature gate that was off by default, so the rules do not apply it.
 */
export function userNamespacePod(spec: Record<string, any>, minor: number): boolean {
  return minor >= 35 && spec.hostUsers === false;
}
