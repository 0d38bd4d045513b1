import { ImageRef, parseImage } from '../../../_image';
import { ContainerView } from '../../_pod';

/** The parsed image of a container, or undefined when it has none or it is malformed. */
export function imageOf(c: ContainerView): ImageRef | undefined {
  if (typeof c.spec.image !== 'string') return undefined;
  const ref = parseImage(c.spec.image);
  return typeof ref === 'string' ? undefined : ref;
}
