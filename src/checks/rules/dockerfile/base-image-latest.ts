import { imageStages, resolvedNote } from './_stages';
import { dockerfileRule } from '../../../dockerfile/rule';
import { Severity } from '../../finding';

export const baseImageLatest = dockerfileRule({
  id: 'CS812',
  title: 'Base image uses the latest tag',
  severity: Severity.ERROR,
  description: 'Fails when a FROM names an image with the tag "latest" and no digest (ARG defaults substituted, e.g. `${VERSION:-latest}`).',
  rationale: '"latest" moves with every push: the build is not reproducible, a rollback rebuilds something else, and a compromised or broken upstream push lands in the next build unreviewed.',
  fix: 'Pin a version tag, better a digest as well (`FROM alpine:3.19@sha256:...`).',
  references: ['Guide: base image selection ("FROM ubuntu:latest" is not recommended)', 'Trivy: DS001', 'CIS Docker 4.2'],
}, df => imageStages(df)
  .filter(s => s.base.ref!.tag === 'latest' && !s.base.ref!.digest)
  .map(s => ({
    at: s.from,
    message: `base image "${s.base.written}"${resolvedNote(s)} uses the mutable tag "latest"`,
  })));
