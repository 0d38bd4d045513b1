import * as fs from 'fs';
import * as path from 'path';
import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { SecureError } from '../_errors';
import { coversTarget, mayMatchTarget, ruleCovers, SENSITIVE_TARGETS } from './_audit-match';
import { toYaml } from './_yaml';
import { isDnsSubdomain } from '../_names';

/**
 * How much of a request kube-apiserver records.
 * @see https://kubernetes.io/docs/tasks/debug/debug-cluster/audit/#audit-policy
 */
export enum AuditLevel {
  /** Not logged. */
  NONE = 'None',
  /** Who did what to which object, when: no request or response body. */
  METADATA = 'Metadata',
  /** Metadata and the request body. */
  REQUEST = 'Request',
  /** Metadata, request body and response body. */
  REQUEST_RESPONSE = 'RequestResponse',
}

/** A stage of request handling at which an audit event can be generated. */
export enum AuditStage {
  /** As soon as the request is received, before it is handled. */
  REQUEST_RECEIVED = 'RequestReceived',
  /** Once the response headers are sent (long-running requests such as watch). */
  RESPONSE_STARTED = 'ResponseStarted',
  /** When the response is complete. */
  RESPONSE_COMPLETE = 'ResponseComplete',
  /** When a panic occurred. */
  PANIC = 'Panic',
}

/**
 * Resources of one API group that an audit rule matches.
 */
export interface AuditGroupResources {
  /**
   * The API group, without version (`apps`, not `apps/v1`).
   * @default "" (the core group: pods, secrets, configmaps, services, ...)
   */
  readonly group?: string;
  /**
   * Resources (plural, lower case) and subresources: `pods`, `pods/exec`; `*` matches every resource and
   * subresource of the group, `pods/*` pods and all their subresources, `* /scale` (no blank) every scale
   * subresource. `pods` does not match `pods/exec`.
   * @default - every resource of the group
   */
  readonly resources?: string[];
  /**
   * Object names.
   * @default - any name
   */
  readonly resourceNames?: string[];
}

/**
 * One rule of an audit policy. Every filter that is set must match; the first matching rule decides the
 * level of a request.
 * @see https://kubernetes.io/docs/reference/config-api/apiserver-audit.v1/#audit-k8s-io-v1-PolicyRule
 */
export interface AuditRule {
  /** The level of requests this rule matches. */
  readonly level: AuditLevel;
  /**
   * User names (exact; no wildcard).
   * @default - any user
   */
  readonly users?: string[];
  /**
   * Groups, one of which the user must be in (exact; no wildcard).
   * @default - any group
   */
  readonly userGroups?: string[];
  /**
   * Verbs, lower case: get, list, watch, create, update, patch, delete, deletecollection (exact; no
   * wildcard). Note `kubectl exec` to a pod may be a `get` or a `create` of `pods/exec`.
   * @default - any verb
   */
  readonly verbs?: string[];
  /**
   * Resources. Setting it (or namespaces) restricts the rule to resource requests.
   * @default - any resource (and non-resource requests, unless namespaces is set)
   */
  readonly resources?: AuditGroupResources[];
  /**
   * Namespaces (exact; "" matches cluster-scoped resources and requests across namespaces).
   * @default - any namespace
   */
  readonly namespaces?: string[];
  /**
   * Non-resource URL paths (`/healthz`); a trailing `*` matches by prefix. Restricts the rule to
   * non-resource requests; cannot be combined with resources or namespaces.
   * @default - any (resource or non-resource) request
   */
  readonly nonResourceURLs?: string[];
  /**
   * Stages not to log for requests this rule matches (added to the policy's omitStages).
   * @default - only the policy's omitStages
   */
  readonly omitStages?: AuditStage[];
  /**
   * Omit managedFields from request and response bodies.
   * @default - the policy's setting
   */
  readonly omitManagedFields?: boolean;
}

/**
 * Properties of an AuditPolicy.
 */
