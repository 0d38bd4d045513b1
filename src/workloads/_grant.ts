import { ApiObject, JsonPatch } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { visibleLength } from '../_text';
import { ClusterWideGrant, GrantOptions } from './grant';
import { MIN_REASON_LENGTH } from '../checks/_suppression-annotation';
import { atOrAbove, Checker } from '../checks/engine';
import { Severity } from '../checks/finding';

const RBAC_GROUP = 'rbac.authorization.k8s.io';
/** Annotation on a ClusterRole and ClusterRoleBinding made by grant(): the reason of each cluster-wide rule. */
export const CLUSTER_WIDE_REASONS = 'cdk8s-secure.io/cluster-wide-reasons';

// ---------------------------------------------------------------------------------------------------
// The built-in resources Kubernetes serves (as of 1.34+), with their scope and the verbs that apply,
// as `kubectl api-resources -o wide` lists them, plus the special verbs RBAC checks (bind, escalate,
// impersonate, approve, sign) and the subresources that RBAC names (pods/log, deployments/scale, ...).
// ---------------------------------------------------------------------------------------------------

/** The eight verbs of a regular resource. */
export const STANDARD_VERBS = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection'];
const STATUS = ['get', 'patch', 'update'];
const CREATE = ['create'];
/** Proxy subresources take the HTTP methods, mapped to verbs. */
const PROXY = ['get', 'create', 'update', 'patch', 'delete'];
/** exec, attach and portforward are a GET (websocket) or a POST. */
const CONNECT = ['get', 'create'];

/** One built-in resource. */
export interface KnownResource {
  readonly group: string;
  readonly resource: string;
  readonly clusterScoped: boolean;
  readonly verbs: readonly string[];
}

const KNOWN = new Map<string, KnownResource[]>();
/** The groups of the table (a custom resource may not claim one of them). */
export const BUILT_IN_GROUPS = new Set<string>();

function def(group: string, scope: 'namespaced' | 'cluster', verbs: readonly string[], ...resources: string[]): void {
  BUILT_IN_GROUPS.add(group);
  for (const resource of resources) {
    const list = KNOWN.get(resource) ?? [];
    list.push({ group, resource, clusterScoped: scope === 'cluster', verbs });
    KNOWN.set(resource, list);
  }
}

// core
def('', 'namespaced', STANDARD_VERBS, 'configmaps', 'endpoints', 'events', 'limitranges', 'persistentvolumeclaims', 'pods', 'podtemplates',
  'replicationcontrollers', 'resourcequotas', 'secrets', 'services');
def('', 'namespaced', [...STANDARD_VERBS, 'impersonate'], 'serviceaccounts');
def('', 'namespaced', STATUS, 'persistentvolumeclaims/status', 'pods/status', 'pods/ephemeralcontainers', 'pods/resize',
  'replicationcontrollers/scale', 'replicationcontrollers/status', 'resourcequotas/status', 'services/status');
