import { EOL_REVIEWED, releasesOf } from './_eol';
import { stageLabel } from './_stages';
import { finalStage, rootOf } from '../../../dockerfile/model';
import { dockerfileRule } from '../../../dockerfile/rule';
import { Severity } from '../../finding';

export const baseImageEndOfLife = dockerfileRule({
  id: 'CS815',
  title: 'Final image is built on a release past its end of life',
  severity: Severity.WARNING,
  description: 'Warns when the final stage (or the stage it is built on) starts from a release whose security support has ended on the day of the check: '
    + 'alpine, debian (end of Debian LTS), ubuntu (end of standard support), a distroless -debian<N> image, node and python (the runtime, and the alpine or debian release their tag names). '
    + `Dates come from a table in the rule (reviewed ${EOL_REVIEWED}); a release the table does not know, and a tag without a version, are not reported. Build stages are not checked: they do not ship.`,
  rationale: 'A release past its end of life gets no more security fixes: every vulnerability found from then on stays in the image, and scanners report them with no fixed version to move to.',
  fix: 'Move the final stage to a supported release (e.g. `FROM node:22-alpine3.22`, `FROM python:3.13-slim-bookworm`, `FROM gcr.io/distroless/static-debian12`) and pin it by digest.',
  references: ['Guide: base image selection', 'CIS Docker 4.3', 'endoflife.date'],
}, (df, ctx) => {
  const root = rootOf(df, finalStage(df));
  const ref = root.base.ref;
  if (!ref) return [];
  const via = root === finalStage(df) ? '' : ` (through ${stageLabel(root)})`;
  return releasesOf(ref)
    .filter(r => r.eol <= ctx.today)
    .map(r => ({
      at: root.from,
      message: `the final image is built on "${root.base.resolved ?? root.base.written}"${via}: ${r.name} reached its end of life on ${r.eol} and gets no more security fixes`,
    }));
});
