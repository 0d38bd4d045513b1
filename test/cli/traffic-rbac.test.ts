/** The issue #14 rules through the CLI: findings on lines of the YAML, set rules (CS321, CS508) included. */
import { checkJson } from './_cli';

const INPUT = `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: { name: shop, namespace: prod }
spec:
  ingressClassName: nginx
  rules:
    - host: shop.example.com
      http:
        paths: [{ path: /, pathType: Prefix, backend: { service: { name: web, port: { number: 8080 } } } }]
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: { name: edge, namespace: prod }
spec:
  gatewayClassName: example
  listeners:
    - { name: http, protocol: HTTP, port: 80 }
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: { name: shop, namespace: prod }
spec:
  parentRefs:
    - name: edge
  rules:
    - backendRefs: [{ name: web, port: 8080 }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: everything }
rules:
  - { apiGroups: ["*"], resources: ["*"], verbs: ["*"] }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: ops-everything }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: everything }
subjects: [{ kind: Group, name: ops, apiGroup: rbac.authorization.k8s.io }]
---
apiVersion: v1
kind: Service
metadata: { name: web, namespace: prod }
spec:
  selector: { app: web }
  externalIPs: [203.0.113.10]
  ports: [{ port: 80 }]
`;

test('the CLI reports CS320, CS321, CS322 and CS508 on the objects and lines they are about', async () => {
  const r = await checkJson(['-'], { stdin: INPUT });
  expect(r.code).toBe(1);
  const byRule = (id: string) => r.report.findings.filter(f => f.ruleId === id)
    .map(f => [f.object.kind, f.path, f.source.documentIndex, f.source.line]);
  // spec.tls is missing: the finding points at the nearest field that exists, spec (its mapping starts on line 5).
  expect(byRule('CS320')).toEqual([['Ingress', 'spec.tls', 0, 5]]);
  expect(byRule('CS321')).toEqual([['HTTPRoute', 'spec.parentRefs[0]', 2, 24]]);
  expect(byRule('CS322')).toEqual([['Service', 'spec.externalIPs', 5, 45]]);
  expect(byRule('CS508')).toEqual([['ClusterRoleBinding', 'roleRef.name', 4, 37]]);
  expect(r.report.findings.find(f => f.ruleId === 'CS321')!.message)
    .toBe('parentRef 0 attaches the route to listener "http" (port 80) of Gateway prod/edge, of protocol HTTP: the route is served without TLS');
  // CS321 reads the Gateway: the CLI does not call it uninspected.
  expect(r.stderr).not.toContain('no rule inspects Gateway');
});
