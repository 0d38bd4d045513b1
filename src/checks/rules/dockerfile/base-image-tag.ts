import { imageStages, resolvedNote } from './_stages';
import { dockerfileRule } from '../../../dockerfile/rule';
import { Severity } from '../../finding';

export const baseImageTag = dockerfileRule({
  id: 'CS811',
  title: 'Base image has no tag',
  severity: Severity.ERROR,
  description: 'Fails when a FROM names an image with neither a tag nor a digest (ARG defaults substituted). A FROM that names an earlier stage, `scratch`, and an image whose variable has no default are not checked.',
  rationale: 'Without a tag, Docker pulls "latest", which moves with every push: two builds of one commit can produce different images, and a rebuild can pull in anything the publisher pushed since.',
  fix: 'Pin a version tag (`FROM node:22.11-slim`), better a digest as well (`FROM node:22.11-slim@sha256:...`), and let a bot such as Renovate or Dependabot update it.',
  references: ['Guide: base image selection', 'Trivy: DS001', 'CIS Docker 4.2'],
}, df => imageStages(df)
  .filter(s => !s.base.ref!.tag && !s.base.ref!.digest)
  .map(s => ({
    at: s.from,
    message: `base image "${s.base.written}"${resolvedNote(s)} has no tag or digest, so the build pulls "latest"`,
  })));
