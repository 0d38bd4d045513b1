import { containerRule, ObjectRule, where } from '../../_rule';
import { Severity } from '../../finding';

/** Liveness and readiness rules share everything but the probe they read. */
export function probeRule(id: string, probe: 'livenessProbe' | 'readinessProbe', polaris: string): ObjectRule {
  const what = probe === 'livenessProbe' ? 'liveness' : 'readiness';
  return containerRule({
    id,
    title: `Missing ${what} probe`,
    severity: Severity.ERROR,
    description: `Fails when a long-running container has no ${probe}. Jobs, CronJobs, init and ephemeral containers are not checked.`,
    rationale: probe === 'livenessProbe'
      ? 'Without a liveness probe a hung process keeps its pod forever.'
      : 'Without a readiness probe traffic reaches the pod before it can serve, and keeps reaching it when it cannot.',
    fix: `Add a ${probe} (HTTP, TCP, exec or gRPC).`,
    references: [`Polaris: ${polaris}`],
  }, (c, pod) => {
    if (pod.batch || c.list !== 'containers') return [];
    return c.spec[probe] ? [] : [{ path: [...c.path, probe], message: `${where(c)} has no ${what} probe` }];
  });
}
