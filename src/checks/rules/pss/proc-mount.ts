import { pssMinor, userNamespacePod } from './_version';
import { PodView } from '../../_pod';
import { podRule, RawFinding, where } from '../../_rule';
import { Severity } from '../../finding';

/** The containers that set a procMount other than Default. */
function unmasked(pod: PodView): RawFinding[] {
  return pod.containers.flatMap(c => {
    const v = c.spec.securityContext?.procMount;
    return v !== undefined && v !== null && v !== 'Default'
      ? [{ path: [...c.path, 'securityContext', 'procMount'], container: c.name, message: `${where(c)} sets procMount ${v}` }]
      : [];
  });
}

export const procMount = podRule({
  id: 'CS109',
  title: 'Unmasked /proc',
  severity: Severity.ERROR,
  description: 'Fails when a container sets securityContext.procMount to anything other than Default. '
    + 'From v1.35 the baseline profile allows any procMount in a pod with hostUsers: false (its own user namespace); CS127 keeps restricted strict.',
  rationale: 'An Unmasked /proc exposes kernel interfaces the runtime normally hides from containers.',
  fix: 'Remove procMount (or set it to Default).',
  references: ['PSS baseline: /proc Mount Type', 'Trivy: KSV-0027'],
}, (pod, ctx) => userNamespacePod(pod.spec, pssMinor(ctx)) ? [] : unmasked(pod));

export const procMountRestricted = podRule({
  id: 'CS127',
  title: 'Unmasked /proc in a user-namespace pod',
  severity: Severity.ERROR,
  description: 'Fails when a container of a pod with hostUsers: false sets procMount to anything other than Default (v1.35+). '
    + 'The baseline profile allows it there (see CS109); the restricted profile does not.',
  rationale: 'A user namespace limits what root in the container can do on the node, but an Unmasked /proc still exposes kernel interfaces the runtime hides.',
  fix: 'Remove procMount (or set it to Default), or run the pod in a namespace that enforces baseline only.',
  references: ['PSS baseline: /proc Mount Type', 'kube-linter: unsafe-proc-mount'],
}, (pod, ctx) => userNamespacePod(pod.spec, pssMinor(ctx)) ? unmasked(pod) : []);
