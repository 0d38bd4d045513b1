/**
 * CS815: a final image built on a release past its end of life, compared with the day of the check (given
 * here, so the tests do not depend on the day they run).
 */
import { df, DIGEST, dockerfileCli, findingsOf } from './_helpers';
import { DockerfileChecker } from '../../src';
import { parseImage } from '../../src/_image';
import { EOL_REVIEWED, releasesOf } from '../../src/checks/rules/dockerfile/_eol';

const REVIEWED = EOL_REVIEWED;
const eol = (text: string, today = REVIEWED) => findingsOf(text, 'CS815', today);
const names = (image: string) => releasesOf(parseImage(image) as any).map(r => `${r.name} ${r.eol}`);

describe('CS815 base image past end of life', () => {
  test.each<[string, string]>([
    ['alpine:3.19', 'Alpine Linux 3.19 reached its end of life on 2025-11-01'],
    ['alpine:3.20.3', 'Alpine Linux 3.20 reached its end of life on 2026-04-01'],
    ['debian:bullseye-slim', 'Debian 11 reached its end of life on 2026-08-31'],
    ['debian:10', 'Debian 10 reached its end of life on 2024-06-30'],
    ['ubuntu:20.04', 'Ubuntu 20.04 reached its end of life on 2025-05-31'],
    ['ubuntu:focal-20240530', 'Ubuntu 20.04 reached its end of life on 2025-05-31'],
    ['node:18-alpine', 'Node.js 18 reached its end of life on 2025-04-30'],
    ['node:20.11.1-bookworm-slim', 'Node.js 20 reached its end of life on 2026-04-30'],
    ['python:3.9-slim', 'Python 3.9 reached its end of life on 2025-10-31'],
    ['python:3.8.10-alpine3.14', 'Python 3.8 reached its end of life on 2024-10-07'],
    ['gcr.io/distroless/static-debian11', 'Debian 11 reached its end of life on 2026-08-31'],
    [`docker.io/library/ubuntu:18.04@${DIGEST}`, 'Ubuntu 18.04 reached its end of life on 2023-05-31'],
  ])('reported on %s (checked on the review date)', (image, says) => {
    const f = eol(df(`FROM ${image}`, 'USER 10001'));
    expect(f.length).toBeGreaterThanOrEqual(1);
    expect(f[0]).toMatchObject({ severity: 'warning', path: 'stage[0].FROM', source: { line: 1 } });
    expect(f[0].message).toBe(`the final image is built on "${image}": ${says} and gets no more security fixes`);
  });

  test('a runtime and the distribution its tag names are each judged: node 22 is supported, bullseye is not', () => {
    expect(names('node:22-bullseye-slim')).toEqual(['Node.js 22 2027-04-30', 'Debian 11 2026-08-31']);
    expect(eol(df('FROM node:22-bullseye-slim', 'USER 10001')).map(f => f.message)).toEqual([
      'the final image is built on "node:22-bullseye-slim": Debian 11 reached its end of life on 2026-08-31 and gets no more security fixes',
    ]);
    expect(eol(df('FROM python:3.8-alpine3.17', 'USER 10001'))).toHaveLength(2);
  });

  test.each([
    'alpine:3.23', 'debian:12-slim', 'debian:bookworm', 'ubuntu:24.04', 'ubuntu:noble', 'node:22-alpine3.22', 'node:24',
    'python:3.13-slim-bookworm', 'gcr.io/distroless/static-debian12:nonroot', 'golang:1.15',
  ])('not reported on %s (supported on the review date, or not in the table)', (image) => {
    expect(eol(df(`FROM ${image}`, 'USER 10001'))).toEqual([]);
  });

  test.each(['node:lts-alpine', 'python:3', 'debian:stable-slim', 'alpine:edge', 'ubuntu:latest', 'alpine:3.99', 'node:99', 'registry.example.com/team/node:18'])(
    'a tag without a release the table knows is not reported: %s', (image) => {
      expect(names(image)).toEqual([]);
    });

  test('the day of the check decides: the day before the end of life is clean, the day itself is not', () => {
    const text = df('FROM node:22-slim', 'USER 10001');
    expect(eol(text, '2027-04-29')).toEqual([]);
    expect(eol(text, '2027-04-30')).toHaveLength(1);
    expect(DockerfileChecker.check(text, { today: '2027-05-01' }).filter(f => f.ruleId === 'CS815')).toHaveLength(1);
  });

  test('only the final image counts: an EOL build stage is not reported, an EOL stage the final one is built on is', () => {
    expect(eol(df('FROM node:18 AS build', 'RUN npm ci', 'FROM gcr.io/distroless/nodejs22-debian12', 'COPY --from=build /app /app'))).toEqual([]);
    const f = eol(df('FROM alpine:3.18 AS base', 'RUN apk add --no-cache ca-certificates', 'FROM base', 'USER 10001'));
    expect(f.map(x => [x.source.line, x.message])).toEqual([[1, 'the final image is built on "alpine:3.18" (through stage "base"): Alpine Linux 3.18 reached its end of life on 2025-05-09 and gets no more security fixes']]);
  });

  test('a suppression comment with a reason suppresses it', () => {
    const f = eol(df('# cdk8s-secure:ignore CS815 extended support contract until the migration in Q1', 'FROM ubuntu:20.04', 'USER 10001'));
    expect(f.map(x => x.suppressed?.reason)).toEqual(['extended support contract until the migration in Q1']);
  });

  test('CLI: --date sets the day; a day that is not YYYY-MM-DD is a usage error', async () => {
    const early = await dockerfileCli(['--format', 'json', '-'], 'FROM node:22-alpine3.22\nUSER 10001\n', '2027-01-01');
    expect(JSON.parse(early.stdout).findings).toEqual([]);
    const late = await dockerfileCli(['--format', 'json', '-'], 'FROM node:22-alpine3.22\nUSER 10001\n', '2027-06-01');
    expect(JSON.parse(late.stdout).findings.map((f: { ruleId: string }) => f.ruleId)).toEqual(['CS815', 'CS815']);
    expect(late.code).toBe(0);
    const bad = await dockerfileCli(['-'], 'FROM alpine:3.19\n', '01/06/2027');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^cdk8s-secure: --date must be a day as YYYY-MM-DD \(got "01\/06\/2027"\)/);
  });

  test('DockerfileChecker refuses a today that is not a date', () => {
    expect(() => DockerfileChecker.check('FROM alpine:3.19\n', { today: 'tomorrow' })).toThrow('DockerfileChecker: today must be a date as YYYY-MM-DD (got "tomorrow")');
  });
});
