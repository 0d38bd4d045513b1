import { kindRule, RawFinding } from '../../_rule';
import { Severity } from '../../finding';

/** True when TLS host `pattern` (possibly `*.example.com`) covers `host`; a wildcard covers exactly one label. */
export function tlsCovers(pattern: string, host: string): boolean {
  const p = pattern.toLowerCase();
  const h = host.toLowerCase();
  if (p === h) return true;
  if (!p.startsWith('*.')) return false;
  const dot = h.indexOf('.');
  return dot > 0 && h.slice(dot) === p.slice(1);
}

/**
 * A rule with a host is covered by a `tls` entry listing that host (or a wildcard for it). A rule without a
 * host is served on every name, so only a `tls` entry without hosts (the controller's default certificate)
 * covers it.
 */
export const ingressTls = kindRule({
  id: 'CS320',
  title: 'Ingress without TLS',
  severity: Severity.ERROR,
  description: 'Fails when an Ingress has no spec.tls, or when a host it routes (spec.rules[].host) is not listed in any spec.tls[].hosts (a "*.domain" entry covers one label). A rule without a host needs a tls entry without hosts.',
  rationale: 'A host without TLS is served over plain HTTP: credentials, session cookies and data cross the network readable and alterable by anyone on the path.',
  fix: 'Add spec.tls with the hosts and a certificate Secret of the same namespace (or a cert-manager issuer annotation), or suppress with the reason the traffic is plain HTTP.',
  references: ['Polaris: tlsSettingsMissing', 'NSA: Network separation and hardening'],
}, ['Ingress'], (obj) => {
  const tls = Array.isArray(obj.spec?.tls) ? obj.spec.tls.filter((t: any) => t !== null && typeof t === 'object') : [];
  if (tls.length === 0) {
    return [{ path: ['spec', 'tls'], message: 'the Ingress has no spec.tls: every host it routes is served over plain HTTP' }];
  }
  const hosts: string[] = tls.flatMap((t: any) => (Array.isArray(t.hosts) ? t.hosts.filter((h: unknown) => typeof h === 'string') : []));
  const defaultCert = tls.some((t: any) => !Array.isArray(t.hosts) || t.hosts.length === 0);
  const out: RawFinding[] = [];
  const rules = Array.isArray(obj.spec?.rules) ? obj.spec.rules : [];
  rules.forEach((r: any, i: number) => {
    if (r === null || typeof r !== 'object') return;
    const host = r.host;
    if (typeof host === 'string' && host !== '') {
      if (!hosts.some(p => tlsCovers(p, host))) out.push({ path: ['spec', 'rules', i, 'host'], message: `host "${host}" of rule ${i} is not listed in spec.tls[].hosts: it is served over plain HTTP` });
    } else if (!defaultCert) {
      out.push({ path: ['spec', 'rules', i], message: `rule ${i} has no host, so it answers on every name, and no spec.tls entry without hosts covers it` });
    }
  });
  return out;
});
