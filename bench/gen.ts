// Generates the mixed-kind inputs for the check benchmark: copies of one synthesized IsolatedBackend
// unit (Deployment, ServiceAccount, PodDisruptionBudget, NetworkPolicies, Service) plus a ConfigMap per
// unit, with names and labels made unique; one unit in a hundred is a deliberately insecure Pod, so the
// finding path (locating lines, rendering) is exercised too.
import * as fs from 'fs';
import { App, Chart, Yaml } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { lib } from './_lib';

const DIGEST = '@sha256:1f2e3d4c5b6a79880f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a6978';

export function unitTemplate(): string[] {
  const { HealthChecks, IsolatedBackend } = lib();
  const app = new App({ outdir: '/tmp/cdk8s-secure-bench-unused' });
  const chart = new Chart(app, 'bench', { namespace: 'bench' });
  const b = new IsolatedBackend(chart, 'svcX', {
    owner: 'bench',
    containers: [{ image: `registry.example.com/team/svc:1.0.0${DIGEST}`, portNumber: 8080, healthChecks: HealthChecks.http() }],
  });
  b.allowFrom(kplus.Pods.select(chart, 'frontend', { labels: { app: 'frontend' } }), kplus.NetworkPolicyPort.tcp(8080));
  return chart.toJson().map((o: unknown) => Yaml.stringify(o));
}

const INSECURE = `apiVersion: v1
kind: Pod
metadata:
  name: legacy-svcX
  namespace: bench
spec:
  containers:
    - name: app
      image: myapp:latest
      env:
        - name: API_TOKEN
          value: not-a-real-token-but-looks-like-one
`;

/** Writes a file of about `objects` documents; returns the number written. */
export function generate(file: string, objects: number): number {
  const unit = [...unitTemplate(), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings-svcX\n  namespace: bench\ndata:\n  LOG_LEVEL: info\n'];
  const fd = fs.openSync(file, 'w');
  let written = 0;
  for (let i = 0; written < objects; i++) {
    const docs = i % 100 === 99 ? [INSECURE] : unit;
    fs.writeSync(fd, docs.map(d => `---\n${d.split('svcX').join(`svc${i}`).split('svcx').join(`svc${i}`)}`).join(''));
    written += docs.length;
  }
  fs.closeSync(fd);
  return written;
}
