import { FieldPath, formatPath, getIn, isRecord } from '../checks/_path';
import { podOf } from '../checks/_pod';
import { accountKey, boundAccounts, isBinding, namespaceOf, podAccount } from '../checks/_rbac';
import { isExpired, ParsedSuppression, parseSuppressions, SUPPRESSIONS_ANNOTATION } from '../checks/_suppression-annotation';
import { isManifestRule } from '../checks/catalog';
import { cpuMillis } from '../workloads/_quantity';

/*
 * The mechanical fixes of `cdk8s-secure fix`: for each rule that has one, the values the workload constructs
 * emit (src/workloads/_harden.ts, _workload.ts; a test holds these constants equal to theirs). The CLI does not
 * import the constructs' module: it would load cdk8s-plus on every start.
 */

/** runAsUser and runAsGroup where none is set, and the replacement of runAsUser: 0 (distroless "nonroot"). */
export const FIX_ID = 65532;
/** Requests and limits where absent (the guide's 100m/128Mi -> 200m/256Mi). */
export const FIX_REQUESTS: Readonly<Record<'cpu' | 'memory', string>> = { cpu: '100m', memory: '128Mi' };
export const FIX_LIMITS: Readonly<Record<'cpu' | 'memory', string>> = { cpu: '200m', memory: '256Mi' };
/** sizeLimit of the emptyDir mounted at /tmp when the root filesystem becomes read-only. */
export const FIX_TMP_SIZE = '64Mi';

/** One field the fix sets. */
export interface FixChange {
  readonly ruleId: string;
  readonly path: FieldPath;
  /** The value before (undefined: the field was not set). */
  readonly before: unknown;
  readonly after: unknown;
}

/** A finding of a rule with a mechanical fix that the fix leaves to the owner, and why. */
export interface Declined {
  readonly ruleId: string;
  readonly container?: string;
  readonly why: string;
}

/** What the input says about ServiceAccounts that RBAC bindings name. */
export interface BindingIndex {
  /** True when a RoleBinding or ClusterRoleBinding in the input names the ServiceAccount (or a group holding it). */
  bound(namespace: string, serviceAccount: string): boolean;
  /** automountServiceAccountToken of a ServiceAccount in the input (undefined when absent or unset). */
  accountAutomount(namespace: string, serviceAccount: string): boolean | undefined;
}

/** Collects RBAC bindings and ServiceAccounts from the input objects. */
export class Bindings implements BindingIndex {
  private readonly accounts = new Set<string>();
  /** Namespaces whose every ServiceAccount is bound ('*' for all). */
  private readonly groups = new Set<string>();
  private readonly automount = new Map<string, boolean | undefined>();

  public add(obj: Record<string, any>): void {
    const ns = namespaceOf(obj);
    if (obj.kind === 'ServiceAccount' && obj.apiVersion === 'v1' && typeof obj.metadata?.name === 'string') {
      const v = obj.automountServiceAccountToken;
      this.automount.set(accountKey(ns, obj.metadata.name), v === false ? false : v === true ? true : undefined);
      return;
    }
    for (const a of boundAccounts(obj)) this.accounts.add(accountKey(a.namespace, a.name));
    if (!isBinding(obj) || !Array.isArray(obj.subjects)) return;
    // Groups bind every account alike (the checker does not count them); the fix does: a token it turns off
    // may be what such a binding is used with.
    for (const s of obj.subjects) {
      if (!isRecord(s) || s.kind !== 'Group' || typeof s.name !== 'string') continue;
      if (s.name === 'system:serviceaccounts' || s.name === 'system:authenticated') this.groups.add('*');
      else if (s.name.startsWith('system:serviceaccounts:')) this.groups.add(s.name.slice('system:serviceaccounts:'.length));
    }
  }

  public bound(namespace: string, serviceAccount: string): boolean {
    if (this.groups.has('*')) return true;
    // A pod without a namespace lands in whichever namespace it is applied to: any binding of that name counts.
    if (namespace === '') return this.groups.size > 0 || [...this.accounts].some(k => k.endsWith(`\u0000${serviceAccount}`));
    return this.groups.has(namespace) || this.accounts.has(accountKey(namespace, serviceAccount)) || this.accounts.has(accountKey('', serviceAccount));
  }

