import { PodKinds } from '../checks/_pod';

export interface ImageUse {
  readonly image: string;
  readonly workloads: Array<{ kind: string; namespace?: string; name?: string; container: string }>;
}

/** Collects every image the objects will run (containers, init and ephemeral), deduplicated, in first-seen order. */
export class ImageCollector {
  private readonly byImage = new Map<string, ImageUse>();

  constructor(private readonly pods: PodKinds = PodKinds.BUILT_IN) {}

  public add(obj: Record<string, any>): void {
    const pod = this.pods.podOf(obj);
    if (!pod) return;
    for (const c of pod.containers) {
      if (typeof c.spec.image !== 'string' || c.spec.image === '') continue;
      let use = this.byImage.get(c.spec.image);
      if (!use) {
        use = { image: c.spec.image, workloads: [] };
        this.byImage.set(c.spec.image, use);
      }
      use.workloads.push({ kind: obj.kind, namespace: obj.metadata?.namespace, name: obj.metadata?.name, container: c.name });
    }
  }

  public get images(): ImageUse[] {
    return [...this.byImage.values()];
  }
}
