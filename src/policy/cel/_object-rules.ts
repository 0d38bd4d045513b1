import { CelRule } from './_rule';
import { BINDING_TARGET, ROLE_TARGET, SERVICE_TARGET } from './_targets';

const RBAC_OPT_IN = 'the API server reconciles its own bootstrap roles and bindings (cluster-admin has "*") through admission, and many operators ship wildcard roles: turn it on only after an inventory';

export const OBJECT_CEL_RULES: CelRule[] = [
  {
    id: 'CS302',
    target: SERVICE_TARGET,
    validations: ["!has(object.spec.type) || !(object.spec.type in ['NodePort', 'LoadBalancer'])"],
  },
  {
    id: 'CS501',
    target: ROLE_TARGET,
    validations: ['!has(object.rules) || object.rules.all(r, '
      + "!(has(r.apiGroups) && '*' in r.apiGroups) && !(has(r.resources) && '*' in r.resources) && !(has(r.verbs) && '*' in r.verbs))"],
    optIn: RBAC_OPT_IN,
  },
  {
    id: 'CS502',
    target: BINDING_TARGET,
    validations: ["!(has(object.roleRef) && object.roleRef.kind == 'ClusterRole' && object.roleRef.name == 'cluster-admin')"],
    optIn: RBAC_OPT_IN,
  },
];
