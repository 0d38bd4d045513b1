import { inAncestor, stageLabel } from './_stages';
import { DfInstruction, finalStage, lineage, rootOf } from '../../../dockerfile/model';
import { dockerfileRule } from '../../../dockerfile/rule';
import { Severity } from '../../finding';

/** User names and ids that mean the administrator: root / uid 0, and Windows' ContainerAdministrator. */
function isRoot(user: string): boolean {
  const name = user.split(':')[0].trim().toLowerCase();
  return name === 'root' || /^0+$/.test(name) || name === 'containeradministrator';
}

/** Distroless images tagged `nonroot` (or `<variant>-nonroot`) set USER 65532 themselves. */
const NONROOT_TAG = /(^|-)nonroot$/;

export const finalStageRoot = dockerfileRule({
  id: 'CS821',
  title: 'Final image runs as root',
  severity: Severity.ERROR,
  description: 'Fails when the final stage (with the stages it is built on) sets no USER, or its last USER is root (`root`, `0`, `0:0`, `root:<group>`; `ContainerAdministrator` on Windows). Build stages may run as root. Without USER, distroless `:nonroot` base images pass (they set uid 65532); any other base image is assumed to default to root. A USER whose variable has no default is not judged.',
  rationale: 'A process running as root in the container is root on the host\'s kernel: one container escape or writable host mount away from the node. Kubernetes can refuse such images (runAsNonRoot) only if the image has a non-root USER or the pod sets runAsUser.',
  fix: 'Create an unprivileged user and end the final stage with `USER <uid>` (a numeric uid, e.g. 10001 or distroless\' 65532, lets the kubelet verify runAsNonRoot), or build on a `:nonroot` distroless image.',
  references: ['Guide: least-privilege user (USER appuser)', 'CIS Docker 4.1', 'Trivy: DS002', 'PSS restricted: Running as Non-root'],
}, df => {
  const final = finalStage(df);
  let lastUser: DfInstruction | undefined;
  for (const s of lineage(df, final)) {
    for (const i of s.instructions) if (i.keyword === 'USER') lastUser = i;
  }
  if (!lastUser) {
    const root = rootOf(df, final);
    if (root.base.ref?.tag && NONROOT_TAG.test(root.base.ref.tag)) return [];
    const user = root.base.scratch ? 'of scratch: root (uid 0)'
      : `of ${root.base.resolved !== undefined ? `"${root.base.resolved}"` : 'its base image'}: root, unless that image sets a USER`;
    const via = root === final ? '' : ` (nor does ${stageLabel(root)}, which it is built on)`;
    return [{
      at: final.from,
      path: final.path,
      message: `the final stage sets no USER${via}, so the container runs as the default user ${user}`,
    }];
  }
  if (lastUser.unresolved.length > 0) return [];
  const user = lastUser.expanded.trim();
  if (!isRoot(user)) return [];
  const stage = df.stages[lastUser.stage];
  return [{
    at: lastUser,
    message: `USER ${user}${inAncestor(df, stage)} makes the final image run as root`,
  }];
});
