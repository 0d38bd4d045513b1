import { Cron, Duration, Testing } from 'cdk8s';
import { errorOf, deploy, guideContainer, IMAGE, podSpecOf } from './_fixtures';
import { SecureCronJob, SecureDaemonSet, SecureDeployment, SecureJob, SecureStatefulSet } from '../../src';

/** Issue #12, constructs: writable paths that collide after normalisation and numbers Kubernetes cannot store. */
describe('writable paths are normalised before they become volumes', () => {
  test.each([
    ['/a-b and /a/b (same volume name)', ['/a-b', '/a/b'], 'writable path "/a/b" and "/a-b" both map to the emptyDir volume name "main-a-b"'],
    ['/tmp. next to the built-in /tmp', ['/tmp.'], 'writable path "/tmp." and "/tmp" both map to the emptyDir volume name "main-tmp"'],
    ['/var/cache and /var//cache/./', ['/var/cache', '/var//cache/./'], 'writable path "/var//cache/./" is listed twice'],
    ['/. (the root itself)', ['/.'], 'writable path "/." is not an absolute path below /'],
    ['// (the root itself)', ['//'], 'writable path "//" is not an absolute path below /'],
    ['/ (the root itself)', ['/'], 'writable path "/" is not an absolute path below /'],
    ['a path that climbs with ..', ['/var/../etc'], 'writable path "/var/../etc" is not an absolute path below /'],
  ])('throws CSE107 for %s', (_name, writablePaths, detail) => {
    const err = errorOf(() => deploy({ containers: [guideContainer({ writablePaths })] }));
    expect(err.code).toBe('CSE107');
    expect(err.message).toContain(`[test/backend] CSE107 SecureDeployment: container "main": ${detail}`);
  });

  test('a volume name taken by another container is reported, not left to cdk8s-plus', () => {
    const err = errorOf(() => deploy({ containers: [guideContainer({ name: 'a', writablePaths: ['/b-c'] }), guideContainer({ name: 'a-b', writablePaths: ['/c'] })] }));
    expect(err.message).toContain('container "a-b": writable path "/c" and a volume of the pod ("a-b-c") both map to the emptyDir volume name "a-b-c"');
  });

  test('a path with "." segments is mounted at its canonical form', () => {
    const { chart } = deploy({ containers: [guideContainer({ writablePaths: ['/var/./cache//app/'] })] });
    expect(podSpecOf(chart).containers[0].volumeMounts.map((m: any) => m.mountPath)).toEqual(['/tmp', '/var/cache/app']);
  });
});

describe('numbers Kubernetes cannot store are refused', () => {
  test.each([
    ['1e300', 1e300],
    ['a fraction', 1.5],
    ['more than int32', 2147483648],
    ['a negative number', -1],
    ['NaN', NaN],
  ])('replicas: %s', (_name, replicas) => {
    const err = errorOf(() => deploy({ replicas }));
    expect(err.code).toBe('CSE111');
    expect(err.message).toContain(`[test/backend] CSE111 SecureDeployment: replicas ${String(replicas)} is not a whole number >= 0 (Kubernetes stores it as an int32, at most 2147483647). Use e.g. replicas: 2.`);
  });

  test('the largest int32 is accepted', () => {
    expect(() => deploy({ replicas: 2147483647 })).not.toThrow();
  });
});

describe.each([
  ['SecureDeployment', (p: any) => new SecureDeployment(Testing.chart(), 'w', { owner: 't', containers: [{ ...guideContainer(), ...p.container }], ...p.props }), 'replicas', 'CSE111'],
  ['SecureStatefulSet', (p: any) => new SecureStatefulSet(Testing.chart(), 'w', { owner: 't', containers: [{ ...guideContainer(), ...p.container }], ...p.props }), 'replicas', 'CSE111'],
  ['SecureJob', (p: any) => new SecureJob(Testing.chart(), 'w', { owner: 't', containers: [{ image: IMAGE, ...p.container }], ...p.props }), 'backoffLimit', 'CSE112'],
  ['SecureCronJob', (p: any) => new SecureCronJob(Testing.chart(), 'w', { owner: 't', schedule: Cron.daily(), containers: [{ image: IMAGE, ...p.container }], ...p.props }), 'failedJobsRetained', 'CSE112'],
  ['SecureDaemonSet', (p: any) => new SecureDaemonSet(Testing.chart(), 'w', { owner: 't', containers: [{ ...guideContainer(), ...p.container }], ...p.props }), 'minReadySeconds', 'CSE112'],
])('%s: the same path and number checks (issue #12)', (kind, build, intField, intCode) => {
  test('writable paths that collide after normalisation: CSE107, not a cdk8s-plus error', () => {
    const err = errorOf(() => build({ container: { writablePaths: ['/a-b', '/a/b'] } }));
    expect(err.message).toContain(`[test/w] CSE107 ${kind}: container "main": writable path "/a/b" and "/a-b" both map to the emptyDir volume name "main-a-b"`);
  });
  test('/. is refused like /', () => {
    expect(errorOf(() => build({ container: { writablePaths: ['/.'] } })).message).toContain(`CSE107 ${kind}: container "main": writable path "/." is not an absolute path below /`);
  });
  test.each([1e300, 1.5, 2 ** 31, -1])(`${intField} %p is refused`, v => {
    const err = errorOf(() => build({ props: { [intField]: v } }));
    expect(err.code).toBe(intCode);
    expect(err.message).toContain(`[test/w] ${intCode} ${kind}: ${intField} ${String(v)} is not a whole number >= 0`);
  });
  test('a fractional terminationGracePeriod is refused', () => {
    const err = errorOf(() => build({ props: { terminationGracePeriod: Duration.millis(1500) } }));
    expect(err.message).toContain(`[test/w] CSE112 ${kind}: terminationGracePeriod 1.5 s is not a whole number of seconds >= 0`);
  });
});
