import { ImageRef } from '../_image';
import { ObjectRef } from '../checks/finding';

/**
 * The Dockerfile model the rules read: stages, instructions with 1-based line numbers, variables already
 * substituted where the Dockerfile gives them a default. Built by `parseDockerfile` (./parse.ts); rules
 * never see the parser's own types, so the parser can be swapped without touching a rule.
 */

/** `NAME=value` of an ENV, ARG or LABEL instruction. */
export interface DfProperty {
  readonly name: string;
  /** The value with quotes and escapes removed; undefined when none is given (`ARG NAME`). */
  readonly value?: string;
  /** 1-based line and column of the name. */
  readonly line: number;
  readonly column: number;
}

/** A `--name=value` flag of an instruction (`COPY --from=build`, `ADD --checksum=...`). */
export interface DfFlag {
  /** Lower-case name without the dashes. */
  readonly name: string;
  readonly value?: string;
}

/** One instruction. */
export interface DfInstruction {
  /** Upper-case keyword (`run` is reported as `RUN`). */
  readonly keyword: string;
  /** 1-based first line, last line (continuations and heredoc bodies included) and column. */
  readonly line: number;
  readonly endLine: number;
  readonly column: number;
  /** The argument words as written, flags left out. */
  readonly args: string[];
  /** The arguments as one text: continuations joined, heredoc bodies included; '' when there are none. */
  readonly text: string;
  /** `text` with the variables in scope replaced by their defaults (unknown ones are kept as written). */
  readonly expanded: string;
  /** Variables in `text` that have no value in the Dockerfile (given with --build-arg, or predefined). */
  readonly unresolved: string[];
  readonly flags: DfFlag[];
  /** ENV, ARG and LABEL: the name/value pairs. */
  readonly properties: DfProperty[];
  /** Index of the stage, or -1 for an ARG before the first FROM. */
  readonly stage: number;
  /**
   * Where the finding is, as `stage[<stage index>].<KEYWORD>[<n-th of that keyword in the stage>]`
   * (`stage[1].USER[0]`), `stage[1].FROM`, or `global.ARG[<n>]` before the first FROM.
   */
  readonly path: string;
}

/** What a stage is built on. */
export interface DfBaseImage {
  /** The image argument of FROM, as written (`node:${NODE_VERSION}-slim`). */
  readonly written: string;
  /**
   * The image with the global ARG defaults substituted, as it is built without --build-arg; undefined
   * when a variable in it has no default.
   */
  readonly resolved?: string;
  /** Variables without a default in the image argument. */
  readonly unresolved: string[];
  /** Index of the earlier stage that FROM names (`FROM build AS final`); then it is not an image. */
  readonly stage?: number;
  /** True for `FROM scratch` (the empty image). */
  readonly scratch: boolean;
  /** The parsed image reference, when FROM names an image (not a stage, not scratch) and it resolved. */
  readonly ref?: ImageRef;
}

/** One build stage: a FROM and the instructions up to the next FROM. */
export interface DfStage {
  /** 0-based position among the stages. */
  readonly index: number;
  /** The `AS` name as written, if any. */
  readonly name?: string;
  /** `stage[<index>]`: the path of findings about the stage as a whole. */
  readonly path: string;
  readonly from: DfInstruction;
  readonly base: DfBaseImage;
  /** The instructions after FROM, in order. */
  readonly instructions: DfInstruction[];
  /** How findings name the stage: `{ apiVersion: 'dockerfile', kind: 'Stage', name: <AS name, or the index> }`. */
  readonly object: ObjectRef;
}

/** A comment line (the parser's, so heredoc bodies are never comments). */
export interface DfComment {
  /** 1-based line. */
  readonly line: number;
  /** The whole line as written. */
  readonly text: string;
}

/** A parsed Dockerfile. */
export interface DockerfileModel {
  /** ARG instructions before the first FROM (usable in FROM lines only). */
  readonly globalArgs: DfInstruction[];
  /** At least one. The last one is the image `docker build` produces without `--target`. */
  readonly stages: DfStage[];
  /** Every instruction in file order, global ARGs included. */
  readonly instructions: DfInstruction[];
  readonly comments: DfComment[];
}

/** The object findings about global ARGs (before the first FROM) name. */
export const GLOBAL_OBJECT: ObjectRef = { apiVersion: 'dockerfile', kind: 'Dockerfile', name: 'global' };

/** The stage `docker build` produces: the last one. */
export function finalStage(df: DockerfileModel): DfStage {
  return df.stages[df.stages.length - 1];
}

/**
 * The stage and the earlier stages it is built on (`FROM build AS final` builds on `build`), from the
 * one built on an image to `stage` itself. Everything they leave in the file system and config is in
 * `stage`'s image.
 */
export function lineage(df: DockerfileModel, stage: DfStage): DfStage[] {
  const out: DfStage[] = [stage];
  let cur = stage;
  while (cur.base.stage !== undefined && cur.base.stage < cur.index) {
    cur = df.stages[cur.base.stage];
    out.unshift(cur);
  }
  return out;
}

/** The stage's image-based ancestor: the first of its lineage. */
export function rootOf(df: DockerfileModel, stage: DfStage): DfStage {
  return lineage(df, stage)[0];
}

/** The instructions of the stage's lineage, in build order. */
export function lineageInstructions(df: DockerfileModel, stage: DfStage): DfInstruction[] {
  return lineage(df, stage).flatMap(s => s.instructions);
}
