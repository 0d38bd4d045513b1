import { containerRule, ObjectRule, where } from '../../_rule';
import { Severity } from '../../finding';

/** Requests and limits rules share everything but the field they read. */
export function resourceRule(id: string, field: 'requests' | 'limits', references: string[]): ObjectRule {
  return containerRule({
    id,
    title: `Missing cpu or memory ${field}`,
    severity: Severity.ERROR,
    description: `Fails when a container (regular or init) does not set resources.${field} for both cpu and memory.`,
    rationale: field === 'requests'
      ? 'Without requests the scheduler cannot place the pod sensibly and it is the first to be evicted under pressure.'
      : 'Without limits one container can starve its node of cpu or memory (a denial of service against every other pod there).',
    fix: `Set resources.${field}.cpu and resources.${field}.memory (e.g. ${field === 'requests' ? '100m / 128Mi' : '200m / 256Mi'}).`,
    references,
  }, (c) => {
    if (c.list === 'ephemeralContainers') return [];
    const set = c.spec.resources?.[field] ?? {};
    return (['cpu', 'memory'] as const)
      .filter(r => set[r] === undefined || set[r] === null || set[r] === '')
      .map(r => ({ path: [...c.path, 'resources', field, r], message: `${where(c)} has no ${r} ${field === 'requests' ? 'request' : 'limit'}` }));
  });
}