export interface AuditPolicyProps {
  /**
   * The rules, in order: the first rule that matches a request decides its level. An empty list is an
   * error (kube-apiserver refuses it).
   * @default AuditRules.recommended() (Kubernetes reference policy and CIS 3.2.2)
   */
  readonly rules?: AuditRule[];
  /**
   * Stages never logged.
   * @default [AuditStage.REQUEST_RECEIVED] (every request is logged again when its response completes)
   */
  readonly omitStages?: AuditStage[];
  /**
   * Omit managedFields from request and response bodies (much smaller logs).
   * @default - not set: kube-apiserver logs managedFields
   */
  readonly omitManagedFields?: boolean;
}

const LEVELS = Object.values(AuditLevel) as string[];
const STAGES = Object.values(AuditStage) as string[];
const NAME = 'AuditPolicy';
const WRITE_VERBS = ['create', 'update', 'delete'];

/**
 * Resources people list under the core group ("") by mistake, with the group they belong to. The
 * hardening guide listed `deployments` under "", which matches nothing.
 */
const NOT_CORE: Record<string, string> = {
  deployments: 'apps',
  daemonsets: 'apps',
  statefulsets: 'apps',
  replicasets: 'apps',
  controllerrevisions: 'apps',
  jobs: 'batch',
  cronjobs: 'batch',
  ingresses: 'networking.k8s.io',
  networkpolicies: 'networking.k8s.io',
  ingressclasses: 'networking.k8s.io',
  roles: 'rbac.authorization.k8s.io',
  rolebindings: 'rbac.authorization.k8s.io',
  clusterroles: 'rbac.authorization.k8s.io',
  clusterrolebindings: 'rbac.authorization.k8s.io',
  tokenreviews: 'authentication.k8s.io',
  subjectaccessreviews: 'authorization.k8s.io',
  certificatesigningrequests: 'certificates.k8s.io',
  leases: 'coordination.k8s.io',
  endpointslices: 'discovery.k8s.io',
  horizontalpodautoscalers: 'autoscaling',
  poddisruptionbudgets: 'policy',
  customresourcedefinitions: 'apiextensions.k8s.io',
  storageclasses: 'storage.k8s.io',
  validatingwebhookconfigurations: 'admissionregistration.k8s.io',
  mutatingwebhookconfigurations: 'admissionregistration.k8s.io',
  validatingadmissionpolicies: 'admissionregistration.k8s.io',
  validatingadmissionpolicybindings: 'admissionregistration.k8s.io',
};

/**
 * An API server audit policy (`audit.k8s.io/v1` `Policy`): a file for kube-apiserver's
 * `--audit-policy-file`, not an object you apply with kubectl. It is therefore never part of a chart's
 * manifests: create it under the App (or another construct outside every Chart) and write it with
 * `writeFile()` or `toYaml()`; placing it inside a Chart is an error.
 *
 * Validated at construction and on every `addRule()`: no empty rule list; secrets, configmaps,
 * tokenreviews and serviceaccounts/token never logged at Request or RequestResponse; resources in the
 * right API group (`deployments` is `apps`); no wildcards where kube-apiserver has none. Problems that
 * leave a valid but probably unintended policy (a rule that can never apply because an earlier rule
 * matches all it matches, writes logged without `patch`, no catch-all rule) are listed in `warnings`.
 */
export class AuditPolicy extends Construct {
  /** The apiVersion of the policy file. */
  public static readonly API_VERSION = 'audit.k8s.io/v1';

  private readonly _rules: AuditRule[] = [];
  private readonly omitStages: AuditStage[];
  private readonly omitManagedFields?: boolean;