  public accountAutomount(namespace: string, serviceAccount: string): boolean | undefined {
    return this.automount.get(accountKey(namespace, serviceAccount));
  }
}

interface Container {
  readonly list: string;
  readonly name: string;
  readonly spec: Record<string, any>;
  readonly path: FieldPath;
}

/** What a fixer works on: a copy of the object it may change through `set` and `append` only. */
interface FixContext {
  readonly spec: Record<string, any>;
  readonly specPath: FieldPath;
  readonly containers: readonly Container[];
  readonly windows: boolean;
  readonly namespace: string;
  readonly bindings: BindingIndex;
  /** True when a suppression on the object covers this rule (for this container, or for all). */
  suppressed(ruleId: string, container?: string): boolean;
  /** True when a suppression of the rule names one container only. */
  containerScoped(ruleId: string): boolean;
  set(ruleId: string, path: FieldPath, value: unknown): void;
  append(ruleId: string, arrayPath: FieldPath, item: unknown): void;
  decline(ruleId: string, why: string, container?: string): void;
}

type Fixer = (ctx: FixContext) => void;

/** A fix that cannot be applied to this object as written: the fixer leaves it (the reason is reported). */
class Refused extends Error {}

const sc = (c: Container) => (isRecord(c.spec.securityContext) ? c.spec.securityContext : {});
const podSc = (ctx: FixContext) => (isRecord(ctx.spec.securityContext) ? ctx.spec.securityContext : {});
const unset = (v: unknown) => v === undefined || v === null;

/**
 * Sets a security field on the pod when every container that inherits it may take it, otherwise on each
 * container that needs it: a container left out (suppressed, or blocked for a reason) never inherits the change.
 */
function podOrContainers(ctx: FixContext, ruleId: string, field: string[], value: unknown,
  needs: (c: Container) => boolean, excluded: (c: Container) => boolean, replacePod: (v: unknown) => boolean): void {
  const targets = ctx.containers.filter(c => needs(c) && !excluded(c));
  if (targets.length === 0) return;
  const own = (c: Container) => getIn(c.spec, ['securityContext', ...field]);
  const podValue = getIn(ctx.spec, ['securityContext', ...field]);
  const podAllowed = ctx.containers.filter(c => unset(own(c))).every(c => !excluded(c)) && (unset(podValue) || replacePod(podValue));
  for (const t of targets) {
    if (!unset(own(t)) || !podAllowed) ctx.set(ruleId, [...t.path, 'securityContext', ...field], value);
  }
  if (podAllowed && targets.some(t => unset(own(t)))) ctx.set(ruleId, [...ctx.specPath, 'securityContext', ...field], value);
}

const SYS_ADMIN = new Set(['SYS_ADMIN', 'CAP_SYS_ADMIN']);

/** Kubernetes memory quantity in bytes, or undefined when it is not one. */
export function memoryBytes(q: unknown): number | undefined {
  const m = /^([0-9]+(?:\.[0-9]+)?)(?:([eE][0-9]+)|(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E|m))?$/.exec(String(q).trim());
  if (!m) return undefined;
  const n = Number(m[1]);
  if (m[2]) return n * 10 ** Number(m[2].slice(1));
  const unit: Record<string, number> = {
    Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18, m: 1e-3,
  };
  return m[3] ? n * unit[m[3]] : n;
}

