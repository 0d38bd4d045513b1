import { stageLabel } from './_stages';
import { ImageRef } from '../../../_image';
import { finalStage, rootOf } from '../../../dockerfile/model';
import { dockerfileRule } from '../../../dockerfile/rule';
import { Severity } from '../../finding';

/**
 * Official images (Docker Hub `library/`) that have smaller variants, with the tag pattern of those
 * variants and what to suggest. A tag matching the pattern is a small variant.
 */
const FULL_SIZE: Record<string, { small: RegExp; suggest: string }> = {
  'ubuntu': { small: /$^/, suggest: 'a distroless image (gcr.io/distroless/base-debian12 or static-debian12) or alpine' },
  'debian': { small: /(^|-)slim($|-)/, suggest: 'debian:<release>-slim or a distroless image (gcr.io/distroless/base-debian12)' },
  'node': { small: /(^|-)(slim|alpine)/, suggest: 'node:<version>-slim, node:<version>-alpine or gcr.io/distroless/nodejs22-debian12' },
  'python': { small: /(^|-)(slim|alpine)/, suggest: 'python:<version>-slim, python:<version>-alpine or gcr.io/distroless/python3-debian12' },
  'golang': { small: /(^|-)alpine/, suggest: 'a build stage on golang and a final stage on gcr.io/distroless/static-debian12 (or scratch) with only the binary' },
  'rust': { small: /(^|-)(slim|alpine)/, suggest: 'a build stage on rust and a final stage on gcr.io/distroless/cc-debian12 with only the binary' },
  'ruby': { small: /(^|-)(slim|alpine)/, suggest: 'ruby:<version>-slim or ruby:<version>-alpine' },
  'perl': { small: /(^|-)slim/, suggest: 'perl:<version>-slim' },
  'php': { small: /(^|-)alpine/, suggest: 'php:<version>-alpine' },
  'openjdk': { small: /(^|-)(slim|alpine|jre)/, suggest: 'eclipse-temurin:<version>-jre(-alpine) or gcr.io/distroless/java21-debian12' },
  'eclipse-temurin': { small: /(^|-)(jre|alpine)/, suggest: 'eclipse-temurin:<version>-jre(-alpine) or gcr.io/distroless/java21-debian12' },
  'buildpack-deps': { small: /$^/, suggest: 'a build stage on buildpack-deps and a small final stage (a -slim image or distroless)' },
};

/** The official image name when `ref` is a Docker Hub `library/` image (or a mirror of one). */
function officialName(ref: ImageRef): string | undefined {
  const m = /^library\/([a-z0-9._-]+)$/.exec(ref.repository);
  return m ? m[1] : undefined;
}

export const fullSizeBaseImage = dockerfileRule({
  id: 'CS813',
  title: 'Final image is built on a full-size base image',
  severity: Severity.INFO,
  description: 'Reports when the final stage (or the stage it is built on) starts from a full-size official image that has a slim, alpine or distroless alternative: ubuntu, debian, node, python, golang, rust, ruby, perl, php, openjdk, eclipse-temurin, buildpack-deps without a -slim / -alpine / -jre tag. Build stages are not checked: they do not ship.',
  rationale: 'A full-size image ships a shell, a package manager, compilers and hundreds of packages the application never uses: each is attack surface and a source of scanner findings to triage.',
  fix: 'Build in a full image if needed, and copy only the result into a slim, alpine or distroless final stage (`COPY --from=build`).',
  references: ['Guide: base image selection (alpine, distroless)', 'CIS Docker 4.3'],
}, df => {
  const final = finalStage(df);
  const root = rootOf(df, final);
  const ref = root.base.ref;
  if (!ref) return [];
  const name = officialName(ref);
  const entry = name !== undefined && Object.prototype.hasOwnProperty.call(FULL_SIZE, name) ? FULL_SIZE[name] : undefined;
  if (!entry || entry.small.test(ref.tag ?? 'latest')) return [];
  const via = root === final ? '' : ` (through ${stageLabel(root)})`;
  return [{
    at: root.from,
    message: `the final image is built on the full-size image "${root.base.resolved}"${via}; consider ${entry.suggest}`,
  }];
});
