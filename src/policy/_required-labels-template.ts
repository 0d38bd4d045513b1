// The ConstraintTemplate of `RequiredLabels`: kind, rego and parameter schema, all written for this library.

/** The kind of this library's required-labels constraint (its template is `securerequiredlabels`). */
export const REQUIRED_LABELS_KIND = 'SecureRequiredLabels';

/**
 * The rego of the required-labels template, written for this library: a violation per required label
 * that is missing, and one per present label whose value does not match its `allowedRegex`.
 */
export const REQUIRED_LABELS_REGO = `package cdk8ssecure.requiredlabels

# The labels of the object under review (none when it has no labels).
labels := object.get(input.review.object.metadata, "labels", {})

violation[{"msg": msg, "details": {"missing": missing}}] {
  required := {entry.key | entry := input.parameters.labels[_]}
  missing := required - {key | labels[key]}
  count(missing) > 0
  msg := sprintf("%v %v lacks required label(s) %v", [input.review.object.kind, input.review.object.metadata.name, concat(", ", sort(missing))])
}

violation[{"msg": msg, "details": {"label": key, "allowedRegex": pattern}}] {
  entry := input.parameters.labels[_]
  key := entry.key
  pattern := object.get(entry, "allowedRegex", "")
  pattern != ""
  value := labels[key]
  not regex.match(pattern, value)
  msg := sprintf("%v %v: label %v=%v does not match %v", [input.review.object.kind, input.review.object.metadata.name, key, value, pattern])
}
`;

/** The `openAPIV3Schema` of the required-labels constraint's `spec.parameters`. */
export const REQUIRED_LABELS_SCHEMA = {
  type: 'object',
  properties: {
    labels: {
      type: 'array',
      minItems: 1,
      description: 'Labels every matched object must carry.',
      items: {
        type: 'object',
        required: ['key'],
        properties: {
          key: { type: 'string', description: 'The label key, e.g. owner.' },
          allowedRegex: { type: 'string', description: 'A regular expression (RE2) the value must match.' },
        },
      },
    },
  },
};