function resourceFix(ctx: FixContext, ruleId: string, field: 'requests' | 'limits'): void {
  for (const c of ctx.containers) {
    if (c.list === 'ephemeralContainers' || ctx.suppressed(ruleId, c.name)) continue;
    const res = c.spec.resources;
    if (!unset(res) && !isRecord(res)) continue;
    for (const r of ['cpu', 'memory'] as const) {
      const have = getIn(res, [field, r]);
      if (!(unset(have) || have === '')) continue;
      const other = getIn(res, [field === 'requests' ? 'limits' : 'requests', r]);
      let value: unknown = field === 'requests' ? FIX_REQUESTS[r] : FIX_LIMITS[r];
      if (!unset(other) && other !== '') {
        if (field === 'requests') {
          // Kubernetes already takes a missing request from the limit: writing it down changes nothing.
          value = other;
        } else {
          const amount = r === 'cpu' ? cpuMillis(String(other)) : memoryBytes(other);
          const dflt = r === 'cpu' ? cpuMillis(FIX_LIMITS.cpu)! : memoryBytes(FIX_LIMITS.memory)!;
          if (amount === undefined) {
            ctx.decline(ruleId, `container "${c.name}": its ${r} request ${JSON.stringify(other)} is not a quantity the fix can compare; set the limit yourself`, c.name);
            continue;
          }
          // A limit below the request is refused by the API server: the limit is at least the request.
          if (amount > dflt) value = other;
        }
      }
      ctx.set(ruleId, [...c.path, 'resources', field, r], value);
    }
  }
}

