import { imageOf } from './_images';
import { inRegistries } from '../../../_image';
import { containerRule, where } from '../../_rule';
import { Severity } from '../../finding';

export const imageRegistry = containerRule({
  id: 'CS209',
  title: 'Image outside the allowed registries',
  severity: Severity.ERROR,
  description: 'Fails when allowedRegistries is configured and a container image comes from another registry.',
  rationale: 'Images from unreviewed registries bypass the scanning and signing done on the approved ones.',
  fix: 'Mirror the image into an allowed registry, or add its registry to allowedRegistries.',
  references: ['NSA: Image scanning', 'Gatekeeper library: k8sallowedrepos'],
}, (c, _pod, ctx) => {
  const allowed = ctx.options.allowedRegistries;
  if (!allowed || allowed.length === 0) return [];
  const ref = imageOf(c);
  return ref && !inRegistries(ref, allowed) ? [{
    path: [...c.path, 'image'],
    message: `${where(c)} image "${c.spec.image}" is from ${ref.registry}, not one of ${allowed.join(', ')}`,
  }] : [];
});
