import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { cli, errorLines, shown, STACK_FRAME, TempDir } from './_cli';
import { decodeYaml, roleBindingYaml } from './_fix-fixtures';
import { kubectlVersion } from './_kubectl';
import { Checker } from '../../src/checks/engine';
import { FIX_ID, FIX_LIMITS, FIX_REQUESTS, FIX_TMP_SIZE, MECHANICAL_FIXES } from '../../src/cli/_fix-rules';
import { DEFAULT_ID, DEFAULT_RESOURCES, DEFAULT_WRITABLE_SIZE } from '../../src/workloads/_harden';
import { expectValidObjects } from '../_schema';

const WEB = `# the shop's web tier
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web   # keep this name
  namespace: shop
spec:
  replicas: 2
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      serviceAccountName: web
      containers:
      # main container
      - name: web
        image: "registry.example.com/web:1.4.2"
        ports:
        - containerPort: 8080
        securityContext:
          allowPrivilegeEscalation: true
        resources: {}
      - name: side
        image: busybox:1.36   # pinned
        imagePullPolicy: IfNotPresent
        securityContext:
          capabilities:
            drop: [NET_RAW]
        resources:
          limits:
            cpu: "2"
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
  namespace: shop
data:
  LOG_LEVEL: info
`;

const decode = decodeYaml;

let tmp: TempDir;
beforeEach(() => { tmp = new TempDir('cdk8s-secure-fix-'); });
afterEach(() => tmp.cleanup());

describe('values', () => {
  test('are the ones the workload constructs emit', () => {
    expect(FIX_ID).toBe(DEFAULT_ID);
    expect(FIX_REQUESTS).toEqual({ cpu: `${DEFAULT_RESOURCES.cpu!.request!.amount}`, memory: `${DEFAULT_RESOURCES.memory!.request!.toMebibytes()}Mi` });
    expect(FIX_LIMITS).toEqual({ cpu: `${DEFAULT_RESOURCES.cpu!.limit!.amount}`, memory: `${DEFAULT_RESOURCES.memory!.limit!.toMebibytes()}Mi` });
    expect(FIX_TMP_SIZE).toBe(`${DEFAULT_WRITABLE_SIZE.toMebibytes()}Mi`);
  });
});

