import { parseImage } from '../../../_image';
import { containerRule, where } from '../../_rule';
import { Severity } from '../../finding';

export const imageTag = containerRule({
  id: 'CS206',
  title: 'Image without tag or digest',
  severity: Severity.ERROR,
  description: 'Fails when a container image has neither a tag nor a digest, or is not a valid image reference.',
  rationale: 'An untagged image means :latest: what runs changes whenever someone pushes, and a rollback cannot restore it.',
  fix: 'Pin a version tag (nginx:1.27.3) or, better, a digest (nginx@sha256:...).',
  references: ['Polaris: tagNotSpecified', 'Trivy: KSV-0013'],
}, (c) => {
  if (typeof c.spec.image !== 'string') {
    return [{ path: [...c.path, 'image'], message: `${where(c)} has no image` }];
  }
  const ref = parseImage(c.spec.image);
  if (typeof ref === 'string') return [{ path: [...c.path, 'image'], message: `${where(c)} has an invalid image "${c.spec.image}": ${ref}` }];
  return ref.tag || ref.digest ? [] : [{ path: [...c.path, 'image'], message: `${where(c)} image "${c.spec.image}" has no tag or digest` }];
});
