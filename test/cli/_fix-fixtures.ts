import { parseAllDocuments } from 'yaml';

/** The objects of a YAML stream, read as YAML 1.1 (as the fixed files are written). */
export function decodeYaml(text: string): any[] {
  return parseAllDocuments(text, { version: '1.1' }).map(d => d.toJS()).filter(Boolean);
}

/** A document (with its `---`) of a RoleBinding that grants the Role `reader` to ServiceAccount `account`. */
export function roleBindingYaml(account: string, namespace = 'shop', name = 'web-reads'): string {
  return `---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: ${name}, namespace: ${namespace}}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: reader}
subjects:
- kind: ServiceAccount
  name: ${account}
`;
}
