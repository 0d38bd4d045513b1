import { ApiObject, Chart, ChartProps } from 'cdk8s';
import { Construct } from 'constructs';
import { clusterScopedObject, MANAGED_BY } from './_api-object';
import { REQUIRED_LABELS_KIND, REQUIRED_LABELS_REGO, REQUIRED_LABELS_SCHEMA } from './_required-labels-template';

/**
 * Props of `GatekeeperTemplates`.
 */
export interface GatekeeperTemplatesProps extends ChartProps {}

/**
 * A chart for the Gatekeeper ConstraintTemplates (`templates.gatekeeper.sh/v1`) of this library.
 *
 * Gatekeeper creates a constraint's CRD only after it has processed the template, so templates must be
 * applied (and their CRDs established) before any constraint of their kind: in one `kubectl apply` the
 * constraint fails with "no matches for kind". Keeping templates in their own chart makes that order
 * explicit: every constraint construct that uses a template here makes its own chart depend on this one,
 * so `cdk8s synth` writes this chart first (`0000-<templates>.k8s.yaml`, then `0001-...`).
 * Apply the files in that order, waiting for the CRDs in between, e.g.
 * `kubectl apply -f dist/0000-*.k8s.yaml && kubectl wait --for condition=established crd/securerequiredlabels.constraints.gatekeeper.sh && kubectl apply -f dist/0001-*.k8s.yaml`.
 *
 * ConstraintTemplates are cluster-scoped: a `namespace` in the props is ignored.
 */
export class GatekeeperTemplates extends Chart {
  /** Returns true when `x` is a `GatekeeperTemplates` chart. */
  public static isGatekeeperTemplates(x: any): x is GatekeeperTemplates {
    return x instanceof GatekeeperTemplates;
  }

  private requiredLabelsTemplate?: ApiObject;

  constructor(scope: Construct, id: string, props: GatekeeperTemplatesProps = {}) {
    super(scope, id, { ...props, namespace: undefined });
  }

  /** The `securerequiredlabels` ConstraintTemplate, added to this chart on first use. */
  public requiredLabels(): ApiObject {
    if (!this.requiredLabelsTemplate) {
      this.requiredLabelsTemplate = clusterScopedObject(this, 'SecureRequiredLabels', {
        apiVersion: 'templates.gatekeeper.sh/v1',
        kind: 'ConstraintTemplate',
        metadata: {
          name: REQUIRED_LABELS_KIND.toLowerCase(),
          labels: { ...MANAGED_BY },
          annotations: { description: 'Requires labels on the matched objects, optionally with values matching a regular expression (cdk8s-secure).' },
        },
        spec: {
          crd: {
            spec: {
              names: { kind: REQUIRED_LABELS_KIND },
              validation: { openAPIV3Schema: REQUIRED_LABELS_SCHEMA },
            },
          },
          targets: [{ target: 'admission.k8s.gatekeeper.sh', rego: REQUIRED_LABELS_REGO }],
        },
      });
    }
    return this.requiredLabelsTemplate;
  }
}