/** Rule id -> its mechanical fix, in the order they are applied. Every other rule needs a decision. */
export const MECHANICAL_FIXES: ReadonlyMap<string, { readonly what: string; readonly fix: Fixer }> = new Map<string, { what: string; fix: Fixer }>([
  ['CS124', {
    what: `runAsUser: 0 becomes ${FIX_ID}`,
    fix: ctx => {
      if (ctx.spec.hostUsers === false || ctx.windows) return;
      for (const c of ctx.containers) {
        if (sc(c).runAsUser === 0 && !ctx.suppressed('CS124', c.name)) ctx.set('CS124', [...c.path, 'securityContext', 'runAsUser'], FIX_ID);
      }
      if (podSc(ctx).runAsUser === 0) {
        const inheritors = ctx.containers.filter(c => unset(sc(c).runAsUser));
        const kept = inheritors.filter(c => ctx.suppressed('CS124', c.name));
        if (kept.length > 0) {
          ctx.decline('CS124', `the pod's runAsUser: 0 is inherited by ${kept.map(c => `"${c.name}"`).join(', ')}, whose suppression keeps it`);
          for (const c of inheritors) if (!ctx.suppressed('CS124', c.name)) ctx.set('CS124', [...c.path, 'securityContext', 'runAsUser'], FIX_ID);
        } else {
          ctx.set('CS124', [...ctx.specPath, 'securityContext', 'runAsUser'], FIX_ID);
        }
      }
    },
  }],
  ['CS123', {
    what: `runAsNonRoot: true (on the pod, or on the containers that lack it), and runAsUser/runAsGroup ${FIX_ID} where neither pod nor container sets one`,
    fix: ctx => {
      if (ctx.spec.hostUsers === false) return;
      const effUser = (c: Container) => sc(c).runAsUser ?? podSc(ctx).runAsUser;
      // A container that runs as uid 0 by choice (CS124 suppressed or skipped) would not start with runAsNonRoot.
      const blocked = (c: Container) => effUser(c) === 0;
      for (const c of ctx.containers) {
        if (blocked(c) && (sc(c).runAsNonRoot ?? podSc(ctx).runAsNonRoot) !== true && !ctx.suppressed('CS123', c.name)) {
          ctx.decline('CS123', `container "${c.name}" runs as uid 0 (runAsUser: 0 is kept): with runAsNonRoot: true it would not start`, c.name);
        }
      }
      const excluded = (c: Container) => ctx.suppressed('CS123', c.name) || blocked(c);
      podOrContainers(ctx, 'CS123', ['runAsNonRoot'], true, c => (sc(c).runAsNonRoot ?? podSc(ctx).runAsNonRoot) !== true, excluded, v => v === false);
      if (podSc(ctx).runAsNonRoot === false) {
        // Every container may set its own value; the pod's false is still reported, and replaced when no exempt container inherits it.
        const exempt = ctx.containers.filter(c => unset(sc(c).runAsNonRoot) && excluded(c));
        if (exempt.length === 0) ctx.set('CS123', [...ctx.specPath, 'securityContext', 'runAsNonRoot'], true);
        else ctx.decline('CS123', `the pod's runAsNonRoot: false is inherited by ${exempt.map(c => `"${c.name}"`).join(', ')}, which the fix leaves as it is`);
      }
      if (ctx.windows) return; // runAsUser and runAsGroup are refused on Windows pods
      for (const field of ['runAsUser', 'runAsGroup']) {
        podOrContainers(ctx, 'CS123', [field], FIX_ID, c => unset(sc(c)[field]) && unset(podSc(ctx)[field]), excluded, () => false);
      }
    },
  }],
  ['CS125', {
    what: 'seccompProfile.type: RuntimeDefault (on the pod, or on the containers that lack one)',
    fix: ctx => {
      if (ctx.windows) return;
      const eff = (c: Container) => getIn(sc(c), ['seccompProfile', 'type']) ?? getIn(podSc(ctx), ['seccompProfile', 'type']);
      for (const c of ctx.containers) {
        const t = eff(c);
        if (!unset(t) && t !== 'RuntimeDefault' && t !== 'Localhost' && !ctx.suppressed('CS125', c.name)) {
          ctx.decline('CS125', `container "${c.name}" has seccomp profile ${JSON.stringify(t)} set explicitly`, c.name);
        }
      }
      podOrContainers(ctx, 'CS125', ['seccompProfile', 'type'], 'RuntimeDefault', c => unset(eff(c)), c => ctx.suppressed('CS125', c.name), () => false);
    },
  }],
  ['CS122', {
    what: 'allowPrivilegeEscalation: false on every container',
    fix: ctx => {
      if (ctx.windows) return;
      for (const c of ctx.containers) {
        if (sc(c).allowPrivilegeEscalation === false || ctx.suppressed('CS122', c.name)) continue;
        const add = getIn(sc(c), ['capabilities', 'add']);
        if (sc(c).privileged === true || (Array.isArray(add) && add.some(a => SYS_ADMIN.has(String(a))))) {
          // The API server refuses allowPrivilegeEscalation: false together with privileged or CAP_SYS_ADMIN.
          ctx.decline('CS122', `container "${c.name}" is privileged or adds SYS_ADMIN, which the API server does not accept with allowPrivilegeEscalation: false`, c.name);
          continue;
        }
        ctx.set('CS122', [...c.path, 'securityContext', 'allowPrivilegeEscalation'], false);
      }
    },
  }],
  ['CS126', {
    what: 'capabilities.drop gets ALL (added capabilities are left for a decision)',
    fix: ctx => {
      if (ctx.windows) return;
      for (const c of ctx.containers) {
        if (ctx.suppressed('CS126', c.name)) continue;
        const drop = getIn(sc(c), ['capabilities', 'drop']);
        const add = getIn(sc(c), ['capabilities', 'add']);
        if (Array.isArray(add) && add.some(a => a !== 'NET_BIND_SERVICE')) {
          ctx.decline('CS126', `container "${c.name}" adds ${add.filter(a => a !== 'NET_BIND_SERVICE').map(a => JSON.stringify(a)).join(', ')}: whether the process needs it is for its owner to say`, c.name);
        }
        if (Array.isArray(drop) && drop.includes('ALL')) continue;
        if (unset(drop)) ctx.set('CS126', [...c.path, 'securityContext', 'capabilities', 'drop'], ['ALL']);
        else if (Array.isArray(drop)) ctx.append('CS126', [...c.path, 'securityContext', 'capabilities', 'drop'], 'ALL');
      }
    },
  }],
  ['CS201', {
    what: `readOnlyRootFilesystem: true, with an emptyDir (sizeLimit ${FIX_TMP_SIZE}) mounted at /tmp unless something is mounted there`,
    fix: ctx => {
      if (ctx.windows) return;
      const volumes: unknown[] = Array.isArray(ctx.spec.volumes) ? ctx.spec.volumes : [];
      const taken = new Set(volumes.map(v => (isRecord(v) ? v.name : undefined)));
      for (const c of ctx.containers) {
        if (sc(c).readOnlyRootFilesystem === true || ctx.suppressed('CS201', c.name)) continue;
        const mounts = c.spec.volumeMounts;
        if ((!unset(mounts) && !Array.isArray(mounts)) || (!unset(ctx.spec.volumes) && !Array.isArray(ctx.spec.volumes))) continue;
        const hasTmp = (mounts ?? []).some((m: unknown) => isRecord(m) && typeof m.mountPath === 'string' && m.mountPath.replace(/\/+$/, '') === '/tmp');
        let volume: string | undefined;
        if (!hasTmp) {
          volume = [`${c.name}-tmp`, ...[2, 3, 4, 5].map(n => `${c.name}-tmp-${n}`)].find(n => !taken.has(n));
          if (volume === undefined || volume.length > 63 || !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(volume)) {
            ctx.decline('CS201', `container "${c.name}": no free DNS-label volume name for its /tmp emptyDir`, c.name);
            continue;
          }
          taken.add(volume);
        }
        ctx.set('CS201', [...c.path, 'securityContext', 'readOnlyRootFilesystem'], true);
        if (volume !== undefined) {
          if (unset(ctx.spec.volumes)) ctx.set('CS201', [...ctx.specPath, 'volumes'], [{ name: volume, emptyDir: { sizeLimit: FIX_TMP_SIZE } }]);
          else ctx.append('CS201', [...ctx.specPath, 'volumes'], { name: volume, emptyDir: { sizeLimit: FIX_TMP_SIZE } });
          if (unset(mounts)) ctx.set('CS201', [...c.path, 'volumeMounts'], [{ name: volume, mountPath: '/tmp' }]);
          else ctx.append('CS201', [...c.path, 'volumeMounts'], { name: volume, mountPath: '/tmp' });
        }
      }
    },
  }],
  ['CS202', {
    what: `resources.requests where absent: ${FIX_REQUESTS.cpu} / ${FIX_REQUESTS.memory} (or the limit, which Kubernetes already uses as the request)`,
    fix: ctx => resourceFix(ctx, 'CS202', 'requests'),
  }],
  ['CS203', {
    what: `resources.limits where absent: ${FIX_LIMITS.cpu} / ${FIX_LIMITS.memory} (or the request, if it is higher)`,
    fix: ctx => resourceFix(ctx, 'CS203', 'limits'),
  }],
  ['CS210', {
    what: 'imagePullPolicy: Always',
    fix: ctx => {
      for (const c of ctx.containers) {
        if (c.spec.imagePullPolicy !== 'Always' && !ctx.suppressed('CS210', c.name)) ctx.set('CS210', [...c.path, 'imagePullPolicy'], 'Always');
      }
    },
  }],
  ['CS211', {
    what: 'automountServiceAccountToken: false on the pod, when no RBAC binding in the input names its ServiceAccount',
    fix: ctx => {
      const own = ctx.spec.automountServiceAccountToken;
      if (own === false || ctx.suppressed('CS211')) return;
      if (own === true) {
        ctx.decline('CS211', 'the pod sets automountServiceAccountToken: true itself');
        return;
      }
      const { needed, why } = tokenOffNeeded(ctx.spec, ctx.namespace, ctx.bindings);
      if (why) ctx.decline('CS211', why);
      if (needed) ctx.set('CS211', [...ctx.specPath, 'automountServiceAccountToken'], false);
    },
  }],
]);

