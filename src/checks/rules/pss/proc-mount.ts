import { containerRule, where } from '../../_rule';
import { Severity } from '../../finding';

export const procMount = containerRule({
  id: 'CS109',
  title: 'Unmasked /proc',
  severity: Severity.ERROR,
  description: 'Fails when a container sets securityContext.procMount to anything other than Default.',
  rationale: 'An Unmasked /proc exposes kernel interfaces the runtime normally hides from containers.',
  fix: 'Remove procMount (or set it to Default).',
  references: ['PSS baseline: /proc Mount Type', 'Trivy: KSV-0027'],
}, (c) => {
  const v = c.spec.securityContext?.procMount;
  return v !== undefined && v !== null && v !== 'Default'
    ? [{ path: [...c.path, 'securityContext', 'procMount'], message: `${where(c)} sets procMount ${v}` }]
    : [];
});
