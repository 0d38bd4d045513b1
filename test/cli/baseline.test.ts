import '@microsoft/jest-sarif';
import * as fs from 'fs';
import { checkJson, cli, INSECURE_EXAMPLE, STACK_FRAME, stderrLines, TempDir } from './_cli';
import { fingerprint, SARIF_FINGERPRINT_KEY } from '../../src/checks/_baseline';

let tmp: TempDir;
beforeAll(() => { tmp = new TempDir('cdk8s-secure-baseline-'); });
afterAll(() => tmp.cleanup());

const insecure = () => fs.readFileSync(INSECURE_EXAMPLE, 'utf8');

/** One more insecure object, unlike anything in the example. */
const NEW_POD = [
  '---', 'apiVersion: v1', 'kind: Pod', 'metadata: {name: intruder, namespace: shop}', 'spec:', '  containers:',
  '    - name: c', '      image: registry.example.com/x:1.0', '      securityContext: {privileged: true}',
].join('\n') + '\n';

describe('baselines: accept today\'s findings, fail only on new ones', () => {
  test('round trip: write a baseline, check against it (exit 0), add one insecure object: it is the only failure', async () => {
    const manifests = tmp.write('app/manifests.yaml', insecure());
    const file = tmp.path('baseline.json');
    const write = await cli(['check', '--write-baseline', file, manifests]);
    expect(write.code).toBe(0);
    const { report: before } = await checkJson([manifests]);
    const unsuppressed = before.findings.filter(f => !f.suppressed);
    expect(stderrLines(write.stderr)).toEqual([`cdk8s-secure: wrote ${file}: ${unsuppressed.length} finding(s) accepted; \`check --baseline ${file}\` now fails only on new ones`]);
    const written = JSON.parse(fs.readFileSync(file, 'utf8'));
    expect(written.version).toBe(1);
    expect(written.entries.map((e: any) => e.fingerprint).sort()).toEqual([...new Set(unsuppressed.map(f => fingerprint(f as any)))].sort());

    const same = await cli(['check', '--baseline', file, manifests]);
    expect(same.code).toBe(0);
    expect(same.stdout).toContain(`Not listed: ${unsuppressed.length} finding(s) in the baseline (they do not fail the check).`);
    expect(same.stdout).toMatch(/\n0 error\(s\), 0 warning\(s\), 0 info, 1 suppressed, \d+ in the baseline\n/);
    expect(same.stdout).not.toContain('no longer occur');

    fs.appendFileSync(manifests, NEW_POD);
    const after = await cli(['check', '--baseline', file, manifests]);
    expect(after.code).toBe(1);
    const listed = after.stdout.split('\n').filter(l => l.startsWith('  - '));
    expect(listed.length).toBeGreaterThan(0);
    for (const l of listed) expect(l).toMatch(/^ {2}- Pod shop\/intruder: /);
    const { report } = await checkJson(['--baseline', file, manifests]);
    const fresh = report.findings.filter(f => !f.suppressed && !f.baseline);
    expect(new Set(fresh.map(f => f.object.name))).toEqual(new Set(['intruder']));
    expect(report.findings.filter(f => f.baseline)).toHaveLength(unsuppressed.length);
    expect(report.summary.baseline).toBe(unsuppressed.length);
    expect(report.summary.error).toBe(fresh.filter(f => f.severity === 'error').length);
  });

  test('fingerprints ignore lines, files and document order', async () => {
    const original = tmp.write('order/a.yaml', insecure());
    const file = tmp.path('order-baseline.json');
    expect((await cli(['check', '--write-baseline', file, original])).code).toBe(0);
    // Reformatted: comments and blank lines added, the documents reversed and split over two files.
    const docs = insecure().split(/^---$/m);
    fs.rmSync(original);
    tmp.write('order/b.yaml', `# moved\n\n${docs.slice(2).reverse().join('---\n# x\n')}`);
    tmp.write('order/c.yaml', `\n\n${docs.slice(0, 2).reverse().join('---\n')}`);
    const { code, report } = await checkJson(['--baseline', file, tmp.path('order')]);
    expect(report.baseline!.stale).toEqual([]);
    expect(report.findings.filter(f => !f.suppressed && !f.baseline)).toEqual([]);
    expect(code).toBe(0);
  });

  test('entries that no longer occur are listed (text and JSON) so the file can shrink; they do not fail', async () => {
    const manifests = tmp.write('stale/m.yaml', insecure());
    const file = tmp.path('stale-baseline.json');
    await cli(['check', '--write-baseline', file, manifests]);
    // The Pod is fixed (removed): its entries are stale.
    fs.writeFileSync(manifests, insecure().split(/^---$/m).slice(1).join('---'));
    const r = await cli(['check', '--baseline', file, manifests]);
    expect(r.code).toBe(0);
    const { report } = await checkJson(['--baseline', file, manifests]);
    const stale = report.baseline!.stale;
    expect(stale.length).toBeGreaterThan(0);
    for (const s of stale) expect(s.name).toBe('legacy-app');
    expect(r.stdout).toContain(`Baseline entries that no longer occur (${stale.length}): write the baseline again with --write-baseline to drop them`);
    expect(r.stdout).toContain('  CS103 Pod shop/legacy-app [container=app] at spec.containers[0].securityContext.privileged\n');
    // Writing it again drops them.
    await cli(['check', '--baseline', file, '--write-baseline', file, manifests]);
    expect((await checkJson(['--baseline', file, manifests])).report.baseline!.stale).toEqual([]);
  });

  test('the same finding twice (an object rendered into two files) is one entry with a count; one copy more fails', async () => {
    const one = tmp.write('dup/one.yaml', NEW_POD);
    const file = tmp.path('dup-baseline.json');
    await cli(['check', '--write-baseline', file, one, one]);
    const entries = JSON.parse(fs.readFileSync(file, 'utf8')).entries;
    expect(entries.find((e: any) => e.ruleId === 'CS103')).toMatchObject({ ruleId: 'CS103', name: 'intruder', count: 2 });
    expect((await cli(['check', '--baseline', file, one, one])).code).toBe(0);
    const three = await checkJson(['--baseline', file, one, one, one]);
    expect(three.code).toBe(1);
    expect(three.report.findings.filter(f => f.ruleId === 'CS103' && !f.baseline)).toHaveLength(1);
  });

  test('SARIF carries the same fingerprint, and baselineState new / unchanged when a baseline is given', async () => {
    const manifests = tmp.write('sarif/m.yaml', insecure());
    const file = tmp.path('sarif-baseline.json');
    await cli(['check', '--write-baseline', file, manifests]);
    const fingerprints = new Set(JSON.parse(fs.readFileSync(file, 'utf8')).entries.map((e: any) => e.fingerprint));
    fs.appendFileSync(manifests, NEW_POD);
    const sarif = JSON.parse((await cli(['check', '--format', 'sarif', '--baseline', file, manifests])).stdout);
    expect(sarif).toBeValidSarifLog();
    const results = sarif.runs[0].results;
    for (const res of results) {
      const fp = res.partialFingerprints[SARIF_FINGERPRINT_KEY];
      expect(fp).toMatch(/^[0-9a-f]{32}$/);
      if (res.suppressions) continue;
      const isNew = res.message.text.startsWith('Pod shop/intruder:');
      expect(res.baselineState).toBe(isNew ? 'new' : 'unchanged');
      expect(fingerprints.has(fp)).toBe(!isNew);
    }
    // Without a baseline there is no baselineState.
    const plain = JSON.parse((await cli(['check', '--format', 'sarif', manifests])).stdout);
    expect(plain.runs[0].results.some((x: any) => 'baselineState' in x)).toBe(false);
  });

  test('a baseline is not written from a partial read', async () => {
    const file = tmp.path('partial-baseline.json');
    const r = await cli(['check', '--write-baseline', file, INSECURE_EXAMPLE, tmp.path('missing.yaml')]);
    expect(r.code).toBe(2);
    expect(fs.existsSync(file)).toBe(false);
    expect(stderrLines(r.stderr)).toContain(`cdk8s-secure: error: ${file}: baseline not written: 1 input error(s)`);
  });
});

