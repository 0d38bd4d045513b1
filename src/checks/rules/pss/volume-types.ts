import { podRule } from '../../_rule';
import { Severity } from '../../finding';

const ALLOWED = new Set(['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret']);

export const volumeTypes = podRule({
  id: 'CS121',
  title: 'Volume type not allowed by the restricted profile',
  severity: Severity.ERROR,
  description: 'Fails when a volume is of a type other than configMap, csi, downwardAPI, emptyDir, ephemeral, persistentVolumeClaim, projected or secret.',
  rationale: 'Other volume types reach node or storage back-ends directly; the restricted profile allows them only through PersistentVolumes.',
  fix: 'Mount storage through a PersistentVolumeClaim, or use one of the allowed volume types.',
  references: ['PSS restricted: Volume Types'],
}, (pod) => {
  const vols = Array.isArray(pod.spec.volumes) ? pod.spec.volumes : [];
  return vols.flatMap((v: any, i: number) => {
    if (!v || typeof v !== 'object') return [];
    const types = Object.keys(v).filter(k => k !== 'name' && v[k] !== undefined && v[k] !== null);
    return types.filter(t => !ALLOWED.has(t))
      .map(t => ({ path: [...pod.path, 'volumes', i, t], message: `volume "${v.name}" is of type ${t}` }));
  });
});
