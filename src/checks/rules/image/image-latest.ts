import { imageOf } from './_images';
import { containerRule, where } from '../../_rule';
import { Severity } from '../../finding';

export const imageLatest = containerRule({
  id: 'CS207',
  title: 'Image uses the latest tag',
  severity: Severity.ERROR,
  description: 'Fails when a container image uses the mutable tag "latest" without a digest.',
  rationale: '"latest" moves with every push: two pods of one Deployment can run different code, and a rollback restores nothing.',
  fix: 'Pin a version tag or a digest.',
  references: ['Polaris: tagNotSpecified', 'Trivy: KSV-0013'],
}, (c) => {
  const ref = imageOf(c);
  return ref && ref.tag === 'latest' && !ref.digest ? [{ path: [...c.path, 'image'], message: `${where(c)} image "${c.spec.image}" uses the mutable tag "latest"` }] : [];
});
