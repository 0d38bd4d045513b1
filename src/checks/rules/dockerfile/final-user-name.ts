import { inAncestor } from './_stages';
import { DfInstruction, finalStage, lineage } from '../../../dockerfile/model';
import { dockerfileRule } from '../../../dockerfile/rule';
import { Severity } from '../../finding';

export const finalUserName = dockerfileRule({
  id: 'CS823',
  title: 'Final USER is a name, not a numeric uid',
  severity: Severity.WARNING,
  description: 'Warns when the last USER of the final stage (with the stages it is built on) names a user (`USER app`, `USER app:app`) instead of giving a numeric uid. '
    + 'Root users are CS821\'s; a USER whose variable has no default is not judged.',
  rationale: 'The kubelet can verify runAsNonRoot only from a numeric uid: with `USER app` and no runAsUser in the pod it refuses to start the container '
    + '("image has non-numeric user (app), cannot verify user is non-root"), so teams drop runAsNonRoot instead.',
  fix: 'End the final stage with the numeric uid (and gid) of the user, e.g. `USER 10001:10001` (create the user with that uid), or distroless\' `USER 65532`.',
  references: ['Guide: least-privilege user (USER appuser)', 'PSS restricted: Running as Non-root'],
}, df => {
  const final = finalStage(df);
  let lastUser: DfInstruction | undefined;
  for (const s of lineage(df, final)) {
    for (const i of s.instructions) if (i.keyword === 'USER') lastUser = i;
  }
  if (!lastUser || lastUser.unresolved.length > 0) return [];
  const user = lastUser.expanded.trim();
  const name = user.split(':')[0].trim();
  const lower = name.toLowerCase();
  if (name === '' || /^\d+$/.test(name) || lower === 'root' || lower === 'containeradministrator') return [];
  return [{
    at: lastUser,
    message: `USER ${user}${inAncestor(df, df.stages[lastUser.stage])} names the user: the kubelet cannot verify runAsNonRoot from a name`,
  }];
});
