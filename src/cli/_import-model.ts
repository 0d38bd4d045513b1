import * as kplus from 'cdk8s-plus-28';
import { arr, call, construct, enumMember, Expr, json, lit, method, obj, patch, ref, Stmt, THIS, todo } from './_import-code';
import { SUPPRESSIONS_ANNOTATION } from '../checks/_suppression-annotation';
import { credentialReason } from '../checks/rules/secrets/_credentials';
import { Suppression } from '../checks/suppressions';
import { CLUSTER_WIDE_REASONS } from '../workloads/_grant';
import { DEFAULT_ID } from '../workloads/_harden';
import { cpuMillis } from '../workloads/_quantity';
import { PersistentVolumeClaimRetention } from '../workloads/secure-stateful-set';

type Json = Record<string, any>;

/** An object read from the input, with where it came from. */
export interface InputObject {
  readonly obj: Json;
  readonly file: string;
  readonly documentIndex: number;
}

/** Something the chart creates that can carry suppressions: a secure workload, a Service or a verbatim ApiObject. */
export interface Unit {
  /** Variable of the construct in the generated code. */
  readonly name: string;
  /** Construct id. */
  readonly id: string;
  /** `Deployment shop/api` (for notes). */
  readonly label: string;
  /** True for secure workloads: suppressions go into the props, else into `Suppressions.add(...)`. */
  readonly inProps: boolean;
  /** Suppressions the input object already carried (their reasons are kept). */
  readonly original: Suppression[];
  /** The input object (for the verbatim fallback). */
  readonly input: InputObject;
  /** True once it is a verbatim ApiObject. */
  readonly verbatim: boolean;
  /** Statements creating it, given its suppressions. */
  make(suppressions: Suppression[]): Stmt[];
}

type Matcher = (selector: unknown, ns: string | undefined) => Array<{ input: InputObject; name: string }>;

/** Why a workload cannot be written as a secure construct; it is then kept as a verbatim ApiObject. */
class Unexpressible extends Error {}

const WORKLOAD_KINDS: Record<string, { cls: 'new SecureDeployment' | 'new SecureStatefulSet' | 'new SecureJob' | 'new SecureCronJob' | 'new SecureDaemonSet'; template: string[] }> = {
  Deployment: { cls: 'new SecureDeployment', template: ['spec', 'template'] },
  StatefulSet: { cls: 'new SecureStatefulSet', template: ['spec', 'template'] },
  Job: { cls: 'new SecureJob', template: ['spec', 'template'] },
  CronJob: { cls: 'new SecureCronJob', template: ['spec', 'jobTemplate', 'spec', 'template'] },
  DaemonSet: { cls: 'new SecureDaemonSet', template: ['spec', 'template'] },
};

const ADDR_LABEL = 'cdk8s.io/metadata.addr';
/** Labels the secure workloads write themselves. */
const MANAGED_LABELS = new Set(['app.kubernetes.io/name', 'app.kubernetes.io/instance', 'owner', ADDR_LABEL]);
const TODO_REASON = 'TODO: reason';

const isRecord = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const get = (o: unknown, path: string[]): any => path.reduce<any>((x, k) => (isRecord(x) ? x[k] : undefined), o);

/** Annotations the API server or kubectl write (from `kubectl get -o yaml`): never part of the desired state. */
const SERVER_ANNOTATIONS = new Set(['kubectl.kubernetes.io/last-applied-configuration', 'deployment.kubernetes.io/revision']);

/** Annotations the suppressions write (regenerated from the suppressions, never copied). */
function generatedAnnotation(k: string): boolean {
  return k === SUPPRESSIONS_ANNOTATION || SERVER_ANNOTATIONS.has(k) || /^checkov\.io\/skip\d+$/.test(k) || k.startsWith('ignore-check.kube-linter.io/')
    || (k.startsWith('polaris.fairwinds.com/') && k.endsWith('-exempt'));
}

/** The suppressions an object's annotation carries (invalid entries are dropped: the check reports them on the input). */
function originalSuppressions(o: Json): Suppression[] {
  const raw = get(o, ['metadata', 'annotations', SUPPRESSIONS_ANNOTATION]);
  if (typeof raw !== 'string') return [];
  try {
    const list = JSON.parse(raw);
    if (!Array.isArray(list)) return [];
    return list.filter(s => isRecord(s) && typeof s.ruleId === 'string' && typeof s.reason === 'string')
      .map(s => ({ ruleId: s.ruleId, reason: s.reason, ...(typeof s.expires === 'string' ? { expires: s.expires } : {}), ...(typeof s.container === 'string' ? { container: s.container } : {}) }));
  } catch {
    return [];
  }
}

/** `matchLabels` that select `labels` (non-empty, no expressions). */
function selects(selector: unknown, labels: Record<string, string>): boolean {
  if (!isRecord(selector)) return false;
  const ml = selector.matchLabels;
  if (!isRecord(ml) || Object.keys(ml).length === 0) return false;
  if (Array.isArray(selector.matchExpressions) && selector.matchExpressions.length > 0) return false;
  return Object.entries(ml).every(([k, v]) => labels[k] === v);
}

/** A TypeScript identifier from any text: [A-Za-z0-9_] only. */
function identifier(s: string, style: 'camel' | 'upper'): string {
  const words = s.split(/[^A-Za-z0-9]+/).filter(Boolean);
  if (style === 'upper') return words.map(w => w.toUpperCase()).join('_') || 'VALUE';
  const id = words.map((w, i) => (i === 0 ? w.charAt(0).toLowerCase() + w.slice(1) : w.charAt(0).toUpperCase() + w.slice(1))).join('');
  return /^[A-Za-z_]/.test(id) ? id : `x${id}`;
}

const RESERVED = new Set(['break', 'case', 'catch', 'class', 'const', 'continue', 'debugger', 'default', 'delete', 'do', 'else', 'enum',
  'export', 'extends', 'false', 'finally', 'for', 'function', 'if', 'import', 'in', 'instanceof', 'new', 'null', 'return', 'super',
  'switch', 'this', 'throw', 'true', 'try', 'typeof', 'var', 'void', 'while', 'with', 'as', 'implements', 'interface', 'let',
  'package', 'private', 'protected', 'public', 'static', 'yield', 'await', 'any', 'boolean', 'number', 'string', 'symbol', 'type',
  'undefined', 'constructor', 'kplus', 'cdk8s', 'constructs', 'props', 'scope', 'id', 'Chart', 'ApiObject', 'JsonPatch', 'Duration',
  'Size', 'Cron', 'Construct', 'Suppressions', 'SecureDeployment', 'SecureStatefulSet', 'SecureJob', 'SecureCronJob', 'SecureDaemonSet',
  'PersistentVolumeClaimRetention', 'Object', 'Array', 'String', 'Number', 'Boolean', 'Error', 'JSON', 'Math', 'Date', 'Promise']);

/** Hands out unique names. */
class Names {
  private readonly used = new Set<string>(RESERVED);
  public take(base: string): string {
    let n = base;
    for (let i = 2; this.used.has(n); i++) n = `${base}${i}`;
    this.used.add(n);
    return n;
  }
}

const duration = (s: unknown): Expr => {
  if (typeof s !== 'number' || !Number.isInteger(s) || s < 0) throw new Unexpressible(`duration ${JSON.stringify(s)} is not whole seconds`);
  return call('Duration.seconds', lit(s));
};

const num = (v: unknown, what: string): Expr => {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new Unexpressible(`${what} ${JSON.stringify(v)} is not a number`);
  return lit(v);
};

/** A memory quantity as a cdk8s Size (binary units only, as cdk8s has no byte unit). */
function size(q: unknown): Expr {
  const m = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|Ti|k|M|G|T)?$/.exec(String(q).trim());
  if (!m) throw new Unexpressible(`quantity ${JSON.stringify(q)} is not supported`);
  const mult: Record<string, number> = { '': 1, 'Ki': 1024, 'Mi': 1024 ** 2, 'Gi': 1024 ** 3, 'Ti': 1024 ** 4, 'k': 1e3, 'M': 1e6, 'G': 1e9, 'T': 1e12 };
  const bytes = Number(m[1]) * mult[m[2] ?? ''];
  for (const [fn, unit] of [['Size.gibibytes', 1024 ** 3], ['Size.mebibytes', 1024 ** 2], ['Size.kibibytes', 1024]] as const) {
    if (bytes > 0 && bytes % unit === 0) return call(fn, lit(bytes / unit));
  }
  throw new Unexpressible(`quantity ${JSON.stringify(q)} is not a whole number of KiB`);
}

function cpu(q: unknown): Expr {
  const m = cpuMillis(String(q));
  if (m === undefined || !Number.isInteger(m)) throw new Unexpressible(`cpu quantity ${JSON.stringify(q)} is not whole millicores`);
  return call('kplus.Cpu.millis', lit(m));
}

/** An enum member of cdk8s-plus by its Kubernetes value. */
function kplusEnum(enumName: keyof typeof kplus, value: unknown): Expr {
  const e = kplus[enumName] as unknown as Record<string, unknown>;
  const member = Object.keys(e).find(k => e[k] === value);
  if (member === undefined || !/^[A-Z0-9_]+$/.test(member)) throw new Unexpressible(`${enumName} ${JSON.stringify(value)} is not supported`);
  return enumMember(`kplus.${enumName}.${member}`, e[member]);
}

