import { Rule } from './_rule';
import { RuleInfo } from './finding';
import { DOCKERFILE_META_RULES, DOCKERFILE_RULES } from '../dockerfile/rules';
import { imageDigest } from './rules/image/image-digest';
import { imageLatest } from './rules/image/image-latest';
import { imageRegistry } from './rules/image/image-registry';
import { imageTag } from './rules/image/image-tag';
import { pullPolicy } from './rules/image/pull-policy';
import { expiredSuppression, invalidSuppression, unusedSuppression } from './rules/meta/suppression-rules';
import { auditPolicyApplied } from './rules/monitoring/audit-policy-applied';
import { falcoRulesItems } from './rules/monitoring/falco-rules-items';
import { falcoRulesStructure } from './rules/monitoring/falco-rules-structure';
import { allowAllEgress } from './rules/network/allow-all-egress';
import { allowAllIngress } from './rules/network/allow-all-ingress';
import { httpRouteTls } from './rules/network/httproute-tls';
import { ingressTls } from './rules/network/ingress-tls';
import { namespaceDefaultDeny } from './rules/network/namespace-default-deny';
import { networkPolicyCoverage } from './rules/network/network-policy-coverage';
import { peerAuthenticationMode } from './rules/network/peer-authentication-mode';
import { policySelectsNothing } from './rules/network/policy-selects-nothing';
import { serviceExternalIps } from './rules/network/service-external-ips';
import { serviceType } from './rules/network/service-type';
import { bindingActions } from './rules/policy/binding-actions';
import { bindingWithoutPolicy } from './rules/policy/binding-without-policy';
import { constraintDryrun } from './rules/policy/constraint-dryrun';
import { requiredLabelsShape } from './rules/policy/required-labels-shape';
import { templateApiVersion } from './rules/policy/template-api-version';
import { vapApiVersion } from './rules/policy/vap-api-version';
import { vapWithoutBinding } from './rules/policy/vap-without-binding';
import { appArmor } from './rules/pss/apparmor';
import { capabilitiesBaseline } from './rules/pss/capabilities-baseline';
import { capabilitiesRestricted } from './rules/pss/capabilities-restricted';
import { hostNamespaces } from './rules/pss/host-namespaces';
import { hostPath } from './rules/pss/host-path';
import { hostPorts } from './rules/pss/host-ports';
import { hostProbes } from './rules/pss/host-probes';
import { hostProcess } from './rules/pss/host-process';
import { privilegeEscalation } from './rules/pss/privilege-escalation';
import { privileged } from './rules/pss/privileged';
import { procMount, procMountRestricted } from './rules/pss/proc-mount';
import { runAsNonRoot } from './rules/pss/run-as-non-root';
import { runAsUserRoot } from './rules/pss/run-as-user-root';
import { seccompBaseline } from './rules/pss/seccomp-baseline';
import { seccompRestricted } from './rules/pss/seccomp-restricted';
import { seLinux } from './rules/pss/selinux';
import { sysctls } from './rules/pss/sysctls';
import { volumeTypes } from './rules/pss/volume-types';
import { bindingToWildcardRole } from './rules/rbac/binding-to-wildcard-role';
import { clusterAdminBinding } from './rules/rbac/cluster-admin-binding';
import { escalationVerbs } from './rules/rbac/escalation-verbs';
import { nodeProxy } from './rules/rbac/node-proxy';
import { podExecAttach } from './rules/rbac/pod-exec-attach';
import { rbacWildcards } from './rules/rbac/rbac-wildcards';
import { roleNamedClusterAdmin } from './rules/rbac/role-named-cluster-admin';
import { secretsClusterRead } from './rules/rbac/secrets-cluster-read';
import { secretsListWatch } from './rules/rbac/secrets-list-watch';
import { clusterSecretStoreNamespaces } from './rules/secrets/cluster-secret-store-namespaces';
import { commandLineCredentials } from './rules/secrets/command-line-credentials';
import { configMapCredentials } from './rules/secrets/configmap-credentials';
import { esoApiVersion } from './rules/secrets/eso-api-version';
import { externalSecretData } from './rules/secrets/external-secret-data';
import { literalSecretEnv } from './rules/secrets/literal-secret-env';
import { secretLiteralData } from './rules/secrets/secret-literal-data';
import { secretStoreStaticCredentials } from './rules/secrets/secret-store-static-credentials';
import { automountToken } from './rules/workload/automount-token';
import { defaultServiceAccount } from './rules/workload/default-service-account';
import { livenessProbe } from './rules/workload/liveness-probe';
import { lowIds } from './rules/workload/low-ids';
import { readOnlyRootFilesystem } from './rules/workload/read-only-root-filesystem';
import { readinessProbe } from './rules/workload/readiness-probe';
import { resourceLimits } from './rules/workload/resource-limits';
import { resourceRequests } from './rules/workload/resource-requests';

