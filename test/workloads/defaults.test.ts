import { Duration } from 'cdk8s';
import { deploy, deploymentOf, IMAGE, podSpecOf, synthKind } from './_fixtures';
import { HealthChecks, SecureDeployment } from '../../src';

/**
 * Asserts every documented `@default` of SecureDeploymentProps, SecureContainerProps,
 * SecureContainerSecurityContext and HealthChecks against the synthesized output, so a doc comment
 * cannot drift from the code.
 */
describe('documented defaults', () => {
  const { chart, d } = deploy({ containers: [{ image: IMAGE, portNumber: 8080, healthChecks: HealthChecks.http() }] });
  const dep = deploymentOf(chart);
  const pod = podSpecOf(chart);
  const c = pod.containers[0];

  test('replicas: 2', () => expect(dep.spec.replicas).toBe(2));
  test('podDisruptionBudget: true', () => expect(synthKind(chart, 'PodDisruptionBudget')).toHaveLength(1));
  test('topologySpread: true', () => expect(pod.topologySpreadConstraints).toHaveLength(2));
  test('runAsUser / runAsGroup / fsGroup: 65532', () => expect(pod.securityContext).toMatchObject({ runAsUser: 65532, runAsGroup: 65532, fsGroup: 65532 }));
  test('useImageUser: false', () => expect(pod.securityContext.runAsUser).toBeDefined());
  test('automountServiceAccountToken: false', () => expect(pod.automountServiceAccountToken).toBe(false));
  test('serviceAccount: a dedicated one', () => expect(synthKind(chart, 'ServiceAccount')[0].metadata.name).toBe(pod.serviceAccountName));
  test('isolate: true', () => expect(synthKind(chart, 'NetworkPolicy').some(p => p.spec.policyTypes?.length === 2 && !p.spec.ingress && !p.spec.egress)).toBe(true));
  test('allowDns: true', () => expect(synthKind(chart, 'NetworkPolicy').some(p => p.spec.egress?.[0]?.ports?.[0]?.port === 53)).toBe(true));
  test('appName: the construct id, lower-cased', () => expect(dep.metadata.labels['app.kubernetes.io/name']).toBe('backend'));
  test('strategy: RollingUpdate 25% / 25%', () => expect(dep.spec.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } }));
  test('minReady: 0 s, progressDeadline: 600 s', () => expect([dep.spec.minReadySeconds, dep.spec.progressDeadlineSeconds]).toEqual([0, 600]));
  test('terminationGracePeriod: 30 s', () => expect(pod.terminationGracePeriodSeconds).toBe(30));
  test('suppressions: none', () => expect(dep.metadata.annotations).toBeUndefined());

  test('container name: main', () => expect(c.name).toBe('main'));
  test('resources: 100m/128Mi requests, 200m/256Mi limits', () => expect(c.resources).toEqual({ requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '200m', memory: '256Mi' } }));
  test('writablePaths: only /tmp; writableSizeLimit: 64Mi', () => {
    expect(c.volumeMounts.map((m: any) => m.mountPath)).toEqual(['/tmp']);
    expect(pod.volumes[0].emptyDir.sizeLimit).toBe('64Mi');
  });
  test('imagePullPolicy: Always', () => expect(c.imagePullPolicy).toBe('Always'));
  test('securityContext: runAsNonRoot true, readOnlyRootFilesystem true, allowPrivilegeEscalation false, privileged false, capabilities drop ALL, seccomp RuntimeDefault', () => {
    expect(c.securityContext).toEqual({ runAsNonRoot: true, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, privileged: false, capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' } });
  });
  test('container runAsUser / runAsGroup: the pod\'s', () => expect([c.securityContext.runAsUser, c.securityContext.runAsGroup]).toEqual([undefined, undefined]));

  test('HealthChecks.http: port = portNumber, /health and /ready, guide timings', () => {
    expect(c.livenessProbe).toEqual({ httpGet: { path: '/health', port: 8080, scheme: 'HTTP' }, initialDelaySeconds: 30, periodSeconds: 10, failureThreshold: 3 });
    expect(c.readinessProbe).toEqual({ httpGet: { path: '/ready', port: 8080, scheme: 'HTTP' }, initialDelaySeconds: 5, periodSeconds: 5, failureThreshold: 3 });
  });

  test('HealthChecks.tcp and .command use the same timings', () => {
    const tcp = HealthChecks.tcp(5432);
    const cmd = HealthChecks.command(['pg_isready']);
    const { chart: c2 } = deploy({ containers: [{ image: IMAGE, name: 'db', portNumber: 5432, liveness: tcp.liveness, readiness: cmd.readiness }] });
    const db = podSpecOf(c2).containers[0];
    expect(db.livenessProbe).toEqual({ tcpSocket: { port: 5432 }, initialDelaySeconds: 30, periodSeconds: 10, failureThreshold: 3 });
    expect(db.readinessProbe).toEqual({ exec: { command: ['pg_isready'] }, initialDelaySeconds: 5, periodSeconds: 5, failureThreshold: 3 });
  });

  test('the construct exposes the owner and the PodDisruptionBudget', () => {
    expect(d.owner).toBe('team-a');
    expect(d.podDisruptionBudget).toBeDefined();
    expect(d).toBeInstanceOf(SecureDeployment);
  });

  test('durations passed through are honoured', () => {
    const { chart: c3 } = deploy({ terminationGracePeriod: Duration.seconds(5), replicas: 3, podDisruptionBudget: false, topologySpread: false });
    expect(podSpecOf(c3).terminationGracePeriodSeconds).toBe(5);
    expect(deploymentOf(c3).spec.replicas).toBe(3);
    expect(synthKind(c3, 'PodDisruptionBudget')).toEqual([]);
    expect(podSpecOf(c3).topologySpreadConstraints).toBeUndefined();
  });
});
