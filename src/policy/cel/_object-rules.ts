import { CelRule } from './_rule';
import { BINDING_TARGET, ROLE_TARGET, SERVICE_TARGET } from './_targets';

/** One rule `r` of a Role or ClusterRole applies to API group `g` (given as a CEL string literal). */
const inGroup = (g: string) => `has(r.apiGroups) && r.apiGroups.exists(g, g == ${g} || g == '*')`;
/** The rule lists one of the resources (CEL list literal). */
const onResource = (list: string) => `has(r.resources) && r.resources.exists(x, x in ${list})`;
/** The rule lists one of the verbs (CEL list literal). */
const withVerb = (list: string) => `has(r.verbs) && r.verbs.exists(v, v in ${list})`;
/** No rule of the role matches `cond`. */
const noRule = (cond: string) => `!has(object.rules) || object.rules.all(r, !(${cond}))`;
const SECRETS = "['secrets', '*']";

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
  {
    id: 'CS322',
    target: SERVICE_TARGET,
    validations: ['!has(object.spec.externalIPs) || size(object.spec.externalIPs) == 0'],
    optIn: 'a Service that already uses externalIPs would be refused on its next change: take stock first (CVE-2020-8554 is best closed with exactly this policy once none is left)',
  },
  {
    id: 'CS503',
    target: ROLE_TARGET,
    validations: [`object.kind != 'ClusterRole' || ${noRule(`${inGroup("''")} && ${onResource(SECRETS)} && (${withVerb("['list', 'watch', '*']")}`
      + " || (has(r.verbs) && 'get' in r.verbs && (!has(r.resourceNames) || size(r.resourceNames) == 0)))")}`],
    optIn: RBAC_OPT_IN,
  },
  {
    id: 'CS504',
    target: ROLE_TARGET,
    validations: [`object.kind != 'Role' || ${noRule(`${inGroup("''")} && ${onResource(SECRETS)} && ${withVerb("['list', 'watch', '*']")}`)}`],
    optIn: RBAC_OPT_IN,
  },
  {
    id: 'CS505',
    target: ROLE_TARGET,
    validations: [noRule(`${inGroup("''")} && ${withVerb("['create', 'get', '*']")} && ${onResource("['pods/exec', 'pods/attach', 'pods/*', '*']")}`)],
    optIn: RBAC_OPT_IN,
  },
  {
    id: 'CS506',
    target: ROLE_TARGET,
    validations: [noRule(`${withVerb("['escalate', 'bind', 'impersonate']")} || (has(r.verbs) && '*' in r.verbs && (`
      + `(${inGroup("'rbac.authorization.k8s.io'")} && ${onResource("['roles', 'clusterroles', '*']")})`
      + ` || (${inGroup("''")} && ${onResource("['users', 'groups', 'serviceaccounts', '*']")})`
      + ` || (${inGroup("'authentication.k8s.io'")} && ${onResource("['uids', 'userextras', '*']")})))`)],
    optIn: RBAC_OPT_IN,
  },
  {
    id: 'CS507',
    target: ROLE_TARGET,
    validations: [noRule(`${inGroup("''")} && has(r.verbs) && size(r.verbs) > 0 && ${onResource("['nodes/proxy', 'nodes/*', '*']")}`)],
    optIn: RBAC_OPT_IN,
  },
  {
    id: 'CS509',
    target: ROLE_TARGET,
    validations: ["!(object.kind == 'Role' && has(object.metadata.name) && object.metadata.name == 'cluster-admin')"],
    optIn: RBAC_OPT_IN,
  },
];
