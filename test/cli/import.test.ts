// `cdk8s-secure import`: weakenings become suppressions or TODOs, hostile input never becomes code, bad input exits 2.
import * as fs from 'fs';
import * as path from 'path';
import { App } from 'cdk8s';
import * as ts from 'typescript';
import * as yaml from 'yaml';
import { cli, STACK_FRAME, TempDir } from './_cli';
import * as secure from '../../src';

type Obj = Record<string, any>;
let tmp: TempDir;
beforeEach(() => { tmp = new TempDir('cdk8s-secure-import-'); });
afterEach(() => tmp.cleanup());

/** Runs the generated module (TypeScript transpiled to CommonJS; `cdk8s-secure` is src/) and synthesizes its chart. */
function synth(code: string, outdir: string): Obj[] {
  const js = ts.transpileModule(code, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText;
  const mod = { exports: {} as Obj };
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  new Function('require', 'module', 'exports', js)((n: string) => (n === 'cdk8s-secure' ? secure : require(n)), mod, mod.exports);
  const app = new App({ outdir });
  new mod.exports.ImportedChart(app, 'imported');
  app.synth();
  return fs.readdirSync(outdir).flatMap(f => yaml.parseAllDocuments(fs.readFileSync(path.join(outdir, f), 'utf8')).map(d => d.toJS()));
}

function deployment(name: string, pod: Obj, meta: Obj = {}): Obj {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'shop', labels: { owner: 'team-shop' }, ...meta },
    spec: { replicas: 2, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: pod } },
  };
}

// The objects as a JSON stream (one after another, as kubectl reads it), with U+2028/U+2029 escaped: the reader refuses them raw.
const yamlOf = (...objects: Obj[]) => objects.map(o => JSON.stringify(o).replace(/[\u2028\u2029]/g, c => `\\u${c.charCodeAt(0).toString(16)}`)).join('\n');

