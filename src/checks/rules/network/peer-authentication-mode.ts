import { kindRule, RawFinding } from '../../_rule';
import { Severity } from '../../finding';

export const peerAuthenticationMode = kindRule({
  id: 'CS303',
  title: 'Mutual TLS not strict',
  severity: Severity.ERROR,
  description: 'Fails when an Istio PeerAuthentication sets mtls.mode (or a portLevelMtls mode) to DISABLE; warns for PERMISSIVE.',
  rationale: 'Without STRICT mTLS, plain-text traffic is accepted: it can be read and forged on the network, and AuthorizationPolicy principals cannot be trusted.',
  fix: 'Set spec.mtls.mode: STRICT (use PERMISSIVE only while migrating, with an expiring suppression).',
  references: ['NSA: Network separation and hardening', 'Istio: PeerAuthentication'],
}, ['PeerAuthentication'], (obj) => {
  if (!String(obj.apiVersion).startsWith('security.istio.io/')) return [];
  const out: RawFinding[] = [];
  const check = (mode: unknown, path: Array<string | number>, where: string) => {
    if (mode === 'DISABLE') out.push({ path, message: `${where} mTLS mode is DISABLE` });
    if (mode === 'PERMISSIVE') out.push({ path, message: `${where} mTLS mode is PERMISSIVE (plain text is still accepted)`, severity: Severity.WARNING });
  };
  check(obj.spec?.mtls?.mode, ['spec', 'mtls', 'mode'], 'the');
  for (const [port, v] of Object.entries(obj.spec?.portLevelMtls ?? {})) {
    check((v as any)?.mode, ['spec', 'portLevelMtls', port, 'mode'], `port ${port}`);
  }
  return out;
});
