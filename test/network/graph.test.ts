import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Yaml } from 'cdk8s';
import { GuideNetworkChart, ShopNamespaceChart } from '../../examples/guide-network/chart';
import { run } from '../../src/cli/run';

function guideYaml(): string {
  const app = new App();
  const objects = [...new ShopNamespaceChart(app, 'ns').toJson(), ...new GuideNetworkChart(app, 'guide').toJson()];
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'graph-')), 'guide.yaml');
  fs.writeFileSync(file, Yaml.stringify(...objects));
  return file;
}

async function cli(args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await run(args, { stdout: s => { stdout += s; }, stderr: s => { stderr += s; } });
  return { code, stdout, stderr };
}

test('graph renders the guide scenario as Mermaid', async () => {
  const r = await cli(['graph', guideYaml()]);
  expect(r.code).toBe(0);
  expect(r.stdout.replace(/-c8[0-9a-f]{6}/g, '')).toBe([
    'flowchart LR',
    '  n0["Deployment shop/guide-frontend"]',
    '  n1["Deployment shop/guide-backend"]',
    '  n2["StatefulSet shop/guide-database"]',
    '  n3["CronJob shop/guide-backup"]',
    '  n4["kube-dns (kube-system)"]',
    '  n0 -->|"TCP 8080 (mTLS authz)"| n1',
    '  n0 -->|"UDP 53, TCP 53"| n4',
    '  n1 -->|"TCP 5432 (mTLS authz)"| n2',
    '  n1 -->|"UDP 53, TCP 53"| n4',
    '  n2 -->|"UDP 53, TCP 53"| n4',
    '  n3 -->|"TCP 5432 (mTLS authz)"| n2',
    '  n3 -->|"UDP 53, TCP 53"| n4',
    '',
  ].join('\n'));
});

test('graph renders DOT and JSON', async () => {
  const file = guideYaml();
  const dot = await cli(['graph', '--format', 'dot', file]);
  expect(dot.stdout).toMatch(/^digraph flows \{\n {2}rankdir=LR;/);
  expect(dot.stdout).toMatch(/n1 -> n2 \[label="TCP 5432 \(mTLS authz\)"\];/);
  const json = JSON.parse((await cli(['graph', '--format', 'json', file])).stdout);
  expect(json.endpoints.every((e: any) => e.isolatedIngress && e.isolatedEgress)).toBe(true);
  expect(json.flows).toHaveLength(7);
});

test('graph marks workloads no policy covers', async () => {
  const r = await cli(['graph', path.join(__dirname, '..', '..', 'examples', 'insecure', 'manifests.yaml')]);
  expect(r.stdout).toContain('n0["Pod shop/legacy-app ⚠ ingress and egress not isolated; host network: NetworkPolicies do not apply"]');
  expect(r.stdout).toContain('n1["Deployment shop/api ⚠ ingress and egress not isolated"]');
  expect(r.stdout).toContain('(("any"))');
  expect(r.stdout).toContain('-->|"all"|');
});

test('graph: bad usage and bad input exit 2 with one line', async () => {
  expect((await cli(['graph'])).code).toBe(2);
  expect((await cli(['graph', '--format', 'png', 'x.yaml'])).stderr).toContain('--format must be mermaid, dot or json (got "png")');
  const missing = await cli(['graph', '/nonexistent/file.yaml']);
  expect([missing.code, missing.stderr]).toEqual([2, 'cdk8s-secure: error: /nonexistent/file.yaml: no such file or directory\n']);
});
