import { Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { deploy, errorOf, guideContainer } from './_fixtures';
import { SecureDeployment, Suppressions } from '../../src';

/** Every bad input throws at construction with a stable code, the construct path, the value and the fix. */
describe('bad input throws at construction', () => {
  test.each([
    ['a malformed image reference', { containers: [guideContainer({ image: 'ghcr.io/Acme/App:1.0' })] }, 'CSE101',
      'container "main": image "ghcr.io/Acme/App:1.0" is malformed: "Acme/App" is not a valid repository name'],
    ['an image with white space', { containers: [guideContainer({ image: 'nginx: 1.27' })] }, 'CSE101', 'the image reference contains white space'],
    ['an image with a bad digest', { containers: [guideContainer({ image: 'nginx@sha256:xyz' })] }, 'CSE101', '"sha256:xyz" is not a valid digest'],
    ['runAsUser 0 on the pod', { runAsUser: 0 }, 'CSE103', 'runAsUser is 0 (root) while runAsNonRoot is true'],
    ['runAsUser 0 on a container', { containers: [guideContainer({ securityContext: { runAsUser: 0 } })] }, 'CSE103', 'container "main": securityContext.runAsUser is 0 (root)'],
    ['a negative runAsUser', { runAsUser: -5 }, 'CSE108', 'runAsUser -5 is not a valid id'],
    ['a fractional fsGroup', { fsGroup: 1.5 }, 'CSE108', 'fsGroup 1.5 is not a valid id'],
    ['ids together with useImageUser', { useImageUser: true, runAsUser: 20000 }, 'CSE108', 'runAsUser is set together with useImageUser'],
    ['a negative cpu request', { containers: [guideContainer({ resources: { cpu: { request: kplus.Cpu.millis(-5), limit: kplus.Cpu.millis(100) }, memory: { request: Size.mebibytes(64), limit: Size.mebibytes(64) } } })] }, 'CSE104', 'resources.cpu.request "-5m" is not a positive cpu quantity'],
    ['a zero memory limit', { containers: [guideContainer({ resources: { cpu: { request: kplus.Cpu.millis(5), limit: kplus.Cpu.millis(100) }, memory: { request: Size.mebibytes(0), limit: Size.mebibytes(0) } } })] }, 'CSE104', 'resources.memory.request is not a positive size'],
    ['a cpu limit below the request', { containers: [guideContainer({ resources: { cpu: { request: kplus.Cpu.millis(500), limit: kplus.Cpu.millis(200) }, memory: { request: Size.mebibytes(64), limit: Size.mebibytes(64) } } })] }, 'CSE105', 'resources.cpu.limit (200m) is below resources.cpu.request (500m)'],
    ['a memory limit below the request', { containers: [guideContainer({ resources: { cpu: { request: kplus.Cpu.millis(100), limit: kplus.Cpu.millis(200) }, memory: { request: Size.gibibytes(1), limit: Size.mebibytes(256) } } })] }, 'CSE105', 'resources.memory.limit (256Mi) is below resources.memory.request (1024Mi)'],
    ['port 0', { containers: [guideContainer({ portNumber: 0 })] }, 'CSE102', 'port 0 is out of range'],
    ['port 70000', { containers: [guideContainer({ ports: [{ number: 70000 }] })] }, 'CSE102', 'port 70000 is out of range'],
    ['duplicate container names', { containers: [guideContainer({ name: 'app' }), guideContainer({ name: 'app' })] }, 'CSE106', 'container "app": the name "app" is already used by another container of this pod'],
    ['a container name that is not a DNS label', { containers: [guideContainer({ name: 'My_App' })] }, 'CSE106', '"My_App" is not a valid container name'],
    ['duplicate writable paths', { containers: [guideContainer({ writablePaths: ['/var/cache', '/var/cache/'] })] }, 'CSE107', 'writable path "/var/cache/" is listed twice'],
    ['a relative writable path', { containers: [guideContainer({ writablePaths: ['cache'] })] }, 'CSE107', 'writable path "cache" is not an absolute path below /'],
    ['an empty reason', { suppressions: [{ ruleId: 'CS201', reason: '' }] }, 'CSE001', 'the reason for CS201 must have at least 10 visible characters (got "")'],
    ['a too-short reason', { suppressions: [{ ruleId: 'CS201', reason: 'legacy' }] }, 'CSE001', 'the reason for CS201 must have at least 10 visible characters (got "legacy")'],
    ['a reason padded with zero-width spaces', { suppressions: [{ ruleId: 'CS201', reason: 'legacy\u200b\u200b\u200b\u200b\u200b' }] }, 'CSE001', 'the reason for CS201 must have at least 10 visible characters (got "legacy\u200b\u200b\u200b\u200b\u200b")'],
    ['an unknown rule id in a suppression', { suppressions: [{ ruleId: 'CS999', reason: 'a long enough reason' }] }, 'CSE001', 'unknown rule id "CS999"'],
    ['a malformed expiry', { suppressions: [{ ruleId: 'CS201', reason: 'a long enough reason', expires: '31/12/2027' }] }, 'CSE001', 'expires for CS201 must be a YYYY-MM-DD date (got "31/12/2027")'],
    ['an owner that is not a label value', { owner: 'Team A!' }, 'CSE109', 'owner "Team A!" is not a valid label value'],
    ['negative replicas', { replicas: -1 }, 'CSE111', 'replicas -1 is not a whole number >= 0'],
  ])('throws when given %s', (_name, props, code, detail) => {
    const err = errorOf(() => deploy(props as any));
    expect(err.message.startsWith(`[test/backend] ${code} `)).toBe(true);
    expect(err.message).toContain(detail);
    expect(err.code).toBe(code);
    expect(err.constructPath).toBe('test/backend');
  });

  test('every error message names the fix', () => {
    const err = errorOf(() => deploy({ containers: [guideContainer({ image: 'nginx:1.0:2' })] }));
    expect(err.message).toMatch(/Use \[registry\/\]repository:tag or \[registry\/\]repository@sha256:<digest>/);
  });

  test('Suppressions.add validates its input the same way', () => {
    const chart = Testing.chart();
    expect(() => Suppressions.add(chart, { ruleId: 'CS201', reason: 'short' })).toThrow(/^\[test\] CSE001 Suppressions: the reason for CS201 must have at least 10 visible characters/);
  });

  test('a SecureDeployment without any container fails at synth with the fix', () => {
    const chart = Testing.chart();
    new SecureDeployment(chart, 'empty', { owner: 'team-a' });
    expect(() => Testing.synth(chart)).toThrow(/CSE110 SecureDeployment has no container\. Pass containers: \[\{ image: \.\.\., healthChecks: HealthChecks\.http\(\{ port: 8080 \}\) \}\] or call addSecureContainer\(\)/);
  });
});
