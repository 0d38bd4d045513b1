import { copiesInstall, copySources, DevInstall, devInstalls } from './_dev-dependencies';
import { inAncestor, stageLabel } from './_stages';
import { DfStage, DockerfileModel, finalStage, lineage, lineageInstructions } from '../../../dockerfile/model';
import { DockerfileRawFinding, dockerfileRule } from '../../../dockerfile/rule';
import { Severity } from '../../finding';

/** The stage a `COPY --from=<name or index>` names, or undefined for an image. */
function fromStage(df: DockerfileModel, before: DfStage, from: string): DfStage | undefined {
  const earlier = df.stages.slice(0, before.index);
  return earlier.find(s => s.name !== undefined && s.name.toLowerCase() === from.toLowerCase())
    ?? (/^\d+$/.test(from) ? earlier.find(s => s.index === Number(from)) : undefined);
}

export const devDependenciesInFinalImage = dockerfileRule({
  id: 'CS824',
  title: 'Development dependencies in the final image',
  severity: Severity.WARNING,
  description: 'Warns when the final image gets development dependencies from a build stage: a `COPY --from=<stage>` of its node_modules (or of the directory it ran npm ci / npm install / yarn / pnpm install in) '
    + 'where that stage installed devDependencies and did not prune them (no --omit=dev, --production or --prod, NODE_ENV not production, no later npm prune --omit=dev), '
    + 'or of its site-packages, virtualenv or --target directory where it installed python development requirements (pip install -r requirements-dev.txt / test files, .[dev] / [test] extras, poetry install without --only main or --without dev, uv sync without --no-dev, pipenv install --dev). '
    + 'Python development requirements installed in the final stage itself are reported too (node devDependencies there are CS822\'s). A heuristic: it reads RUN and COPY, not scripts.',
  rationale: 'Test runners, linters, bundlers and their dependencies are code the application never runs: each is attack surface in production and a source of scanner findings to triage.',
  fix: 'Install production dependencies only in the stage the final image copies from (`npm ci --omit=dev`, `pip install -r requirements.txt`), or in a stage of their own, and copy the build output separately.',
  references: ['Guide: multi-stage builds', 'CIS Docker 4.3'],
}, df => {
  const final = finalStage(df);
  const out: DockerfileRawFinding[] = [];
  for (const install of devInstalls(lineageInstructions(df, final))) {
    if (install.ecosystem !== 'python') continue;
    out.push({ at: install.run, message: `RUN${inAncestor(df, df.stages[install.run.stage])} puts development dependencies in the final image: ${install.what}` });
  }
  // Each source stage is read once, however many COPY --from name it.
  const bySource = new Map<DfStage, DevInstall[]>();
  for (const stage of lineage(df, final)) {
    for (const copy of stage.instructions) {
      const from = copy.keyword === 'COPY' ? copy.flags.find(f => f.name === 'from')?.value : undefined;
      if (from === undefined) continue;
      const source = fromStage(df, stage, from);
      if (!source) continue;
      let installs = bySource.get(source);
      if (!installs) {
        installs = devInstalls(lineageInstructions(df, source));
        bySource.set(source, installs);
      }
      for (const path of copySources(copy)) {
        const hit = installs.find(i => copiesInstall(path, i));
        if (!hit) continue;
        out.push({
          at: copy,
          message: `COPY --from=${from} ${path}${inAncestor(df, stage)} copies development dependencies into the final image: in ${stageLabel(source)}, line ${hit.run.line}: ${hit.what}`,
        });
        break;
      }
    }
  }
  return out.sort((a, b) => a.at.line - b.at.line);
});