/**
 * Kinds whose pod spec is a Kubernetes pod spec, written into pods as it is. Custom resources that an operator
 * turns into pods (prometheus-operator's, app-declared kinds) are listed, not edited: the operator decides how
 * each field reaches the pod, and its schema may not have the field at all.
 */
const FIXABLE_KINDS = new Set(['Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'Job', 'CronJob', 'Rollout']);

/**
 * Whether CS211's fix (automountServiceAccountToken: false on a pod that leaves it unset) is wanted, given the
 * input's ServiceAccounts and RBAC bindings: not when the account already sets false, nor when a binding names it.
 */
export function tokenOffNeeded(spec: Record<string, any>, namespace: string, bindings: BindingIndex): { needed: boolean; why?: string } {
  const account = podAccount(spec);
  if (bindings.accountAutomount(namespace, account) === false) return { needed: false };
  if (bindings.bound(namespace, account)) {
    return { needed: false, why: `a RoleBinding or ClusterRoleBinding in the input grants its ServiceAccount "${account}" permissions: the pod may call the API` };
  }
  return { needed: true };
}

/** Bindings before the whole input is read: none known yet (CS211's fix is applied, then settled with tokenOffNeeded). */
export const NO_BINDINGS_YET: BindingIndex = { bound: () => false, accountAutomount: () => undefined };

/** The result of fixing one object. */
export interface ObjectFix {
  /** The object with every change applied (the input object itself when nothing changed). */
  readonly fixed: Record<string, any>;
  readonly changes: FixChange[];
  readonly declined: Declined[];
}

/**
 * Applies every mechanical fix to a copy of `obj`, except for rules in `skip` and rules a suppression
 * annotation on the object covers. Objects without a pod are returned as they are.
 */
export function fixObject(obj: Record<string, any>, bindings: BindingIndex, skip: ReadonlySet<string> = new Set(),
  today = new Date().toISOString().slice(0, 10)): ObjectFix {
  const view = podOf(obj);
  if (!view || !FIXABLE_KINDS.has(view.kind)) return { fixed: obj, changes: [], declined: [] };
  const fixed = JSON.parse(JSON.stringify(obj)) as Record<string, any>;
  const spec = getIn(fixed, view.path) as Record<string, any>;
  const containers: Container[] = view.containers.map(c => ({
    list: c.list, name: c.name, path: c.path, spec: getIn(fixed, c.path) as Record<string, any>,
  }));
  const raw = isRecord(obj.metadata?.annotations) ? obj.metadata.annotations[SUPPRESSIONS_ANNOTATION] : undefined;
  const suppressions: ParsedSuppression[] = parseSuppressions(raw, isManifestRule).valid.filter(s => !isExpired(s.expires, today));
  const changes: FixChange[] = [];
  const declined: Declined[] = [];
  const walk = (path: FieldPath, create: boolean): Record<string, any> | unknown[] => {
    let cur: any = fixed;
    for (const seg of path) {
      let next = cur[seg];
      if (unset(next) && create && typeof seg === 'string') {
        next = {};
        cur[seg] = next;
      }
      if (next === null || typeof next !== 'object') throw new Refused(`${formatPath(path)} is not a mapping`);
      cur = next;
    }
    return cur;
  };
  const ctx: FixContext = {
    spec,
    specPath: view.path,
    containers,
    windows: getIn(spec, ['os', 'name']) === 'windows',
    namespace: typeof obj.metadata?.namespace === 'string' ? obj.metadata.namespace : '',
    bindings,
    suppressed: (ruleId, container) => suppressions.some(s => s.ruleId === ruleId && (s.container === undefined || s.container === container)),
    containerScoped: ruleId => suppressions.some(s => s.ruleId === ruleId && s.container !== undefined),
    set: (ruleId, path, value) => {
      const parent = walk(path.slice(0, -1), true) as Record<string, any>;
      const key = path[path.length - 1];
      const before = (parent as any)[key];
      (parent as any)[key] = JSON.parse(JSON.stringify(value));
      changes.push({ ruleId, path, before, after: value });
    },
    append: (ruleId, arrayPath, item) => {
      const list = walk(arrayPath, false);
      if (!Array.isArray(list)) throw new Refused(`${formatPath(arrayPath)} is not a list`);
      list.push(JSON.parse(JSON.stringify(item)));
      changes.push({ ruleId, path: [...arrayPath, list.length - 1], before: undefined, after: item });
    },
    decline: (ruleId, why, container) => declined.push({ ruleId, why, container }),
  };
  for (const [ruleId, { fix }] of MECHANICAL_FIXES) {
    if (skip.has(ruleId) || ctx.suppressed(ruleId) && !ctx.containerScoped(ruleId)) continue;
    try {
      fix(ctx);
    } catch (e) {
      if (!(e instanceof Refused)) throw e;
      // The object's shape does not take this rule's fix: start again without it, so no partial change stays.
      const again = fixObject(obj, bindings, new Set([...skip, ruleId]), today);
      return { ...again, declined: [...again.declined, { ruleId, why: `the object's shape does not allow the fix: ${e.message}` }] };
    }
  }
  return changes.length === 0 ? { fixed: obj, changes, declined } : { fixed, changes, declined };
}