/** Pod spec fields the secure workloads write themselves, with the values that say nothing. */
const POD_DEFAULTS: Record<string, (v: any) => boolean> = {
  dnsPolicy: v => v === 'ClusterFirst',
  schedulerName: v => v === 'default-scheduler',
  setHostnameAsFQDN: v => v === false,
  hostNetwork: v => v === false,
  hostPID: v => v === false,
  hostIPC: v => v === false,
  shareProcessNamespace: v => v === false,
  enableServiceLinks: v => v === true,
  serviceAccount: () => true, // deprecated alias of serviceAccountName
  restartPolicy: () => true, // each kind sets its own
};

const CONTAINER_DEFAULTS: Record<string, (v: any) => boolean> = {
  terminationMessagePath: v => v === '/dev/termination-log',
  terminationMessagePolicy: v => v === 'File',
  stdin: v => v === false,
  tty: v => v === false,
};

/** Turns the input objects into the statements of a chart. */
export class ImportPlanner {
  public readonly notes: string[] = [];
  public readonly todos: string[] = [];
  private readonly names = new Names();
  private readonly ids = new Names();
  private readonly todoNames = new Names();
  /** Statements declaring references to existing objects (Secrets, ConfigMaps, claims, service accounts). */
  private readonly refs: Stmt[] = [];
  private readonly refNames = new Map<string, string>();
  public readonly units: Unit[] = [];
  /** Statements after every unit: flows. */
  public readonly flows: Stmt[] = [];
  private todoSecret = 0;

  /** Objects the secure workloads create again (their ServiceAccount, PDB, default-deny and DNS policies...). */
  private readonly replaced = new Set<Json>();

  /**
   * @param input the objects read
   * @param forced workloads to keep as plain ApiObjects, with why (a construct refused them in an earlier attempt)
   */
  constructor(private readonly input: InputObject[], private readonly forced: ReadonlyMap<Json, string> = new Map()) {}

  public plan(): void {
    const workloads = this.input.filter(i => WORKLOAD_KINDS[i.obj.kind] && isRecord(get(i.obj, WORKLOAD_KINDS[i.obj.kind].template)));
    // Names for all workloads first: Services and flows refer to them.
    const wl = workloads.map(w => ({ input: w, labels: this.podLabels(w.obj), name: this.names.take(identifier(`${w.obj.metadata?.name ?? w.obj.kind}`, 'camel')) }));
    const byObj = new Map(wl.map(w => [w.input.obj, w]));
    const translated = new Set<Json>();
    for (const w of wl) {
      const unit = this.workloadUnit(w.input, w.name, w.labels);
      if (!unit.verbatim) translated.add(w.input.obj);
      this.units.push(unit);
    }
    const live = wl.filter(w => translated.has(w.input.obj));
    const matching = (selector: unknown, ns: string | undefined) =>
      live.filter(w => (w.input.obj.metadata?.namespace ?? undefined) === ns && selects(selector, w.labels));
    this.findCompanions(live.map(w => w.input.obj), matching);
    const flowKeys = new Set<string>();
    for (const i of this.input) {
      if (byObj.has(i.obj) || this.replaced.has(i.obj)) continue;
      const o = i.obj;
      const ns = o.metadata?.namespace;
      if (o.kind === 'NetworkPolicy' && o.apiVersion === 'networking.k8s.io/v1') {
        const flows = this.policyFlows(o, (sel, peerNs) => matching(sel, peerNs ?? ns));
        if (flows) {
          for (const f of flows) {
            const k = `${f.from}>${f.to}>${f.ports.join(',')}`;
            if (flowKeys.has(k)) continue;
            flowKeys.add(k);
            // A peer outside the input: allowFrom() for ingress, connectTo() for egress; two workloads: one allowFrom() opens both ends.
            this.flows.push({ expr: f.peer ? method(f.from, f.to === 'in' ? 'allowFrom' : 'connectTo', f.peer, ...f.portExprs) : method(f.to, 'allowFrom', ref(f.from), ...f.portExprs) });
          }
          continue;
        }
      }
      if (o.kind === 'Service' && o.apiVersion === 'v1') {
        const targets = matching(o.spec?.selector === undefined ? undefined : { matchLabels: o.spec.selector }, ns);
        const unit = targets.length === 1 ? this.serviceUnit(i, targets[0].name, targets[0].input.obj) : undefined;
        if (unit) {
          this.units.push(unit);
          continue;
        }
      }
      this.units.push(this.verbatimUnit(i));
    }
    // The secure workloads are isolated (default deny, DNS egress only): say which ones no flow of the input opens.
    const opened = new Set(this.flows.map(f => (f.expr as { target?: string; name?: string }).name === 'allowFrom' ? (f.expr as { target: string }).target : undefined));
    const closed = live.filter(w => !opened.has(w.name)).map(w => `${w.input.obj.kind} ${w.input.obj.metadata?.name}`);
    if (closed.length) {
      this.notes.push(`isolated with no ingress allowed (no NetworkPolicy of the input opens them): ${closed.join(', ')}; open what must reach them with allowFrom()`);
    }
  }

  /** All statements, given the suppressions of each unit (by unit name). */
  public statements(suppressions: Map<string, Suppression[]>): Stmt[] {
    return [...this.refs, ...this.units.flatMap(u => u.make(suppressions.get(u.name) ?? [])), ...this.flows];
  }

  private podLabels(o: Json): Record<string, string> {
    const l = get(o, [...WORKLOAD_KINDS[o.kind].template, 'metadata', 'labels']);
    return isRecord(l) ? Object.fromEntries(Object.entries(l).filter(([, v]) => typeof v === 'string')) as Record<string, string> : {};
  }

  private refTo(kind: 'secret' | 'configMap' | 'claim' | 'serviceAccount', name: unknown): Expr {
    if (typeof name !== 'string' || name === '') throw new Unexpressible(`a ${kind} reference without a name`);
    const k = `${kind}:${name}`;
    let v = this.refNames.get(k);
    if (!v) {
      v = this.names.take(identifier(`${name}-${kind}`, 'camel'));
      this.refNames.set(k, v);
      const fn = ({ secret: 'kplus.Secret.fromSecretName', configMap: 'kplus.ConfigMap.fromConfigMapName', claim: 'kplus.PersistentVolumeClaim.fromClaimName', serviceAccount: 'kplus.ServiceAccount.fromServiceAccountName' } as const)[kind];
      this.refs.push({ name: v, expr: call(fn, THIS, lit(this.ids.take(`${kind}-${name}`)), lit(name)) });
    }
    return ref(v);
  }

  private todoIdent(base: string): string {
    return this.todoNames.take(`TODO_RESOLVE_${identifier(base, 'upper')}`);
  }

  // ---------------------------------------------------------------- workloads

  private workloadUnit(input: InputObject, name: string, labels: Record<string, string>): Unit {
    const o = input.obj;
    const id = this.ids.take(String(o.metadata?.name ?? o.kind));
    const label = `${o.kind} ${o.metadata?.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata?.name ?? '(unnamed)'}`;
    const original = originalSuppressions(o);
    try {
      const forced = this.forced.get(o);
      if (forced !== undefined) throw new Unexpressible(forced);
      const built = this.workload(o, name, labels, original);
      return {
        name,
        id,
        label,
        inProps: true,
        original,
        input,
        verbatim: false,
        make: sups => [
          ...built.declare,
          {
            comment: [`${label} (${input.file}, document ${input.documentIndex})`, ...built.comments],
            name,
            expr: construct(WORKLOAD_KINDS[o.kind].cls, THIS, lit(id), obj([...built.props, ['suppressions', sups.length ? suppressionList(sups) : undefined]])),
          },
          ...built.after,
        ],
      };
    } catch (e) {
      if (!(e instanceof Unexpressible)) throw e;
      this.notes.push(`${label}: kept as a plain ApiObject: ${e.message}`);
      return this.verbatimUnit(input, name);
    }
  }

