import { FieldPath, isRecord } from '../../_path';
import { podRule, RawFinding, where } from '../../_rule';
import { Severity } from '../../finding';

const ALLOWED_TYPES = new Set(['', 'container_t', 'container_init_t', 'container_kvm_t', 'container_engine_t']);

export const seLinux = podRule({
  id: 'CS108',
  title: 'Custom SELinux options',
  severity: Severity.ERROR,
  description: 'Fails when seLinuxOptions sets a type other than the container types, or sets user or role.',
  rationale: 'A custom SELinux type, user or role can lift the confinement SELinux gives every container.',
  fix: 'Remove seLinuxOptions, or use one of container_t, container_init_t, container_kvm_t, container_engine_t with no user or role.',
  references: ['PSS baseline: SELinux'],
}, (pod) => {
  const out: RawFinding[] = [];
  const check = (opts: unknown, path: FieldPath, who: string, container?: string) => {
    if (!isRecord(opts)) return;
    if (opts.type !== undefined && opts.type !== null && !ALLOWED_TYPES.has(opts.type)) {
      out.push({ path: [...path, 'type'], container, message: `${who} sets seLinuxOptions.type ${opts.type}` });
    }
    for (const f of ['user', 'role']) {
      if (opts[f] !== undefined && opts[f] !== null && opts[f] !== '') {
        out.push({ path: [...path, f], container, message: `${who} sets seLinuxOptions.${f}` });
      }
    }
  };
  check(pod.spec.securityContext?.seLinuxOptions, [...pod.path, 'securityContext', 'seLinuxOptions'], 'the pod');
  for (const c of pod.containers) {
    check(c.spec.securityContext?.seLinuxOptions, [...c.path, 'securityContext', 'seLinuxOptions'], where(c), c.name);
  }
  return out;
});
