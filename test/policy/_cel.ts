/**
 * Evaluates emitted ValidatingAdmissionPolicies the way the API server does, with a real CEL implementation
 * (@bufbuild/cel, whose CommonJS build runs on Node 20 under ts-jest): resource rules, match conditions,
 * variables (each may use the ones before it), validations. Objects are converted as Kubernetes presents
 * them to CEL: JSON integers become CEL `int` (bigint), objects become maps.
 */
import { celEnv, isCelError, parse, plan } from '@bufbuild/cel';

export type Obj = Record<string, any>;

/** Group and resource of each kind the tests use (what the API server matches resourceRules on). */
export const RESOURCE_OF: Record<string, { group: string; resource: string }> = {
  Pod: { group: '', resource: 'pods' },
  ReplicationController: { group: '', resource: 'replicationcontrollers' },
  Service: { group: '', resource: 'services' },
  ConfigMap: { group: '', resource: 'configmaps' },
  Secret: { group: '', resource: 'secrets' },
  Deployment: { group: 'apps', resource: 'deployments' },
  StatefulSet: { group: 'apps', resource: 'statefulsets' },
  DaemonSet: { group: 'apps', resource: 'daemonsets' },
  ReplicaSet: { group: 'apps', resource: 'replicasets' },
  Job: { group: 'batch', resource: 'jobs' },
  CronJob: { group: 'batch', resource: 'cronjobs' },
  Role: { group: 'rbac.authorization.k8s.io', resource: 'roles' },
  ClusterRole: { group: 'rbac.authorization.k8s.io', resource: 'clusterroles' },
  RoleBinding: { group: 'rbac.authorization.k8s.io', resource: 'rolebindings' },
  ClusterRoleBinding: { group: 'rbac.authorization.k8s.io', resource: 'clusterrolebindings' },
};

/** A JSON value as Kubernetes hands it to CEL. */
export function toCel(v: unknown): any {
  if (typeof v === 'number') return Number.isInteger(v) ? BigInt(v) : v;
  if (Array.isArray(v)) return v.map(toCel);
  if (v !== null && typeof v === 'object') return new Map(Object.entries(v).filter(([, x]) => x !== undefined).map(([k, x]) => [k, toCel(x)]));
  return v;
}

const env = celEnv();
type Program = (ctx: Record<string, any>) => unknown;
const cache = new Map<string, Program>();

/** Compiles a CEL expression (cached); throws on a syntax error. */
export function compile(expression: string): Program {
  let p = cache.get(expression);
  if (!p) {
    const parsed = parse(expression);
    p = plan(env, parsed) as Program;
    cache.set(expression, p);
  }
  return p;
}

/** Evaluates one expression; throws when CEL reports an error or the result is not a bool. */
export function evalBool(expression: string, ctx: Record<string, any>): boolean {
  const r = compile(expression)(ctx);
  if (isCelError(r)) throw new Error(`CEL error in ${expression}: ${r.message}`);
  if (typeof r !== 'boolean') throw new Error(`CEL expression did not return a bool: ${expression}`);
  return r;
}

export interface Verdict {
  /** The policy's resource rules and match conditions select the request. */
  readonly matched: boolean;
  /** Every validation passed (true when not matched). */
  readonly allowed: boolean;
  /** Messages of the failed validations. */
  readonly messages: string[];
}

export interface Request {
  readonly operation?: 'CREATE' | 'UPDATE';
  readonly oldObject?: Obj;
  readonly subResource?: string;
}

/** Evaluates a ValidatingAdmissionPolicy (its JSON) on an admission request for `obj`. */
export function admit(policy: Obj, obj: Obj, request: Request = {}): Verdict {
  const operation = request.operation ?? 'CREATE';
  const res = RESOURCE_OF[obj.kind];
  if (!res) throw new Error(`no resource known for kind ${obj.kind}`);
  const resource = request.subResource ? `${res.resource}/${request.subResource}` : res.resource;
  const apiVersion = obj.apiVersion.includes('/') ? obj.apiVersion.split('/')[1] : obj.apiVersion;
  const ruleMatches = (policy.spec.matchConstraints.resourceRules as Obj[]).some(r =>
    r.apiGroups.includes(res.group) && (r.apiVersions.includes(apiVersion) || r.apiVersions.includes('*'))
    && r.operations.includes(operation) && r.resources.includes(resource));
  if (!ruleMatches) return { matched: false, allowed: true, messages: [] };

  const ctx: Record<string, any> = {
    object: toCel(obj),
    oldObject: request.oldObject ? toCel(request.oldObject) : null,
    request: toCel({ operation, subResource: request.subResource ?? '' }),
  };
  for (const mc of policy.spec.matchConditions ?? []) {
    if (!evalBool(mc.expression, ctx)) return { matched: false, allowed: true, messages: [] };
  }
  const variables = new Map<string, unknown>();
  ctx.variables = variables;
  for (const v of policy.spec.variables ?? []) {
    const r = compile(v.expression)(ctx);
    if (isCelError(r)) throw new Error(`CEL error in variable ${v.name}: ${r.message}`);
    variables.set(v.name, r);
  }
  const messages = (policy.spec.validations as Obj[]).filter(v => !evalBool(v.expression, ctx)).map(v => v.message);
  return { matched: true, allowed: messages.length === 0, messages };
}
