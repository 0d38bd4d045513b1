import { Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import * as fc from 'fast-check';
import { atOrAbove, HealthChecks, PSS_RESTRICTED_RULES, SecureDeployment, SecurityChecks, Severity } from '../../src';

/** Mostly `usual`, sometimes `rare`: keeps both the accepted and the rejected branch busy. */
function mostly<T>(usual: fc.Arbitrary<T>, rare: fc.Arbitrary<T>): fc.Arbitrary<T> {
  return fc.oneof({ arbitrary: usual, weight: 6 }, { arbitrary: rare, weight: 1 });
}
const maybe = <T>(a: fc.Arbitrary<T>) => mostly(fc.constant(undefined), a);

const image = mostly(
  fc.constantFrom('ghcr.io/acme/app:1.2.3', 'nginx:1.27.3', `registry.example.com:5000/team/api@sha256:${'c'.repeat(64)}`, 'busybox:1.36'),
  fc.oneof(fc.constantFrom('nginx:latest', 'nginx'), fc.string({ maxLength: 20 })),
);
const capability = fc.constantFrom(kplus.Capability.NET_BIND_SERVICE, kplus.Capability.NET_ADMIN, kplus.Capability.SYS_ADMIN, kplus.Capability.CHOWN);
const ruleIds = ['CS201', 'CS213', 'CS126', 'CS104', 'CS204', 'CS205', 'CS206', 'CS207', 'CS210', 'CS122', 'CS123', 'CS103', 'CS211'];

const props = fc.record({
  image,
  portNumber: mostly(fc.constant(8080), fc.integer({ min: -5, max: 70000 })),
  probes: mostly(fc.constant(true), fc.constant(false)),
  runAsUser: maybe(fc.integer({ min: -10, max: 70000 })),
  containerUser: maybe(fc.integer({ min: -1, max: 70000 })),
  readOnlyRootFilesystem: maybe(fc.boolean()),
  allowPrivilegeEscalation: maybe(fc.boolean()),
  privileged: maybe(fc.boolean()),
  runAsNonRoot: maybe(fc.boolean()),
  add: maybe(fc.uniqueArray(capability, { maxLength: 3 })),
  writablePaths: maybe(fc.array(fc.constantFrom('/var/cache', '/data', 'relative', '/var/cache/', '/', '/tmp'), { maxLength: 3 })),
  cpu: maybe(fc.tuple(fc.integer({ min: -10, max: 2000 }), fc.integer({ min: -10, max: 2000 }))),
  memory: maybe(fc.tuple(fc.integer({ min: 0, max: 4096 }), fc.integer({ min: 0, max: 4096 }))),
  useImageUser: mostly(fc.constant(false), fc.constant(true)),
  suppressions: mostly(fc.constant([] as string[]), fc.uniqueArray(fc.constantFrom(...ruleIds), { minLength: 1, maxLength: 4 })),
  shortReason: mostly(fc.constant(false), fc.constant(true)),
});

type Props = typeof props extends fc.Arbitrary<infer T> ? T : never;

function build(p: Props) {
  const chart = Testing.chart();
  new SecureDeployment(chart, 'app', {
    owner: 'team-a',
    useImageUser: p.useImageUser || undefined,
    runAsUser: p.useImageUser ? undefined : p.runAsUser,
    suppressions: p.suppressions.map(ruleId => ({ ruleId, reason: p.shortReason ? 'short' : 'accepted in a property test' })),
    containers: [{
      image: p.image,
      portNumber: p.portNumber,
      healthChecks: p.probes ? HealthChecks.tcp(p.portNumber ?? 8080) : undefined,
      writablePaths: p.writablePaths,
      resources: p.cpu || p.memory ? {
        cpu: p.cpu ? { request: kplus.Cpu.millis(p.cpu[0]), limit: kplus.Cpu.millis(p.cpu[1]) } : undefined,
        memory: p.memory ? { request: Size.mebibytes(p.memory[0]), limit: Size.mebibytes(p.memory[1]) } : undefined,
      } : undefined,
      securityContext: {
        runAsUser: p.containerUser,
        readOnlyRootFilesystem: p.readOnlyRootFilesystem,
        allowPrivilegeEscalation: p.allowPrivilegeEscalation,
        privileged: p.privileged,
        runAsNonRoot: p.runAsNonRoot,
        capabilities: p.add ? { add: p.add } : undefined,
      },
    }],
  });
  return chart;
}

describe('property: any props give a restricted-profile manifest or a clear error, nothing in between', () => {
  test('output passes the checker (every weakening carries a reason) or the constructor throws a coded error', () => {
    let built = 0;
    let rejected = 0;
    fc.assert(fc.property(props, p => {
      let chart;
      try {
        chart = build(p);
      } catch (e) {
        rejected++;
        const msg = (e as Error).message;
        // A coded, scoped error; never a raw error from cdk8s-plus or a stack of our own.
        expect(msg).toMatch(/^\[test\/app\] CSE\d{3} (SecureDeployment|Suppressions): /);
        expect((e as any).code).toMatch(/^CSE\d{3}$/);
        return;
      }
      built++;
      const findings = SecurityChecks.findings(chart);
      // Nothing weaker than the defaults without a reason in the manifest.
      const unaccepted = findings.filter(f => !f.suppressed && atOrAbove(f.severity, Severity.WARNING) && !f.ruleId.startsWith('CS00'));
      expect(unaccepted).toEqual([]);
      if (p.suppressions.length === 0) {
        // Without any suppression, every restricted control holds.
        expect(findings.filter(f => PSS_RESTRICTED_RULES.includes(f.ruleId))).toEqual([]);
      }
      for (const f of findings.filter(x => x.suppressed)) {
        expect(f.suppressed!.reason).toBe('accepted in a property test');
      }
    }), { numRuns: 300, seed: 20261129 });
    // Both branches must actually be exercised.
    expect(built).toBeGreaterThan(20);
    expect(rejected).toBeGreaterThan(20);
  });
});