describe('a bad baseline file: one line naming the file, exit 2, no report', () => {
  const entry = { fingerprint: '0'.repeat(32), ruleId: 'CS103', kind: 'Pod', path: 'spec' };
  test.each([
    ['malformed JSON', '{"version": 1, "entries": [', /^not a cdk8s-secure baseline: the file is not JSON \(/],
    ['not a baseline', '{"findings": []}', /^not a cdk8s-secure baseline: expected \{"version": 1, "entries": \[\.\.\.\]\}; write one with --write-baseline$/],
    ['another format version', '{"version": 2, "entries": []}', /^baseline format version 2 is not supported \(this release reads version 1\); write it again with --write-baseline$/],
    ['an unknown rule', JSON.stringify({ version: 1, entries: [{ ...entry, ruleId: 'CS999' }] }), /^entry 0 names unknown rule "CS999" \(see `cdk8s-secure rules`\)$/],
    ['an entry without a path', JSON.stringify({ version: 1, entries: [{ ...entry, path: 3 }] }), /^entry 0: "path" must be a string$/],
    ['a bad count', JSON.stringify({ version: 1, entries: [{ ...entry, count: 0 }] }), /^entry 0: "count" must be a whole number >= 1$/],
    ['a fingerprint that is not one', JSON.stringify({ version: 1, entries: [{ ...entry, fingerprint: 'abc' }] }), /^entry 0: "fingerprint" must be 32 hex digits \(as --write-baseline writes it\)$/],
  ])('%s', async (_name, content, message) => {
    const file = tmp.write(`bad-${_name.replace(/\W+/g, '-')}.json`, content);
    const r = await cli(['check', '--baseline', file, INSECURE_EXAMPLE]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    const lines = stderrLines(r.stderr);
    expect(lines).toHaveLength(1);
    const prefix = `cdk8s-secure: error: ${file}: `;
    expect(lines[0].startsWith(prefix)).toBe(true);
    expect(lines[0].slice(prefix.length)).toMatch(message);
    expect(r.stderr).not.toMatch(STACK_FRAME);
  });

  test('a missing baseline file', async () => {
    const r = await cli(['check', '--baseline', tmp.path('nope.json'), INSECURE_EXAMPLE]);
    expect(r.code).toBe(2);
    expect(stderrLines(r.stderr)).toEqual([`cdk8s-secure: error: ${tmp.path('nope.json')}: cannot read the baseline: no such file`]);
  });
});
