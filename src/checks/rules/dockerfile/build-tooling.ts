import { buildTooling } from './_build-tools';
import { inAncestor } from './_stages';
import { finalStage, lineageInstructions } from '../../../dockerfile/model';
import { dockerfileRule } from '../../../dockerfile/rule';
import { Severity } from '../../finding';

export const buildToolingInFinalStage = dockerfileRule({
  id: 'CS822',
  title: 'Build tooling left in the final image',
  severity: Severity.WARNING,
  description: 'Warns when a RUN of the final stage (or of a stage it is built on) installs build packages (compilers, make, build-essential / build-base, git, autotools, JDKs, `*-dev` headers) with apt-get, apk, yum / dnf or zypper and never removes them, compiles (make, gcc, go build, cargo build, mvn package, gradle build, dotnet publish, npm run build), or installs devDependencies (npm ci / npm install without --omit=dev, yarn install without --production, pnpm install without --prod, unless NODE_ENV=production or a later npm prune --omit=dev). A heuristic: it reads the RUN commands, not scripts they call nor the base image.',
  rationale: 'Compilers, git and package managers in a running image let an attacker who gets a shell build and fetch tools; they also add packages with vulnerabilities to triage. A multi-stage build drops them: only what is copied into the final stage ships.',
  fix: 'Move the build into an earlier stage (`FROM node:22 AS build` ... `RUN npm ci && npm run build`) and copy only the result into a small final stage (`COPY --from=build /app/dist ./dist`); install production dependencies only (`npm ci --omit=dev`).',
  references: ['Guide: multi-stage builds', 'CIS Docker 4.3'],
}, df => {
  const final = finalStage(df);
  return buildTooling(lineageInstructions(df, final)).map(use => {
    const parts = [
      ...(use.packages.length > 0 ? [`installs build packages ${use.packages.join(', ')}`] : []),
      ...(use.compiles.length > 0 ? [`compiles (${use.compiles.join(', ')})`] : []),
      ...use.devDependencies,
    ];
    return {
      at: use.run,
      message: `RUN${inAncestor(df, df.stages[use.run.stage])} leaves build tooling in the final image: ${parts.join('; ')}`,
    };
  });
});
