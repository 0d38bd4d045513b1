import { Testing, Yaml } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import * as fc from 'fast-check';
import { errorOf, expectRestrictedPod, synthKind } from './_fixtures';
import { atOrAbove, HealthChecks, PSS_RESTRICTED_RULES, SecureDaemonSet, SecureDaemonSetProps, SecurityChecks, Severity, Suppressions } from '../../src';
import { expectValidObjects } from '../_schema';

const AGENT = 'ghcr.io/acme/node-agent:3.2.1';
const agent = { image: AGENT, portNumber: 9100, healthChecks: HealthChecks.http({ port: 9100 }) };
const REASON = 'log shipper reads the node logs, read-only';

function ds(props: Partial<SecureDaemonSetProps> = {}, chart = Testing.chart()) {
  return { chart, d: new SecureDaemonSet(chart, 'agent', { owner: 'team-platform', containers: [agent], ...props }) };
}
const dsOf = (chart: any) => {
  const all = synthKind(chart, 'DaemonSet');
  expect(all).toHaveLength(1);
  return all[0];
};

describe('SecureDaemonSet default output', () => {
  const { chart } = ds();
  const obj = dsOf(chart);
  const pod = obj.spec.template.spec;

  test('every Pod Security Standards restricted field, one by one', () => expectRestrictedPod(pod));
  test('no host network, no hostPath, probes present', () => {
    expect(pod.hostNetwork).toBe(false);
    expect(pod.volumes.every((v: any) => v.hostPath === undefined)).toBe(true);
    expect(pod.containers[0].livenessProbe).toBeDefined();
    expect(pod.containers[0].readinessProbe).toBeDefined();
  });
  test('isolated, with DNS', () => {
    const names = synthKind(chart, 'NetworkPolicy').map(p => p.metadata.name);
    expect(names.some(n => n.includes('defaultdenyall'))).toBe(true);
    expect(names.some(n => n.includes('allowdns'))).toBe(true);
  });
  test('no suppression annotation and zero findings except the digest hint', () => {
    expect(obj.metadata.annotations).toBeUndefined();
    expect(SecurityChecks.findings(chart).map(f => `${f.ruleId}:${f.severity}`)).toEqual(['CS208:info']);
  });
  test('every emitted object validates against its Kubernetes schema', () => expectValidObjects(Testing.synth(chart)));
  test('shape snapshot', () => expect(Yaml.stringify(...Testing.synth(chart))).toMatchSnapshot());
});

describe('SecureDaemonSet documented defaults', () => {
  test('hostNetwork: false; hostPaths: none; minReadySeconds: 0', () => {
    const obj = dsOf(ds().chart);
    expect(obj.spec.template.spec.hostNetwork).toBe(false);
    expect(obj.spec.template.spec.volumes.map((v: any) => v.name)).toEqual(['main-tmp']);
    expect(obj.spec.minReadySeconds).toBe(0);
  });
  test('hostPath readOnly: true, type: Directory, containers: all', () => {
    const { chart } = ds({
      containers: [agent, { image: AGENT, name: 'sidecar', healthChecks: HealthChecks.command(['true']) }],
      hostPaths: [{ name: 'varlog', hostPath: '/var/log', mountPath: '/host/var/log' }],
      suppressions: [{ ruleId: 'CS105', reason: REASON }, { ruleId: 'CS121', reason: REASON }],
    });
    const pod = dsOf(chart).spec.template.spec;
    expect(pod.volumes.find((v: any) => v.name === 'varlog')).toEqual({ name: 'varlog', hostPath: { path: '/var/log', type: 'Directory' } });
    for (const c of pod.containers) expect(c.volumeMounts).toContainEqual({ name: 'varlog', mountPath: '/host/var/log', readOnly: true });
  });
});

