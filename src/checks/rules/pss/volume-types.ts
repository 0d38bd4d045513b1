import { pssMinor } from './_version';
import { podRule } from '../../_rule';
import { Severity } from '../../finding';

/** Volume sources the restricted profile allows, by the release that first allows them. */
export const RESTRICTED_VOLUMES_SINCE: ReadonlyArray<readonly [string, number]> = [
  ['configMap', 0], ['csi', 0], ['downwardAPI', 0], ['emptyDir', 0], ['ephemeral', 0], ['persistentVolumeClaim', 0],
  ['projected', 0], ['secret', 0], ['image', 33],
];

/** The volume sources allowed at release 1.<minor>. */
export function restrictedVolumes(minor: number): Set<string> {
  return new Set(RESTRICTED_VOLUMES_SINCE.filter(([, since]) => minor >= since).map(([t]) => t));
}

export const volumeTypes = podRule({
  id: 'CS121',
  title: 'Volume type not allowed by the restricted profile',
  severity: Severity.ERROR,
  description: 'Fails when a volume is of a type other than configMap, csi, downwardAPI, emptyDir, ephemeral, persistentVolumeClaim, projected, secret or (from v1.33) image.',
  rationale: 'Other volume types reach node or storage back-ends directly; the restricted profile allows them only through PersistentVolumes.',
  fix: 'Mount storage through a PersistentVolumeClaim, or use one of the allowed volume types.',
  references: ['PSS restricted: Volume Types'],
}, (pod, ctx) => {
  const allowed = restrictedVolumes(pssMinor(ctx));
  const vols = Array.isArray(pod.spec.volumes) ? pod.spec.volumes : [];
  return vols.flatMap((v: any, i: number) => {
    if (!v || typeof v !== 'object') return [];
    const types = Object.keys(v).filter(k => k !== 'name' && v[k] !== undefined && v[k] !== null);
    return types.filter(t => !allowed.has(t))
      .map(t => ({ path: [...pod.path, 'volumes', i, t], message: `volume "${v.name}" is of type ${t}` }));
  });
});