  constructor(scope: Construct, id: string, props: AuditPolicyProps = {}) {
    super(scope, id);
    const chart = scope.node.scopes.find(s => Chart.isChart(s));
    if (chart) {
      this.fail('CSE730', `an audit policy cannot be placed in Chart "${chart.node.path}": it is a kube-apiserver configuration file (--audit-policy-file), and kubectl cannot apply an audit.k8s.io Policy (the API server serves no such resource)`,
        'Create it outside every Chart, e.g. new AuditPolicy(app, \'audit\'), and write it with writeFile() next to (not inside) the manifests you apply.');
    }
    this.omitStages = props.omitStages ?? [AuditStage.REQUEST_RECEIVED];
    this.omitManagedFields = props.omitManagedFields;
    this.omitStages.forEach((s, i) => this.checkStage(`omitStages[${i}]`, s));
    const rules = props.rules ?? AuditRules.recommended();
    if (rules.length === 0) {
      this.fail('CSE731', 'the policy has no rules; kube-apiserver refuses to start with it ("loaded illegal policy with 0 rules")',
        'Pass rules, or leave rules unset for AuditRules.recommended().');
    }
    rules.forEach((r, i) => this.checkRule(r, i));
    this._rules.push(...rules);
    this.checkSensitive();
  }

  /** The rules, in order. */
  public get rules(): AuditRule[] {
    return [...this._rules];
  }

  /** Appends a rule. Throws when the rule is invalid or makes the policy log credentials. */
  public addRule(rule: AuditRule): void {
    this.insertRule(this._rules.length, rule);
  }

  /**
   * Inserts a rule before the rule at `index` (0 = first). Rules before a broader rule take precedence
   * over it: put specific rules before the catch-all.
   */
  public insertRule(index: number, rule: AuditRule): void {
    if (!Number.isInteger(index) || index < 0 || index > this._rules.length) {
      this.fail('CSE739', `cannot insert a rule at index ${index}`, `Use an index from 0 to ${this._rules.length}.`);
    }
    this.checkRule(rule, index);
    this._rules.splice(index, 0, rule);
    try {
      this.checkSensitive();
    } catch (e) {
      this._rules.splice(index, 1);
      throw e;
    }
  }

  /**
   * Problems that leave a valid but probably unintended policy: rules that can never apply (an earlier
   * rule matches every request they match), writes logged without `patch`, no rule matching every
   * request. Empty for `AuditRules.recommended()`.
   */
  public get warnings(): string[] {
    const out: string[] = [];
    this._rules.forEach((r, j) => {
      const i = this._rules.slice(0, j).findIndex(earlier => ruleCovers(earlier, r));
      if (i >= 0) {
        out.push(`rule ${j} (${r.level}) never applies: rule ${i} (${this._rules[i].level}) matches every request it matches, and the first matching rule wins. Move rule ${j} before rule ${i}, or remove it.`);
      }
      const verbs = r.verbs ?? [];
      if ((r.level === AuditLevel.REQUEST || r.level === AuditLevel.REQUEST_RESPONSE) && verbs.some(v => WRITE_VERBS.includes(v)) && !verbs.includes('patch')) {
        out.push(`rule ${j} (${r.level}) logs ${verbs.filter(v => WRITE_VERBS.includes(v)).join('/')} but not patch: kubectl apply, edit, scale, label and annotate send patch, so those writes fall through to later rules. Add "patch" to its verbs.`);
      }
    });
    if (!this._rules.some(r => ruleCovers(r, {}))) {
      out.push('no rule matches every request: requests that match no rule are not logged at all. End the policy with AuditRules.catchAll() (Metadata).');
    }
    return out;
  }

  /** The policy as JSON. */
  public toJson(): any {
    return {
      apiVersion: AuditPolicy.API_VERSION,
      kind: 'Policy',
      ...(this.omitStages.length > 0 ? { omitStages: [...this.omitStages] } : {}),
      ...(this.omitManagedFields !== undefined ? { omitManagedFields: this.omitManagedFields } : {}),
      rules: this._rules.map(ruleJson),
    };
  }

  /** The policy file, for kube-apiserver `--audit-policy-file`. */
  public toYaml(): string {
    return `# kube-apiserver audit policy (--audit-policy-file), generated by cdk8s-secure (${this.node.path}).\n# Not a Kubernetes object: do not kubectl apply it.\n${toYaml(this.toJson())}`;
  }