describe('cdk8s-secure fix', () => {
  test('sets every mechanical field, with the constructs\' values, and keeps the others', async () => {
    const file = tmp.write('in/web.yaml', WEB);
    const r = await cli(['fix', '--output', tmp.path('out'), file]);
    expect(r.code).toBe(0);
    const [dep, cm] = decode(fs.readFileSync(tmp.path('out/web.yaml'), 'utf8'));
    const pod = dep.spec.template.spec;
    expect(pod.securityContext).toEqual({ runAsNonRoot: true, runAsUser: 65532, runAsGroup: 65532, seccompProfile: { type: 'RuntimeDefault' } });
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(pod.serviceAccountName).toBe('web');
    const [web, side] = pod.containers;
    expect(web.securityContext).toEqual({ allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, readOnlyRootFilesystem: true });
    expect(web.resources).toEqual({ requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '200m', memory: '256Mi' } });
    expect(web.imagePullPolicy).toBe('Always');
    expect(web.volumeMounts).toEqual([{ name: 'web-tmp', mountPath: '/tmp' }]);
    // The existing cpu limit stays; the request is the limit (what Kubernetes already used).
    expect(side.resources).toEqual({ limits: { cpu: '2', memory: '256Mi' }, requests: { cpu: '2', memory: '128Mi' } });
    expect(side.securityContext.capabilities.drop).toEqual(['NET_RAW', 'ALL']);
    expect(side.imagePullPolicy).toBe('Always');
    expect(pod.volumes).toEqual([{ name: 'web-tmp', emptyDir: { sizeLimit: '64Mi' } }, { name: 'side-tmp', emptyDir: { sizeLimit: '64Mi' } }]);
    expect(dep.spec.replicas).toBe(2);
    expect(cm).toEqual({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: 'shop' }, data: { LOG_LEVEL: 'info' } });
    expectValidObjects([dep, cm]);
    // No finding of a rule with a mechanical fix is left.
    const left = new Checker().check([dep, cm]).filter(f => !f.suppressed && MECHANICAL_FIXES.has(f.ruleId));
    expect(left).toEqual([]);
    // Each change is listed with its rule and path.
    expect(r.stderr).toContain(`fix: Deployment shop/web (${shown(file)}, document 0): 24 change(s)`);
    expect(r.stderr).toContain('  CS122  spec.template.spec.containers[0].securityContext.allowPrivilegeEscalation: false (was true)');
    expect(r.stderr).toContain('  CS126  spec.template.spec.containers[1].securityContext.capabilities.drop[1]: "ALL" (added to the list)');
    expect(r.stderr).toContain('  CS210  spec.template.spec.containers[1].imagePullPolicy: "Always" (was "IfNotPresent")');
    // What only the owner knows is listed with the rule and its fix.
    expect(r.stderr).toContain('needs a decision: Deployment shop/web');
    expect(r.stderr).toMatch(/ {2}CS204 error {2}container "web" has no liveness probe\n {6}fix: Add a livenessProbe/);
    expect(r.stderr).toMatch(/CS301 error/);
  });

  test('keeps comments, key order and formatting of untouched lines byte for byte', async () => {
    const file = tmp.write('web.yaml', WEB);
    await cli(['fix', '--write', file]);
    const after = fs.readFileSync(file, 'utf8').split('\n');
    const before = WEB.split('\n');
    // The only lines that are not kept are the four whose scalar or empty value was replaced.
    const replaced = ['          allowPrivilegeEscalation: true', '        resources: {}', '        imagePullPolicy: IfNotPresent', '            drop: [NET_RAW]'];
    const kept = before.filter(l => !replaced.includes(l));
    let at = 0;
    for (const line of kept) {
      at = after.indexOf(line, at);
      expect({ line, found: at >= 0 }).toEqual({ line, found: true });
      at++;
    }
    expect(after).toContain('            drop: [NET_RAW, ALL]');
    // No blank line appears (keys added at the end of a document go before its `---`, not after a new break).
    expect(after.filter(l => l.trim() === '').length).toBe(before.filter(l => l.trim() === '').length);
    expect(after[after.indexOf('---') - 1]).toBe('      automountServiceAccountToken: false');
    expect(after).toContain('        resources:');
    expect(after.slice(0, 6)).toEqual(before.slice(0, 6));
  });

  test('prints a unified diff that patch applies, and exits 1; nothing to change exits 0', async () => {
    const file = tmp.write('web.yaml', WEB);
    const r = await cli(['fix', file]);
    expect(r.code).toBe(1);
    expect(r.stdout.split('\n').slice(0, 3)).toEqual([`--- a/${shown(file)}`, `+++ b/${shown(file)}`, '@@ -20,17 +20,54 @@']);
    expect(fs.readFileSync(file, 'utf8')).toBe(WEB);
    await cli(['fix', '--output', tmp.path('out'), file]);
    const hasPatch = spawnSync('patch', ['--version']).status === 0;
    if (hasPatch) {
      const copy = tmp.write('copy/web.yaml', WEB);
      const p = spawnSync('patch', [copy], { input: r.stdout, encoding: 'utf8' });
      expect(p.status).toBe(0);
      expect(fs.readFileSync(copy, 'utf8')).toBe(fs.readFileSync(tmp.path('out/web.yaml'), 'utf8'));
    } else {
      process.stderr.write('note: `patch` is not installed; the diff was not applied\n');
    }
    const again = await cli(['fix', tmp.path('out/web.yaml')]);
    expect(again).toMatchObject({ code: 0, stdout: '' });
    expect(again.stderr).toContain('fix: 0 change(s) to 0 object(s)');
  });

  test('is idempotent: fix of fixed output changes nothing', async () => {
    const file = tmp.write('web.yaml', WEB);
    expect((await cli(['fix', '--write', file])).code).toBe(0);
    const once = fs.readFileSync(file, 'utf8');
    expect((await cli(['fix', '--write', file])).code).toBe(0);
    expect(fs.readFileSync(file, 'utf8')).toBe(once);
  });

  test('leaves a rule suppressed by annotation as it is, and a container-scoped suppression keeps the pod-level field off that container', async () => {
    const suppressions = JSON.stringify([
      { ruleId: 'CS201', reason: 'the app writes its cache to the image' },
      { ruleId: 'CS123', reason: 'legacy image runs as root, ticket OPS-12', container: 'legacy' },
    ]);
    const text = `apiVersion: v1
kind: Pod
metadata:
  name: p
  annotations:
    cdk8s-secure.io/suppressions: '${suppressions}'
spec:
  containers:
  - name: app
    image: app:1.0
  - name: legacy
    image: legacy:2.0
`;
    const file = tmp.write('p.yaml', text);
    await cli(['fix', '--write', file]);
    const [pod] = decode(fs.readFileSync(file, 'utf8'));
    const [app, legacy] = pod.spec.containers;
    expect(app.securityContext.readOnlyRootFilesystem).toBeUndefined();
    expect(pod.spec.volumes).toBeUndefined();
    // runAsNonRoot is set on the one container that is not exempt, not on the pod.
    expect(pod.spec.securityContext.runAsNonRoot).toBeUndefined();
    expect(app.securityContext.runAsNonRoot).toBe(true);
    expect(legacy.securityContext.runAsNonRoot).toBeUndefined();
    expect(legacy.securityContext.runAsUser).toBeUndefined();
    expect(app.securityContext.runAsUser).toBe(65532);
    // The other rules are fixed on both.
    expect(legacy.securityContext.allowPrivilegeEscalation).toBe(false);
    expect(pod.spec.securityContext.seccompProfile).toEqual({ type: 'RuntimeDefault' });
    const findings = new Checker().check([pod]);
    expect(findings.filter(f => !f.suppressed && MECHANICAL_FIXES.has(f.ruleId))).toEqual([]);
    expect(findings.filter(f => f.suppressed).map(f => f.ruleId).sort()).toEqual(['CS123', 'CS201', 'CS201']);
  });

  test('--skip leaves a rule out; its findings are listed as needing a decision', async () => {
    const file = tmp.write('web.yaml', WEB);
    const r = await cli(['fix', '--skip', 'CS210', '--skip', 'CS203', '--output', tmp.path('out'), file]);
    expect(r.code).toBe(0);
    const [dep] = decode(fs.readFileSync(tmp.path('out/web.yaml'), 'utf8'));
    const [web, side] = dep.spec.template.spec.containers;
    expect(web.imagePullPolicy).toBeUndefined();
    expect(side.imagePullPolicy).toBe('IfNotPresent');
    expect(web.resources.limits).toBeUndefined();
    expect(web.resources.requests).toEqual({ cpu: '100m', memory: '128Mi' });
    expect(r.stderr).toMatch(/CS210 warning {2}container "side" sets imagePullPolicy IfNotPresent/);
    expect(r.stderr).toMatch(/CS203 error {2}container "web" has no cpu limit/);
  });

  test('keeps the token of a pod whose ServiceAccount an RBAC binding in the input names', async () => {
    const binding = roleBindingYaml('web');
    const file = tmp.write('web.yaml', WEB + binding);
    await cli(['fix', '--write', file]);
    const [dep] = decode(fs.readFileSync(file, 'utf8'));
    expect(dep.spec.template.spec.automountServiceAccountToken).toBeUndefined();
    expect(dep.spec.template.spec.securityContext.runAsNonRoot).toBe(true);
  });

  test('privileged containers, added capabilities and explicit Unconfined seccomp are listed, not changed', async () => {
    const file = tmp.write('p.yaml', `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  automountServiceAccountToken: true
  containers:
  - name: agent
    image: agent:1.0
    securityContext:
      privileged: true
      capabilities:
        add: [NET_ADMIN]
      seccompProfile:
        type: Unconfined
`);
    const r = await cli(['fix', '--write', file]);
    expect(r.code).toBe(0);
    const [pod] = decode(fs.readFileSync(file, 'utf8'));
    const sc = pod.spec.containers[0].securityContext;
    expect(sc.privileged).toBe(true);
    expect(sc.capabilities).toEqual({ add: ['NET_ADMIN'], drop: ['ALL'] });
    expect(sc.allowPrivilegeEscalation).toBeUndefined();
    expect(sc.seccompProfile).toEqual({ type: 'Unconfined' });
    expect(pod.spec.automountServiceAccountToken).toBe(true);
    expect(r.stderr).toMatch(/CS103 error {2}container "agent" is privileged/);
    expect(r.stderr).toMatch(/CS122 error .*\(left as it is: container "agent" is privileged or adds SYS_ADMIN/);
    expect(r.stderr).toMatch(/CS211 error .*\(left as it is: the pod sets automountServiceAccountToken: true itself\)/);
  });

  test('a document with aliases or merge keys is not edited, and says why', async () => {
    const text = `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - &c
    name: app
    image: app:1.0
  - <<: *c
    name: app2
`;
    const file = tmp.write('p.yaml', text);
    const r = await cli(['fix', file]);
    expect(r).toMatchObject({ code: 0, stdout: '' });
    expect(r.stderr).toMatch(/needs a decision: Pod p \(.*document 0\)\n {2}not changed \(\d+ change\(s\) withheld\): cannot edit safely: the document uses aliases or merge keys/);
  });

  test('edits Lists item by item, flow-style mappings in place, and keeps CRLF line breaks', async () => {
    const list = [
      'apiVersion: v1',
      'kind: List',
      'items:',
      '- apiVersion: v1',
      '  kind: Pod',
      '  metadata: {name: a}',
      '  spec: {containers: [{name: a, image: "a:1", securityContext: {runAsUser: 20000}}]}',
      '- apiVersion: v1',
      '  kind: ConfigMap',
      '  metadata: {name: b}',
      '',
    ].join('\r\n');
    const file = tmp.write('list.yaml', list);
    await cli(['fix', '--write', file]);
    const out = fs.readFileSync(file, 'utf8');
    expect(out.split('\r\n').slice(0, 6)).toEqual(list.split('\r\n').slice(0, 6));
    expect(out.replace(/\r\n/g, '')).not.toContain('\n');
    const [doc] = decode(out);
    const c = doc.items[0].spec.containers[0];
    expect(c.securityContext).toMatchObject({ runAsUser: 20000, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false });
    expect(doc.items[0].spec.securityContext).toEqual({ runAsNonRoot: true, runAsGroup: 65532, seccompProfile: { type: 'RuntimeDefault' } });
    expect(doc.items[1]).toEqual({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'b' } });
  });

  test('--format patch: strategic-merge patches that kustomize applies to the same result as the fixed files', async () => {
    const out = tmp.path('kust');
    const rendered = tmp.write('kust/rendered.yaml', WEB);
    const r = await cli(['fix', '--format', 'patch', '--output', out, rendered]);
    expect(r.code).toBe(0);
    expect(fs.readdirSync(path.join(out, 'patches'))).toEqual(['deployment-shop-web.yaml']);
    const k = decode(fs.readFileSync(path.join(out, 'kustomization.yaml'), 'utf8'))[0];
    expect(k).toEqual({
      apiVersion: 'kustomize.config.k8s.io/v1beta1',
      kind: 'Kustomization',
      resources: ['rendered.yaml'],
      patches: [{ path: 'patches/deployment-shop-web.yaml', target: { kind: 'Deployment', name: 'web', namespace: 'shop' } }],
    });
    const [patch] = decode(fs.readFileSync(path.join(out, 'patches/deployment-shop-web.yaml'), 'utf8'));
    expect(patch.spec.template.spec.containers.map((c: any) => c.name)).toEqual(['web', 'side']);
    expect(patch.spec.template.spec.containers[1].securityContext.capabilities.drop).toEqual(['NET_RAW', 'ALL']);
    expect(patch.spec.template.spec.containers[0].image).toBeUndefined();
    if (!kubectlVersion()) {
      process.stderr.write('note: kubectl is not installed; the patches were not applied with kustomize\n');
      return;
    }
    const built = spawnSync('kubectl', ['kustomize', out], { encoding: 'utf8' });
    expect(built.stderr).toBe('');
    await cli(['fix', '--output', tmp.path('fixed'), tmp.write('orig/rendered.yaml', WEB)]);
    const byName = (objs: any[]) => Object.fromEntries(objs.map(o => [o.kind, o]));
    expect(byName(decode(built.stdout))).toEqual(byName(decode(fs.readFileSync(tmp.path('fixed/rendered.yaml'), 'utf8'))));
  });

  test('--add-network-policies writes default deny and DNS egress per namespace without one', async () => {
    const file = tmp.write('web.yaml', `${WEB}---\napiVersion: v1\nkind: Namespace\nmetadata: {name: payments}\n`);
    const policies = tmp.path('policies.yaml');
    const r = await cli(['fix', '--write', '--add-network-policies', policies, file]);
    expect(r.code).toBe(0);
    const objs = decode(fs.readFileSync(policies, 'utf8'));
    expect(objs.map(o => `${o.metadata.namespace}/${o.metadata.name}`)).toEqual(['payments/default-deny', 'payments/allow-dns', 'shop/default-deny', 'shop/allow-dns']);
    expect(objs[0].spec).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
    expect(objs[1].spec.egress[0].ports).toEqual([{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }]);
    expectValidObjects(objs);
    const all = [...decode(fs.readFileSync(file, 'utf8')), ...objs];
    expect(new Checker().check(all).filter(f => ['CS301', 'CS307'].includes(f.ruleId))).toEqual([]);
    // Namespaces that have their default deny get none.
    const again = await cli(['fix', '--add-network-policies', tmp.path('second.yaml'), file, policies]);
    expect(fs.existsSync(tmp.path('second.yaml'))).toBe(false);
    expect(again.code).toBe(0);
  });

  test('bad input: exit 2, one line naming the file, no stack trace, nothing written', async () => {
    const bad = tmp.write('bad.yaml', 'apiVersion: v1\nkind: Pod\nmetadata: {name: p\n');
    const good = tmp.write('good.yaml', WEB);
    const r = await cli(['fix', '--write', bad, good, tmp.path('missing.yaml')]);
    expect(r.code).toBe(2);
    expect(r.stderr).not.toMatch(STACK_FRAME);
    expect(errorLines(r.stderr)).toHaveLength(2);
    expect(errorLines(r.stderr)[0]).toMatch(/^cdk8s-secure: error: .*bad\.yaml \(document 0, line 3\): /);
    expect(errorLines(r.stderr)[1]).toMatch(/^cdk8s-secure: error: .*missing\.yaml: no such file or directory$/);
    expect(fs.readFileSync(bad, 'utf8')).toBe('apiVersion: v1\nkind: Pod\nmetadata: {name: p\n');
    // The readable file is still fixed.
    expect(fs.readFileSync(good, 'utf8')).not.toBe(WEB);
  });

  test('usage errors exit 2', async () => {
    expect((await cli(['fix'])).code).toBe(2);
    expect((await cli(['fix', '--write', '-'])).stderr).toContain('--write cannot rewrite standard input');
    expect((await cli(['fix', '--skip', 'CS999', 'x.yaml'])).stderr).toContain('--skip: unknown rule id "CS999"');
    expect((await cli(['fix', '--format', 'json', 'x.yaml'])).stderr).toContain('--format must be diff or patch');
  });

  test('reads standard input and prints its diff', async () => {
    const r = await cli(['fix', '-'], { stdin: WEB });
    expect(r.code).toBe(1);
    expect(r.stdout.startsWith('--- a/<stdin>\n+++ b/<stdin>\n')).toBe(true);
  });
});

