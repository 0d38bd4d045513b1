import { blockYaml } from './_fix-edit';
import { isRecord } from '../checks/_path';
import { isEmptySelector } from '../checks/_selector';
import { policyDirections } from '../checks/rules/network/network-policy-coverage';

/*
 * `cdk8s-secure fix --add-network-policies FILE`: per namespace of the input without a default deny, the two
 * policies SecureNamespace emits: `default-deny` (every pod, ingress and egress) and `allow-dns` (egress to
 * kube-dns on UDP and TCP 53), in a file of their own, so applying them is a separate decision.
 */

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/** Collects, object by object, the namespaces of the input and which of them have a default deny. */
export class NetworkPolicyPlan {
  private readonly seen = new Set<string>();
  private readonly denied = new Set<string>();
  private readonly named = new Set<string>();
  private unnamespaced = 0;

  public add(o: Record<string, any>): void {
    const ns = typeof o.metadata?.namespace === 'string' && o.metadata.namespace !== '' ? o.metadata.namespace : undefined;
    if (o.kind === 'Namespace' && o.apiVersion === 'v1' && typeof o.metadata?.name === 'string') this.seen.add(o.metadata.name);
    else if (ns) this.seen.add(ns);
    else if (!CLUSTER_SCOPED.has(o.kind)) this.unnamespaced++;
    if (o.kind === 'NetworkPolicy' && ns && isRecord(o.spec)) {
      if (typeof o.metadata?.name === 'string') this.named.add(`${ns}\u0000${o.metadata.name}`);
      const d = policyDirections(o.spec);
      if (isEmptySelector(isRecord(o.spec.podSelector) ? o.spec.podSelector : {}) && d.ingress && d.egress) this.denied.add(ns);
    }
  }

  /** The policies file ('' when every namespace has its default deny) and notes on what was left out. */
  public file(): { text: string; namespaces: string[]; notes: string[] } {
    return networkPolicyFile(this.seen, this.denied, this.named, this.unnamespaced);
  }
}

function networkPolicyFile(seen: Set<string>, denied: Set<string>, named: Set<string>, unnamespaced: number)
  : { text: string; namespaces: string[]; notes: string[] } {
  const notes: string[] = [];
  if (unnamespaced > 0) notes.push(`--add-network-policies: ${unnamespaced} namespaced object(s) have no metadata.namespace; no policy was written for the namespace they will be applied to`);
  const namespaces: string[] = [];
  const docs: string[] = [];
  for (const ns of [...seen].sort()) {
    if (denied.has(ns)) continue;
    if (!DNS_LABEL.test(ns)) {
      notes.push(`--add-network-policies: ${JSON.stringify(ns)} is not a valid namespace name: skipped`);
      continue;
    }
    if (named.has(`${ns}\u0000default-deny`) || named.has(`${ns}\u0000allow-dns`)) {
      notes.push(`--add-network-policies: namespace ${ns} already has a policy named default-deny or allow-dns that is not a default deny: skipped, decide yourself`);
      continue;
    }
    namespaces.push(ns);
    const meta = (name: string) => ({ name, namespace: ns, labels: { 'app.kubernetes.io/managed-by': 'cdk8s-secure-fix' } });
    docs.push(blockYaml({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: meta('default-deny'), spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] } }));
    docs.push(blockYaml({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: meta('allow-dns'),
      spec: {
        podSelector: {},
        policyTypes: ['Egress'],
        egress: [{
          to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
          ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }],
        }],
      },
    }));
  }
  return { text: docs.map(d => `---\n${d}`).join(''), namespaces, notes };
}

/** Kinds that have no namespace (their objects need none). */
const CLUSTER_SCOPED = new Set([
  'Namespace', 'ClusterRole', 'ClusterRoleBinding', 'CustomResourceDefinition', 'PersistentVolume', 'StorageClass', 'PriorityClass',
  'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding', 'ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration',
  'APIService', 'RuntimeClass', 'IngressClass', 'CSIDriver', 'VolumeAttachment', 'Node', 'ConstraintTemplate', 'ClusterSecretStore',
]);