/** Every rule that inspects manifests, in id order. */
export const RULES: readonly Rule[] = [
  hostProcess, hostNamespaces, privileged, capabilitiesBaseline, hostPath, hostPorts, appArmor, seLinux, procMount,
  seccompBaseline, sysctls, hostProbes,
  volumeTypes, privilegeEscalation, runAsNonRoot, runAsUserRoot, seccompRestricted, capabilitiesRestricted, procMountRestricted,
  readOnlyRootFilesystem, resourceRequests, resourceLimits, livenessProbe, readinessProbe,
  imageTag, imageLatest, imageDigest, imageRegistry, pullPolicy,
  automountToken, defaultServiceAccount, lowIds,
  networkPolicyCoverage, serviceType, peerAuthenticationMode, policySelectsNothing, allowAllIngress, allowAllEgress, namespaceDefaultDeny,
  ingressTls, httpRouteTls, serviceExternalIps,
  literalSecretEnv, secretLiteralData, esoApiVersion, externalSecretData, secretStoreStaticCredentials, clusterSecretStoreNamespaces,
  configMapCredentials, commandLineCredentials,
  rbacWildcards, clusterAdminBinding, secretsClusterRead, secretsListWatch, podExecAttach, escalationVerbs, nodeProxy,
  bindingToWildcardRole, roleNamedClusterAdmin,
  auditPolicyApplied, falcoRulesStructure, falcoRulesItems,
  vapWithoutBinding, bindingWithoutPolicy, bindingActions, vapApiVersion, requiredLabelsShape, templateApiVersion, constraintDryrun,
];

/** Rules the engine applies to suppressions themselves. */
export const META_RULES: readonly RuleInfo[] = [unusedSuppression, expiredSuppression, invalidSuppression];

/**
 * True for the id of a rule that checks manifests (or of a suppression meta-rule): the ids a suppression
 * annotation or `Suppressions.add` may name. Dockerfile rules are suppressed with comments instead.
 * @internal
 */
export function isManifestRule(id: string): boolean {
  return RULES.some(r => r.id === id) || META_RULES.some(r => r.id === id);
}

/** The Pod Security Standards rule ids, by profile. */
export const PSS_BASELINE_RULES = ['CS101', 'CS102', 'CS103', 'CS104', 'CS105', 'CS106', 'CS107', 'CS108', 'CS109', 'CS110', 'CS111', 'CS112'];
export const PSS_RESTRICTED_RULES = [...PSS_BASELINE_RULES, 'CS121', 'CS122', 'CS123', 'CS124', 'CS125', 'CS126', 'CS127'];

// Dockerfile rules (CS801-CS849, `cdk8s-secure dockerfile`) are in the catalog's metadata, not in RULES.
const BY_ID = new Map<string, RuleInfo>([...RULES, ...META_RULES, ...DOCKERFILE_RULES, ...DOCKERFILE_META_RULES].map(r => [r.id, r]));

/**
 * The rule catalog: every rule the checker runs, at synth time and in the CLI.
 */
export class RuleCatalog {
  /** Metadata of every rule, in id order. */
  public static all(): RuleInfo[] {
    return [...META_RULES, ...RULES, ...DOCKERFILE_RULES, ...DOCKERFILE_META_RULES].map(toInfo).sort((a, b) => a.id.localeCompare(b.id));
  }

  /** Metadata of one rule, or undefined for an unknown id. */
  public static find(id: string): RuleInfo | undefined {
    const r = BY_ID.get(id);
    return r ? toInfo(r) : undefined;
  }

  private constructor() {}
}

function toInfo(r: RuleInfo): RuleInfo {
  return {
    id: r.id,
    title: r.title,
    severity: r.severity,
    description: r.description,
    rationale: r.rationale,
    fix: r.fix,
    references: [...r.references],
  };
}
