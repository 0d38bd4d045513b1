/**
 * Rule references name real ids of the tools they cite: every reference to Polaris, kube-linter, Trivy,
 * Checkov or a Pod Security Standards control names an id of the table in src/checks/_peer-ids.ts.
 */
import { RuleCatalog } from '../../src';
import { parseReference, PEER_IDS } from '../../src/checks/_peer-ids';

const refsOf = (id: string) => RuleCatalog.find(id)!.references;

test('every reference to a peer tool or a PSS control names a known id', () => {
  const unknown: string[] = [];
  let checked = 0;
  for (const rule of RuleCatalog.all()) {
    for (const ref of rule.references) {
      const { source, ids } = parseReference(ref);
      const known = PEER_IDS[source];
      if (!known) continue;
      for (const id of ids) {
        checked++;
        if (!known.includes(id)) unknown.push(`${rule.id}: ${source}: ${id}`);
      }
    }
  }
  expect(unknown).toEqual([]);
  expect(checked).toBeGreaterThan(60);
});

test('a reference to a tool without an id is refused by the parser, not skipped silently', () => {
  expect(parseReference('Polaris: (network exposure)')).toEqual({ source: 'Polaris', ids: ['(network exposure)'] });
  expect(PEER_IDS.Polaris).not.toContain('(network exposure)');
  expect(parseReference('PSS baseline: Host Probes / Lifecycle Hooks')).toEqual({ source: 'PSS baseline', ids: ['Host Probes / Lifecycle Hooks'] });
  expect(parseReference('Trivy: KSV-0008, KSV-0009')).toEqual({ source: 'Trivy', ids: ['KSV-0008', 'KSV-0009'] });
});

describe('the references that cited the wrong ids', () => {
  test('CS103 (privileged) cites Polaris runAsPrivileged, not privilegeEscalationAllowed', () => {
    expect(refsOf('CS103')).toContain('Polaris: runAsPrivileged');
    expect(refsOf('CS103').join()).not.toContain('privilegeEscalationAllowed');
  });

  test('CS212 (default ServiceAccount) no longer cites KSV-0037 (user pods in kube-system)', () => {
    expect(refsOf('CS212')).toEqual(['CIS 5.1.5', 'kube-linter: default-service-account', 'Checkov: CKV_K8S_41']);
  });

  test('CS302 (NodePort / LoadBalancer) cites kube-linter exposed-services, not KSV-0117 (privileged ports)', () => {
    expect(refsOf('CS302')).toContain('kube-linter: exposed-services');
    expect(refsOf('CS302').join()).not.toMatch(/KSV-0117|network exposure/);
  });

  test('KSV-0109 (ConfigMap with secrets) is cited by the ConfigMap rule CS407, not by the env rule CS401', () => {
    expect(refsOf('CS407')).toContain('Trivy: KSV-0109');
    expect(refsOf('CS401').join()).not.toContain('KSV-0109');
  });
});
