import { podRule } from '../../_rule';
import { Severity } from '../../finding';

export const hostPath = podRule({
  id: 'CS105',
  title: 'hostPath volume',
  severity: Severity.ERROR,
  description: 'Fails when the pod mounts a hostPath volume.',
  rationale: "A hostPath volume exposes the node's filesystem; a writable one is an easy way out of the container.",
  fix: 'Use an emptyDir, a ConfigMap/Secret or a PersistentVolumeClaim instead of hostPath.',
  references: ['PSS baseline: HostPath Volumes', 'Trivy: KSV-0023'],
}, (pod) => {
  const vols = Array.isArray(pod.spec.volumes) ? pod.spec.volumes : [];
  return vols.flatMap((v: any, i: number) => v && v.hostPath !== undefined && v.hostPath !== null
    ? [{ path: [...pod.path, 'volumes', i, 'hostPath'], message: `volume "${v.name}" is a hostPath volume (${v.hostPath?.path ?? '?'})` }]
    : []);
});
