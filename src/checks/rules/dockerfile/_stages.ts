import { DfStage, DockerfileModel, finalStage } from '../../../dockerfile/model';

/** `stage "build"` or `stage 0`, for messages. */
export function stageLabel(stage: DfStage): string {
  return stage.name !== undefined ? `stage "${stage.name}"` : `stage ${stage.index}`;
}

/** ` (resolves to "node:latest")` when ARG defaults changed the image, for messages. */
export function resolvedNote(stage: DfStage): string {
  return stage.base.resolved !== undefined && stage.base.resolved !== stage.base.written
    ? ` (resolves to "${stage.base.resolved}" without --build-arg)` : '';
}

/** The stages whose FROM names an image (not an earlier stage, not scratch, not an unresolved variable). */
export function imageStages(df: DockerfileModel): DfStage[] {
  return df.stages.filter(s => s.base.ref !== undefined);
}

/** '' in the final stage; ` (in stage "build", which the final stage is built on)` in a stage it is built on. */
export function inAncestor(df: DockerfileModel, stage: DfStage): string {
  return stage === finalStage(df) ? '' : ` (in ${stageLabel(stage)}, which the final stage is built on)`;
}
