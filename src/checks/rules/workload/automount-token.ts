import { FieldPath } from '../../_path';
import { isPodBearing, podOf } from '../../_pod';
import { Held, RawFinding, StreamCheck, StreamRule } from '../../_rule';
import { Severity } from '../../finding';

const UNSET = 'the pod does not set automountServiceAccountToken: false';

/**
 * CS211. A pod that leaves automountServiceAccountToken unset takes its ServiceAccount's value, so a pod
 * whose ServiceAccount in the same input sets false is settled; one that sets true itself is not.
 */
export const automountToken: StreamRule = {
  id: 'CS211',
  title: 'Service account token mounted',
  severity: Severity.ERROR,
  description: 'Fails when the pod does not set automountServiceAccountToken: false and its ServiceAccount (in the same input) does not set it to false either; a pod that sets true is always reported.',
  rationale: 'Most applications never call the Kubernetes API; a mounted token is a credential an attacker gets for free.',
  fix: 'Set spec.automountServiceAccountToken: false, or mount a projected token only in the pod that needs it.',
  references: ['CIS 5.1.6', 'NSA: Pod security', 'Polaris: automountServiceAccountToken', 'Trivy: KSV-0036', 'Checkov: CKV_K8S_38'],
  scope: 'stream',
  appliesTo: isPodBearing,
  open: () => new AutomountCheck(),
};

interface Waiting {
  readonly seq: number;
  readonly held: Held;
  readonly path: FieldPath;
  readonly message: string;
}

class AutomountCheck implements StreamCheck {
  /** automountServiceAccountToken of each ServiceAccount seen, by namespace and name. */
  private readonly accounts = new Map<string, boolean | undefined>();
  /** Pods that leave it unset, waiting for their ServiceAccount, by namespace and name. */
  private readonly waiting = new Map<string, Waiting[]>();
  /** Pods reported whatever comes later. */
  private readonly reported: Waiting[] = [];
  private seq = 0;

  public see(obj: Record<string, any>, hold: (path: FieldPath) => Held): void {
    const ns = typeof obj.metadata?.namespace === 'string' ? obj.metadata.namespace : '';
    if (obj.kind === 'ServiceAccount' && obj.apiVersion === 'v1') {
      const key = `${ns}\u0000${String(obj.metadata?.name)}`;
      const value = obj.automountServiceAccountToken === false ? false : obj.automountServiceAccountToken === true ? true : undefined;
      this.accounts.set(key, value);
      const pods = this.waiting.get(key);
      if (pods) {
        this.waiting.delete(key);
        if (value !== false) this.reported.push(...pods);
      }
      return;
    }
    const pod = podOf(obj);
    if (!pod) return;
    const own = pod.spec.automountServiceAccountToken;
    if (own === false) return;
    const path = [...pod.path, 'automountServiceAccountToken'];
    if (own === true) {
      this.reported.push({ seq: this.seq++, held: hold(path), path, message: 'the pod sets automountServiceAccountToken: true' });
      return;
    }
    const account = nonEmpty(pod.spec.serviceAccountName) ?? nonEmpty(pod.spec.serviceAccount) ?? 'default';
    const key = `${ns}\u0000${account}`;
    if (this.accounts.has(key)) {
      if (this.accounts.get(key) !== false) this.reported.push({ seq: this.seq++, held: hold(path), path, message: UNSET });
      return;
    }
    const list = this.waiting.get(key);
    const w = { seq: this.seq++, held: hold(path), path, message: UNSET };
    if (list) list.push(w);
    else this.waiting.set(key, [w]);
  }

  public finish(): Array<{ held: Held; finding: RawFinding }> {
    return [...this.reported, ...[...this.waiting.values()].flat()]
      .sort((a, b) => a.seq - b.seq)
      .map(w => ({ held: w.held, finding: { path: w.path, message: w.message } }));
  }
}

function nonEmpty(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}
