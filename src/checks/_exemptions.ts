import { RuleInfo } from './finding';

/**
 * kube-linter checks (docs.kubelinter.io, "KubeLinter checks") that test the same control as one of our
 * rules. Polaris checks come from the rules' own references (`Polaris: <check>, <check>`); kube-linter is
 * not among them, so it is listed here, by rule id.
 */
export const KUBE_LINTER: Readonly<Record<string, string[]>> = {
  CS102: ['host-network', 'host-pid', 'host-ipc'],
  CS103: ['privileged-container'],
  CS105: ['sensitive-host-mounts', 'docker-sock', 'writable-host-mount'],
  CS109: ['unsafe-proc-mount'],
  CS111: ['unsafe-sysctls'],
  CS122: ['privilege-escalation-container'],
  CS123: ['run-as-non-root'],
  CS124: ['run-as-non-root'],
  CS201: ['no-read-only-root-fs'],
  CS202: ['unset-cpu-requirements', 'unset-memory-requirements'],
  CS203: ['unset-cpu-requirements', 'unset-memory-requirements'],
  CS204: ['no-liveness-probe'],
  CS205: ['no-readiness-probe'],
  CS206: ['latest-tag'],
  CS207: ['latest-tag'],
  CS212: ['default-service-account'],
  CS301: ['non-isolated-pod'],
  CS302: ['exposed-services'],
  CS401: ['env-var-secret'],
  CS501: ['wildcard-in-rules'],
  CS502: ['cluster-admin-role-binding'],
};

/** The Polaris checks a rule's references name (`Polaris: hostNetworkSet, hostPIDSet`); parenthesised ones are only related. */
export function polarisChecks(rule: RuleInfo): string[] {
  const out: string[] = [];
  for (const ref of rule.references) {
    const m = /^Polaris:\s*(.+)$/.exec(ref);
    if (!m) continue;
    for (const part of m[1].split(',')) {
      const check = part.trim();
      if (/^[a-z][A-Za-z]+$/.test(check)) out.push(check);
    }
  }
  return out;
}

/** The Checkov checks a rule's references name (`Checkov: CKV_K8S_16`). */
export function checkovChecks(rule: RuleInfo): string[] {
  const out: string[] = [];
  for (const ref of rule.references) {
    const m = /^Checkov:\s*(.+)$/.exec(ref);
    if (!m) continue;
    for (const part of m[1].split(',')) {
      const check = part.trim();
      if (/^CKV2?_K8S_\d+$/.test(check)) out.push(check);
    }
  }
  return out;
}

/** The kube-linter checks that test what the rule tests. */
export function kubeLinterChecks(ruleId: string): string[] {
  return KUBE_LINTER[ruleId] ?? [];
}

/**
 * The annotations other checkers read to skip a check on an object, for suppressions of these rules with
 * these reasons: Polaris `polaris.fairwinds.com/<check>-exempt: "true"`, kube-linter
 * `ignore-check.kube-linter.io/<check>: <reason>`, Checkov `checkov.io/skip<N>: <check id>=<reason>` (from the
 * rules' Checkov references). All exempt the whole object (none has a per-container exemption). Trivy reads no annotations for misconfigurations (it takes .trivyignore), so none is written
 * for it.
 */
export function exemptionAnnotations(suppressed: Array<{ rule: RuleInfo; reason: string }>): Record<string, string> {
  const out: Record<string, string> = {};
  const join = (had: string | undefined, reason: string) => (had && !had.split('; ').includes(reason) ? `${had}; ${reason}` : had ?? reason);
  const checkov = new Map<string, string>();
  for (const { rule, reason } of suppressed) {
    for (const check of polarisChecks(rule)) out[`polaris.fairwinds.com/${check}-exempt`] = 'true';
    for (const check of kubeLinterChecks(rule.id)) {
      const key = `ignore-check.kube-linter.io/${check}`;
      out[key] = join(out[key], reason);
    }
    for (const check of checkovChecks(rule)) checkov.set(check, join(checkov.get(check), reason));
  }
  // Checkov: `checkov.io/skip<N>: <check id>=<reason>`, numbered in check id order (stable output).
  [...checkov.keys()].sort().forEach((check, i) => { out[`checkov.io/skip${i + 1}`] = `${check}=${checkov.get(check)}`; });
  return out;
}
