import { kindRule } from '../../_rule';
import { Severity } from '../../finding';

export const auditPolicyApplied = kindRule({
  id: 'CS650',
  title: 'Audit policy among the applied manifests',
  severity: Severity.ERROR,
  description: 'Fails when an audit.k8s.io Policy (a kube-apiserver audit policy) is found among the manifests to apply.',
  rationale: 'An audit policy is a file kube-apiserver reads at start-up (--audit-policy-file), not an API object: `kubectl apply` fails on it ("no matches for kind Policy"), possibly after applying part of the other manifests, and the cluster keeps auditing with whatever policy the API server was started with (often none).',
  fix: 'Keep the policy out of the applied manifests: write it with AuditPolicy.writeFile() to a file for the control-plane nodes and point kube-apiserver --audit-policy-file at it (or configure your managed cluster\'s audit logging).',
  references: ['CIS 3.2.1', 'CIS 3.2.2', 'Kubernetes: Auditing (audit policy)'],
}, ['Policy'], (obj) => typeof obj.apiVersion === 'string' && obj.apiVersion.startsWith('audit.k8s.io/')
  ? [{ path: ['kind'], message: `the ${obj.apiVersion} Policy is a kube-apiserver audit policy file, which kubectl cannot apply` }]
  : []);
