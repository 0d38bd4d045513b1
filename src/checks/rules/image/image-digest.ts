import { imageOf } from './_images';
import { containerRule, where } from '../../_rule';
import { Severity } from '../../finding';

export const imageDigest = containerRule({
  id: 'CS208',
  title: 'Image not pinned by digest',
  severity: Severity.INFO,
  description: 'Reports a container image referenced by tag only. An error when the checker runs with requireDigests.',
  rationale: 'A tag can be moved to other content; a digest names exactly the image that was scanned and approved.',
  fix: 'Reference the image by digest (registry/app:1.2.3@sha256:...).',
  references: ['NSA: Image scanning', 'SLSA: pinned dependencies'],
}, (c, _pod, ctx) => {
  const ref = imageOf(c);
  if (!ref || ref.digest) return [];
  return [{
    path: [...c.path, 'image'],
    message: `${where(c)} image "${c.spec.image}" is not pinned by digest`,
    severity: ctx.options.requireDigests ? Severity.ERROR : undefined,
  }];
});