  /** Writes the policy file (creating directories). */
  public writeFile(filePath: string): void {
    fs.mkdirSync(path.dirname(filePath), { recursive: true });
    fs.writeFileSync(filePath, this.toYaml());
  }

  private fail(code: string, problem: string, fix: string): never {
    return SecureError.raise(this, code, NAME, problem, fix);
  }

  private checkStage(where: string, s: string): void {
    if (!STAGES.includes(s)) this.fail('CSE737', `${where} is ${JSON.stringify(s)}`, `Use AuditStage: ${STAGES.join(', ')}.`);
  }

  private checkRule(r: AuditRule, i: number): void {
    const at = `rule ${i}`;
    if (!LEVELS.includes(r.level)) this.fail('CSE737', `${at} has level ${JSON.stringify(r.level)}`, `Use AuditLevel: ${LEVELS.join(', ')}.`);
    (r.omitStages ?? []).forEach((s, k) => this.checkStage(`${at} omitStages[${k}]`, s));
    const noWildcard = (field: string, values: string[] | undefined, emptyOk: boolean) => (values ?? []).forEach(v => {
      if (v === '*') {
        this.fail('CSE738', `${at} lists "*" in ${field}, but audit policies have no wildcard there: it matches only the literal "*", i.e. nothing`,
          `Leave ${field} unset to match every value.`);
      }
      if (typeof v !== 'string' || (!emptyOk && v === '')) this.fail('CSE738', `${at} has an empty value in ${field}`, `Remove it, or leave ${field} unset to match every value.`);
    });
    noWildcard('users', r.users, false);
    noWildcard('userGroups', r.userGroups, false);
    noWildcard('verbs', r.verbs, false);
    noWildcard('namespaces', r.namespaces, true);
    for (const v of r.verbs ?? []) {
      if (v !== v.toLowerCase()) this.fail('CSE738', `${at} has the verb ${JSON.stringify(v)}`, `Verbs are lower case: "${v.toLowerCase()}".`);
    }
    const urls = r.nonResourceURLs ?? [];
    if (urls.length > 0 && ((r.resources ?? []).length > 0 || (r.namespaces ?? []).length > 0)) {
      this.fail('CSE734', `${at} sets nonResourceURLs together with resources or namespaces; kube-apiserver rejects it ("rules cannot apply to both regular resources and non-resource URLs")`,
        'Split it into one rule for resources and one for non-resource URLs.');
    }
    for (const u of urls) {
      if (u !== '*' && !u.startsWith('/')) this.fail('CSE734', `${at} has the non-resource URL ${JSON.stringify(u)}`, 'Non-resource URLs start with "/" (e.g. "/healthz*"), or are "*".');
      if (u.slice(0, -1).includes('*')) this.fail('CSE734', `${at} has the non-resource URL ${JSON.stringify(u)} with "*" before its end`, 'A "*" may only be the last character (a prefix match, e.g. "/healthz*").');
    }
    (r.resources ?? []).forEach((gr, k) => {
      const where = `${at} resources[${k}]`;
      const group = gr.group ?? '';
      if (group === '*') {
        this.fail('CSE738', `${where} has group "*", but audit policies have no group wildcard: it matches nothing`, 'Leave resources unset to match every group, or list one entry per group.');
      }
      const isGroupName: boolean = isDnsSubdomain(group);
      if (group !== '' && !isGroupName) {
        const fix = group.includes('/') ? `The group has no version: "${group.split('/')[0]}".` : 'Use the API group name, e.g. "apps" or "rbac.authorization.k8s.io".';
        this.fail('CSE735', `${where} has the group ${JSON.stringify(group)}, which is not an API group name`, fix);
      }
      const resources = gr.resources ?? [];
      if ((gr.resourceNames ?? []).length > 0 && resources.length === 0) {
        this.fail('CSE736', `${where} sets resourceNames without resources; kube-apiserver rejects it ("using resourceNames requires at least one resource")`, 'List the resources the names belong to.');
      }
      for (const res of resources) {
        if (typeof res !== 'string' || res === '') this.fail('CSE738', `${where} has an empty resource`, 'Remove it.');
        const base = res.split('/')[0];
        if (group === '' && NOT_CORE[base]) {
          this.fail('CSE733', `${where} lists "${res}" in the core group (""), where it does not exist, so the rule never matches it`,
            `${base} is in group ${NOT_CORE[base]}: move it to an entry with group: '${NOT_CORE[base]}'.`);
        }
      }
    });
  }

