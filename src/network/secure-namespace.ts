import { ApiObjectMetadata, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { SecureError } from '../_errors';
import { isDnsLabel, isLabelValue } from '../_names';
import { allowDnsEgress } from './_dns';
import { PSS_LATEST_VERSION } from '../checks/pss-version';
import { Suppression, Suppressions } from '../checks/suppressions';

/**
 * A ResourceQuota for the namespace.
 */
export interface NamespaceQuota {
  /**
   * Total cpu requests.
   * @default - not limited
   */
  readonly requestsCpu?: kplus.Cpu;
  /**
   * Total memory requests.
   * @default - not limited
   */
  readonly requestsMemory?: Size;
  /**
   * Total cpu limits.
   * @default - not limited
   */
  readonly limitsCpu?: kplus.Cpu;
  /**
   * Total memory limits.
   * @default - not limited
   */
  readonly limitsMemory?: Size;
  /**
   * Number of pods.
   * @default - not limited
   */
  readonly pods?: number;
}

/**
 * Properties of a SecureNamespace.
 */
export interface SecureNamespaceProps {
  /** Team or person that owns the namespace: the `owner` label. */
  readonly owner: string;
  /**
   * Namespace name (a DNS label).
   * @default - generated from the construct path
   */
  readonly name?: string;
  /**
   * Extra metadata of the Namespace object.
   * @default - the owner and Pod Security Admission labels only
   */
  readonly metadata?: ApiObjectMetadata;
  /**
   * Kubernetes minor version the Pod Security Admission labels pin (`pod-security.kubernetes.io/*-version`),
   * so a cluster upgrade cannot silently change what `restricted` means for this namespace.
   * @default 'v1.37' - the newest Pod Security Standards release the checker's rules implement
   * (`PSS_LATEST_VERSION`)
   */
  readonly podSecurityVersion?: string;
  /**
   * Emit a default-deny NetworkPolicy for ingress and egress of every pod in the namespace.
   * `false` needs a suppression of CS307 with a reason.
   * @default true
   */
  readonly defaultDeny?: boolean;
  /**
   * Findings to accept, each with a reason; written to the Namespace object. `defaultDeny: false` needs
   * one for CS307.
   * @default - none
   */
  readonly suppressions?: Suppression[];
  /**
   * With `defaultDeny`, still allow every pod DNS egress (UDP and TCP 53) to kube-dns.
   * @default true
   */
  readonly allowDns?: boolean;
  /**
   * Container resources a LimitRange applies when a pod sets none.
   * @default - requests cpu 100m / memory 128Mi, limits cpu 200m / memory 256Mi
   */
  readonly defaultResources?: kplus.ContainerResources;
  /**
   * A ResourceQuota for the namespace.
   * @default - none
   */
  readonly quota?: NamespaceQuota;
}

/**
 * A Namespace that enforces, audits and warns on the Pod Security Standards `restricted` profile at a
 * pinned version, denies all ingress and egress by default (DNS still allowed), gives containers that
 * set none default requests and limits, optionally caps the total with a ResourceQuota, and carries an
 * `owner` label.
 */
export class SecureNamespace extends Construct {
  /** The namespace name, to pass as a chart's `namespace`. */
  public readonly name: string;
  /** The Namespace object. */
  public readonly resource: kplus.k8s.KubeNamespace;

  constructor(scope: Construct, id: string, props: SecureNamespaceProps) {
    super(scope, id);
    const fail = (code: string, problem: string, fix: string): never => SecureError.raise(this, code, 'SecureNamespace', problem, fix);
    if (props.owner === '' || !isLabelValue(props.owner)) {
      fail('CSE311', `owner ${JSON.stringify(props.owner)} is not a valid label value`, 'Use 1-63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit.');
    }
    const version = props.podSecurityVersion ?? PSS_LATEST_VERSION;
    if (!/^(latest|v1\.\d+)$/.test(version)) {
      fail('CSE312', `podSecurityVersion ${JSON.stringify(version)} is not a Kubernetes minor version`, `Use e.g. "${PSS_LATEST_VERSION}" (or "latest", which is not pinned).`);
    }
    this.resource = new kplus.k8s.KubeNamespace(this, 'Resource', {
      metadata: {
        ...props.metadata,
        name: props.name,
        labels: {
          ...props.metadata?.labels,
          'owner': props.owner,
          'pod-security.kubernetes.io/enforce': 'restricted',
          'pod-security.kubernetes.io/enforce-version': version,
          'pod-security.kubernetes.io/audit': 'restricted',
          'pod-security.kubernetes.io/audit-version': version,
          'pod-security.kubernetes.io/warn': 'restricted',
          'pod-security.kubernetes.io/warn-version': version,
        },
      },
    });
    this.name = this.resource.name;
    if (props.suppressions && props.suppressions.length > 0) Suppressions.add(this, ...props.suppressions);
    if (props.defaultDeny === false && !Suppressions.of(this).some(x => x.ruleId === 'CS307')) {
      fail('CSE315', 'defaultDeny is false, so new workloads in the namespace start open (CS307 Namespace without default deny)',
        "Keep defaultDeny (the default), or accept it: suppressions: [{ ruleId: 'CS307', reason: '<why this namespace needs no default deny>' }].");
    }
    if (!isDnsLabel(this.name)) {
      fail('CSE313', `name ${JSON.stringify(this.name)} is not a valid namespace name`, 'Use at most 63 lower-case letters, digits and "-", starting and ending with a letter or digit.');
    }
    const labels = { owner: props.owner };
    if (props.defaultDeny ?? true) {
      new kplus.k8s.KubeNetworkPolicy(this, 'DefaultDeny', {
        metadata: { namespace: this.name, name: 'default-deny', labels },
        spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
      });
      if (props.allowDns ?? true) {
        allowDnsEgress(this, 'AllowDns', { namespace: this.name, name: 'allow-dns', labels }, {});
      }
    }
    const r = props.defaultResources;
    const q = (s: string) => kplus.k8s.Quantity.fromString(s);
    const mi = (s: Size) => q(`${s.toMebibytes()}Mi`);
    new kplus.k8s.KubeLimitRange(this, 'Defaults', {
      metadata: { namespace: this.name, name: 'container-defaults', labels },
      spec: {
        limits: [{
          type: 'Container',
          defaultRequest: { cpu: q(String(r?.cpu?.request?.amount ?? '100m')), memory: r?.memory?.request ? mi(r.memory.request) : q('128Mi') },
          default: { cpu: q(String(r?.cpu?.limit?.amount ?? '200m')), memory: r?.memory?.limit ? mi(r.memory.limit) : q('256Mi') },
        }],
      },
    });
    if (props.quota) {
      const hard: Record<string, kplus.k8s.Quantity> = {};
      if (props.quota.requestsCpu) hard['requests.cpu'] = q(String(props.quota.requestsCpu.amount));
      if (props.quota.requestsMemory) hard['requests.memory'] = mi(props.quota.requestsMemory);
      if (props.quota.limitsCpu) hard['limits.cpu'] = q(String(props.quota.limitsCpu.amount));
      if (props.quota.limitsMemory) hard['limits.memory'] = mi(props.quota.limitsMemory);
      if (props.quota.pods !== undefined) {
        if (!Number.isInteger(props.quota.pods) || props.quota.pods < 0) fail('CSE314', `quota.pods ${props.quota.pods} is not a whole number >= 0`, 'Use e.g. pods: 50.');
        hard.pods = q(String(props.quota.pods));
      }
      if (Object.keys(hard).length === 0) fail('CSE314', 'quota sets no limit', 'Set at least one of requestsCpu, requestsMemory, limitsCpu, limitsMemory, pods, or leave quota out.');
      new kplus.k8s.KubeResourceQuota(this, 'Quota', { metadata: { namespace: this.name, name: 'quota', labels }, spec: { hard } });
    }
  }
}
