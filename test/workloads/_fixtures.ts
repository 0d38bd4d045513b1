import { Chart, Testing } from 'cdk8s';
import { HealthChecks, SecureContainerProps, SecureDeployment, SecureDeploymentProps } from '../../src';

export const IMAGE = 'ghcr.io/acme/backend:1.4.2';

/** The guide's app: HTTP /health and /ready on 8080. */
export function guideContainer(extra: Partial<SecureContainerProps> = {}): SecureContainerProps {
  return { image: IMAGE, portNumber: 8080, healthChecks: HealthChecks.http({ port: 8080 }), ...extra };
}

export function deploy(props: Partial<SecureDeploymentProps> = {}, chart: Chart = Testing.chart()): { chart: Chart; d: SecureDeployment } {
  const d = new SecureDeployment(chart, 'backend', { owner: 'team-a', containers: [guideContainer()], ...props });
  return { chart, d };
}

export function synthKind(chart: Chart, kind: string): any[] {
  return Testing.synth(chart).filter((o: any) => o.kind === kind);
}

export function deploymentOf(chart: Chart): any {
  const all = synthKind(chart, 'Deployment');
  expect(all).toHaveLength(1);
  return all[0];
}

export function podSpecOf(chart: Chart): any {
  return deploymentOf(chart).spec.template.spec;
}

/** Runs `fn` and returns the SecureError it throws (fails the test when it does not throw). */
export function errorOf(fn: () => unknown): Error & { code: string; constructPath: string } {
  try {
    fn();
  } catch (e) {
    return e as any;
  }
  throw new Error('expected an error, but none was thrown');
}

/**
 * Field-by-field Pod Security Standards (restricted) assertions on a pod spec, for every workload kind:
 * pod-level identity and seccomp, every container's securityContext, no host namespaces, host ports or
 * hostPath volumes, only restricted volume types.
 */
export function expectRestrictedPod(pod: any, ids: { runAsUser?: number } = { runAsUser: 65532 }): void {
  expect(pod.securityContext.runAsNonRoot).toBe(true);
  expect(pod.securityContext.seccompProfile).toEqual({ type: 'RuntimeDefault' });
  if (ids.runAsUser !== undefined) {
    const sc = pod.securityContext;
    expect([sc.runAsUser, sc.runAsGroup, sc.fsGroup]).toEqual([ids.runAsUser, ids.runAsUser, ids.runAsUser]);
  }
  expect(pod.hostNetwork === undefined || pod.hostNetwork === false).toBe(true);
  expect(pod.hostPID).toBeUndefined();
  expect(pod.hostIPC).toBeUndefined();
  expect(pod.automountServiceAccountToken).toBe(false);
  expect(pod.serviceAccountName).toBeDefined();
  expect(pod.serviceAccountName).not.toBe('default');
  for (const v of pod.volumes ?? []) {
    const restricted = ['emptyDir', 'configMap', 'secret', 'persistentVolumeClaim', 'projected', 'downwardAPI', 'csi', 'ephemeral'];
    expect(Object.keys(v).filter(k => k !== 'name').every(k => restricted.includes(k))).toBe(true);
  }
  for (const c of [...(pod.containers ?? []), ...(pod.initContainers ?? [])]) {
    expect(c.securityContext.runAsNonRoot).toBe(true);
    expect(c.securityContext.allowPrivilegeEscalation).toBe(false);
    expect(c.securityContext.privileged).toBe(false);
    expect(c.securityContext.readOnlyRootFilesystem).toBe(true);
    expect(c.securityContext.capabilities).toEqual({ drop: ['ALL'] });
    expect(c.securityContext.seccompProfile).toEqual({ type: 'RuntimeDefault' });
    expect(c.securityContext.runAsUser).toBeUndefined();
    expect((c.ports ?? []).every((p: any) => p.hostPort === undefined)).toBe(true);
    expect(c.imagePullPolicy).toBe('Always');
    expect(c.resources.requests).toEqual({ cpu: '100m', memory: '128Mi' });
    expect(c.resources.limits).toEqual({ cpu: '200m', memory: '256Mi' });
  }
}