  private workload(o: Json, unitName: string, labels: Record<string, string>, original: Suppression[]) {
    const kind = o.kind as string;
    const meta = o.metadata ?? {};
    const spec = o.spec ?? {};
    const tpl = get(o, WORKLOAD_KINDS[kind].template);
    const pod: Json = tpl.spec ?? {};
    const suppressedRule = (id: string) => original.some(s => s.ruleId === id);
    const comments: string[] = [];
    const after: Stmt[] = [];
    const podPath = `/${WORKLOAD_KINDS[kind].template.join('/')}/spec`;
    const props: Array<readonly [string, Expr | undefined]> = [];

    const owner = typeof meta.labels?.owner === 'string' ? meta.labels.owner : typeof labels.owner === 'string' ? labels.owner : undefined;
    if (owner === undefined) comments.push('TODO: owner: the team that owns this workload (the input has no owner label)');
    props.push(['owner', lit(owner ?? 'todo-owner')]);
    const appName = labels['app.kubernetes.io/name'] ?? meta.labels?.['app.kubernetes.io/name'] ?? labels.app;
    if (typeof appName === 'string') props.push(['appName', lit(appName)]);
    const extraLabels = (l: unknown) => (isRecord(l) ? Object.entries(l).filter(([k, v]) => !MANAGED_LABELS.has(k) && typeof v === 'string') : []);
    const annotations = isRecord(meta.annotations) ? Object.entries(meta.annotations).filter(([k]) => !generatedAnnotation(k)) : [];
    props.push(['metadata', obj([
      ['name', typeof meta.name === 'string' ? lit(meta.name) : undefined],
      ['namespace', typeof meta.namespace === 'string' ? lit(meta.namespace) : undefined],
      ['labels', extraLabels(meta.labels).length ? json(Object.fromEntries(extraLabels(meta.labels))) : undefined],
      ['annotations', annotations.length ? json(Object.fromEntries(annotations)) : undefined],
    ])]);
    const podAnnotations = isRecord(tpl.metadata?.annotations)
      ? Object.entries(tpl.metadata.annotations).filter(([k]) => !generatedAnnotation(k)) : [];
    if (extraLabels(labels).length || podAnnotations.length) {
      props.push(['podMetadata', obj([
        ['labels', extraLabels(labels).length ? json(Object.fromEntries(extraLabels(labels))) : undefined],
        ['annotations', podAnnotations.length ? json(Object.fromEntries(podAnnotations)) : undefined],
      ])]);
    }

    // Refused outright by the constructs: a TODO that stops compilation until a person decides.
    const stop = (what: string, why: string) => {
      const ident = this.todoIdent(`${meta.name ?? kind}_${what}`);
      this.todos.push(`${ident}: ${why}`);
      after.push({ comment: [`${ident}: ${why}`], stop: ident });
    };

    // Pod security context.
    const psc: Json = isRecord(pod.securityContext) ? pod.securityContext : {};
    const podWide: Json = {}; // settings the constructs take per container only
    for (const [k, v] of Object.entries(psc)) {
      if (v === undefined || v === null) continue;
      switch (k) {
        case 'runAsUser':
          if (v === 0) stop('run_as_root', 'the pod runs as root (runAsUser 0); a secure workload refuses it at pod level: set runAsUser 0 with runAsNonRoot false on the containers that need it, with suppressions of CS123/CS124');
          else if (v !== DEFAULT_ID) props.push(['runAsUser', num(v, 'runAsUser')]);
          break;
        case 'runAsGroup': if (v !== DEFAULT_ID) props.push(['runAsGroup', num(v, 'runAsGroup')]); break;
        case 'fsGroup': if (v !== DEFAULT_ID) props.push(['fsGroup', num(v, 'fsGroup')]); break;
        case 'runAsNonRoot': if (v === false) podWide.runAsNonRoot = false; break;
        case 'seccompProfile': if (v?.type !== 'RuntimeDefault') podWide.seccompProfile = v; break;
        case 'fsGroupChangePolicy': break; // each kind sets its own
        default: after.push({ expr: patch(unitName, `${podPath}/securityContext/${k}`, json(v)) });
      }
    }
    const runAsUserSet = psc.runAsUser !== undefined || psc.runAsGroup !== undefined || psc.fsGroup !== undefined;
    if (!runAsUserSet && psc.runAsNonRoot === false) props.push(['useImageUser', lit(true)]);

    const sa = pod.serviceAccountName ?? pod.serviceAccount;
    const grants = typeof sa === 'string' ? this.grants(sa, o) : undefined;
    if (grants) {
      // The workload's own ServiceAccount with grant(): the same rules, bound the same way; grant() mounts the token.
      for (const g of grants) after.push({ expr: method(unitName, 'grant', g) });
    } else {
      if (pod.automountServiceAccountToken === true) props.push(['automountServiceAccountToken', lit(true)]);
      if (typeof sa === 'string' && sa !== 'default' && this.saIsShared(sa, o)) {
        props.push(['serviceAccount', this.refTo('serviceAccount', sa)]);
      }
    }
    if (typeof pod.terminationGracePeriodSeconds === 'number' && pod.terminationGracePeriodSeconds !== 30) {
      props.push(['terminationGracePeriod', duration(pod.terminationGracePeriodSeconds)]);
    }
    if (Array.isArray(pod.imagePullSecrets) && pod.imagePullSecrets.length > 0) {
      if (pod.imagePullSecrets.length > 1) throw new Unexpressible('more than one imagePullSecret');
      props.push(['dockerRegistryAuth', this.refTo('secret', pod.imagePullSecrets[0]?.name)]);
    }
    for (const h of ['hostNetwork', 'hostPID', 'hostIPC'] as const) {
      if (pod[h] !== true) continue;
      if (h === 'hostNetwork' && kind === 'DaemonSet') props.push(['hostNetwork', lit(true)]);
      else stop(h, `${h}: true; a ${WORKLOAD_KINDS[kind].cls.slice(4)} has no such setting (only SecureDaemonSet takes hostNetwork, with suppressions of CS102 and CS301): drop it or keep this object as a plain ApiObject`);
    }

    // Volumes.
    const volumes = new Map<string, Expr>();
    const hostPaths: Json[] = [];
    const claimMounts = new Map<string, { path?: string; containers: string[] }>();
    const claims: Json[] = kind === 'StatefulSet' && Array.isArray(spec.volumeClaimTemplates) ? spec.volumeClaimTemplates : [];
    for (const c of claims) claimMounts.set(String(c?.metadata?.name), { containers: [] });
    const writable = writableDirs(pod);
    for (const v of Array.isArray(pod.volumes) ? pod.volumes : []) {
      const vname = v?.name;
      if (writable.volumes.has(vname)) continue;
      if (typeof vname !== 'string') throw new Unexpressible('a volume without a name');
      const vid = () => lit(this.ids.take(`${meta.name ?? kind}-${vname}`));
      let e: Expr | undefined;
      if (v.emptyDir) {
        e = call('kplus.Volume.fromEmptyDir', THIS, vid(), lit(vname), obj([
          ['medium', v.emptyDir.medium === 'Memory' ? kplusEnum('EmptyDirMedium', 'Memory') : undefined],
          ['sizeLimit', v.emptyDir.sizeLimit !== undefined ? size(v.emptyDir.sizeLimit) : undefined],
        ]));
      } else if (v.configMap) {
        e = call('kplus.Volume.fromConfigMap', THIS, vid(), this.refTo('configMap', v.configMap.name), obj(volumeOptions(vname, v.configMap)));
      } else if (v.secret) {
        e = call('kplus.Volume.fromSecret', THIS, vid(), this.refTo('secret', v.secret.secretName), obj(volumeOptions(vname, v.secret)));
      } else if (v.persistentVolumeClaim) {
        e = call('kplus.Volume.fromPersistentVolumeClaim', THIS, vid(), this.refTo('claim', v.persistentVolumeClaim.claimName), obj([
          ['name', lit(vname)], ['readOnly', v.persistentVolumeClaim.readOnly === true ? lit(true) : undefined],
        ]));
      } else if (v.hostPath && kind === 'DaemonSet') {
        hostPaths.push(v);
        continue;
      } else if (v.hostPath) {
        e = call('kplus.Volume.fromHostPath', THIS, vid(), lit(vname), obj([
          ['path', lit(String(v.hostPath.path))],
          ['type', v.hostPath.type ? kplusEnum('HostPathVolumeType', v.hostPath.type) : undefined],
        ]));
      } else {
        throw new Unexpressible(`volume "${vname}" has a type the constructs do not take (${Object.keys(v).filter(k => k !== 'name').join(', ')})`);
      }
      volumes.set(vname, e);
    }
    // Volumes are declared once, before the workload, so every container mounts the same one.
    const volumeVars = new Map<string, string>();
    const declare: Stmt[] = [];
    for (const [vname, e] of volumes) {
      const v = this.names.take(identifier(`${meta.name ?? kind}-${vname}-volume`, 'camel'));
      volumeVars.set(vname, v);
      declare.push({ name: v, expr: e });
    }

    // Containers.
    const hostPathUse = new Map<string, { path?: string; readOnly?: boolean; containers: string[] }>();
    const containerExprs = (list: unknown, init: boolean, base: string): Expr[] => (Array.isArray(list) ? list : []).map((c: Json, index: number) =>
      this.container(c, { init, volumeVars, writable, claimMounts, hostPathUse, podWide, suppressedRule, comments, after, unitName, path: `${podPath}/${base}/${index}` }));
    const initContainers = containerExprs(pod.initContainers, true, 'initContainers');
    const containers = containerExprs(pod.containers, false, 'containers');
    if (containers.length === 0) throw new Unexpressible('the pod has no container');
    props.push(['containers', arr(containers)]);
    if (initContainers.length) props.push(['initContainers', arr(initContainers)]);
    if (volumes.size) props.push(['volumes', arr([...volumeVars.values()].map(ref))]);

    if (hostPaths.length) {
      props.push(['hostPaths', arr(hostPaths.map(v => {
        const use = hostPathUse.get(v.name);
        if (!use?.path) throw new Unexpressible(`hostPath volume "${v.name}" is not mounted, or mounted at different paths`);
        return obj([
          ['name', lit(v.name)], ['hostPath', lit(String(v.hostPath.path))], ['mountPath', lit(use.path)],
          ['readOnly', use.readOnly ? undefined : lit(false)],
          ['type', v.hostPath.type !== undefined && v.hostPath.type !== 'Directory' ? kplusEnum('HostPathVolumeType', v.hostPath.type) : undefined],
          ['containers', use.containers.length === containers.length ? undefined : json(use.containers)],
        ]);
      }))]);
    }
    if (claims.length) {
      props.push(['volumeClaimTemplates', arr(claims.map(c => {
        const cname = String(c?.metadata?.name);
        const use = claimMounts.get(cname)!;
        const storage = get(c, ['spec', 'resources', 'requests', 'storage']);
        const modes = get(c, ['spec', 'accessModes']);
        if (!use.path) throw new Unexpressible(`volumeClaimTemplate "${cname}" is not mounted, or mounted at different paths`);
        if (modes !== undefined && !(Array.isArray(modes) && modes.length === 1 && modes[0] === 'ReadWriteOnce')) {
          throw new Unexpressible(`volumeClaimTemplate "${cname}" has access modes other than ReadWriteOnce`);
        }
        return obj([
          ['name', lit(cname)], ['storage', size(storage)], ['mountPath', lit(use.path)],
          ['storageClassName', typeof c.spec?.storageClassName === 'string' ? lit(c.spec.storageClassName) : undefined],
          ['containers', use.containers.length === containers.length ? undefined : json(use.containers)],
        ]);
      }))]);
    }

    // Pod spec fields the constructs do not model: JSON patches, verbatim.
    const handledPod = new Set(['containers', 'initContainers', 'volumes', 'securityContext', 'automountServiceAccountToken', 'serviceAccountName',
      'terminationGracePeriodSeconds', 'imagePullSecrets', 'hostNetwork', 'hostPID', 'hostIPC']);
    for (const [k, v] of Object.entries(pod)) {
      if (handledPod.has(k) || v === undefined || POD_DEFAULTS[k]?.(v)) continue;
      if (k === 'topologySpreadConstraints' && JSON.stringify(v).includes(ADDR_LABEL)) continue; // the construct writes its own
      after.push({ expr: patch(unitName, `${podPath}/${k}`, json(v)) });
    }
    this.kindProps(kind, spec, props, after, unitName);
    return { props, comments, after: [...after], declare };
  }