describe('host access only through a named prop plus a reason in the manifest', () => {
  test('hostNetwork with CS102 and CS301 reasons: ClusterFirstWithHostNet DNS, the reasons annotated and reported', () => {
    const reason = 'CNI agent configures the node network';
    const { chart } = ds({ hostNetwork: true, suppressions: [{ ruleId: 'CS102', reason }, { ruleId: 'CS301', reason }] });
    const obj = dsOf(chart);
    expect(obj.spec.template.spec.hostNetwork).toBe(true);
    expect(obj.spec.template.spec.dnsPolicy).toBe('ClusterFirstWithHostNet');
    expect(JSON.parse(obj.metadata.annotations[Suppressions.ANNOTATION])).toEqual([
      { ruleId: 'CS102', reason, scope: 'test/agent' }, { ruleId: 'CS301', reason, scope: 'test/agent' },
    ]);
    const f = SecurityChecks.findings(chart).filter(x => x.ruleId === 'CS102');
    expect(f.length).toBeGreaterThan(0);
    expect(f.every(x => x.suppressed?.reason === reason)).toBe(true);
    expect(SecurityChecks.findings(chart).filter(x => !x.suppressed && x.severity !== Severity.INFO)).toEqual([]);
    expectValidObjects(Testing.synth(chart));
  });

  test('a hostPath with CS105 and CS121 reasons is mounted read-only and reported as suppressed', () => {
    const { chart } = ds({
      hostPaths: [{ name: 'varlog', hostPath: '/var/log/', mountPath: '/host/var/log' }],
      suppressions: [{ ruleId: 'CS105', reason: REASON }, { ruleId: 'CS121', reason: REASON }],
    });
    const found = SecurityChecks.findings(chart).filter(x => ['CS105', 'CS121'].includes(x.ruleId));
    expect(found.map(x => x.ruleId).sort()).toEqual(['CS105', 'CS121']);
    expect(found.every(x => x.suppressed?.reason === REASON)).toBe(true);
    expect(dsOf(chart).spec.template.spec.volumes.find((v: any) => v.name === 'varlog')).toEqual({ name: 'varlog', hostPath: { path: '/var/log', type: 'Directory' } });
    expectValidObjects(Testing.synth(chart));
  });

  test('an added capability needs its reason too', () => {
    const withCap = { ...agent, securityContext: { capabilities: { add: [kplus.Capability.NET_ADMIN] } } };
    expect(() => ds({ containers: [withCap] })).toThrow(/CSE100 SecureDaemonSet: the pod would fail \d security rule\(s\):[\s\S]*CS126 /);
    const { chart } = ds({ containers: [withCap], suppressions: [{ ruleId: 'CS126', reason: 'agent programs iptables rules' }, { ruleId: 'CS104', reason: 'agent programs iptables rules' }] });
    expect(dsOf(chart).spec.template.spec.containers[0].securityContext.capabilities).toEqual({ drop: ['ALL'], add: ['NET_ADMIN'] });
  });

  test.each([
    ['hostNetwork without a reason', { hostNetwork: true }, 'CSE116',
      "hostNetwork is true without a reason (CS102, CS301 not suppressed). Host access is granted only with a reason that lands in the manifest: suppressions: [{ ruleId: 'CS102', reason: '<e.g. CNI agent must configure the node network>' }, { ruleId: 'CS301', reason: '<e.g. CNI agent must configure the node network>' }]."],
    ['a hostPath without reasons', { hostPaths: [{ name: 'varlog', hostPath: '/var/log', mountPath: '/host/var/log' }] }, 'CSE116',
      'hostPaths[0] ("varlog") mounts the node path /var/log without a reason (CS105, CS121 not suppressed)'],
    ['a hostPath with only one of its reasons', { hostPaths: [{ name: 'varlog', hostPath: '/var/log', mountPath: '/h' }], suppressions: [{ ruleId: 'CS105', reason: REASON }] }, 'CSE116',
      '(CS121 not suppressed)'],
    ['the node root as hostPath', { hostPaths: [{ name: 'root', hostPath: '/.', mountPath: '/host' }], suppressions: [{ ruleId: 'CS105', reason: REASON }, { ruleId: 'CS121', reason: REASON }] }, 'CSE116',
      'hostPaths[0] ("root") hostPath "/." is not an absolute path below /'],
    ['a hostPath for a missing container', { hostPaths: [{ name: 'varlog', hostPath: '/var/log', mountPath: '/h', containers: ['shipper'] }], suppressions: [{ ruleId: 'CS105', reason: REASON }, { ruleId: 'CS121', reason: REASON }] }, 'CSE116',
      'names container "shipper", which is not in containers ("main")'],
    ['a hostPath mounted at a writable path', { containers: [{ ...agent, writablePaths: ['/h'] }], hostPaths: [{ name: 'varlog', hostPath: '/var/log', mountPath: '/h' }], suppressions: [{ ruleId: 'CS105', reason: REASON }, { ruleId: 'CS121', reason: REASON }] }, 'CSE107',
      'writable path "/h" is also in volumeMounts'],
    ['minReadySeconds 1.5', { minReadySeconds: 1.5 }, 'CSE112', 'minReadySeconds 1.5 is not a whole number >= 0'],
  ])('throws when given %s', (_name, props, code, detail) => {
    const err = errorOf(() => ds(props as any));
    expect(err.code).toBe(code);
    expect(err.message.startsWith(`[test/agent] ${code} SecureDaemonSet: `)).toBe(true);
    expect(err.message).toContain(detail);
  });
});

describe('property: any DaemonSet props give a clean manifest or a coded error', () => {
  test('output passes the checker (every weakening carries a reason) or the constructor throws CSExxx', () => {
    let built = 0;
    let rejected = 0;
    const rules = fc.uniqueArray(fc.constantFrom('CS102', 'CS301', 'CS105', 'CS121', 'CS126', 'CS104'), { maxLength: 6 });
    fc.assert(fc.property(fc.boolean(), fc.array(fc.constantFrom('/var/log', '/proc', '/', 'rel', '/run/containerd/containerd.sock'), { maxLength: 2 }), rules,
      fc.option(fc.constantFrom(kplus.Capability.NET_ADMIN, kplus.Capability.NET_BIND_SERVICE), { nil: undefined }),
      (hostNetwork, paths, suppressed, cap) => {
        const chart = Testing.chart();
        try {
          ds({
            hostNetwork,
            containers: [{ ...agent, securityContext: cap ? { capabilities: { add: [cap] } } : undefined }],
            hostPaths: paths.map((p, i) => ({ name: `h${i}`, hostPath: p, mountPath: `/host/${i}` })),
            suppressions: suppressed.map(ruleId => ({ ruleId, reason: 'accepted in a property test' })),
          }, chart);
        } catch (e) {
          rejected++;
          expect((e as Error).message).toMatch(/^\[test\/agent\] CSE\d{3} SecureDaemonSet: /);
          return;
        }
        built++;
        expectValidObjects(Testing.synth(chart));
        const findings = SecurityChecks.findings(chart);
        expect(findings.filter(f => !f.suppressed && atOrAbove(f.severity, Severity.WARNING) && !f.ruleId.startsWith('CS00'))).toEqual([]);
        if (suppressed.length === 0) expect(findings.filter(f => PSS_RESTRICTED_RULES.includes(f.ruleId))).toEqual([]);
      }), { numRuns: 120, seed: 20261202 });
    expect(built).toBeGreaterThan(10);
    expect(rejected).toBeGreaterThan(10);
  });
});