test('weaker settings become suppressions with "TODO: reason"; refused ones a TODO identifier; check passes on the synthesized chart', async () => {
  const input = tmp.write('in.yaml', yamlOf(deployment('legacy', {
    containers: [{
      name: 'app',
      image: 'registry.example.com/legacy:1.0.0',
      ports: [{ containerPort: 8080 }],
      securityContext: { readOnlyRootFilesystem: false, allowPrivilegeEscalation: true, runAsUser: 1001, capabilities: { add: ['NET_ADMIN'] } },
      env: [
        { name: 'DB_PASSWORD', value: 'hunter2-hunter2' },
        { name: 'API_TOKEN', valueFrom: { secretKeyRef: { name: 'api', key: 'token' } } },
        { name: 'MODE', valueFrom: { configMapKeyRef: { name: 'settings', key: 'mode' } } },
      ],
      volumeMounts: [{ name: 'config', mountPath: '/etc/app', readOnly: true }],
    }],
    volumes: [{ name: 'config', configMap: { name: 'settings' } }],
  }), deployment('sniffer', { hostNetwork: true, containers: [{ name: 'main', image: 'registry.example.com/sniffer:2.0.0' }] })));
  const out = tmp.path('imported.ts');
  const r = await cli(['import', input, '--out', out]);
  expect(r.code).toBe(0);
  const code = fs.readFileSync(out, 'utf8');

  // The legacy Deployment keeps its weak settings, each accepted by a suppression to review.
  expect(code).toContain('readOnlyRootFilesystem: false');
  expect(code).toContain('allowPrivilegeEscalation: true');
  const legacy = code.slice(code.indexOf('new SecureDeployment(this, "legacy"'), code.indexOf('new SecureDeployment(this, "sniffer"'));
  const suppressed = [...legacy.matchAll(/\{ ruleId: "(CS\d+)", reason: "TODO: reason" \}/g)].map(m => m[1]);
  expect(suppressed).toEqual(['CS104', 'CS122', 'CS126', 'CS201', 'CS204', 'CS205', 'CS208', 'CS213']);
  // The literal password is gone; its identifier stops compilation; the references stay references.
  expect(code).not.toContain('hunter2');
  expect(code).toMatch(/"DB_PASSWORD": TODO_RESOLVE_SECRET_ENV_DB_PASSWORD,|DB_PASSWORD: TODO_RESOLVE_SECRET_ENV_DB_PASSWORD,/);
  expect(code).toContain('kplus.EnvValue.fromSecretValue({ secret: apiSecret, key: "token" })');
  expect(code).toContain('kplus.EnvValue.fromConfigMap(settingsConfigMap, "mode")');
  // hostNetwork on a Deployment is refused by the constructs: a statement that does not compile.
  expect(code).toMatch(/^ {4}TODO_RESOLVE_SNIFFER_HOSTNETWORK;$/m);

  // Resolved the way a person would, the chart synthesizes and passes check with every finding suppressed.
  const resolved = code
    .replace(/: TODO_RESOLVE_SECRET_ENV_DB_PASSWORD,/, ': kplus.EnvValue.fromSecretValue({ secret: apiSecret, key: "db-password" }),')
    .replace(/^ {4}TODO_RESOLVE_SNIFFER_HOSTNETWORK;$/m, '');
  const outdir = tmp.path('synth');
  const objects = synth(resolved, outdir);
  const check = await cli(['check', '--severity', 'info', '--format', 'json', outdir]);
  expect(JSON.parse(check.stdout).findings.filter((f: Obj) => !f.suppressed)).toEqual([]);
  expect(check.code).toBe(0);
  const legacyOut = objects.find(o => o.kind === 'Deployment' && o.metadata.name === 'legacy')!;
  const c = legacyOut.spec.template.spec.containers[0];
  expect(c.securityContext).toMatchObject({ readOnlyRootFilesystem: false, allowPrivilegeEscalation: true, runAsUser: 1001, capabilities: { add: ['NET_ADMIN'], drop: ['ALL'] } });
  expect(legacyOut.spec.template.metadata.labels.app).toBe('legacy'); // the input's pod labels stay, so its selectors still match
  expect(legacyOut.spec.template.spec.volumes).toContainEqual({ name: 'config', configMap: { name: 'settings' } });
  expect(JSON.parse(legacyOut.metadata.annotations['cdk8s-secure.io/suppressions']).map((s: Obj) => s.reason)).toContain('TODO: reason');
});

