// Values shaped to make a backtracking regular expression retry at every character, and objects that carry
// one in every string field a rule reads. Shared by test/checks/hostile-values.test.ts (1 MB values must
// finish) and bench/hostile-worker.ts (100 KB vs 1 MB, side by side).

/** The repeated units of the hostile values: scheme letters, dotted words, JWT and PEM prefixes, lists, references. */
export const HOSTILE_UNITS: Readonly<Record<string, string>> = {
  'letters and digits': 'aB3',
  'dotted words': 'a.',
  'JWT prefixes': 'eyJ',
  'PEM headers': '-----BEGIN ',
  'key=value list': 'a=b,',
  'env references and schemes': '$(A)a://b:',
};

/** `unit` repeated to `bytes` characters. */
export function hostileValue(unit: string, bytes: number): string {
  return unit.repeat(Math.ceil(bytes / unit.length)).slice(0, bytes);
}

/** One object of every kind the rules read, with `v` in every string field they look at. */
export function hostileObjects(v: string): any[] {
  const container = {
    name: 'c',
    image: v,
    args: [v],
    command: [v],
    workingDir: v,
    env: [
      { name: v, value: v }, { name: 'PASSWORD', value: v }, { name: 'OTEL_RESOURCE_ATTRIBUTES', value: v },
      // A literal credential next to the hostile values: it must still be found.
      { name: 'DB_URL', value: `postgres://app:${'hunter2'.repeat(3)}@db:5432/app?x=${v}` },
    ],
    ports: [{ containerPort: 80, name: v }],
    securityContext: {
      procMount: v,
      seccompProfile: { type: 'Localhost', localhostProfile: v },
      seLinuxOptions: { type: v, user: v, role: v, level: v },
      appArmorProfile: { type: 'Localhost', localhostProfile: v },
      capabilities: { add: [v], drop: [v] },
    },
    livenessProbe: { httpGet: { path: v, port: v, host: v } },
    resources: { limits: { cpu: v, memory: v }, requests: { cpu: v, memory: v } },
    volumeMounts: [{ name: v, mountPath: v }],
  };
  return [
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: v, namespace: v, labels: { [v]: v, app: v }, annotations: { [v]: v, 'cdk8s-secure.io/suppressions': v } },
      spec: {
        selector: { matchLabels: { app: v } },
        template: {
          metadata: { labels: { app: v }, annotations: { [v]: v, 'container.apparmor.security.beta.kubernetes.io/c': v } },
          spec: {
            serviceAccountName: v,
            containers: [container],
            initContainers: [container],
            volumes: [{ name: v, hostPath: { path: v } }],
            securityContext: { sysctls: [{ name: v, value: v }] },
          },
        },
      },
    },
    { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, stringData: { [v]: v }, data: { a: v } },
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm' }, data: { [v]: v, password: v } },
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'falco', labels: { 'cdk8s-secure.io/falco-rules': 'true' } }, data: { 'rules.yaml': v } },
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'np' },
      spec: {
        podSelector: { matchLabels: { app: v } },
        ingress: [{ from: [{ ipBlock: { cidr: v, except: [v] } }] }],
        egress: [{ to: [{ ipBlock: { cidr: v } }] }],
      },
    },
    { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: v }, rules: [{ apiGroups: [v], resources: [v], verbs: [v], resourceNames: [v] }] },
    { apiVersion: 'external-secrets.io/v1', kind: 'SecretStore', metadata: { name: 'ss' }, spec: { provider: { vault: { server: v, auth: { tokenSecretRef: { name: v } } } } } },
    { apiVersion: 'v1', kind: 'Service', metadata: { name: 'svc' }, spec: { type: v, externalIPs: [v] } },
  ];
}