  /** The fields of each kind's own spec. */
  private kindProps(kind: string, spec: Json, props: Array<readonly [string, Expr | undefined]>, after: Stmt[], unitName: string): void {
    const handled = new Set(['template', 'selector']);
    const take = (field: string, prop: string, f: (v: any) => Expr | undefined) => {
      handled.add(field);
      if (spec[field] !== undefined) props.push([prop, f(spec[field])]);
    };
    switch (kind) {
      case 'Deployment':
        take('replicas', 'replicas', v => (v === 2 ? undefined : num(v, 'replicas')));
        take('minReadySeconds', 'minReady', v => (v === 0 ? undefined : duration(v)));
        take('progressDeadlineSeconds', 'progressDeadline', v => (v === 600 ? undefined : duration(v)));
        if (isDefaultRollingUpdate(spec.strategy)) handled.add('strategy');
        break;
      case 'StatefulSet':
        take('replicas', 'replicas', v => num(v, 'replicas'));
        take('minReadySeconds', 'minReady', v => (v === 0 ? undefined : duration(v)));
        take('podManagementPolicy', 'podManagementPolicy', v => (v === 'OrderedReady' ? undefined : kplusEnum('PodManagementPolicy', v)));
        take('persistentVolumeClaimRetentionPolicy', 'whenDeleted', v => retention(v?.whenDeleted));
        if (spec.persistentVolumeClaimRetentionPolicy?.whenScaled !== undefined) props.push(['whenScaled', retention(spec.persistentVolumeClaimRetentionPolicy.whenScaled)]);
        handled.add('volumeClaimTemplates');
        handled.add('serviceName'); // the construct creates its own headless Service
        if (spec.updateStrategy?.type === 'RollingUpdate' && (spec.updateStrategy.rollingUpdate?.partition ?? 0) === 0) handled.add('updateStrategy');
        break;
      case 'Job':
        take('backoffLimit', 'backoffLimit', v => num(v, 'backoffLimit'));
        take('activeDeadlineSeconds', 'activeDeadline', duration);
        take('ttlSecondsAfterFinished', 'ttlAfterFinished', duration);
        break;
      case 'CronJob': {
        take('schedule', 'schedule', cron);
        take('timeZone', 'timeZone', v => lit(String(v)));
        take('concurrencyPolicy', 'concurrencyPolicy', v => kplusEnum('ConcurrencyPolicy', v));
        take('startingDeadlineSeconds', 'startingDeadline', duration);
        take('suspend', 'suspend', v => (v === true ? lit(true) : undefined));
        take('successfulJobsHistoryLimit', 'successfulJobsRetained', v => num(v, 'successfulJobsHistoryLimit'));
        take('failedJobsHistoryLimit', 'failedJobsRetained', v => num(v, 'failedJobsHistoryLimit'));
        handled.add('jobTemplate');
        const job = spec.jobTemplate?.spec ?? {};
        if (job.backoffLimit !== undefined) props.push(['backoffLimit', num(job.backoffLimit, 'backoffLimit')]);
        if (job.activeDeadlineSeconds !== undefined) props.push(['activeDeadline', duration(job.activeDeadlineSeconds)]);
        for (const [k, v] of Object.entries(job)) {
          if (!['template', 'backoffLimit', 'activeDeadlineSeconds'].includes(k) && v !== undefined) after.push({ expr: patch(unitName, `/spec/jobTemplate/spec/${k}`, json(v)) });
        }
        break;
      }
      case 'DaemonSet':
        take('minReadySeconds', 'minReadySeconds', v => (v === 0 ? undefined : num(v, 'minReadySeconds')));
        if (spec.updateStrategy?.type === 'RollingUpdate' && Object.keys(spec.updateStrategy).length === 1) handled.add('updateStrategy');
        break;
    }
    for (const [k, v] of Object.entries(spec)) {
      if (!handled.has(k) && v !== undefined) after.push({ expr: patch(unitName, `/spec/${k}`, json(v)) });
    }
  }