test('hostile names and values stay data: nothing from the input runs, and every value survives the round trip', async () => {
  const hostile = ['"); process.exit(1); ("', '`${process.exit(1)}`', "'); process.exit(1); //", '*/ process.exit(1); /*', 'a\nprocess.exit(1)\u2028process.exit(2)\\'];
  const input = tmp.write('in.yaml', yamlOf(
    deployment(hostile[0], {
      containers: [{
        name: 'main',
        image: 'registry.example.com/app:1.0.0',
        env: hostile.map((v, i) => ({ name: `V${i}`, value: v })),
        command: hostile,
      }],
    }, { annotations: Object.fromEntries(hostile.map((v, i) => [`example.com/a${i}`, v])), labels: { owner: 'team-shop' } }),
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: hostile[1], namespace: 'shop' }, data: Object.fromEntries(hostile.map((v, i) => [hostile[(i + 1) % hostile.length], v])) },
    // A container name the construct refuses: the workload is kept as a plain ApiObject, still as data.
    deployment('refused', { containers: [{ name: hostile[2], image: 'registry.example.com/app:1.0.0' }] }),
  ));
  const out = tmp.path('imported.ts');
  const r = await cli(['import', input, '--out', out]);
  expect(r.stderr).not.toContain('error');
  expect(r.code).toBe(0);
  const code = fs.readFileSync(out, 'utf8');
  expect(code).toContain('kept as a plain ApiObject: the construct refused it');

  // Comments and code hold printable ASCII only (no line break can end a comment early).
  expect(code.split('\n').filter(l => /[^\x20-\x7e]/.test(l))).toEqual([]);
  // No call, template or identifier the importer did not write: `process` never appears outside string literals.
  const sf = ts.createSourceFile('imported.ts', code, ts.ScriptTarget.ES2022, true);
  const identifiers = new Set<string>();
  let templates = 0;
  const visit = (n: ts.Node) => {
    if (ts.isIdentifier(n)) identifiers.add(n.text);
    if (ts.isTemplateExpression(n) || ts.isNoSubstitutionTemplateLiteral(n)) templates++;
    ts.forEachChild(n, visit);
  };
  visit(sf);
  expect(identifiers.has('process')).toBe(false);
  expect(templates).toBe(0);
  expect((sf as unknown as { parseDiagnostics: unknown[] }).parseDiagnostics).toEqual([]);

  const exit = jest.spyOn(process, 'exit').mockImplementation((() => { throw new Error('process.exit called'); }) as never);
  try {
    const objects = synth(code, tmp.path('synth'));
    const d = objects.find(o => o.kind === 'Deployment' && o.metadata.name === hostile[0])!;
    const c = d.spec.template.spec.containers[0];
    expect(c.command).toEqual(hostile);
    expect(c.env.map((e: Obj) => e.value)).toEqual(hostile);
    for (const [i, v] of hostile.entries()) expect(d.metadata.annotations[`example.com/a${i}`]).toBe(v);
    const cm = objects.find(o => o.kind === 'ConfigMap')!;
    expect(cm.metadata.name).toBe(hostile[1]);
    expect(Object.entries(cm.data).sort()).toEqual(hostile.map((v, i) => [hostile[(i + 1) % hostile.length], v]).sort());
    const refused = objects.find(o => o.kind === 'Deployment' && o.metadata.name === 'refused')!;
    expect(refused.spec.template.spec.containers[0].name).toBe(hostile[2]);
  } finally {
    expect(exit).not.toHaveBeenCalled();
    exit.mockRestore();
  }
});