  /** Secrets, configmaps, tokenreviews and serviceaccounts/token must reach a Metadata (or None) rule first. */
  private checkSensitive(): void {
    for (const t of SENSITIVE_TARGETS) {
      for (let i = 0; i < this._rules.length; i++) {
        const r = this._rules[i];
        if (!mayMatchTarget(r, t)) continue;
        if (r.level === AuditLevel.REQUEST || r.level === AuditLevel.REQUEST_RESPONSE) {
          this.fail('CSE732', `rule ${i} (${r.level}) would log the bodies of ${t.label} requests, which carry credentials (secret values, service account tokens)`,
            `Log ${t.label} at Metadata only (CIS 3.2.2): put AuditRules.sensitiveAtMetadata() before rule ${i}, or narrow rule ${i}'s resources so it does not match ${t.label}.`);
        }
        if (coversTarget(r, t)) break;
      }
    }
  }
}

function ruleJson(r: AuditRule): Record<string, unknown> {
  const out: Record<string, unknown> = { level: r.level };
  if (r.users?.length) out.users = [...r.users];
  if (r.userGroups?.length) out.userGroups = [...r.userGroups];
  if (r.verbs?.length) out.verbs = [...r.verbs];
  if (r.resources?.length) {
    out.resources = r.resources.map(gr => ({
      group: gr.group ?? '',
      ...(gr.resources?.length ? { resources: [...gr.resources] } : {}),
      ...(gr.resourceNames?.length ? { resourceNames: [...gr.resourceNames] } : {}),
    }));
  }
  if (r.namespaces?.length) out.namespaces = [...r.namespaces];
  if (r.nonResourceURLs?.length) out.nonResourceURLs = [...r.nonResourceURLs];
  if (r.omitStages?.length) out.omitStages = [...r.omitStages];
  if (r.omitManagedFields !== undefined) out.omitManagedFields = r.omitManagedFields;
  return out;
}

/**
 * Building blocks of an audit policy, following the Kubernetes reference policy (GCE's) and CIS 3.2.2.
 * `recommended()` is all of them in the order that makes each apply: noise first, then credentials at
 * Metadata, then what to log in full, then a catch-all.
 */
export class AuditRules {
  /**
   * The recommended policy: `noise()`, `sensitiveAtMetadata()`, `interactiveAccess()`, `workloadWrites()`,
   * `rbacWrites()`, `catchAll()`.
   */
  public static recommended(): AuditRule[] {
    return [
      ...AuditRules.noise(),
      ...AuditRules.sensitiveAtMetadata(),
      ...AuditRules.interactiveAccess(),
      ...AuditRules.workloadWrites(),
      ...AuditRules.rbacWrites(),
      ...AuditRules.catchAll(),
    ];
  }