  private container(c: Json, ctx: {
    init: boolean;
    volumeVars: Map<string, string>;
    writable: ReturnType<typeof writableDirs>;
    claimMounts: Map<string, { path?: string; containers: string[] }>;
    hostPathUse: Map<string, { path?: string; readOnly?: boolean; containers: string[] }>;
    podWide: Json;
    suppressedRule: (id: string) => boolean;
    comments: string[];
    after: Stmt[];
    unitName: string;
    path: string;
  }): Expr {
    if (!isRecord(c) || typeof c.name !== 'string') throw new Unexpressible('a container without a name');
    if (typeof c.image !== 'string') throw new Unexpressible(`container "${c.name}" has no image`);
    const props: Array<readonly [string, Expr | undefined]> = [['name', lit(c.name)], ['image', lit(c.image)]];
    const handled = new Set(['name', 'image']);
    const take = (field: string, f: (v: any) => Array<readonly [string, Expr | undefined]>) => {
      handled.add(field);
      if (c[field] !== undefined && c[field] !== null) props.push(...f(c[field]));
    };
    const portsByName = new Map<string, number>();
    take('ports', v => {
      if (!Array.isArray(v) || v.length === 0) return [];
      return [['ports', arr(v.map((p: Json) => {
        if (typeof p?.name === 'string') portsByName.set(p.name, p.containerPort);
        return obj([
          ['number', num(p?.containerPort, 'containerPort')],
          ['name', typeof p.name === 'string' ? lit(p.name) : undefined],
          ['protocol', p.protocol && p.protocol !== 'TCP' ? kplusEnum('Protocol', p.protocol) : undefined],
          ['hostPort', p.hostPort !== undefined ? num(p.hostPort, 'hostPort') : undefined],
          ['hostIp', typeof p.hostIP === 'string' ? lit(p.hostIP) : undefined],
        ]);
      }))]];
    });
    take('command', v => [['command', json(v)]]);
    take('args', v => [['args', json(v)]]);
    take('workingDir', v => [['workingDir', lit(String(v))]]);
    take('imagePullPolicy', v => (v === 'Always' ? [] : [['imagePullPolicy', kplusEnum('ImagePullPolicy', v)]]));
    take('env', v => (Array.isArray(v) && v.length ? [['envVariables', this.env(v, c.name, ctx.comments)]] : []));
    take('envFrom', v => (Array.isArray(v) && v.length ? [['envFrom', arr(v.map((e: Json) => {
      if (e?.configMapRef) return call('kplus.Env.fromConfigMap', this.refTo('configMap', e.configMapRef.name), ...(e.prefix ? [lit(String(e.prefix))] : []));
      if (e?.secretRef && !e.prefix) return call('kplus.Env.fromSecret', this.refTo('secret', e.secretRef.name));
      throw new Unexpressible(`container "${c.name}": an envFrom entry the constructs do not take`);
    }))]] : []));
    take('volumeMounts', v => {
      const mounts: Expr[] = [];
      for (const m of Array.isArray(v) ? v : []) {
        if (ctx.writable.volumes.has(m?.name)) continue;
        const claim = ctx.claimMounts.get(m?.name);
        const host = ctx.hostPathUse.get(m?.name) ?? (ctx.volumeVars.has(m?.name) ? undefined : { containers: [] as string[] });
        if (claim) {
          if ((claim.path !== undefined && claim.path !== m.mountPath) || m.subPath || m.readOnly) throw new Unexpressible(`claim "${m.name}" is mounted in different ways`);
          claim.path = m.mountPath;
          claim.containers.push(c.name);
          continue;
        }
        if (ctx.volumeVars.has(m?.name)) {
          mounts.push(obj([
            ['volume', ref(ctx.volumeVars.get(m.name)!)], ['path', lit(String(m.mountPath))],
            ['readOnly', m.readOnly === true ? lit(true) : undefined], ['subPath', typeof m.subPath === 'string' ? lit(m.subPath) : undefined],
          ]));
          continue;
        }
        // A DaemonSet hostPath volume (or a mount of a volume that does not exist).
        if (!ctx.init && host && !m.subPath && (host.path === undefined || host.path === m.mountPath)) {
          host.path = m.mountPath;
          host.readOnly = m.readOnly === true && (host.readOnly ?? true);
          host.containers.push(c.name);
          ctx.hostPathUse.set(m.name, host);
          continue;
        }
        throw new Unexpressible(`container "${c.name}" mounts "${m?.name}" in a way the constructs do not take`);
      }
      return mounts.length ? [['volumeMounts', arr(mounts)]] : [];
    });
    for (const [field, prop] of [['livenessProbe', 'liveness'], ['readinessProbe', 'readiness'], ['startupProbe', 'startup']] as const) {
      take(field, v => [[prop, probe(v, portsByName, c.name)]]);
    }
    take('resources', v => resources(v, c.name));
    const dirs = ctx.writable.byContainer.get(c.name);
    if (dirs) {
      const paths = dirs.paths.filter(p => p !== '/tmp');
      if (paths.length) props.push(['writablePaths', json(paths)]);
      if (dirs.size !== undefined && dirs.size !== '64Mi') props.push(['writableSizeLimit', size(dirs.size)]);
    }
    take('restartPolicy', v => [['restartPolicy', kplusEnum('ContainerRestartPolicy', v)]]);
    take('securityContext', () => []);
    const sc = securityContext({ ...ctx.podWide, ...(isRecord(c.securityContext) ? c.securityContext : {}) }, ctx.suppressedRule, ctx.unitName, `${ctx.path}/securityContext`, ctx.after);
    if (sc.length) props.push(['securityContext', obj(sc)]);
    for (const [k, v] of Object.entries(c)) {
      if (handled.has(k) || v === undefined || CONTAINER_DEFAULTS[k]?.(v)) continue;
      ctx.after.push({ expr: patch(ctx.unitName, `${ctx.path}/${k}`, json(v)) });
    }
    return obj(props);
  }

  private env(list: Json[], container: string, comments: string[]): Expr {
    const seen = new Set<string>();
    const entries: Array<[string, Expr]> = [];
    for (const e of list) {
      if (typeof e?.name !== 'string' || seen.has(e.name)) throw new Unexpressible(`container "${container}": env entry without a name, or twice`);
      seen.add(e.name);
      const vf = e.valueFrom;
      let x: Expr;
      if (vf?.secretKeyRef) {
        x = call('kplus.EnvValue.fromSecretValue', obj([['secret', this.refTo('secret', vf.secretKeyRef.name)], ['key', lit(String(vf.secretKeyRef.key))]]),
          ...(vf.secretKeyRef.optional !== undefined ? [obj([['optional', lit(vf.secretKeyRef.optional === true)]])] : []));
      } else if (vf?.configMapKeyRef) {
        x = call('kplus.EnvValue.fromConfigMap', this.refTo('configMap', vf.configMapKeyRef.name), lit(String(vf.configMapKeyRef.key)),
          ...(vf.configMapKeyRef.optional !== undefined ? [obj([['optional', lit(vf.configMapKeyRef.optional === true)]])] : []));
      } else if (vf?.fieldRef) {
        const m = /^metadata\.(labels|annotations)\['(.+)'\]$/.exec(String(vf.fieldRef.fieldPath));
        x = m
          ? call('kplus.EnvValue.fromFieldRef', kplusEnum('EnvFieldPaths', `metadata.${m[1]}`), obj([['key', lit(m[2])]]))
          : call('kplus.EnvValue.fromFieldRef', kplusEnum('EnvFieldPaths', vf.fieldRef.fieldPath));
      } else if (vf?.resourceFieldRef) {
        if (vf.resourceFieldRef.divisor !== undefined) throw new Unexpressible(`container "${container}": env ${e.name} has a resourceFieldRef divisor`);
        x = call('kplus.EnvValue.fromResource', kplusEnum('ResourceFieldPaths', vf.resourceFieldRef.resource),
          ...(vf.resourceFieldRef.containerName ? [obj([['container', lit(String(vf.resourceFieldRef.containerName))]])] : []));
        if (vf.resourceFieldRef.containerName) throw new Unexpressible(`container "${container}": env ${e.name} reads another container's resources`);
      } else if (vf !== undefined) {
        throw new Unexpressible(`container "${container}": env ${e.name} has a valueFrom the constructs do not take`);
      } else {
        const value = e.value === undefined || e.value === null ? '' : String(e.value);
        const why = credentialReason(e.name, value);
        if (why) {
          const ident = this.todoIdent(`SECRET_ENV_${e.name}`);
          const msg = `${ident}: env ${JSON.stringify(e.name)} of container ${JSON.stringify(container)} held a literal value (${why}); `
            + 'replace the identifier with kplus.EnvValue.fromSecretValue({ secret: kplus.Secret.fromSecretName(this, id, name), key }) and move the value into that Secret';
          this.todos.push(msg);
          comments.push(msg);
          x = todo(ident, call('kplus.EnvValue.fromSecretValue', obj([
            ['secret', call('kplus.Secret.fromSecretName', THIS, lit(`todo-secret-${++this.todoSecret}`), lit('todo'))], ['key', lit('todo')],
          ])));
        } else {
          x = call('kplus.EnvValue.fromValue', lit(value));
        }
      }
      entries.push([e.name, x]);
    }
    return obj(entries);
  }

  /** True when the ServiceAccount must be kept: another workload uses it, or a binding grants it something. */
  private saIsShared(name: string, owner: Json): boolean {
    const ns = owner.metadata?.namespace;
    const sa = this.input.find(i => i.obj.kind === 'ServiceAccount' && i.obj.metadata?.name === name && i.obj.metadata?.namespace === ns);
    if (!sa) return true; // not in the input: it exists elsewhere
    const users = this.input.filter(i => WORKLOAD_KINDS[i.obj.kind] && i.obj.metadata?.namespace === ns
      && [get(i.obj, [...WORKLOAD_KINDS[i.obj.kind].template, 'spec', 'serviceAccountName'])].includes(name));
    const bound = this.input.some(i => /^(Cluster)?RoleBinding$/.test(i.obj.kind) && Array.isArray(i.obj.subjects)
      && i.obj.subjects.some((s: Json) => s?.kind === 'ServiceAccount' && s.name === name && (s.namespace ?? i.obj.metadata?.namespace) === ns));
    return users.length > 1 || bound;
  }