describe('bad input and usage: exit 2, one line naming the problem, nothing written', () => {
  test('unparseable YAML', async () => {
    const input = tmp.write('bad.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: [\n');
    const out = tmp.path('imported.ts');
    const r = await cli(['import', input, '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('bad.yaml');
    expect(r.stderr).toContain('nothing imported');
    expect(r.stderr).not.toMatch(STACK_FRAME);
    expect(fs.existsSync(out)).toBe(false);
  });

  test('a missing file', async () => {
    const r = await cli(['import', tmp.path('nope.yaml')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('nope.yaml: no such file or directory');
    expect(r.stdout).toBe('');
  });

  test('a class name that is not an identifier, no input, an unknown option', async () => {
    const input = tmp.write('in.yaml', yamlOf(deployment('x', { containers: [{ name: 'main', image: 'a/b:1.0.0' }] })));
    for (const args of [['--class', 'x; process.exit(1)', input], [], ['--nope', input]]) {
      const r = await cli(['import', ...args]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('Usage:\n  cdk8s-secure import');
      expect(r.stdout).toBe('');
    }
  });

  test('--help prints the usage on stdout', async () => {
    const r = await cli(['import', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('cdk8s-secure import [--out FILE] [--class NAME]');
  });
});

test('without --out the chart goes to stdout, with the class name asked for', async () => {
  const input = tmp.write('in.yaml', yamlOf(deployment('web', {
    containers: [{ name: 'main', image: 'registry.example.com/web:1.0.0', readinessProbe: { tcpSocket: { port: 80 } }, livenessProbe: { tcpSocket: { port: 80 } } }],
  })));
  const r = await cli(['import', '--class', 'WebChart', input]);
  expect(r.code).toBe(0);
  expect(r.stdout).toContain('export class WebChart extends Chart {');
  expect(r.stdout).toContain('liveness: kplus.Probe.fromTcpSocket({ port: 80 })');
});

test('kubectl get -o yaml style input: every kind, named probe ports, claims, hostPaths, flows; unmodelled fields kept as JSON patches', async () => {
  const input = path.join(__dirname, 'fixtures', 'import', 'kubectl-get.yaml');
  const out = tmp.path('imported.ts');
  const r = await cli(['import', input, '--out', out]);
  expect(r.code).toBe(0);
  const code = fs.readFileSync(out, 'utf8');
  for (const kind of ['SecureDeployment', 'SecureStatefulSet', 'SecureCronJob', 'SecureDaemonSet']) expect(code).toContain(`new ${kind}(this, `);
  expect(code).not.toContain('resourceVersion');
  expect(code).not.toContain('deployment.kubernetes.io/revision');
  expect(code).not.toContain('s3cretpass');
  expect(code).toContain('db.allowFrom(web, kplus.NetworkPolicyPort.tcp(5432));');
  expect(code).toContain('selector: web,\n      ports: [{ port: 80, targetPort: 8080 }],\n'); // targetPort "http", resolved
  expect(code).toContain('ApiObject.of(web).addJsonPatch(JsonPatch.add("/spec/template/spec/tolerations"');
  expect(code).toContain('Service prod/db: not imported: StatefulSet db emits its own headless Service');

  const objects = synth(code.replace(/: TODO_RESOLVE_SECRET_ENV_DATABASE_URL,/, ': kplus.EnvValue.fromSecretValue({ secret: dbSecret, key: "url" }),'), tmp.path('synth'));
  const check = await cli(['check', '--severity', 'info', '--format', 'json', tmp.path('synth')]);
  expect(JSON.parse(check.stdout).findings.filter((f: Obj) => !f.suppressed)).toEqual([]);
  const web = objects.find(o => o.kind === 'Deployment')!.spec;
  expect(web.replicas).toBe(3);
  expect(web.strategy).toEqual({ type: 'Recreate' });
  expect(web.template.spec.nodeSelector).toEqual({ pool: 'web' });
  const c = web.template.spec.containers[0];
  expect(c.readinessProbe.httpGet).toMatchObject({ path: '/ready', port: 8080 }); // the named port "http", resolved
  expect(c.lifecycle).toEqual({ preStop: { exec: { command: ['sleep', '5'] } } });
  expect(c.resources).toEqual({ requests: { cpu: '250m', memory: '256Mi' }, limits: { cpu: '1000m', memory: '1024Mi' } });
  expect(c.volumeMounts.map((m: Obj) => m.mountPath).sort()).toEqual(['/etc/tls', '/tmp', '/var/cache/web']);
  const db = objects.find(o => o.kind === 'StatefulSet')!;
  expect(db.spec.volumeClaimTemplates[0]).toMatchObject({ metadata: { name: 'data' }, spec: { storageClassName: 'fast', resources: { requests: { storage: '20Gi' } } } });
  const ds = objects.find(o => o.kind === 'DaemonSet')!.spec.template.spec;
  expect(ds.hostNetwork).toBe(true);
  expect(ds.volumes).toContainEqual({ name: 'varlog', hostPath: { path: '/var/log', type: 'Directory' } });
  const cron = objects.find(o => o.kind === 'CronJob')!;
  expect(cron.spec.schedule).toBe('0 0 * * *');
});

test('a "__proto__" key stays a key; a "constructor" key, which cdk8s cannot hold, is one error line', async () => {
  const proto = tmp.write('proto.json', '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"},"data":{"__proto__":"x","a":"b"}}');
  const r = await cli(['import', proto]);
  expect(r.code).toBe(0);
  expect(r.stdout).toContain('data: { ["__proto__"]: "x", a: "b" }');
  const ctor = tmp.write('ctor.json', '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"},"data":{"constructor":"y"}}');
  const bad = await cli(['import', ctor, '--out', tmp.path('x.ts')]);
  expect(bad.code).toBe(2);
  expect(bad.stderr).toMatch(/^cdk8s-secure: error: cannot import: Failed serializing construct at path 'imported\/c-configmap'/);
  expect(bad.stderr).not.toMatch(STACK_FRAME);
  expect(fs.existsSync(tmp.path('x.ts'))).toBe(false);
});
