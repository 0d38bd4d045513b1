import { imageStages, resolvedNote } from './_stages';
import { dockerfileRule } from '../../../dockerfile/rule';
import { Severity } from '../../finding';

/** "latest" as a part of a tag (`latest-debian12`, `22-latest`, `latest_3.19`): a version beside it does not pin it. */
const LATEST_PART = /(?:^|[-_.])latest(?:$|[-_.])/;

export const baseImageMutableTag = dockerfileRule({
  id: 'CS814',
  title: 'Base image uses a tag without a version',
  severity: Severity.WARNING,
  description: 'Warns when a FROM names an image by a tag with no version number in it and no digest: `nonroot`, `latest-dev`, `debug-nonroot`, `stable`, `alpine`, `bookworm-slim`; '
    + 'or by a tag with "latest" as one of its parts, even beside a number (`latest-debian12`, `22-latest`). '
    + 'The tag "latest" itself is CS812\'s; images of earlier stages and `scratch` are not checked.',
  rationale: 'A tag without a version is moved by every release of the image, like "latest": the build is not reproducible and a broken or compromised upstream push lands unreviewed.',
  fix: 'Pin a digest (`FROM gcr.io/distroless/static-debian12:nonroot@sha256:...`), or a tag with a version (`FROM node:22.11-bookworm-slim`), and let a bot update it.',
  references: ['Guide: base image selection', 'CIS Docker 4.2'],
}, df => imageStages(df)
  .filter(s => {
    const tag = s.base.ref!.tag;
    return tag !== undefined && tag !== 'latest' && !s.base.ref!.digest && (!/\d/.test(tag) || LATEST_PART.test(tag));
  })
  .map(s => {
    const tag = s.base.ref!.tag!;
    const why = /\d/.test(tag) ? 'contains "latest": it moves like latest' : 'names no version: it moves with every release';
    return { at: s.from, message: `base image "${s.base.written}"${resolvedNote(s)} uses the tag "${tag}", which ${why}` };
  }));