  /**
   * The grant() options that recreate what the workload's ServiceAccount is bound to, when it is its own
   * (no other workload runs as it) and every binding of it is one subject bound to a role in the input
   * that nothing else binds; undefined otherwise. Marks those objects as replaced.
   */
  private grants(sa: string, w: Json): Expr[] | undefined {
    const ns = w.metadata?.namespace;
    const saObj = this.input.find(i => i.obj.kind === 'ServiceAccount' && i.obj.metadata?.name === sa && i.obj.metadata?.namespace === ns);
    if (!saObj || sa === 'default') return undefined;
    const users = this.input.filter(i => WORKLOAD_KINDS[i.obj.kind] && i.obj.metadata?.namespace === ns
      && get(i.obj, [...WORKLOAD_KINDS[i.obj.kind].template, 'spec', 'serviceAccountName']) === sa);
    if (users.length !== 1) return undefined;
    const isBinding = (o: Json) => /^(Cluster)?RoleBinding$/.test(o.kind) && o.apiVersion === 'rbac.authorization.k8s.io/v1';
    const bindings = this.input.filter(i => isBinding(i.obj) && Array.isArray(i.obj.subjects)
      && i.obj.subjects.some((s: Json) => s?.kind === 'ServiceAccount' && s.name === sa && (s.namespace ?? i.obj.metadata?.namespace) === ns));
    if (bindings.length === 0) return undefined;
    const out: Expr[] = [];
    const replaced: Json[] = [];
    for (const b of bindings.map(x => x.obj)) {
      const clusterWide = b.kind === 'ClusterRoleBinding';
      if (b.subjects.length !== 1 || b.roleRef?.kind !== (clusterWide ? 'ClusterRole' : 'Role')) return undefined;
      const role = this.input.find(i => i.obj.kind === b.roleRef.kind && i.obj.metadata?.name === b.roleRef.name
        && (clusterWide || i.obj.metadata?.namespace === b.metadata?.namespace));
      if (!role || b.metadata?.namespace !== (clusterWide ? undefined : ns)) return undefined;
      if (!Array.isArray(role.obj.rules) || role.obj.aggregationRule) return undefined;
      const boundAlso = this.input.filter(i => isBinding(i.obj) && i.obj.roleRef?.kind === b.roleRef.kind && i.obj.roleRef?.name === b.roleRef.name);
      if (boundAlso.length !== 1) return undefined;
      const reasons = clusterWideReasons(role.obj);
      for (const [index, r] of role.obj.rules.entries()) {
        const strings = (v: unknown) => Array.isArray(v) && v.length > 0 && v.every(x => typeof x === 'string' && x !== '');
        if (!Array.isArray(r?.apiGroups) || r.apiGroups.length !== 1 || typeof r.apiGroups[0] !== 'string' || !strings(r.resources) || !strings(r.verbs)
          || (r.resourceNames !== undefined && !strings(r.resourceNames)) || r.nonResourceURLs !== undefined) return undefined;
        out.push(obj([
          ['resources', json(r.resources)], ['verbs', json(r.verbs)],
          ['resourceNames', r.resourceNames ? json(r.resourceNames) : undefined],
          ['apiGroup', lit(r.apiGroups[0])],
          ['clusterWide', clusterWide ? obj([['reason', lit(reasons.get(index) ?? TODO_REASON)]]) : undefined],
        ]));
      }
      replaced.push(b, role.obj);
    }
    for (const o of [saObj.obj, ...replaced]) this.replace(o, `${w.kind} ${w.metadata?.name} recreates it with grant()`);
    return out;
  }

  /** The objects the secure workloads emit again: their own ServiceAccount, PodDisruptionBudget and headless Service. */
  private findCompanions(workloads: Json[], matching: Matcher): void {
    for (const w of workloads) {
      const sa = get(w, [...WORKLOAD_KINDS[w.kind].template, 'spec', 'serviceAccountName']);
      if (typeof sa === 'string' && sa !== 'default' && !this.saIsShared(sa, w)) {
        const o = this.input.find(i => i.obj.kind === 'ServiceAccount' && i.obj.metadata?.name === sa && i.obj.metadata?.namespace === w.metadata?.namespace);
        if (o && !this.replaced.has(o.obj)) this.replace(o.obj, `its workload ${w.kind} ${w.metadata?.name} gets a dedicated ServiceAccount of its own`);
      }
    }
    for (const i of this.input) {
      const o = i.obj;
      const ns = o.metadata?.namespace;
      if (o.kind === 'PodDisruptionBudget' && o.spec?.maxUnavailable === 1 && Object.keys(o.spec).length === 2) {
        const t = matching(o.spec.selector, ns);
        if (t.length === 1 && ['Deployment', 'StatefulSet'].includes(t[0].input.obj.kind)) this.replace(o, `${t[0].input.obj.kind} ${t[0].input.obj.metadata?.name} emits its own PodDisruptionBudget`);
      }
      if (o.kind === 'Service' && o.spec?.clusterIP === 'None') {
        const t = matching(o.spec?.selector === undefined ? undefined : { matchLabels: o.spec.selector }, ns);
        if (t.length === 1 && t[0].input.obj.kind === 'StatefulSet') this.replace(o, `StatefulSet ${t[0].input.obj.metadata?.name} emits its own headless Service (with a generated name: pod DNS names <pod>.<service> change)`);
      }
      if (o.kind === 'NetworkPolicy' && o.apiVersion === 'networking.k8s.io/v1') {
        const t = matching(o.spec?.podSelector, ns);
        if (t.length !== 1) continue;
        const ingress = o.spec.ingress ?? [];
        const egress = o.spec.egress ?? [];
        if (ingress.length === 0 && egress.length === 0) this.replace(o, `the secure workload ${t[0].input.obj.metadata?.name} is isolated by its own default-deny policy`);
        else if (ingress.length === 0 && egress.length > 0 && egress.every(isDnsRule)) this.replace(o, `the secure workload ${t[0].input.obj.metadata?.name} allows DNS egress itself`);
      }
    }
  }

  private replace(o: Json, why: string): void {
    this.replaced.add(o);
    this.notes.push(`${o.kind} ${o.metadata?.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata?.name}: not imported: ${why}`);
  }

  /** The flows of a NetworkPolicy whose every rule joins two imported workloads, or undefined. */
  private policyFlows(o: Json, matching: (selector: unknown, ns: string | undefined) => Array<{ name: string }>) {
    const ns = o.metadata?.namespace;
    const targets = matching(o.spec?.podSelector, ns);
    if (targets.length !== 1) return undefined;
    const self = targets[0].name;
    const flows: Array<{ from: string; to: string; ports: string[]; portExprs: Expr[]; peer?: Expr }> = [];
    const rules = [...(o.spec.ingress ?? []).map((r: Json) => ({ r, peers: r?.from, dir: 'in' })), ...(o.spec.egress ?? []).map((r: Json) => ({ r, peers: r?.to, dir: 'out' }))];
    if (rules.length === 0) return undefined;
    for (const { r, peers, dir } of rules) {
      if (!Array.isArray(peers) || peers.length === 0) return undefined;
      const ports: Expr[] = [];
      const keys: string[] = [];
      for (const p of Array.isArray(r.ports) ? r.ports : []) {
        if (typeof p?.port !== 'number' || p.endPort !== undefined || !['TCP', 'UDP', undefined].includes(p.protocol)) return undefined;
        ports.push(call(p.protocol === 'UDP' ? 'kplus.NetworkPolicyPort.udp' : 'kplus.NetworkPolicyPort.tcp', lit(p.port)));
        keys.push(`${p.protocol ?? 'TCP'}/${p.port}`);
      }
      if (ports.length === 0) return undefined; // all ports: the constructs' default is the declared ports, not all
      for (const peer of peers) {
        const keysOf = Object.keys(peer ?? {});
        const nsSel = peer?.namespaceSelector;
        let peerNs = ns;
        if (nsSel !== undefined) {
          const l = nsSel?.matchLabels;
          if (!isRecord(l) || Object.keys(l).length !== 1 || typeof l['kubernetes.io/metadata.name'] !== 'string' || nsSel.matchExpressions) return undefined;
          peerNs = l['kubernetes.io/metadata.name'];
        }
        const id = (what: string) => lit(this.ids.take(`${o.metadata?.name ?? 'policy'}-${what}`));
        const outside = (peerExpr: Expr, key: string) => flows.push({ from: self, to: dir, ports: [key, ...keys], portExprs: ports, peer: peerExpr });
        if (keysOf.length === 1 && isRecord(peer.ipBlock) && typeof peer.ipBlock.cidr === 'string') {
          const except = Array.isArray(peer.ipBlock.except) ? peer.ipBlock.except : [];
          const v6 = peer.ipBlock.cidr.includes(':');
          outside(call(v6 ? 'kplus.NetworkPolicyIpBlock.ipv6' : 'kplus.NetworkPolicyIpBlock.ipv4', THIS, id(peer.ipBlock.cidr), lit(peer.ipBlock.cidr),
            ...(except.length ? [json(except)] : [])), JSON.stringify(peer));
          continue;
        }
        if (!keysOf.every(k => k === 'podSelector' || k === 'namespaceSelector')) return undefined;
        const namespaces = () => call('kplus.Namespaces.select', THIS, id(`${peerNs}-namespace`), obj([['names', json([peerNs])]]));
        if (!peer.podSelector) {
          outside(namespaces(), JSON.stringify(peer));
          continue;
        }
        const other = matching(peer.podSelector, peerNs);
        if (other.length === 1) {
          const [from, to] = dir === 'in' ? [other[0].name, self] : [self, other[0].name];
          flows.push({ from, to, ports: keys, portExprs: ports });
          continue;
        }
        // Pods that are not imported workloads (an ingress controller, a monitoring agent): selected by their labels.
        const labels = peer.podSelector.matchLabels;
        if (!isRecord(labels) || Object.keys(labels).length === 0 || peer.podSelector.matchExpressions || Object.values(labels).some(v => typeof v !== 'string')) return undefined;
        outside(call('kplus.Pods.select', THIS, id('pods'), obj([['labels', json(labels)], ['namespaces', nsSel !== undefined ? namespaces() : undefined]])), JSON.stringify(peer));
      }
    }
    return flows;
  }

