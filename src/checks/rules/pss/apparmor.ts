import { podRule, RawFinding, where } from '../../_rule';
import { Severity } from '../../finding';

const ANNOTATION_PREFIX = 'container.apparmor.security.beta.kubernetes.io/';

export const appArmor = podRule({
  id: 'CS107',
  title: 'AppArmor disabled or overridden',
  severity: Severity.ERROR,
  description: 'Fails when an AppArmor profile field is anything other than RuntimeDefault or Localhost, or a legacy AppArmor annotation is anything other than empty, runtime/default or localhost/<profile>.',
  rationale: 'Setting the profile to Unconfined removes the runtime default AppArmor confinement.',
  fix: 'Leave appArmorProfile unset, or set its type to RuntimeDefault or Localhost.',
  references: ['PSS baseline: AppArmor'],
}, (pod) => {
  const out: RawFinding[] = [];
  const okType = (t: unknown) => t === undefined || t === null || t === 'RuntimeDefault' || t === 'Localhost';
  const podType = pod.spec.securityContext?.appArmorProfile?.type;
  if (!okType(podType)) {
    out.push({ path: [...pod.path, 'securityContext', 'appArmorProfile', 'type'], message: `the pod sets appArmorProfile.type ${podType}` });
  }
  for (const c of pod.containers) {
    const t = c.spec.securityContext?.appArmorProfile?.type;
    if (!okType(t)) out.push({ path: [...c.path, 'securityContext', 'appArmorProfile', 'type'], container: c.name, message: `${where(c)} sets appArmorProfile.type ${t}` });
  }
  for (const [key, value] of Object.entries(pod.metadata.annotations ?? {})) {
    if (!key.startsWith(ANNOTATION_PREFIX)) continue;
    const v = String(value);
    // Admission accepts an empty value too (it means "not set").
    if (v !== '' && v !== 'runtime/default' && !v.startsWith('localhost/')) {
      // The annotation key names the container, so a container-scoped suppression can accept it.
      out.push({ path: [...pod.metadataPath, 'annotations', key], container: key.slice(ANNOTATION_PREFIX.length), message: `annotation ${key} is "${v}"` });
    }
  }
  return out;
});
