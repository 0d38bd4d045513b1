// Admission control for the cluster the guide's apps run in: the rule catalog as ValidatingAdmissionPolicies,
// and the guide's Gatekeeper policy (every Pod carries an `owner` label) next to typed constraints for the
// gatekeeper-library pod-security templates. In an app repo the import is `from 'cdk8s-secure'`.
import { Chart, ChartProps } from 'cdk8s';
import { Construct } from 'constructs';
import {
  AdmissionValidationAction, CatalogAdmissionPolicies, EnforcementAction, GatekeeperTemplates, PspAllowPrivilegeEscalation,
  PspCapabilities, PspPrivilegedContainer, PspReadOnlyRootFilesystem, PspSeccomp, RequiredLabels,
} from '../../src';

/** One ValidatingAdmissionPolicy + Binding per catalog rule CEL can express (Kubernetes 1.30+). */
export class AdmissionPoliciesChart extends Chart {
  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, props);

    new CatalogAdmissionPolicies(this, 'catalog', {
      // Errors are denied and recorded in the audit log; warnings are returned to kubectl.
      errorActions: [AdmissionValidationAction.DENY, AdmissionValidationAction.AUDIT],
      excludedNamespaces: ['kube-system', 'gatekeeper-system'],
    });
  }
}

/** Props of `GatekeeperConstraintsChart`. */
export interface GatekeeperConstraintsChartProps extends ChartProps {
  /** The chart with the ConstraintTemplates; it is synthesized (and must be applied) first. */
  readonly templates: GatekeeperTemplates;
}

/** Gatekeeper constraints; their templates live in `templates`, applied first. */
export class GatekeeperConstraintsChart extends Chart {
  constructor(scope: Construct, id: string, props: GatekeeperConstraintsChartProps) {
    super(scope, id, props);
    const templates = props.templates;

    // The guide: every Pod must carry an `owner` label.
    new RequiredLabels(this, 'pods-have-owner', {
      templates,
      labels: [{ key: 'owner' }],
      name: 'pods-must-have-owner',
    });

    // Owners are teams: warn (not deny) while the existing workloads are relabelled.
    new RequiredLabels(this, 'owner-is-a-team', {
      templates,
      labels: [{ key: 'owner', allowedRegex: '^team-[a-z0-9-]+$' }],
      enforcementAction: EnforcementAction.WARN,
      excludedNamespaces: ['kube-system', 'gatekeeper-system'],
      name: 'owner-is-a-team',
    });

    // The gatekeeper-library pod-security templates, if the cluster runs them.
    new PspPrivilegedContainer(this, 'no-privileged', { name: 'psp-privileged-container' });
    new PspAllowPrivilegeEscalation(this, 'no-escalation', { name: 'psp-allow-privilege-escalation' });
    new PspCapabilities(this, 'capabilities', { name: 'psp-capabilities' });
    new PspReadOnlyRootFilesystem(this, 'read-only-root', { name: 'psp-readonlyrootfilesystem' });
    new PspSeccomp(this, 'seccomp', { name: 'psp-seccomp' });
  }
}