  private serviceUnit(input: InputObject, target: string, workload: Json): Unit | undefined {
    // A named targetPort is the number of the container port with that name (cdk8s-plus takes numbers).
    const named = new Map<string, number>();
    for (const c of get(workload, [...WORKLOAD_KINDS[workload.kind].template, 'spec', 'containers']) ?? []) {
      for (const cp of Array.isArray(c?.ports) ? c.ports : []) if (typeof cp?.name === 'string' && typeof cp.containerPort === 'number') named.set(cp.name, cp.containerPort);
    }
    const targetPort = (t: unknown) => (typeof t === 'string' ? named.get(t) : t);
    const o = input.obj;
    const spec = o.spec ?? {};
    const known = new Set(['selector', 'ports', 'type', 'clusterIP', 'externalIPs', 'loadBalancerSourceRanges', 'sessionAffinity', 'ipFamilies', 'ipFamilyPolicy', 'internalTrafficPolicy', 'clusterIPs']);
    if (Object.keys(spec).some(k => !known.has(k))) return undefined;
    if (spec.clusterIP && spec.clusterIP !== 'None') return undefined;
    const ports: Expr[] = [];
    for (const p of Array.isArray(spec.ports) ? spec.ports : []) {
      const tp = targetPort(p?.targetPort);
      if (typeof p?.port !== 'number' || (p.targetPort !== undefined && typeof tp !== 'number') || !['TCP', 'UDP', undefined].includes(p.protocol)) return undefined;
      ports.push(obj([
        ['port', lit(p.port)], ['targetPort', typeof tp === 'number' ? lit(tp) : undefined],
        ['name', typeof p.name === 'string' ? lit(p.name) : undefined], ['nodePort', typeof p.nodePort === 'number' ? lit(p.nodePort) : undefined],
        ['protocol', p.protocol === 'UDP' ? enumMember('kplus.Protocol.UDP', kplus.Protocol.UDP) : undefined],
      ]));
    }
    if (ports.length === 0) return undefined;
    let type: Expr | undefined;
    try {
      type = spec.type && spec.type !== 'ClusterIP' ? kplusEnum('ServiceType', spec.type) : undefined;
    } catch {
      return undefined;
    }
    const name = this.names.take(identifier(`${o.metadata?.name ?? 'service'}-service`, 'camel'));
    const id = this.ids.take(`${o.metadata?.name ?? 'service'}-service`);
    const label = `Service ${o.metadata?.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata?.name ?? '(unnamed)'}`;
    const meta = o.metadata ?? {};
    const expr = construct('new kplus.Service', THIS, lit(id), obj([
      ['metadata', obj([
        ['name', typeof meta.name === 'string' ? lit(meta.name) : undefined],
        ['namespace', typeof meta.namespace === 'string' ? lit(meta.namespace) : undefined],
        ['labels', isRecord(meta.labels) ? json(meta.labels) : undefined],
      ])],
      ['selector', ref(target)],
      ['type', type],
      ['clusterIP', spec.clusterIP === 'None' ? lit('None') : undefined],
      ['ports', arr(ports)],
      ['externalIPs', Array.isArray(spec.externalIPs) && spec.externalIPs.length ? json(spec.externalIPs) : undefined],
      ['loadBalancerSourceRanges', Array.isArray(spec.loadBalancerSourceRanges) ? json(spec.loadBalancerSourceRanges) : undefined],
    ]));
    return {
      name,
      id,
      label,
      inProps: false,
      original: originalSuppressions(o),
      input,
      verbatim: false,
      make: sups => [
        { comment: [`${label} (${input.file}, document ${input.documentIndex}): selects ${target}`], name, expr },
        ...(sups.length ? [{ expr: call('Suppressions.add', ref(name), ...suppressionExprs(sups)) }] : []),
      ],
    };
  }

  // ---------------------------------------------------------------- verbatim objects

  private verbatimUnit(input: InputObject, existingName?: string): Unit {
    const o = input.obj;
    const name = existingName ?? this.names.take(identifier(`${o.metadata?.name ?? 'object'}-${o.kind}`, 'camel'));
    const id = this.ids.take(`${o.metadata?.name ?? 'object'}-${String(o.kind).toLowerCase()}`);
    const label = `${o.kind} ${o.metadata?.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata?.name ?? '(unnamed)'}`;
    const comments: string[] = [];
    const body = this.verbatimBody(o, label, comments);
    return {
      name,
      id,
      label,
      inProps: false,
      original: originalSuppressions(o),
      input,
      verbatim: true,
      make: sups => [
        { comment: [`${label} (${input.file}, document ${input.documentIndex}), verbatim`, ...comments], name, expr: construct('new ApiObject', THIS, lit(id), body) },
        ...(sups.length ? [{ expr: call('Suppressions.add', ref(name), ...suppressionExprs(sups)) }] : []),
      ],
    };
  }

  /** The object as it is, without server-written fields and generated annotations; literal credentials become TODOs. */
  private verbatimBody(o: Json, label: string, comments: string[]): Expr {
    const clean: Json = {};
    for (const [k, v] of Object.entries(o)) {
      if (k === 'status') continue;
      if (k === 'metadata' && isRecord(v)) {
        const m: Json = {};
        for (const [mk, mv] of Object.entries(v)) {
          if (['uid', 'resourceVersion', 'creationTimestamp', 'generation', 'managedFields', 'selfLink'].includes(mk)) continue;
          if (mk === 'annotations' && isRecord(mv)) {
            const kept = Object.entries(mv).filter(([ak]) => !generatedAnnotation(ak));
            if (kept.length) m.annotations = Object.fromEntries(kept);
            continue;
          }
          m[mk] = mv;
        }
        clean.metadata = m;
      } else {
        clean[k] = v;
      }
    }
    const secretData = o.kind === 'Secret' && o.apiVersion === 'v1';
    const todoAt = (value: unknown, base: string, why: string, standIn: Expr): Expr => {
      const ident = this.todoIdent(base);
      const msg = `${ident}: ${label} ${why}; put the value in a secret store (e.g. an ExternalSecret), not in code`;
      this.todos.push(msg);
      comments.push(msg);
      void value;
      return todo(ident, standIn);
    };
    const walk = (v: unknown, path: string[]): Expr => {
      if (Array.isArray(v)) return arr(v.map((x, i) => walk(x, [...path, String(i)])));
      if (!isRecord(v)) return json(v);
      const parent = path[path.length - 1];
      // Secret data and stringData: every value is a credential.
      if (secretData && path.length === 1 && (parent === 'data' || parent === 'stringData')) {
        return obj(Object.entries(v).map(([k, x]) => [k, todoAt(x, `SECRET_DATA_${o.metadata?.name ?? ''}_${k}`, `${parent}.${k} held a literal credential`, json(x))] as const));
      }
      // A literal credential in a container's env.
      if (path.length >= 2 && path[path.length - 2] === 'env' && typeof v.name === 'string' && typeof v.value === 'string' && credentialReason(v.name, v.value)) {
        return obj(Object.entries(v).map(([k, x]) => [k, k === 'value'
          ? todoAt(x, `SECRET_ENV_${v.name}`, `env ${JSON.stringify(v.name)} held a literal value (${credentialReason(v.name, v.value)}); replace \`value: <identifier>\` with valueFrom: { secretKeyRef: { name, key } }`, lit(''))
          : json(x)] as const));
      }
      return obj(Object.entries(v).map(([k, x]) => [k, walk(x, [...path, k])] as const));
    };
    return walk(clean, []);
  }
}

/**
 * emptyDirs mounted once, read-write, by one container, all of one size per container: that container's
 * `writablePaths` (the construct creates the same emptyDirs, with the size as `writableSizeLimit`).
 */
function writableDirs(pod: Json): { volumes: Set<string>; byContainer: Map<string, { paths: string[]; size?: string }> } {
  const mounts = [...(Array.isArray(pod.initContainers) ? pod.initContainers : []), ...(Array.isArray(pod.containers) ? pod.containers : [])]
    .flatMap((c: Json) => (Array.isArray(c?.volumeMounts) ? c.volumeMounts : []).map((m: Json) => ({ c: String(c.name), m })));
  const candidates = new Map<string, Array<{ volume: string; path: string; size?: string }>>();
  for (const v of Array.isArray(pod.volumes) ? pod.volumes : []) {
    if (!isRecord(v?.emptyDir) || Object.keys(v.emptyDir).some(k => k !== 'sizeLimit')) continue;
    const ms = mounts.filter(x => x.m?.name === v.name);
    if (ms.length !== 1 || ms[0].m.readOnly || ms[0].m.subPath || typeof ms[0].m.mountPath !== 'string') continue;
    const list = candidates.get(ms[0].c) ?? [];
    list.push({ volume: v.name, path: ms[0].m.mountPath.replace(/\/+$/, ''), size: v.emptyDir.sizeLimit === undefined ? undefined : String(v.emptyDir.sizeLimit) });
    candidates.set(ms[0].c, list);
  }
  const volumes = new Set<string>();
  const byContainer = new Map<string, { paths: string[]; size?: string }>();
  for (const [c, list] of candidates) {
    if (new Set(list.map(x => x.size)).size !== 1 || list.some(x => !x.path.startsWith('/') || x.path.includes('..'))) continue;
    list.forEach(x => volumes.add(x.volume));
    byContainer.set(c, { paths: list.map(x => x.path), size: list[0].size });
  }
  return { volumes, byContainer };
}

/** The reasons a ClusterRole written by grant() carries for its rules, by rule index. */
function clusterWideReasons(role: Json): Map<number, string> {
  const out = new Map<number, string>();
  try {
    const list = JSON.parse(String(role.metadata?.annotations?.[CLUSTER_WIDE_REASONS]));
    for (const x of Array.isArray(list) ? list : []) {
      if (Number.isInteger(x?.rule) && typeof x.reason === 'string') out.set(x.rule, x.reason);
    }
  } catch {
    // no reasons recorded
  }
  return out;
}

