import { df, findingsOf } from './_helpers';

const DIGEST = `sha256:${'0123456789abcdef'.repeat(4)}`;

describe('CS814 base image tag without a version', () => {
  test.each(['gcr.io/distroless/static-debian12:nonroot', 'gcr.io/distroless/base:latest-dev', 'gcr.io/distroless/java:debug-nonroot', 'node:lts-alpine', 'debian:bookworm-slim', 'nginx:stable', 'python:alpine'])('reported: FROM %s', (image) => {
    const f = findingsOf(df(`FROM ${image}`, 'USER 10001'), 'CS814');
    expect(f).toHaveLength(1);
    expect(f[0].message).toBe(`base image "${image}" uses the tag "${image.split(':')[1]}", which names no version: it moves with every release`);
    expect(f[0].severity).toBe('warning');
  });

  test.each(['bitnami/postgresql:latest-debian-12', 'example.com/team/api:22-latest', 'node:latest_22', 'chainguard/go:latest-1.23-dev'])('reported: FROM %s ("latest" beside a version)', (image) => {
    const f = findingsOf(df(`FROM ${image}`, 'USER 10001'), 'CS814');
    expect(f).toHaveLength(1);
    expect(f[0].message).toBe(`base image "${image}" uses the tag "${image.split(':')[1]}", which contains "latest": it moves like latest`);
  });

  test.each(['example.com/team/app:1.2.3-latestfix', 'example.com/team/app:2024.latest3', 'example.com/team/app:v2-greatest'])('not reported: FROM %s ("latest" only inside a word)', (image) => {
    expect(findingsOf(df(`FROM ${image}`, 'USER 10001'), 'CS814')).toEqual([]);
  });

  test.each(['node:22.11-bookworm-slim', 'alpine:3.19', 'gcr.io/distroless/static-debian12:nonroot@' + DIGEST, 'debian:12-slim', 'ubuntu:latest', 'alpine'])('not reported: FROM %s', (image) => {
    expect(findingsOf(df(`FROM ${image}`, 'USER 10001'), 'CS814')).toEqual([]);
  });

  test('a FROM that names an earlier stage is not checked', () => {
    expect(findingsOf(df('FROM alpine:3.19 AS base', 'FROM base', 'USER 10001'), 'CS814')).toEqual([]);
  });

  test('a suppression comment with a reason suppresses it', () => {
    const f = findingsOf(df('# cdk8s-secure:ignore CS814 digest pinned by the build system at release', 'FROM nginx:stable', 'USER 10001'), 'CS814');
    expect(f.map(x => x.suppressed?.reason)).toEqual(['digest pinned by the build system at release']);
  });
});
