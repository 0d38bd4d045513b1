// The admission example: synthesizes in order, validates against its schemas, and has no findings.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Testing, Yaml } from 'cdk8s';
import { AdmissionPoliciesChart, GatekeeperConstraintsChart } from './chart';
import { Checker, GatekeeperTemplates, SecurityChecks } from '../../src'; // in your app: from 'cdk8s-secure'
import { policySchemaProblems } from '../../test/policy/_schemas';

function build(app: App) {
  const templates = new GatekeeperTemplates(app, 'gatekeeper-templates');
  const constraints = new GatekeeperConstraintsChart(app, 'gatekeeper-constraints', { templates });
  const policies = new AdmissionPoliciesChart(app, 'admission-policies');
  return { templates, constraints, policies };
}

test('the charts have no security findings and validate against their schemas', () => {
  const { templates, constraints, policies } = build(Testing.app());
  for (const chart of [templates, constraints, policies]) SecurityChecks.assertNoFindings(chart);
  const all = [...templates.toJson(), ...constraints.toJson(), ...policies.toJson()];
  expect(new Checker().check(all)).toEqual([]);
  expect(policySchemaProblems(all)).toEqual([]);
});

test('main.ts writes the templates first', () => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'admission-'));
  try {
    const app = new App({ outdir });
    build(app);
    app.synth();
    expect(fs.readdirSync(outdir).sort()).toEqual([
      '0000-gatekeeper-templates.k8s.yaml', '0001-gatekeeper-constraints.k8s.yaml', '0002-admission-policies.k8s.yaml',
    ]);
    const constraints = Yaml.load(path.join(outdir, '0001-gatekeeper-constraints.k8s.yaml'));
    expect(constraints.map((o: any) => `${o.kind}/${o.metadata.name}`)).toEqual([
      'SecureRequiredLabels/pods-must-have-owner', 'SecureRequiredLabels/owner-is-a-team',
      'K8sPSPPrivilegedContainer/psp-privileged-container', 'K8sPSPAllowPrivilegeEscalationContainer/psp-allow-privilege-escalation',
      'K8sPSPCapabilities/psp-capabilities', 'K8sPSPReadOnlyRootFilesystem/psp-readonlyrootfilesystem', 'K8sPSPSeccomp/psp-seccomp',
    ]);
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
});
