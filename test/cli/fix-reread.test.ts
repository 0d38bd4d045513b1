import * as fs from 'fs';
import { cli, errorLines, TempDir } from './_cli';
import { decodeYaml, roleBindingYaml } from './_fix-fixtures';

/*
 * `fix` keeps, for a pod whose edits it prepared on the reader's parse, only the fixed object and the document's
 * text; the object as read is decoded again from that text where it is needed. These are the cases that need it.
 */

const DEPLOYMENT = `# web tier
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: web   # main
        image: registry.example.com/web:1.4.2
        imagePullPolicy: IfNotPresent
`;

const decode = decodeYaml;

let tmp: TempDir;
beforeEach(() => { tmp = new TempDir('cdk8s-secure-fix-reread-'); });
afterEach(() => tmp.cleanup());

test('a CRLF document is edited by the separate parse and fixed as its LF twin is', async () => {
  const lf = tmp.write('lf.yaml', DEPLOYMENT);
  const crlf = tmp.write('crlf.yaml', DEPLOYMENT.replace(/\n/g, '\r\n'));
  expect((await cli(['fix', '--write', lf])).code).toBe(0);
  const r = await cli(['fix', '--write', crlf]);
  expect(r.code).toBe(0);
  expect(r.stderr).not.toMatch(/not changed/);
  const fixedCrlf = fs.readFileSync(crlf, 'utf8');
  const fixedLf = fs.readFileSync(lf, 'utf8');
  expect(fixedCrlf.replace(/\r\n/g, '')).not.toContain('\n');
  expect(fixedCrlf.replace(/\r\n/g, '\n')).toBe(fixedLf);
  const [dep] = decode(fixedLf);
  const c = dep.spec.template.spec.containers[0];
  expect(c.imagePullPolicy).toBe('Always');
  expect(c.securityContext).toMatchObject({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true });
  expect(dep.spec.template.spec.automountServiceAccountToken).toBe(false);
});

test('a pod of a file with a broken document is not changed, and its findings are those of the pod as read', async () => {
  const text = `${DEPLOYMENT}---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: broken\n`;
  const file = tmp.write('mixed.yaml', text);
  const r = await cli(['fix', '--write', file]);
  expect(r.code).toBe(2);
  expect(errorLines(r.stderr)).toHaveLength(1);
  expect(fs.readFileSync(file, 'utf8')).toBe(text);
  expect(r.stderr).not.toMatch(/^fix: Deployment/m);
  expect(r.stderr).toMatch(/^needs a decision: Deployment shop\/web /m);
  // Findings the fix would have removed are listed: they come from the object as read, not a fixed one.
  expect(r.stderr).toMatch(/CS210 \w+ {2}container "web" sets imagePullPolicy IfNotPresent/);
  expect(r.stderr).toMatch(/CS211 /);
  expect(r.stderr).toMatch(/fix: 0 change\(s\) to 0 object\(s\)/);
});

test('a pod whose ServiceAccount a later binding names: the diff leaves its token as it is and sets the rest', async () => {
  const binding = roleBindingYaml('default');
  const bound = tmp.write('bound.yaml', DEPLOYMENT + binding);
  const r = await cli(['fix', bound]);
  expect(r.code).toBe(1);
  expect(r.stdout).toMatch(/^\+ +readOnlyRootFilesystem: true$/m);
  expect(r.stdout).not.toMatch(/automountServiceAccountToken/);
  expect(r.stderr).toMatch(/CS211 \w+ .*\(left as it is: a RoleBinding or ClusterRoleBinding in the input grants its ServiceAccount "default"/);
  // The same edits as the file without the binding, less the token line.
  const alone = tmp.write('alone.yaml', DEPLOYMENT);
  const a = await cli(['fix', alone]);
  const added = (diff: string) => diff.split('\n').filter(l => /^[+-] /.test(l));
  expect(added(r.stdout)).toEqual(added(a.stdout).filter(l => !l.includes('automountServiceAccountToken')));
});
