import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { REQUIRED_LABELS_KIND } from './_required-labels-template';
import { firstDuplicate, labelKeyProblem, regexProblem } from './_validate';
import { ConstraintOptions, GatekeeperConstraint } from './gatekeeper-constraint';
import { GatekeeperTemplates } from './gatekeeper-templates';
import { SecureError } from '../_errors';

/**
 * A label a constraint requires (`spec.parameters.labels[]`).
 */
export interface RequiredLabel {
  /** The label key, e.g. `owner` or `app.kubernetes.io/name`. */
  readonly key: string;
  /**
   * A regular expression (RE2, as Gatekeeper evaluates it) the value must match, e.g. `^team-[a-z0-9-]+$`.
   * @default - any value
   */
  readonly allowedRegex?: string;
}

/**
 * Options shared by the required-labels constraints.
 */
export interface RequiredLabelsOptions extends ConstraintOptions {
  /** The labels every matched object must carry. At least one. */
  readonly labels: RequiredLabel[];
}

/**
 * Props of `RequiredLabels`.
 */
export interface RequiredLabelsProps extends RequiredLabelsOptions {
  /**
   * The chart that holds this library's ConstraintTemplates. The template is added to it, and the
   * constraint's chart is made to depend on it so that it is synthesized (and applied) first.
   */
  readonly templates: GatekeeperTemplates;
}

/** The labels as `spec.parameters.labels`. */
function labelParameters(labels: RequiredLabel[]): Array<Record<string, string>> {
  return labels.map(l => ({ key: l.key, ...(l.allowedRegex !== undefined ? { allowedRegex: l.allowedRegex } : {}) }));
}

/** Throws a SecureError for an empty list, an invalid key or regex, or a duplicate key. */
function validateLabels(scope: Construct, construct: string, labels: RequiredLabel[]): void {
  if (labels.length === 0) {
    SecureError.raise(scope, 'CSE621', construct, 'labels is empty: the constraint would require nothing',
      'Name at least one label, e.g. labels: [{ key: \'owner\' }].');
  }
  for (const l of labels) {
    const problem = labelKeyProblem(l.key);
    if (problem) SecureError.raise(scope, 'CSE622', construct, problem, 'Use a label key such as "owner" or "example.com/owner".');
    if (l.allowedRegex !== undefined) {
      const reProblem = regexProblem(l.allowedRegex);
      if (reProblem) {
        SecureError.raise(scope, 'CSE623', construct, `allowedRegex of label ${l.key}: ${reProblem}`,
          'Write an RE2 expression without lookaround or backreferences, e.g. "^team-[a-z0-9-]+$".');
      }
    }
  }
  const dup = firstDuplicate(labels.map(l => l.key));
  if (dup) SecureError.raise(scope, 'CSE624', construct, `label ${dup} is listed twice`, 'List each label once; put both conditions in one allowedRegex.');
}

/**
 * Requires labels on objects, with this library's `SecureRequiredLabels` ConstraintTemplate (our own
 * rego; its parameters have the shape of the gatekeeper-library `k8srequiredlabels`:
 * `labels: [{key, allowedRegex?}]`). The guide's policy, every Pod carries an `owner` label:
 *
 * ```ts
 * const templates = new GatekeeperTemplates(app, 'gatekeeper-templates');
 * const constraints = new Chart(app, 'gatekeeper-constraints');
 * new RequiredLabels(constraints, 'pods-have-owner', { templates, labels: [{ key: 'owner' }] });
 * ```
 */
export class RequiredLabels extends GatekeeperConstraint {
  constructor(scope: Construct, id: string, props: RequiredLabelsProps) {
    super(scope, id, { ...props, kind: REQUIRED_LABELS_KIND, parameters: { labels: labelParameters(props.labels) } });
    validateLabels(this, 'RequiredLabels', props.labels);
    const chart = Chart.of(this);
    if (chart === props.templates) {
      SecureError.raise(this, 'CSE625', 'RequiredLabels', 'the constraint is in the templates chart: applied together, it fails because its CRD does not exist yet',
        'Put constraints in another chart, e.g. new Chart(app, \'gatekeeper-constraints\').');
    }
    props.templates.requiredLabels();
    chart.addDependency(props.templates);
  }
}

/**
 * Props of `LibraryRequiredLabels`.
 */
export interface LibraryRequiredLabelsProps extends RequiredLabelsOptions {
  /**
   * The message of a violation.
   * @default - the template's own message
   */
  readonly message?: string;
}

/**
 * A `K8sRequiredLabels` constraint for the gatekeeper-library `k8srequiredlabels` template, for clusters
 * that already run it (this library does not emit that template). Its parameters are
 * `labels: [{key, allowedRegex?}]`; the old `labels: ["owner"]` list of strings enforces nothing
 * (checker rule CS610).
 */
export class LibraryRequiredLabels extends GatekeeperConstraint {
  constructor(scope: Construct, id: string, props: LibraryRequiredLabelsProps) {
    super(scope, id, {
      ...props,
      kind: 'K8sRequiredLabels',
      parameters: { labels: labelParameters(props.labels), ...(props.message ? { message: props.message } : {}) },
    });
    validateLabels(this, 'LibraryRequiredLabels', props.labels);
  }
}