def('', 'namespaced', CREATE, 'bindings', 'pods/binding', 'pods/eviction', 'serviceaccounts/token');
def('', 'namespaced', CONNECT, 'pods/exec', 'pods/attach', 'pods/portforward');
def('', 'namespaced', PROXY, 'pods/proxy', 'services/proxy');
def('', 'namespaced', ['get'], 'pods/log');
def('', 'cluster', STANDARD_VERBS, 'nodes', 'persistentvolumes');
def('', 'cluster', ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'], 'namespaces');
def('', 'cluster', STATUS, 'nodes/status', 'persistentvolumes/status', 'namespaces/status');
def('', 'cluster', ['update'], 'namespaces/finalize');
def('', 'cluster', PROXY, 'nodes/proxy');
def('', 'cluster', ['get', 'list'], 'componentstatuses');
def('', 'cluster', ['impersonate'], 'users', 'groups');
// apps, autoscaling, batch, policy
def('apps', 'namespaced', STANDARD_VERBS, 'controllerrevisions', 'daemonsets', 'deployments', 'replicasets', 'statefulsets');
def('apps', 'namespaced', STATUS, 'daemonsets/status', 'deployments/status', 'replicasets/status', 'statefulsets/status',
  'deployments/scale', 'replicasets/scale', 'statefulsets/scale');
def('autoscaling', 'namespaced', STANDARD_VERBS, 'horizontalpodautoscalers');
def('autoscaling', 'namespaced', STATUS, 'horizontalpodautoscalers/status');
def('batch', 'namespaced', STANDARD_VERBS, 'cronjobs', 'jobs');
def('batch', 'namespaced', STATUS, 'cronjobs/status', 'jobs/status');
def('policy', 'namespaced', STANDARD_VERBS, 'poddisruptionbudgets');
def('policy', 'namespaced', STATUS, 'poddisruptionbudgets/status');
// coordination, discovery, events, networking
def('coordination.k8s.io', 'namespaced', STANDARD_VERBS, 'leases');
def('discovery.k8s.io', 'namespaced', STANDARD_VERBS, 'endpointslices');
def('events.k8s.io', 'namespaced', STANDARD_VERBS, 'events');
def('networking.k8s.io', 'namespaced', STANDARD_VERBS, 'ingresses', 'networkpolicies');
def('networking.k8s.io', 'namespaced', STATUS, 'ingresses/status');
def('networking.k8s.io', 'cluster', STANDARD_VERBS, 'ingressclasses', 'ipaddresses', 'servicecidrs');
def('networking.k8s.io', 'cluster', STATUS, 'servicecidrs/status');
// rbac
def(RBAC_GROUP, 'namespaced', [...STANDARD_VERBS, 'bind', 'escalate'], 'roles');
def(RBAC_GROUP, 'namespaced', STANDARD_VERBS, 'rolebindings');
def(RBAC_GROUP, 'cluster', [...STANDARD_VERBS, 'bind', 'escalate'], 'clusterroles');
def(RBAC_GROUP, 'cluster', STANDARD_VERBS, 'clusterrolebindings');
// storage, scheduling, node, resource (DRA)
def('storage.k8s.io', 'namespaced', STANDARD_VERBS, 'csistoragecapacities');
def('storage.k8s.io', 'cluster', STANDARD_VERBS, 'csidrivers', 'csinodes', 'storageclasses', 'volumeattachments', 'volumeattributesclasses');
def('storage.k8s.io', 'cluster', STATUS, 'volumeattachments/status');
def('scheduling.k8s.io', 'cluster', STANDARD_VERBS, 'priorityclasses');
def('node.k8s.io', 'cluster', STANDARD_VERBS, 'runtimeclasses');
def('resource.k8s.io', 'namespaced', STANDARD_VERBS, 'resourceclaims', 'resourceclaimtemplates');
def('resource.k8s.io', 'namespaced', STATUS, 'resourceclaims/status');
def('resource.k8s.io', 'cluster', STANDARD_VERBS, 'deviceclasses', 'resourceslices');
// certificates, authentication, authorization
def('certificates.k8s.io', 'cluster', STANDARD_VERBS, 'certificatesigningrequests');
def('certificates.k8s.io', 'cluster', STATUS, 'certificatesigningrequests/approval', 'certificatesigningrequests/status');
def('certificates.k8s.io', 'cluster', ['approve', 'sign'], 'signers');
def('authentication.k8s.io', 'cluster', CREATE, 'tokenreviews', 'selfsubjectreviews');
def('authentication.k8s.io', 'cluster', ['impersonate'], 'uids', 'userextras');
def('authorization.k8s.io', 'namespaced', CREATE, 'localsubjectaccessreviews');
def('authorization.k8s.io', 'cluster', CREATE, 'selfsubjectaccessreviews', 'selfsubjectrulesreviews', 'subjectaccessreviews');
// API machinery
def('admissionregistration.k8s.io', 'cluster', STANDARD_VERBS, 'mutatingwebhookconfigurations', 'validatingwebhookconfigurations',
  'validatingadmissionpolicies', 'validatingadmissionpolicybindings', 'mutatingadmissionpolicies', 'mutatingadmissionpolicybindings');
def('admissionregistration.k8s.io', 'cluster', STATUS, 'validatingadmissionpolicies/status');
def('apiextensions.k8s.io', 'cluster', STANDARD_VERBS, 'customresourcedefinitions');
def('apiextensions.k8s.io', 'cluster', STATUS, 'customresourcedefinitions/status');
def('apiregistration.k8s.io', 'cluster', STANDARD_VERBS, 'apiservices');
def('apiregistration.k8s.io', 'cluster', STATUS, 'apiservices/status');
def('flowcontrol.apiserver.k8s.io', 'cluster', STANDARD_VERBS, 'flowschemas', 'prioritylevelconfigurations');
def('flowcontrol.apiserver.k8s.io', 'cluster', STATUS, 'flowschemas/status', 'prioritylevelconfigurations/status');

/** The built-in resources named `resource`, in any group (several for `events`). */
export function knownResources(resource: string): KnownResource[] {
  return KNOWN.get(resource) ?? [];
}

/** Every built-in resource of the table. */
export function allKnownResources(): KnownResource[] {
  return [...KNOWN.values()].flat();
}

/** Every verb some resource of the table takes (what a verb on "*" resources may be). */
const ALL_VERBS = [...new Set(allKnownResources().flatMap(k => k.verbs))];

// ---------------------------------------------------------------------------------------------------

/** What the grants need from the hardening core. */
export interface GrantHost {
  readonly labels: Record<string, string>;
  fail(code: string, problem: string, fix: string): never;
  suppressed(ruleId: string): boolean;
}

interface Rule {
  readonly apiGroups: string[];
  readonly resources: string[];
  readonly verbs: string[];
  readonly resourceNames?: string[];
}

interface Bound {
  readonly role: ApiObject;
  readonly binding: ApiObject;
  /** The Role's `rules`, read at synth time (the L1 keeps a reference). */
  readonly rules: Rule[];
  readonly reasons: Array<{ rule: number; reason: string }>;
}

const PLURAL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)+$/;
const CUSTOM_SUBRESOURCES = ['status', 'scale'];

