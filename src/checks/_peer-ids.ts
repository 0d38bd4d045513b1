/**
 * Check ids of the peer tools and standards that rule references cite (`SOURCE: id, id`). A test requires
 * every reference to one of these sources to name an id listed here, so a typo or a wrong tool's id cannot
 * ship. Each list holds the ids as the tool spells them, taken from the tool's own source:
 * - Polaris: the built-in check order of FairwindsOps/polaris (pkg/config/checks.go).
 * - kube-linter: docs/generated/checks.md of stackrox/kube-linter.
 * - Trivy: the `id` of the checks in aquasecurity/trivy-checks, written `KSV-0001` (AVD style, four digits)
 *   for Kubernetes and `DS001` for Dockerfiles.
 * - Checkov: the `id` of the Kubernetes checks of bridgecrewio/checkov.
 * - PSS: the control names of the Pod Security Standards page (kubernetes.io), by profile.
 */
export const PEER_IDS: Readonly<Record<string, readonly string[]>> = {
  'Polaris': [
    'deploymentMissingReplicas', 'hostIPCSet', 'hostPIDSet', 'hostNetworkSet', 'automountServiceAccountToken', 'topologySpreadConstraint',
    'memoryLimitsMissing', 'memoryRequestsMissing', 'cpuLimitsMissing', 'cpuRequestsMissing', 'readinessProbeMissing', 'livenessProbeMissing',
    'pullPolicyNotAlways', 'tagNotSpecified', 'hostPortSet', 'runAsRootAllowed', 'runAsPrivileged', 'notReadOnlyRootFilesystem',
    'privilegeEscalationAllowed', 'dangerousCapabilities', 'insecureCapabilities', 'priorityClassNotSet', 'linuxHardening',
    'sensitiveContainerEnvVar', 'tlsSettingsMissing', 'pdbDisruptionsIsZero', 'metadataAndInstanceMismatched', 'missingPodDisruptionBudget',
    'missingNetworkPolicy', 'sensitiveConfigmapContent', 'clusterrolePodExecAttach', 'rolePodExecAttach', 'clusterrolebindingPodExecAttach',
    'rolebindingClusterRolePodExecAttach', 'rolebindingRolePodExecAttach', 'clusterrolebindingClusterAdmin', 'rolebindingClusterAdminClusterRole',
    'rolebindingClusterAdminRole', 'hpaMaxAvailability', 'hpaMinAvailability', 'pdbMinAvailableLessThanHPAMaxReplicas',
  ],
  'kube-linter': [
    'access-to-create-pods', 'access-to-secrets', 'cluster-admin-role-binding', 'dangling-service', 'default-service-account',
    'deprecated-service-account-field', 'docker-sock', 'drop-net-raw-capability', 'env-var-secret', 'exposed-services', 'host-ipc',
    'host-network', 'host-pid', 'latest-tag', 'minimum-three-replicas', 'mismatching-selector', 'no-anti-affinity', 'no-extensions-v1beta',
    'no-liveness-probe', 'no-read-only-root-fs', 'no-readiness-probe', 'no-rolling-update-strategy', 'non-existent-service-account',
    'non-isolated-pod', 'privilege-escalation-container', 'privileged-container', 'privileged-ports', 'read-secret-from-env-var',
    'required-annotation-email', 'required-label-owner', 'run-as-non-root', 'sensitive-host-mounts', 'ssh-port', 'unsafe-proc-mount',
    'unsafe-sysctls',
  ],
  'Trivy': [
    'KSV-0001', 'KSV-0003', 'KSV-0005', 'KSV-0008', 'KSV-0009', 'KSV-0010', 'KSV-0011', 'KSV-0012', 'KSV-0013', 'KSV-0014',
    'KSV-0015', 'KSV-0016', 'KSV-0017', 'KSV-0018', 'KSV-0020', 'KSV-0021', 'KSV-0022', 'KSV-0023', 'KSV-0024', 'KSV-0026',
    'KSV-0027', 'KSV-0030', 'KSV-0036', 'KSV-0037', 'KSV-0038', 'KSV-0044', 'KSV-0045', 'KSV-0046', 'KSV-0104', 'KSV-0105',
    'KSV-0109', 'KSV-0111', 'KSV-0117', 'DS001', 'DS002',
  ],
  'Checkov': ['CKV_K8S_16', 'CKV_K8S_38', 'CKV_K8S_41'],
  'PSS baseline': [
    'HostProcess', 'Host Namespaces', 'Privileged Containers', 'Capabilities', 'HostPath Volumes', 'Host Ports',
    'Host Probes / Lifecycle Hooks', 'AppArmor', 'SELinux', '/proc Mount Type', 'Seccomp', 'Sysctls',
  ],
  'PSS restricted': ['Volume Types', 'Privilege Escalation', 'Running as Non-root', 'Running as Non-root user', 'Seccomp', 'Capabilities'],
};

/** The source and ids of a reference (`Polaris: a, b` -> ['Polaris', ['a', 'b']]); PSS names are not split. */
export function parseReference(reference: string): { source: string; ids: string[] } {
  const colon = reference.indexOf(': ');
  if (colon < 0) return { source: reference, ids: [] };
  const source = reference.slice(0, colon);
  const rest = reference.slice(colon + 2);
  return { source, ids: source.startsWith('PSS ') ? [rest] : rest.split(', ') };
}
