// The hardening guide's audit rule, corrected, as a complete policy. The guide logged create, update and
// delete of pods and "deployments" in the core group "" at RequestResponse; deployments are in group
// apps, patch is a write verb (kubectl apply, edit, scale), and subresources such as pods/exec are not
// matched by "pods". AuditRules.recommended() (the default) covers all of this and more.
import { Construct } from 'constructs';
import { AuditLevel, AuditPolicy, AuditRules } from '../../src'; // in your app: from 'cdk8s-secure'

export function guideAuditPolicy(scope: Construct): AuditPolicy {
  return new AuditPolicy(scope, 'guide-audit-policy', {
    rules: [
      // Credentials first, at Metadata: the first matching rule wins.
      ...AuditRules.sensitiveAtMetadata(),
      {
        level: AuditLevel.REQUEST_RESPONSE,
        verbs: ['create', 'update', 'patch', 'delete'],
        resources: [{ group: '', resources: ['pods'] }, { group: 'apps', resources: ['deployments'] }],
      },
      // No verb filter here: kubectl exec over WebSocket is a "get" of pods/exec.
      { level: AuditLevel.REQUEST_RESPONSE, resources: [{ group: '', resources: ['pods/exec', 'pods/portforward', 'pods/attach'] }] },
      ...AuditRules.catchAll(),
    ],
  });
}