describe('cdk8s-secure fix, edges', () => {
  test('a file without a final line break: the diff says so and patch applies it', async () => {
    const text = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: a\n    image: a:1.0';
    const file = tmp.write('p.yaml', text);
    const r = await cli(['fix', file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('-    image: a:1.0\n\\ No newline at end of file\n+    image: a:1.0\n');
    await cli(['fix', '--output', tmp.path('out'), file]);
    const copy = tmp.write('copy/p.yaml', text);
    const p = spawnSync('patch', [copy], { input: r.stdout, encoding: 'utf8' });
    expect(p.status).toBe(0);
    expect(fs.readFileSync(copy, 'utf8')).toBe(fs.readFileSync(tmp.path('out/p.yaml'), 'utf8'));
  });

  test('JSON input is not edited (listed), and --format patch still covers it', async () => {
    const file = tmp.write('p.json', JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'a', image: 'a:1.0' }] } }));
    const r = await cli(['fix', file]);
    expect(r).toMatchObject({ code: 0, stdout: '' });
    expect(r.stderr).toContain('cannot edit safely: the file is JSON (use --format patch)');
    const p = await cli(['fix', '--format', 'patch', file]);
    expect(p.code).toBe(1);
    const docs = decode(p.stdout);
    expect(docs[0]).toMatchObject({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'a', imagePullPolicy: 'Always' }] } });
    expect(docs[1].patches).toEqual([{ path: 'patches/pod-p.yaml', target: { kind: 'Pod', name: 'p' } }]);
  });

  test('a custom resource an operator turns into pods is listed, not edited', async () => {
    const file = tmp.write('prom.yaml', 'apiVersion: monitoring.coreos.com/v1\nkind: Prometheus\nmetadata: {name: main, namespace: mon}\nspec:\n  replicas: 1\n');
    const r = await cli(['fix', file]);
    expect(r).toMatchObject({ code: 0, stdout: '' });
    expect(r.stderr).toMatch(/needs a decision: Prometheus mon\/main .*\n {2}CS\d+ /);
  });

  test('fix --help prints the usage and exits 0', async () => {
    const r = await cli(['fix', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('cdk8s-secure fix [options] <file|dir|->...');
    expect(r.stdout).toContain(`Mechanical fixes: ${[...MECHANICAL_FIXES.keys()].join(', ')}`);
  });
});
