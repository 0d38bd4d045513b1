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