/**
 * A workload's API access: each grant() adds one rule to the workload's Role (or ClusterRole, for a
 * cluster-wide grant), bound to the workload's ServiceAccount by one RoleBinding (ClusterRoleBinding),
 * and the first grant turns the pod's token mount on. Input is checked against the table above; a rule
 * that the catalog's RBAC rules (CS501-CS509) would report is refused unless the workload suppresses
 * that rule, and the suppression is then written to the Role and the binding.
 */
export class Grants {
  private namespaced?: Bound;
  private cluster?: Bound;

  constructor(private readonly w: kplus.AbstractPod, private readonly host: GrantHost) {}

  /** The Roles and bindings emitted so far. */
  public get objects(): ApiObject[] {
    return [this.namespaced, this.cluster].flatMap(b => b ? [b.role, b.binding] : []);
  }

  /** Adds one rule; returns the Role or ClusterRole that carries it. */
  public grant(options: GrantOptions): ApiObject {
    const clusterWide = options.clusterWide !== undefined;
    if (clusterWide) this.checkReason(options.clusterWide!);
    const resources = this.list('resources', options.resources, 'e.g. resources: [\'configmaps\']');
    const verbs = this.list('verbs', options.verbs, 'e.g. verbs: [\'get\']');
    const names = options.resourceNames === undefined ? undefined : this.list('resourceNames', options.resourceNames,
      'Leave resourceNames out to grant every object of the resources, or name the objects (e.g. resourceNames: [\'app-config\']).');
    const custom = options.customResource ?? false;
    const group = custom ? this.customGroup(options.apiGroup, resources) : this.builtInGroup(options.apiGroup, resources);

    const known = resources.map(r => custom || group === '*' || r === '*' ? undefined : this.lookup(group, r));
    for (const verb of verbs) {
      if (verb === '*') continue;
      resources.forEach((r, i) => {
        const allowed = custom ? (r.includes('/') ? STATUS : STANDARD_VERBS) : known[i]?.verbs ?? ALL_VERBS;
        if (!allowed.includes(verb)) {
          this.host.fail('CSE511', `grant(): verb "${verb}" does not apply to ${known[i] || custom ? describe(group, r) : 'any resource'}; ${known[i] || custom ? 'it takes' : 'verbs are'} ${allowed.map(v => `"${v}"`).join(', ')}`,
            `Use only verbs the resource takes${resources.length > 1 ? ', or split the resources into separate grant() calls' : ''}.`);
        }
      });
    }
    if (!clusterWide) {
      const scoped = known.filter((k): k is KnownResource => k !== undefined && k.clusterScoped);
      if (scoped.length > 0) {
        this.host.fail('CSE513', `grant(): ${scoped.map(k => describe(k.group, k.resource)).join(', ')} ${scoped.length > 1 ? 'are' : 'is'} cluster-scoped, so a namespaced Role cannot grant ${scoped.length > 1 ? 'them' : 'it'}`,
          'If the workload really needs it, grant it cluster-wide: clusterWide: { reason: \'<why, at least 10 characters>\' } (a ClusterRole and ClusterRoleBinding).');
      }
    }
    if (names) {
      for (const n of names) {
        if (n === '*' || n.includes('/')) {
          this.host.fail('CSE515', `grant(): resourceNames entry ${JSON.stringify(n)} is not an object name (RBAC matches names exactly, with no wildcard)`,
            'Name the objects exactly (e.g. resourceNames: [\'app-config\']), or leave resourceNames out.');
        }
      }
      const unnamed = verbs.filter(v => v === 'create' || v === 'deletecollection');
      if (unnamed.length > 0) {
        this.host.fail('CSE515', `grant(): ${unnamed.map(v => `"${v}"`).join(' and ')} cannot be restricted by resourceNames (the request carries no object name), so the rule would never allow ${unnamed.length > 1 ? 'them' : 'it'}`,
          `Grant ${unnamed.join(' and ')} in a separate grant() without resourceNames, or leave ${unnamed.length > 1 ? 'them' : 'it'} out.`);
      }
    }

    const rule: Rule = { apiGroups: [group], resources, verbs, ...(names ? { resourceNames: names } : {}) };
    const subject = this.subject(clusterWide);
    this.refuseDangerous(rule, clusterWide, subject);

    const first = this.objects.length === 0;
    const bound = clusterWide ? (this.cluster ??= this.bind(true, subject)) : (this.namespaced ??= this.bind(false, subject));
    bound.rules.push(rule);
    if (clusterWide) {
      bound.reasons.push({ rule: bound.rules.length - 1, reason: options.clusterWide!.reason });
      const value = JSON.stringify(bound.reasons);
      bound.role.metadata.addAnnotation(CLUSTER_WIDE_REASONS, value);
      bound.binding.metadata.addAnnotation(CLUSTER_WIDE_REASONS, value);
    }
    // The grant is the reason for the token: only now is it mounted (the ServiceAccount keeps false).
    // cdk8s-plus writes the pod spec from this property, so the workload reads true as well.
    if (first) (this.w as { automountServiceAccountToken: boolean }).automountServiceAccountToken = true;
    return bound.role;
  }

