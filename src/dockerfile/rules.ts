import { DockerfileRule } from './rule';
import { RuleInfo } from '../checks/finding';
import { baseImageEndOfLife } from '../checks/rules/dockerfile/base-image-eol';
import { baseImageLatest } from '../checks/rules/dockerfile/base-image-latest';
import { baseImageMutableTag } from '../checks/rules/dockerfile/base-image-mutable-tag';
import { baseImageTag } from '../checks/rules/dockerfile/base-image-tag';
import { buildToolingInFinalStage } from '../checks/rules/dockerfile/build-tooling';
import { credentialsInEnvOrArg } from '../checks/rules/dockerfile/credentials';
import { devDependenciesInFinalImage } from '../checks/rules/dockerfile/dev-dependencies';
import { finalStageRoot } from '../checks/rules/dockerfile/final-stage-root';
import { finalUserName } from '../checks/rules/dockerfile/final-user-name';
import { fullSizeBaseImage } from '../checks/rules/dockerfile/full-size-base-image';
import { remoteAdd } from '../checks/rules/dockerfile/remote-add';
import { dockerfileInvalidSuppression, dockerfileUnusedSuppression } from '../checks/rules/dockerfile/suppression-rules';

/**
 * Every rule that inspects Dockerfiles (`cdk8s-secure dockerfile`), in id order. Ids CS801-CS849 are
 * reserved for them. They are not in the manifest `RULES`: they read a parsed Dockerfile, not an object.
 */
export const DOCKERFILE_RULES: readonly DockerfileRule[] = [
  baseImageTag, baseImageLatest, fullSizeBaseImage, baseImageMutableTag, baseImageEndOfLife,
  finalStageRoot, buildToolingInFinalStage, finalUserName, devDependenciesInFinalImage,
  remoteAdd, credentialsInEnvOrArg,
];

/** Findings about `# cdk8s-secure:ignore` comments themselves. */
export const DOCKERFILE_META_RULES: readonly RuleInfo[] = [dockerfileUnusedSuppression, dockerfileInvalidSuppression];
