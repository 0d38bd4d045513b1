import { Interner } from '../../_multimap';
import { FieldPath, getIn } from '../../_path';
import { PodKinds } from '../../_pod';
import { accountKey, BoundAccounts, isBinding, namespaceOf, podAccount } from '../../_rbac';
import { Held, RawFinding, StreamCheck, StreamRule } from '../../_rule';
import { Severity } from '../../finding';

const UNSET = 'the pod does not set automountServiceAccountToken: false';

/**
 * CS211. A pod that leaves automountServiceAccountToken unset takes its ServiceAccount's value, so a pod
 * whose ServiceAccount in the same input sets false is settled; one that sets true itself is not. A pod
 * whose ServiceAccount a RoleBinding or ClusterRoleBinding in the same input binds uses the API: the
 * binding is the reason for its token, so it is not reported (see `boundAccounts` for what counts). A
 * binding to the namespace's `default` account is no such reason: it hands its rights to every pod that
 * names no account, so those pods stay reported (and CS212 reports their use of `default`).
 */
export const automountToken: StreamRule = {
  id: 'CS211',
  title: 'Service account token mounted',
  severity: Severity.ERROR,
  description: 'Fails when the pod does not set automountServiceAccountToken: false and its ServiceAccount (in the same input) does not set it to false either, unless a RoleBinding or ClusterRoleBinding in the same input binds that ServiceAccount (subject of kind ServiceAccount, or User system:serviceaccount:<ns>:<name>; group subjects do not count, nor does a binding to the account "default"): the binding is the reason for the token.',
  rationale: 'Most applications never call the Kubernetes API; a mounted token is a credential an attacker gets for free.',
  fix: 'Set spec.automountServiceAccountToken: false; a pod that calls the API runs as its own ServiceAccount, bound by a RoleBinding with exactly the rights it needs (SecureDeployment.grant() and the other workloads emit both).',
  references: ['CIS 5.1.6', 'NSA: Pod security', 'Polaris: automountServiceAccountToken', 'Trivy: KSV-0036', 'Checkov: CKV_K8S_38'],
  scope: 'stream',
  appliesTo: (kind, apiVersion, ctx) => (ctx?.pods ?? PodKinds.BUILT_IN).has(kind, apiVersion),
  open: ctx => new AutomountCheck(ctx.pods ?? PodKinds.BUILT_IN),
};

interface Waiting {
  readonly seq: number;
  /** The pod's ServiceAccount (namespace and name), to drop the finding when a binding names it. */
  readonly account: string;
  readonly held: Held;
  readonly path: FieldPath;
  readonly message: string;
}

class AutomountCheck implements StreamCheck {
  /** automountServiceAccountToken of each ServiceAccount seen, by namespace and name. */
  private readonly accounts = new Map<string, boolean | undefined>();
  /** Pods that leave it unset, waiting for their ServiceAccount, by namespace and name. */
  private readonly waiting = new Map<string, Waiting[]>();
  /** Pods whose token is mounted; reported unless a binding (before or after them) names their account. */
  private readonly reported: Waiting[] = [];
  private readonly bound = new BoundAccounts();
  private seq = 0;

  constructor(private readonly pods: PodKinds) {}

  public see(obj: Record<string, any>, hold: (path: FieldPath) => Held, keep: Interner): void {
    const ns = namespaceOf(obj);
    if (isBinding(obj)) {
      this.bound.see(obj, k => keep.of(k));
      return;
    }
    if (obj.kind === 'ServiceAccount' && obj.apiVersion === 'v1') {
      const key = keep.of(accountKey(ns, String(obj.metadata?.name)));
      const value = obj.automountServiceAccountToken === false ? false : obj.automountServiceAccountToken === true ? true : undefined;
      this.accounts.set(key, value);
      const pods = this.waiting.get(key);
      if (pods) {
        this.waiting.delete(key);
        if (value !== false) this.reported.push(...pods);
      }
      return;
    }
    const pod = this.pods.podOf(obj);
    if (!pod) return;
    const own = pod.spec.automountServiceAccountToken;
    if (own === false) return;
    const path = [...pod.path, 'automountServiceAccountToken'];
    const key = keep.of(accountKey(ns, podAccount(pod.spec)));
    if (own === true) {
      // An operator that mounts the token unless told otherwise (prometheus-operator's Prometheus) sets it on the pod.
      const message = getIn(obj, path) === true ? 'the pod sets automountServiceAccountToken: true'
        : `the operator mounts the token into ${obj.kind} pods unless spec.automountServiceAccountToken is false`;
      this.reported.push({ seq: this.seq++, account: key, held: hold(path), path, message });
      return;
    }
    // A resource without the field (prometheus-operator's ThanosRuler): only its ServiceAccount can say false.
    const noField = pod.podFields !== undefined && !pod.podFields.includes('automountServiceAccountToken');
    const unset = noField ? `${obj.kind} has no automountServiceAccountToken field: its pods take the setting of their ServiceAccount, which does not set false` : UNSET;
    const at = noField ? [...pod.path, 'serviceAccountName'] : path;
    if (this.accounts.has(key)) {
      if (this.accounts.get(key) !== false) this.reported.push({ seq: this.seq++, account: key, held: hold(at), path: at, message: unset });
      return;
    }
    const list = this.waiting.get(key);
    const w = { seq: this.seq++, account: key, held: hold(at), path: at, message: unset };
    if (list) list.push(w);
    else this.waiting.set(key, [w]);
  }

  public finish(): Array<{ held: Held; finding: RawFinding }> {
    return [...this.reported, ...[...this.waiting.values()].flat()]
      .filter(w => w.account.endsWith('\u0000default') || !this.bound.hasKey(w.account))
      .sort((a, b) => a.seq - b.seq)
      .map(w => ({ held: w.held, finding: { path: w.path, message: w.message } }));
  }
}