  private checkReason(c: ClusterWideGrant): void {
    if (typeof c.reason !== 'string' || visibleLength(c.reason) < MIN_REASON_LENGTH) {
      this.host.fail('CSE514', `grant(): clusterWide.reason ${JSON.stringify(c.reason)} is shorter than ${MIN_REASON_LENGTH} visible characters`,
        'Say why the workload needs these rights in every namespace (e.g. clusterWide: { reason: \'node-problem-detector reads every node\' }); the reason is written to the ClusterRole.');
    }
  }

  /** A non-empty list of non-empty strings, without duplicates (order kept). */
  private list(field: string, values: string[] | undefined, fix: string): string[] {
    if (!Array.isArray(values) || values.length === 0) {
      this.host.fail('CSE515', `grant(): ${field} is ${Array.isArray(values) ? 'empty' : 'missing'}`, fix);
    }
    for (const v of values) {
      if (typeof v !== 'string' || v.trim() === '' || v !== v.trim()) {
        this.host.fail('CSE515', `grant(): ${field} entry ${JSON.stringify(v)} is empty or has surrounding blanks`, fix);
      }
    }
    return [...new Set(values)];
  }

  /** The group of built-in resources: the given one, or the one group the table knows them in. */
  private builtInGroup(apiGroup: string | undefined, resources: string[]): string {
    if (apiGroup !== undefined) {
      if (apiGroup !== '*' && !BUILT_IN_GROUPS.has(apiGroup)) {
        this.host.fail('CSE510', `grant(): apiGroup ${JSON.stringify(apiGroup)} is not a built-in API group`,
          `For a custom resource pass customResource: true with its group; built-in groups are ${[...BUILT_IN_GROUPS].map(g => JSON.stringify(g)).join(', ')}.`);
      }
      return apiGroup;
    }
    const groups = new Set<string>();
    for (const r of resources) {
      if (r === '*') continue;
      const found = candidates(r);
      if (found.length === 0) this.unknown(r, undefined);
      if (found.length > 1) {
        this.host.fail('CSE510', `grant(): resource "${r}" is served by more than one API group (${found.map(k => JSON.stringify(k.group)).join(', ')})`,
          `Pass apiGroup to say which one (e.g. apiGroup: ${JSON.stringify(found[0].group)}).`);
      }
      groups.add(found[0].group);
    }
    if (groups.size === 0) {
      this.host.fail('CSE510', 'grant(): resources ["*"] leaves the API group open', 'Pass apiGroup (e.g. apiGroup: \'apps\'); a wildcard grant also needs a suppression of CS501.');
    }
    if (groups.size > 1) {
      this.host.fail('CSE510', `grant(): resources ${JSON.stringify(resources)} are in different API groups (${[...groups].map(g => JSON.stringify(g)).join(', ')})`,
        'Make one grant() per API group, so each Role rule grants exactly these resources.');
    }
    return [...groups][0];
  }

