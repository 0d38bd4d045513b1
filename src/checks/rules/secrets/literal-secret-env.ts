import { credentialReason } from './_credentials';
import { containerRule, RawFinding, where } from '../../_rule';
import { Severity } from '../../finding';

export const literalSecretEnv = containerRule({
  id: 'CS401',
  title: 'Credential in a literal env value',
  severity: Severity.ERROR,
  description: 'Fails when an env var has a literal value and its name (*_KEY, *PASSWORD*, *TOKEN*, *SECRET*) or its value (known key formats, high entropy) looks like a credential. Findings name the variable, never the value.',
  rationale: 'A literal value is stored in the manifest, in git, in the API server and in every `kubectl get -o yaml`.',
  fix: 'Take the value from a Secret (valueFrom.secretKeyRef), better still mounted as a read-only file and synced from a secret manager with ExternalSecret.',
  references: ['NSA: Secrets', 'CIS 5.4.1', 'Polaris: sensitiveContainerEnvVar', 'kube-linter: env-var-secret'],
}, (c) => {
  const env = Array.isArray(c.spec.env) ? c.spec.env : [];
  const out: RawFinding[] = [];
  env.forEach((e: any, i: number) => {
    if (!e || typeof e.value !== 'string' || typeof e.name !== 'string') return;
    const why = credentialReason(e.name, e.value);
    if (why) out.push({ path: [...c.path, 'env', i, 'value'], message: `${where(c)} sets env var ${e.name} to a literal value, and ${why}` });
  });
  return out;
});