function volumeOptions(name: string, src: Json): Array<readonly [string, Expr | undefined]> {
  return [
    ['name', lit(name)],
    ['defaultMode', typeof src.defaultMode === 'number' ? lit(src.defaultMode) : undefined],
    ['optional', typeof src.optional === 'boolean' ? lit(src.optional) : undefined],
    ['items', Array.isArray(src.items) && src.items.length
      ? obj(src.items.map((i: Json) => [String(i.key), obj([['path', lit(String(i.path))], ['mode', typeof i.mode === 'number' ? lit(i.mode) : undefined]])] as const))
      : undefined],
  ];
}

function isDefaultRollingUpdate(s: unknown): boolean {
  if (s === undefined) return true;
  return isRecord(s) && s.type === 'RollingUpdate' && s.rollingUpdate?.maxSurge === '25%' && s.rollingUpdate?.maxUnavailable === '25%';
}

function isDnsRule(r: Json): boolean {
  const to = r?.to;
  const ports = r?.ports;
  return Array.isArray(to) && to.length === 1 && to[0]?.namespaceSelector?.matchLabels?.['kubernetes.io/metadata.name'] === 'kube-system'
    && to[0]?.podSelector?.matchLabels?.['k8s-app'] === 'kube-dns'
    && Array.isArray(ports) && ports.every((p: Json) => p?.port === 53);
}

function retention(v: unknown): Expr | undefined {
  if (v === undefined || v === 'Retain') return undefined;
  if (v === 'Delete') return enumMember('PersistentVolumeClaimRetention.DELETE', PersistentVolumeClaimRetention.DELETE);
  throw new Unexpressible(`persistentVolumeClaimRetentionPolicy ${JSON.stringify(v)}`);
}

const CRON_MACROS: Record<string, string> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

function cron(v: unknown): Expr {
  const s = typeof v === 'string' ? (CRON_MACROS[v.trim()] ?? v.trim()) : '';
  const f = s.split(/\s+/);
  if (f.length !== 5) throw new Unexpressible(`schedule ${JSON.stringify(v)} is not five fields`);
  return call('Cron.schedule', obj([['minute', lit(f[0])], ['hour', lit(f[1])], ['day', lit(f[2])], ['month', lit(f[3])], ['weekDay', lit(f[4])]]));
}

function probe(p: Json, ports: Map<string, number>, container: string): Expr {
  const port = (x: unknown): Expr => {
    if (typeof x === 'number') return lit(x);
    if (typeof x === 'string' && ports.has(x)) return lit(ports.get(x)!);
    throw new Unexpressible(`container "${container}": a probe port ${JSON.stringify(x)} that is not a number or a declared port name`);
  };
  const timing: Array<readonly [string, Expr | undefined]> = [
    ['initialDelaySeconds', p.initialDelaySeconds !== undefined ? duration(p.initialDelaySeconds) : undefined],
    ['periodSeconds', p.periodSeconds !== undefined ? duration(p.periodSeconds) : undefined],
    ['timeoutSeconds', p.timeoutSeconds !== undefined ? duration(p.timeoutSeconds) : undefined],
    ['failureThreshold', p.failureThreshold !== undefined && p.failureThreshold !== 3 ? num(p.failureThreshold, 'failureThreshold') : undefined],
    ['successThreshold', p.successThreshold !== undefined ? num(p.successThreshold, 'successThreshold') : undefined],
  ];
  if (p.terminationGracePeriodSeconds !== undefined) throw new Unexpressible(`container "${container}": probe terminationGracePeriodSeconds`);
  if (p.httpGet) {
    if (p.httpGet.httpHeaders?.length) throw new Unexpressible(`container "${container}": probe httpHeaders`);
    return call('kplus.Probe.fromHttpGet', lit(String(p.httpGet.path ?? '/')), obj([
      ['port', port(p.httpGet.port)],
      ['scheme', p.httpGet.scheme && p.httpGet.scheme !== 'HTTP' ? kplusEnum('ConnectionScheme', p.httpGet.scheme) : undefined],
      ['host', typeof p.httpGet.host === 'string' ? lit(p.httpGet.host) : undefined],
      ...timing,
    ]));
  }
  if (p.tcpSocket) {
    return call('kplus.Probe.fromTcpSocket', obj([['port', port(p.tcpSocket.port)], ['host', typeof p.tcpSocket.host === 'string' ? lit(p.tcpSocket.host) : undefined], ...timing]));
  }
  if (p.exec && Array.isArray(p.exec.command)) return call('kplus.Probe.fromCommand', json(p.exec.command), obj(timing));
  throw new Unexpressible(`container "${container}": a probe type the constructs do not take`);
}

function resources(r: Json, container: string): Array<readonly [string, Expr | undefined]> {
  const limits = r?.limits ?? {};
  const requests = r?.requests ?? {};
  for (const k of [...Object.keys(limits), ...Object.keys(requests)]) {
    if (!['cpu', 'memory', 'ephemeral-storage'].includes(k)) throw new Unexpressible(`container "${container}": resource ${JSON.stringify(k)}`);
  }
  const pair = (key: string, f: (q: unknown) => Expr) => (limits[key] === undefined && requests[key] === undefined ? undefined : obj([
    ['request', requests[key] !== undefined ? f(requests[key]) : undefined], ['limit', limits[key] !== undefined ? f(limits[key]) : undefined],
  ]));
  // The secure defaults (the hardening guide's values) need not be spelled out.
  if (JSON.stringify(r) === JSON.stringify({ limits: { cpu: '200m', memory: '256Mi' }, requests: { cpu: '100m', memory: '128Mi' } })) return [];
  const out = obj([['cpu', pair('cpu', cpu)], ['memory', pair('memory', size)], ['ephemeralStorage', pair('ephemeral-storage', size)]]);
  return (out as unknown as { props: unknown[] }).props.length ? [['resources', out]] : [];
}

/**
 * The container security settings, written only where they differ from the hardened defaults: a weaker
 * value, or a default weakening the input already accepted with a suppression (its owner decided it).
 */
function securityContext(sc: Json, suppressed: (id: string) => boolean, unitName: string, path: string,
  after: Stmt[]): Array<readonly [string, Expr | undefined]> {
  const out: Array<readonly [string, Expr | undefined]> = [];
  const root = sc.runAsUser === 0;
  if (sc.runAsNonRoot === false || (root && sc.runAsNonRoot !== true)) out.push(['runAsNonRoot', lit(false)]);
  if (sc.runAsUser !== undefined) out.push(['runAsUser', num(sc.runAsUser, 'runAsUser')]);
  if (sc.runAsGroup !== undefined) out.push(['runAsGroup', num(sc.runAsGroup, 'runAsGroup')]);
  if (sc.readOnlyRootFilesystem === false || (sc.readOnlyRootFilesystem === undefined && suppressed('CS201'))) out.push(['readOnlyRootFilesystem', lit(false)]);
  if (sc.allowPrivilegeEscalation === true || (sc.allowPrivilegeEscalation === undefined && suppressed('CS122'))) out.push(['allowPrivilegeEscalation', lit(true)]);
  if (sc.privileged === true) out.push(['privileged', lit(true)]);
  const caps = sc.capabilities;
  if (isRecord(caps)) {
    const add = Array.isArray(caps.add) ? caps.add : [];
    const drop = Array.isArray(caps.drop) ? caps.drop : undefined;
    const dropsAll = drop !== undefined && drop.includes('ALL');
    if (add.length || (drop !== undefined && !dropsAll)) {
      out.push(['capabilities', obj([
        ['add', add.length ? arr(add.map(c => kplusEnum('Capability', c))) : undefined],
        ['drop', drop !== undefined && !dropsAll ? arr(drop.map(c => kplusEnum('Capability', c))) : undefined],
      ])]);
    }
  }
  const sp = sc.seccompProfile;
  if (isRecord(sp) && sp.type !== 'RuntimeDefault') {
    out.push(['seccompProfile', obj([['type', kplusEnum('SeccompProfileType', sp.type)], ['localhostProfile', typeof sp.localhostProfile === 'string' ? lit(sp.localhostProfile) : undefined]])]);
  }
  for (const [k, v] of Object.entries(sc)) {
    if (['runAsNonRoot', 'runAsUser', 'runAsGroup', 'readOnlyRootFilesystem', 'allowPrivilegeEscalation', 'privileged', 'capabilities', 'seccompProfile'].includes(k) || v === undefined) continue;
    after.push({ expr: patch(unitName, `${path}/${k}`, json(v)) });
  }
  return out;
}

/** `[{ ruleId, reason }, ...]` as the props of a secure workload take it. */
function suppressionList(sups: Suppression[]): Expr {
  return arr(suppressionExprs(sups));
}

function suppressionExprs(sups: Suppression[]): Expr[] {
  return sups.map(s => obj([['ruleId', lit(s.ruleId)], ['reason', lit(s.reason)], ['expires', s.expires ? lit(s.expires) : undefined], ['container', s.container ? lit(s.container) : undefined]]));
}

export { TODO_REASON };