  private lookup(group: string, resource: string): KnownResource {
    const found = candidates(resource).filter(k => k.group === group);
    if (found.length === 0) this.unknown(resource, group);
    return found[0];
  }

  private unknown(resource: string, group: string | undefined): never {
    const elsewhere = group === undefined ? [] : candidates(resource).map(k => JSON.stringify(k.group));
    const close = allKnownResources().filter(k => k.resource === `${resource}s` || `${k.resource}s` === resource
      || k.resource === resource.toLowerCase() || k.resource.replace(/s$/, '') === resource.toLowerCase());
    const hint = elsewhere.length > 0 ? ` Kubernetes serves it in apiGroup ${elsewhere.join(', ')}.`
      : close.length > 0 ? ` Did you mean "${close[0].resource}"${close[0].group ? ` (apiGroup "${close[0].group}")` : ''}?` : '';
    return this.host.fail('CSE510', `grant(): resource "${resource}" does not exist${group === undefined ? '' : ` in API group ${JSON.stringify(group)}`} among the built-in resources.${hint}`,
      'Use the plural lower-case RBAC name (configmaps, deployments, pods/log); for a resource of a CustomResourceDefinition pass customResource: true with its apiGroup.');
  }

  private customGroup(apiGroup: string | undefined, resources: string[]): string {
    if (apiGroup === undefined || !DNS_SUBDOMAIN.test(apiGroup) || BUILT_IN_GROUPS.has(apiGroup)) {
      this.host.fail('CSE516', `grant(): customResource needs the custom resource's apiGroup, a DNS name with a dot that is not a built-in group; got ${JSON.stringify(apiGroup)}`,
        'Pass the group of the CustomResourceDefinition (e.g. apiGroup: \'cert-manager.io\'), or leave customResource out for a built-in resource.');
    }
    for (const r of resources) {
      const [plural, sub, ...rest] = r.split('/');
      if (!PLURAL.test(plural) || (sub !== undefined && !CUSTOM_SUBRESOURCES.includes(sub)) || rest.length > 0) {
        this.host.fail('CSE516', `grant(): custom resource "${r}" is not a plural lower-case name with an optional /status or /scale`,
          'Use the plural of the CustomResourceDefinition (spec.names.plural, e.g. certificates).');
      }
    }
    return apiGroup;
  }

  /** The ServiceAccount subject: the workload's own, or the one passed as serviceAccount. */
  private subject(clusterWide: boolean): Record<string, string> {
    const sa = this.w.serviceAccount!;
    const config = sa.toSubjectConfiguration();
    const namespace = config.namespace ?? this.w.metadata.namespace;
    if (config.name === 'default') {
      this.host.fail('CSE517', 'grant(): the pods run as the ServiceAccount "default", and a grant to it would hand its rights to every pod of the namespace that names no account',
        'Leave serviceAccount out (the workload gets a dedicated one) or pass a ServiceAccount of its own.');
    }
    if (clusterWide && namespace === undefined) {
      this.host.fail('CSE514', `grant(): ServiceAccount "${config.name}" has no namespace, which a ClusterRoleBinding subject must name`,
        'Give the chart or the workload a namespace (new Chart(app, \'x\', { namespace: \'prod\' })).');
    }
    return { kind: 'ServiceAccount', name: config.name, ...(namespace === undefined ? {} : { namespace }) };
  }

