import { Document, isScalar, visit } from 'yaml';

/** Scalars that every YAML parser reads the same way inside `[...]` (no `:`, `#`, quotes or leading indicators). */
const FLOW_SAFE = /^[A-Za-z0-9/][A-Za-z0-9_./-]*\*?$/;

/**
 * YAML without line folding, with short lists of simple scalars written inline (`verbs: [get, list]`).
 * Lists with any other scalar stay in block style, since older YAML 1.1 parsers (libyaml, go-yaml v2)
 * reject a `:` inside a flow sequence.
 */
export function toYaml(value: unknown): string {
  const doc = new Document(value);
  visit(doc, {
    Seq(_key, node) {
      const values = node.items.map(i => (isScalar(i) ? String(i.value) : undefined));
      const simple = values.length > 0 && values.every(v => v !== undefined && FLOW_SAFE.test(v));
      if (simple && values.join(', ').length <= 100) node.flow = true;
    },
  });
  return doc.toString({ lineWidth: 0, flowCollectionPadding: false });
}
