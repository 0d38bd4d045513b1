// `node hostile-worker.js <value bytes>`: the rules on one object of every kind with a value of that many
// bytes in every field they read (the shapes of test/checks/hostile-values.test.ts), in a fresh process.
import { libModule } from './_lib';

const { Checker } = libModule<typeof import('../lib/checks/engine')>('checks/engine');
const n = Number(process.argv[2]);
const shapes = ['aB3', 'a.', 'eyJ', '-----BEGIN ', 'a=b,'];
let ms = 0;
for (const unit of shapes) {
  const v = unit.repeat(Math.ceil(n / unit.length)).slice(0, n);
  const container = {
    name: 'c',
    image: v,
    args: [v],
    command: [v],
    env: [{ name: v, value: v }, { name: 'PASSWORD', value: v }],
    securityContext: { procMount: v, seLinuxOptions: { type: v }, capabilities: { add: [v], drop: [v] } },
  };
  const objects = [
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: v, annotations: { 'cdk8s-secure.io/suppressions': v } },
      spec: {
        template: {
          metadata: { labels: { app: v } },
          spec: { serviceAccountName: v, containers: [container], volumes: [{ name: v, hostPath: { path: v } }] },
        },
      },
    },
    { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, stringData: { [v]: v } },
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm' }, data: { [v]: v } },
    { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'np' }, spec: { podSelector: {}, ingress: [{ from: [{ ipBlock: { cidr: v } }] }] } },
    { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: v }, rules: [{ apiGroups: [v], resources: [v], verbs: [v] }] },
  ];
  const t0 = process.hrtime.bigint();
  new Checker().check(objects);
  ms += Number(process.hrtime.bigint() - t0) / 1e6;
}
process.stdout.write(`${JSON.stringify({ ms, objects: -1, maxRssKiB: process.resourceUsage().maxRSS })}\n`);
