import { pssMinor } from './_version';
import { FieldPath, isRecord } from '../../_path';
import { podRule, RawFinding, where } from '../../_rule';
import { Severity } from '../../finding';

/** SELinux types the baseline profile allows, by the release that first allows them. */
export const SELINUX_TYPES_SINCE: ReadonlyArray<readonly [string, number]> = [
  ['', 0], ['container_t', 0], ['container_init_t', 0], ['container_kvm_t', 0], ['container_engine_t', 31],
];

/** The SELinux types allowed at release 1.<minor>. */
export function seLinuxTypes(minor: number): Set<string> {
  return new Set(SELINUX_TYPES_SINCE.filter(([, since]) => minor >= since).map(([t]) => t));
}

export const seLinux = podRule({
  id: 'CS108',
  title: 'Custom SELinux options',
  severity: Severity.ERROR,
  description: 'Fails when seLinuxOptions sets a type other than the container types (container_engine_t from v1.31), or sets user or role.',
  rationale: 'A custom SELinux type, user or role can lift the confinement SELinux gives every container.',
  fix: 'Remove seLinuxOptions, or use one of container_t, container_init_t, container_kvm_t, container_engine_t with no user or role.',
  references: ['PSS baseline: SELinux'],
}, (pod, ctx) => {
  const allowed = seLinuxTypes(pssMinor(ctx));
  const out: RawFinding[] = [];
  const check = (opts: unknown, path: FieldPath, who: string, container?: string) => {
    if (!isRecord(opts)) return;
    if (opts.type !== undefined && opts.type !== null && !allowed.has(opts.type)) {
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