  /**
   * High-volume, low-risk requests at None: kube-proxy watching endpoints and services, kubelets (nodes)
   * reading their Node, controller-manager and scheduler leader election, the API server reading
   * namespaces, health and version endpoints, and events.
   */
  public static noise(): AuditRule[] {
    return [
      {
        level: AuditLevel.NONE,
        users: ['system:kube-proxy'],
        verbs: ['watch'],
        resources: [{ group: '', resources: ['endpoints', 'services', 'services/status'] }, { group: 'discovery.k8s.io', resources: ['endpointslices'] }],
      },
      { level: AuditLevel.NONE, users: ['kubelet'], verbs: ['get'], resources: [{ group: '', resources: ['nodes', 'nodes/status'] }] },
      { level: AuditLevel.NONE, userGroups: ['system:nodes'], verbs: ['get'], resources: [{ group: '', resources: ['nodes', 'nodes/status'] }] },
      {
        level: AuditLevel.NONE,
        users: ['system:kube-controller-manager', 'system:cloud-controller-manager', 'system:kube-scheduler', 'system:serviceaccount:kube-system:endpoint-controller'],
        verbs: ['get', 'update'],
        namespaces: ['kube-system'],
        resources: [{ group: '', resources: ['endpoints'] }, { group: 'coordination.k8s.io', resources: ['leases'] }],
      },
      { level: AuditLevel.NONE, users: ['system:apiserver'], verbs: ['get'], resources: [{ group: '', resources: ['namespaces', 'namespaces/status', 'namespaces/finalize'] }] },
      { level: AuditLevel.NONE, nonResourceURLs: ['/healthz*', '/livez*', '/readyz*', '/version', '/swagger*'] },
      { level: AuditLevel.NONE, resources: [{ group: '', resources: ['events'] }, { group: 'events.k8s.io', resources: ['events'] }] },
    ];
  }

  /**
   * Secrets, configmaps, service account tokens and token reviews at Metadata: who accessed which, never
   * the values (CIS 3.2.2). Must come before any rule at Request or RequestResponse that matches them.
   */
  public static sensitiveAtMetadata(): AuditRule[] {
    return [{
      level: AuditLevel.METADATA,
      resources: [
        { group: '', resources: ['secrets', 'configmaps', 'serviceaccounts/token'] },
        { group: 'authentication.k8s.io', resources: ['tokenreviews'] },
      ],
    }];
  }

  /**
   * `kubectl exec`, `attach`, `port-forward` and proxying into pods and services at RequestResponse
   * (CIS 3.2.2: pods/exec, pods/portforward, pods/proxy, services/proxy). No verb filter: exec over
   * WebSocket is a `get`, over SPDY a `create`.
   */
  public static interactiveAccess(): AuditRule[] {
    return [{
      level: AuditLevel.REQUEST_RESPONSE,
      resources: [{ group: '', resources: ['pods/exec', 'pods/attach', 'pods/portforward', 'pods/proxy', 'services/proxy'] }],
    }];
  }

  /**
   * Writes (create, update, patch, delete, deletecollection) to pods, ephemeral (debug) containers and the
   * workload controllers at RequestResponse (CIS 3.2.2: modification of pods and deployments).
   * Deployments are in group `apps`.
   */
  public static workloadWrites(): AuditRule[] {
    return [{
      level: AuditLevel.REQUEST_RESPONSE,
      verbs: ['create', 'update', 'patch', 'delete', 'deletecollection'],
      resources: [
        { group: '', resources: ['pods', 'pods/ephemeralcontainers'] },
        { group: 'apps', resources: ['deployments', 'deployments/scale', 'daemonsets', 'statefulsets', 'statefulsets/scale', 'replicasets'] },
        { group: 'batch', resources: ['jobs', 'cronjobs'] },
      ],
    }];
  }

  /** Writes to RBAC roles and bindings at RequestResponse (privilege changes). */
  public static rbacWrites(): AuditRule[] {
    return [{
      level: AuditLevel.REQUEST_RESPONSE,
      verbs: ['create', 'update', 'patch', 'delete', 'deletecollection'],
      resources: [{ group: 'rbac.authorization.k8s.io', resources: ['roles', 'rolebindings', 'clusterroles', 'clusterrolebindings'] }],
    }];
  }

  /** Everything else at Metadata (CIS 3.2.1: a minimal audit policy). Must be last. */
  public static catchAll(): AuditRule[] {
    return [{ level: AuditLevel.METADATA }];
  }

  private constructor() {}
}
