/**
 * A custom resource kind whose objects carry a pod spec, declared by the app so that the pod rules,
 * `images` and `graph` read it like a Deployment. The CLI form is `--pod-path [group/]Kind=path`.
 */
export interface PodKindDeclaration {
  /** The kind, e.g. `Worker`. */
  readonly kind: string;
  /**
   * The API group of the kind (e.g. `batch.example.com`): only objects whose apiVersion is in this group
   * carry a pod.
   * @default - objects of this kind in any group
   */
  readonly group?: string;
  /**
   * Dotted path of the pod spec inside the object, e.g. `spec.template.spec`. The pod's labels are read
   * from the `metadata` next to the last field (`spec.template.metadata`); for a path of one field
   * (`spec`), from the object's own metadata.
   */
  readonly podSpecPath: string;
}
