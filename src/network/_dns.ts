import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';

/**
 * A NetworkPolicy that lets the selected pods resolve names: egress to kube-dns in kube-system on UDP and
 * TCP 53. Every default deny in this library comes with it, or the pods could not reach any Service by name.
 */
export function allowDnsEgress(
  scope: Construct,
  id: string,
  metadata: { namespace?: string; name?: string; labels?: Record<string, string> },
  podSelector: kplus.k8s.LabelSelector,
): kplus.k8s.KubeNetworkPolicy {
  return new kplus.k8s.KubeNetworkPolicy(scope, id, {
    metadata,
    spec: {
      podSelector,
      policyTypes: ['Egress'],
      egress: [{
        to: [{
          namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
          podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
        }],
        ports: [
          { protocol: 'UDP', port: kplus.k8s.IntOrString.fromNumber(53) },
          { protocol: 'TCP', port: kplus.k8s.IntOrString.fromNumber(53) },
        ],
      }],
    },
  });
}