  /**
   * Runs the catalog on the rule as it would be emitted (its own Role and binding) and refuses it when a
   * rule reports it that the workload does not suppress: CS501 wildcards, CS503/CS504 secrets, CS505
   * exec/attach, CS506 escalate/bind/impersonate, CS507 nodes/proxy, CS508 binding to a wildcard role.
   */
  private refuseDangerous(rule: Rule, clusterWide: boolean, subject: Record<string, string>): void {
    const roleKind = clusterWide ? 'ClusterRole' : 'Role';
    const ns = clusterWide ? {} : { namespace: subject.namespace ?? 'default' };
    const role = { apiVersion: `${RBAC_GROUP}/v1`, kind: roleKind, metadata: { name: 'grant', ...ns }, rules: [rule] };
    const binding = {
      apiVersion: `${RBAC_GROUP}/v1`,
      kind: `${roleKind}Binding`,
      metadata: { name: 'grant', ...ns },
      roleRef: { apiGroup: RBAC_GROUP, kind: roleKind, name: 'grant' },
      subjects: [subject],
    };
    const bad = new Checker().check([role, binding])
      .filter(f => atOrAbove(f.severity, Severity.WARNING) && !f.ruleId.startsWith('CS00') && !this.host.suppressed(f.ruleId));
    if (bad.length === 0) return;
    const ids = [...new Set(bad.map(f => f.ruleId))];
    const lines = bad.map(f => `  - ${f.ruleId} ${f.title}: ${f.message.replace(/^rule 0 /, 'the rule ')}`);
    this.host.fail('CSE512', `grant() of ${JSON.stringify(rule.verbs)} on ${JSON.stringify(rule.resources)} (apiGroup ${JSON.stringify(rule.apiGroups[0])}) would fail ${bad.length} RBAC rule(s):\n${lines.join('\n')}\n`,
      `Grant only what the workload needs (e.g. get with resourceNames). To accept it, add to the workload suppressions: [${ids.map(id => `{ ruleId: '${id}', reason: '<why, at least 10 characters>' }`).join(', ')}]; the reason is written to the ${roleKind} and its binding.`);
  }

  private bind(clusterWide: boolean, subject: Record<string, string>): Bound {
    const rules: Rule[] = [];
    const metadata = { labels: this.host.labels, ...(clusterWide ? {} : { namespace: this.w.metadata.namespace }) };
    const role = clusterWide
      ? new kplus.k8s.KubeClusterRole(this.w, 'ClusterRole', { metadata, rules })
      : new kplus.k8s.KubeRole(this.w, 'Role', { metadata, rules });
    const roleRef = { apiGroup: RBAC_GROUP, kind: clusterWide ? 'ClusterRole' : 'Role', name: role.name };
    const binding = clusterWide
      ? new kplus.k8s.KubeClusterRoleBinding(this.w, 'ClusterRoleBinding', { metadata, roleRef, subjects: [subject as any] })
      : new kplus.k8s.KubeRoleBinding(this.w, 'RoleBinding', { metadata, roleRef, subjects: [subject as any] });
    if (clusterWide) {
      // cdk8s gives every object the chart's namespace; a cluster-scoped object has none.
      for (const o of [role, binding]) {
        if (o.metadata.namespace !== undefined) o.addJsonPatch(JsonPatch.remove('/metadata/namespace'));
      }
    }
    return { role, binding, rules, reasons: [] };
  }
}

/** Entries of the table for `resource`, also for `<resource>/*` (every subresource of a known resource). */
function candidates(resource: string): KnownResource[] {
  if (!resource.endsWith('/*')) return knownResources(resource);
  const parent = resource.slice(0, -2);
  const subs = allKnownResources().filter(k => k.resource.startsWith(`${parent}/`));
  const groups = [...new Set(subs.map(k => k.group))];
  return groups.map(group => {
    const inGroup = subs.filter(k => k.group === group);
    return { group, resource, clusterScoped: inGroup[0].clusterScoped, verbs: [...new Set(inGroup.flatMap(k => k.verbs))] };
  });
}

function describe(group: string, resource: string): string {
  return `"${resource}"${group === '' ? '' : ` (apiGroup "${group}")`}`;
}
