import { active, check, df, DIGEST, findingsOf, model, readFixture } from './_helpers';
import { buildTooling, isBuildPackage } from '../../src/checks/rules/dockerfile/_build-tools';
import { lineageInstructions } from '../../src/dockerfile/model';

/** Findings of one rule as `line: message`. */
function report(text: string, ruleId: string): string[] {
  return findingsOf(text, ruleId).map(f => `${f.source.line}: ${f.message}`);
}

describe('CS811 base image has no tag', () => {
  test('reported: FROM without tag or digest, also through an ARG default', () => {
    expect(report(df('FROM node', 'USER 10001'), 'CS811')).toEqual(['1: base image "node" has no tag or digest, so the build pulls "latest"']);
    expect(report(df('ARG IMAGE=python', 'FROM ${IMAGE}', 'USER 10001'), 'CS811')).toEqual([
      '2: base image "${IMAGE}" (resolves to "python" without --build-arg) has no tag or digest, so the build pulls "latest"',
    ]);
  });

  test('every stage is checked, build stages too', () => {
    const f = findingsOf(df('FROM golang AS build', 'FROM alpine:3.19', 'USER 10001'), 'CS811');
    expect(f.map(x => [x.object.name, x.path, x.source.line])).toEqual([['build', 'stage[0].FROM', 1]]);
  });

  test.each([
    ['a version tag', 'FROM node:22.11-slim'],
    ['a digest', `FROM node@${DIGEST}`],
    ['a registry with a port and a tag', 'FROM registry.example.com:5000/team/app:1.4.2'],
    ['scratch', 'FROM scratch'],
    ['--platform and a tag', 'FROM --platform=$BUILDPLATFORM golang:1.22'],
    ['a variable without default (given with --build-arg)', 'ARG VERSION\nFROM node:${VERSION}'],
  ])('passes: %s', (_what, from) => {
    expect(findingsOf(df(from, 'USER 10001'), 'CS811')).toEqual([]);
  });

  test('passes: a FROM that names an earlier stage is not a base image', () => {
    expect(findingsOf(df('FROM node:22-slim AS deps', 'FROM deps', 'FROM DEPS AS again', 'USER 10001'), 'CS811')).toEqual([]);
  });

  test('suppressed by a comment above the FROM', () => {
    const f = findingsOf(df('# cdk8s-secure:ignore CS811 mirrored and scanned by the platform team', 'FROM internal/base', 'USER 10001'), 'CS811');
    expect(f.map(x => x.suppressed)).toEqual([{ reason: 'mirrored and scanned by the platform team' }]);
  });
});

describe('CS812 base image uses latest', () => {
  test('reported: the latest tag, also as an ARG default and as ${VAR:-latest}', () => {
    expect(report(df('FROM node:latest', 'USER 10001'), 'CS812')).toEqual(['1: base image "node:latest" uses the mutable tag "latest"']);
    expect(report(df('ARG GO_VERSION', 'FROM golang:${GO_VERSION:-latest} AS build', 'FROM scratch', 'USER 10001'), 'CS812')).toEqual([
      '2: base image "golang:${GO_VERSION:-latest}" (resolves to "golang:latest" without --build-arg) uses the mutable tag "latest"',
    ]);
  });

  test('passes: latest pinned by a digest, a version tag, a tag that only contains "latest"', () => {
    expect(findingsOf(df(`FROM node:latest@${DIGEST}`, 'FROM node:22', 'FROM node:latest-slim', 'USER 10001'), 'CS812')).toEqual([]);
  });

  test('suppressed by a comment above the FROM', () => {
    const f = findingsOf(readFixture('suppressed.Dockerfile'), 'CS812');
    expect(f.map(x => [x.source.line, x.suppressed?.reason])).toEqual([[2, 'the base image is rebuilt nightly from our own pinned mirror']]);
  });
});

describe('CS813 full-size base image (info)', () => {
  test.each([
    ['node:20', 'node:<version>-slim'],
    ['python:3.12', 'python:<version>-slim'],
    ['golang:1.22', 'gcr.io/distroless/static-debian12'],
    ['ubuntu:24.04', 'distroless'],
    ['debian:bookworm', 'debian:<release>-slim'],
    ['eclipse-temurin:21', '-jre'],
    ['docker.io/library/node:20', 'node:<version>-alpine'],
  ])('reported: final stage on %s', (image, suggestion) => {
    const f = findingsOf(df(`FROM ${image}`, 'USER 10001'), 'CS813');
    expect(f).toHaveLength(1);
    expect(f[0].severity).toBe('info');
    expect(f[0].message).toContain(`the final image is built on the full-size image "${image}"`);
    expect(f[0].message).toContain(suggestion);
  });

  test('reported through the stage the final stage is built on, at that stage\'s FROM', () => {
    const f = findingsOf(df('FROM node:20 AS base', 'FROM base AS final', 'USER 10001'), 'CS813');
    expect(f.map(x => [x.object.name, x.path, x.source.line])).toEqual([['base', 'stage[0].FROM', 1]]);
    expect(f[0].message).toContain('(through stage "base")');
  });

  test.each([
    'node:20-slim', 'node:20-alpine3.19', 'python:3.12-slim-bookworm', 'golang:1.22-alpine', 'debian:bookworm-slim',
    'eclipse-temurin:21-jre', 'alpine:3.19', 'gcr.io/distroless/static-debian12:nonroot', 'scratch',
    'registry.example.com/node:20',
  ])('passes: final stage on %s', image => {
    expect(findingsOf(df(`FROM ${image}`, 'USER 10001'), 'CS813')).toEqual([]);
  });

  test('passes: a full-size build stage does not ship', () => {
    expect(findingsOf(readFixture('single-stage-build-fixed.Dockerfile'), 'CS813')).toEqual([]);
  });

  test('suppressed by a comment above the FROM', () => {
    const f = findingsOf(df('# cdk8s-secure:ignore CS813 needs the full toolchain at runtime (plugins)', 'FROM python:3.12', 'USER 10001'), 'CS813');
    expect(f[0].suppressed).toBeDefined();
  });
});

describe('CS821 final image runs as root', () => {
  test('reported: no USER, at the final FROM with the stage path', () => {
    const f = findingsOf(df('FROM alpine:3.19', 'RUN apk add --no-cache curl'), 'CS821');
    expect(f.map(x => [x.path, x.source.line, x.message])).toEqual([
      ['stage[0]', 1, 'the final stage sets no USER, so the container runs as the default user of "alpine:3.19": root, unless that image sets a USER'],
    ]);
  });

  test('reported: scratch without USER runs as uid 0', () => {
    expect(report(df('FROM golang:1.22 AS build', 'USER 10001', 'FROM scratch'), 'CS821')).toEqual([
      '3: the final stage sets no USER, so the container runs as the default user of scratch: root (uid 0)',
    ]);
  });

  test.each(['root', '0', '0:0', 'root:root', '0:10001', 'ROOT', 'ContainerAdministrator'])('reported: USER %s', user => {
    const f = findingsOf(df('FROM alpine:3.19', `USER ${user}`), 'CS821');
    expect(f.map(x => [x.path, x.source.line, x.message])).toEqual([['stage[0].USER[0]', 2, `USER ${user} makes the final image run as root`]]);
  });

  test('reported: the last USER counts', () => {
    expect(report(df('FROM alpine:3.19', 'USER 10001', 'RUN id', 'USER root'), 'CS821')).toEqual(['4: USER root makes the final image run as root']);
  });

  test('reported: a root USER inherited from the stage the final stage is built on', () => {
    const f = findingsOf(df('FROM alpine:3.19 AS base', 'USER root', 'FROM base'), 'CS821');
    expect(f.map(x => [x.object.name, x.path, x.message])).toEqual([
      ['base', 'stage[0].USER[0]', 'USER root (in stage "base", which the final stage is built on) makes the final image run as root'],
    ]);
  });

  test('reported: a USER in a build stage does not carry over to a final stage on another image', () => {
    expect(report(df('FROM alpine:3.19 AS build', 'USER 10001', 'FROM alpine:3.19'), 'CS821')).toHaveLength(1);
  });

  test('reported: a variable whose default is 0', () => {
    expect(report(df('FROM alpine:3.19', 'ARG UID=0', 'USER ${UID}'), 'CS821')).toEqual(['3: USER 0 makes the final image run as root']);
  });

  test.each([
    ['a numeric non-root uid', df('FROM alpine:3.19', 'USER 10001:10001')],
    ['a named user (the guide)', readFixture('guide-non-root.Dockerfile')],
    ['nobody (the guide\'s multi-stage build)', readFixture('guide-multi-stage.Dockerfile')],
    ['root for setup, then a non-root user', df('FROM alpine:3.19', 'USER root', 'RUN apk add --no-cache curl', 'USER 65532')],
    ['a non-root USER inherited from the stage it is built on', df('FROM alpine:3.19 AS base', 'USER 10001', 'FROM base')],
    ['a distroless :nonroot image without USER', df('FROM gcr.io/distroless/static-debian12:nonroot')],
    ['a distroless :debug-nonroot image pinned by digest', df(`FROM gcr.io/distroless/base-debian12:debug-nonroot@${DIGEST}`)],
    ['root in a build stage only', df('FROM alpine:3.19 AS build', 'USER root', 'FROM alpine:3.19', 'USER 10001')],
    ['a USER from a build argument without default (not judged)', df('FROM alpine:3.19', 'ARG UID', 'USER ${UID}')],
  ])('passes: %s', (_what, text) => {
    expect(findingsOf(text, 'CS821')).toEqual([]);
  });

  test('suppressed: the comment goes above the USER, or above the final FROM when there is no USER', () => {
    expect(findingsOf(readFixture('suppressed.Dockerfile'), 'CS821').map(f => f.suppressed?.reason)).toEqual(['the agent needs root to read the host\'s audit log']);
    const f = findingsOf(df('FROM alpine:3.19 AS build', '# cdk8s-secure:ignore CS821 runs as the uid Kubernetes assigns', 'FROM alpine:3.19'), 'CS821');
    expect(f.map(x => [x.source.line, x.suppressed?.reason])).toEqual([[3, 'runs as the uid Kubernetes assigns']]);
  });
});

describe('CS822 build tooling left in the final image', () => {
  test('reported: the single-stage build, one finding per RUN', () => {
    expect(report(readFixture('single-stage-build.Dockerfile'), 'CS822')).toEqual([
      '3: RUN leaves build tooling in the final image: installs build packages build-essential, git',
      '9: RUN leaves build tooling in the final image: npm ci installs devDependencies (no --omit=dev)',
      '11: RUN leaves build tooling in the final image: compiles (npm run build)',
    ]);
  });

  test('passes: the same build in a stage that does not ship (and the guide\'s multi-stage build)', () => {
    expect(findingsOf(readFixture('single-stage-build-fixed.Dockerfile'), 'CS822')).toEqual([]);
    expect(findingsOf(readFixture('guide-multi-stage.Dockerfile'), 'CS822')).toEqual([]);
  });

  test('reported: tooling in the stage the final stage is built on', () => {
    expect(report(df('FROM alpine:3.19 AS base', 'RUN apk add --no-cache gcc', 'FROM base', 'USER 10001'), 'CS822')).toEqual([
      '2: RUN (in stage "base", which the final stage is built on) leaves build tooling in the final image: installs build packages gcc',
    ]);
  });

  const final = (...run: string[]) => df('FROM debian:bookworm-slim', ...run, 'USER 10001');
  test.each([
    ['apt-get with options and versions', final('RUN apt-get -y install --no-install-recommends gcc=4:12.2.0-3 make'), 'installs build packages gcc, make'],
    ['apk', final('RUN apk add --no-cache build-base git'), 'installs build packages build-base, git'],
    ['dnf group install', final('RUN dnf -y group install "Development Tools"'), 'installs build packages development tools'],
    ['yum with headers', final('RUN yum install -y gcc-c++ openssl-devel'), 'installs build packages gcc-c++, openssl-devel'],
    ['sudo and env prefixes', final('RUN sudo DEBIAN_FRONTEND=noninteractive apt-get install -y libpq-dev'), 'installs build packages libpq-dev'],
    ['a package list in an ARG', final('ARG BUILD_DEPS="gcc make"', 'RUN apt-get install -y $BUILD_DEPS'), 'installs build packages gcc, make'],
    ['the exec form', final('RUN ["apt-get", "install", "-y", "clang-17"]'), 'installs build packages clang-17'],
    ['sh -c in the exec form', final('RUN ["/bin/sh", "-c", "apk add cmake && cmake ."]'), 'installs build packages cmake; compiles (cmake)'],
    ['a heredoc', final('RUN <<EOT', 'set -e', 'apt-get install -y autoconf automake', 'EOT'), 'installs build packages autoconf, automake'],
    ['a lowercase instruction and continuations', final('run apt-get install -y \\', '    # the compiler', '    gcc'), 'installs build packages gcc'],
    ['removed, then installed again', final('RUN apt-get install -y gcc && apt-get purge -y gcc', 'RUN apt-get install -y gcc'), 'installs build packages gcc'],
    ['go build', final('RUN go build -o /app ./...'), 'compiles (go build)'],
    ['mvn and gradle', final('RUN mvn -B package && ./gradlew build'), 'compiles (mvn package, gradle build)'],
    ['npm install without packages', final('RUN npm install'), 'npm install installs devDependencies (no --omit=dev)'],
    ['npm ci --production=false (the guide\'s builder, if it shipped)', final('RUN npm ci --production=false'), 'npm ci installs devDependencies'],
    ['yarn', final('RUN yarn --frozen-lockfile'), 'yarn install installs devDependencies (no --production)'],
    ['pnpm', final('RUN pnpm install --frozen-lockfile'), 'pnpm install installs devDependencies (no --prod)'],
    ['NODE_ENV=production overridden by --include=dev', final('ENV NODE_ENV=production', 'RUN npm ci --include=dev'), 'npm ci installs devDependencies'],
  ])('reported: %s', (_what, text, expected) => {
    const f = report(text, 'CS822');
    expect(f).toHaveLength(1);
    expect(f[0]).toContain(expected);
  });

  test.each([
    ['runtime packages only', final('RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates curl libpq5 && rm -rf /var/lib/apt/lists/*')],
    ['an apk --virtual group deleted in the same RUN', final('RUN apk add --no-cache --virtual .build-deps gcc musl-dev && pip install -r req.txt && apk del .build-deps')],
    ['packages purged in a later RUN', final('RUN apt-get install -y gcc make', 'RUN apt-get purge -y --auto-remove gcc make')],
    ['npm ci --omit=dev', final('RUN npm ci --omit=dev')],
    ['npm ci --omit dev (separate value)', final('RUN npm ci --omit dev')],
    ['npm ci --only=production', final('RUN npm ci --only=production')],
    ['NODE_ENV=production from ENV', final('ENV NODE_ENV=production', 'RUN npm ci')],
    ['NODE_ENV=production on the command', final('RUN NODE_ENV=production npm ci')],
    ['npm prune --omit=dev later', final('RUN npm ci', 'RUN npm prune --omit=dev')],
    ['npm install of named packages', final('RUN npm install -g pm2@5')],
    ['yarn install --production', final('RUN yarn install --production --frozen-lockfile')],
    ['pnpm install --prod', final('RUN pnpm install --prod')],
    ['apt-get update and remove only', final('RUN apt-get update && apt-get remove -y perl')],
    ['words that only look like tools', final('RUN echo make gcc git > /notes.txt && ls /usr/bin/make-* || true')],
  ])('passes: %s', (_what, text) => {
    expect(findingsOf(text, 'CS822')).toEqual([]);
  });

  test('the tricky fixture: a build stage with a removed --virtual group, a heredoc RUN and a stage built on it', () => {
    const m = model(readFixture('tricky-syntax.Dockerfile'));
    // As shipped: the final stage is distroless, so nothing is reported.
    expect(findingsOf(readFixture('tricky-syntax.Dockerfile'), 'CS822')).toEqual([]);
    // Were the `test` stage shipped: the apk group is deleted, but go build and go test's stage compile.
    expect(buildTooling(lineageInstructions(m, m.stages[1])).map(u => [u.run.line, u.packages, u.compiles])).toEqual([
      [9, [], ['go build']],
    ]);
  });

  test('isBuildPackage', () => {
    expect(['gcc', 'g++', 'gcc-12', 'clang-17', 'make', 'build-essential', 'build-base', 'git', 'libssl-dev', 'openssl-devel', 'openjdk-17-jdk', 'openjdk17', 'golang-1.22-go', 'gcc:amd64']
      .filter(p => !isBuildPackage(p))).toEqual([]);
    expect(['curl', 'ca-certificates', 'libpq5', 'openjdk-17-jre-headless', 'tini', 'git-lfs-doc', 'makedev', 'python3']
      .filter(p => isBuildPackage(p))).toEqual([]);
  });

  test('suppressed by a comment above the RUN', () => {
    const f = findingsOf(df('FROM debian:bookworm-slim', '# cdk8s-secure:ignore CS822 git is needed at runtime to clone user repos', 'RUN apt-get install -y git', 'USER 10001'), 'CS822');
    expect(f.map(x => x.suppressed?.reason)).toEqual(['git is needed at runtime to clone user repos']);
  });
});

describe('CS831 ADD of a remote URL', () => {
  test('reported: http(s) and git sources, in any stage, exec form too', () => {
    expect(report(df(
      'FROM alpine:3.19 AS fetch',
      'ADD https://example.com/tool.tar.gz /opt/',
      'ADD git@github.com:org/repo.git#v1.2 /src',
      'add ["https://example.com/a.bin", "https://example.com/b.bin", "/opt/"]',
      'FROM alpine:3.19', 'USER 10001',
    ), 'CS831')).toEqual([
      '2: ADD fetches "https://example.com/tool.tar.gz" without --checksum',
      '3: ADD fetches "git@github.com:org/repo.git#v1.2" without --checksum',
      '4: ADD fetches "https://example.com/a.bin", "https://example.com/b.bin" without --checksum',
    ]);
  });

  test('reported: a URL from an ARG default; a password in the URL is never printed', () => {
    const f = report(df('FROM alpine:3.19', 'ARG URL=https://deploy:hunter2hunter2@artifacts.example.com/app.tgz', 'ADD $URL /opt/', 'USER 10001'), 'CS831');
    expect(f).toEqual(['3: ADD fetches "https://***@artifacts.example.com/app.tgz" without --checksum']);
  });

  test.each([
    ['--checksum', `ADD --checksum=${DIGEST} https://example.com/tool.tar.gz /opt/`],
    ['a local archive', 'ADD rootfs.tar.xz /'],
    ['a heredoc', 'ADD <<EOF /etc/motd\nhttps://example.com\nEOF'],
    ['COPY of a file named like a URL', 'COPY https-proxy.conf /etc/'],
  ])('passes: %s', (_what, line) => {
    expect(findingsOf(df('FROM alpine:3.19', line, 'USER 10001'), 'CS831')).toEqual([]);
  });

  test('suppressed by a comment above the ADD', () => {
    expect(findingsOf(readFixture('suppressed.Dockerfile'), 'CS831').map(f => f.suppressed?.reason)).toEqual(['the vendor publishes no checksum; tracked in SEC-1234']);
  });
});

describe('CS832 credential in ENV or ARG', () => {
  const secrets = readFixture('secrets.Dockerfile');

  test('reported: credential names and values, at the variable (never its value)', () => {
    const f = findingsOf(secrets, 'CS832');
    expect(f.map(x => [x.severity, x.path, x.source.line, x.source.column, x.message])).toEqual([
      ['error', 'global.ARG[0].NPM_TOKEN', 1, 5, 'ARG NPM_TOKEN has a default value written in the Dockerfile, and its name says it holds a credential'],
      ['error', 'stage[0].ENV[0].AWS_ACCESS_KEY_ID', 3, 5, 'ENV AWS_ACCESS_KEY_ID is set to a literal value stored in the image config, and its value looks like an AWS access key id'],
      ['error', 'stage[0].ENV[0].DATABASE_URL', 4, 5, 'ENV DATABASE_URL is set to a literal value stored in the image config, and its value looks like a URL with an embedded password'],
      ['warning', 'stage[0].ARG[0].GITHUB_TOKEN', 6, 5, 'ARG GITHUB_TOKEN is a build argument whose name says it holds a credential: a value passed with --build-arg is recorded in the image history and build provenance'],
      ['error', 'stage[0].ENV[1].API_TOKEN', 7, 5, 'ENV API_TOKEN copies ${GITHUB_TOKEN} into the image config, and its name says it holds a credential'],
    ]);
    expect(f.map(x => x.object)).toEqual([
      { apiVersion: 'dockerfile', kind: 'Dockerfile', name: 'global' },
      ...Array(4).fill({ apiVersion: 'dockerfile', kind: 'Stage', name: '0' }),
    ]);
    for (const value of ['npm_Xq7kLm2Pz9Rt4Vw8Yb3Nc6Hd1Jf5Gs0Ka2Ee', 'AKIAZ7QW3ERT5YUI8OPA', 'Sup3rS3cretPassw0rd']) {
      expect(JSON.stringify(f)).not.toContain(value);
    }
  });

  test('reported: the legacy `ENV NAME value` form and a high-entropy value under a harmless name', () => {
    expect(report(df('FROM alpine:3.19', 'ENV SESSION_SECRET change me please', 'ENV CONFIG_BLOB Zx8Kq2Lm9Pv4Rt7Wy3Nb6Hc1Jd5Gf0Sa', 'USER 10001'), 'CS832')).toEqual([
      '2: ENV SESSION_SECRET is set to a literal value stored in the image config, and its name says it holds a credential',
      '3: ENV CONFIG_BLOB is set to a literal value stored in the image config, and its value is a long high-entropy string',
    ]);
  });

  test('passes: paths to mounted secrets, ordinary settings, empty values, build args with harmless names', () => {
    expect(findingsOf(df(
      'ARG NODE_VERSION=22', 'FROM node:${NODE_VERSION}-slim',
      'ENV DB_PASSWORD_FILE=/run/secrets/db_password TOKEN_PATH=/var/run/secrets/token LOG_LEVEL=info',
      'ENV API_KEY=""', 'ARG BUILD_DATE', 'USER 10001',
    ), 'CS832')).toEqual([]);
  });

  test('suppressed by a comment above the instruction (it covers every variable of that instruction)', () => {
    const f = findingsOf(df('FROM alpine:3.19', '# cdk8s-secure:ignore CS832 a public test key of the sandbox account', 'ENV STRIPE_KEY=sk_test_abc API_SECRET=x', 'USER 10001'), 'CS832');
    expect(f.map(x => [x.path, x.suppressed?.reason])).toEqual([
      ['stage[0].ENV[0].STRIPE_KEY', 'a public test key of the sandbox account'],
      ['stage[0].ENV[0].API_SECRET', 'a public test key of the sandbox account'],
    ]);
  });
});

describe('fixtures as a whole', () => {
  test('the tricky-syntax fixture is compliant but for its versionless :nonroot base tag (CS814, a warning)', () => {
    expect(check(readFixture('tricky-syntax.Dockerfile')).map(f => `${f.ruleId} ${f.severity} ${f.path}`)).toEqual(['CS814 warning stage[2].FROM']);
  });

  test('the single-stage build and its fixed version', () => {
    expect(active(check(readFixture('single-stage-build.Dockerfile')))).toEqual(['CS813@2', 'CS821@2', 'CS822@3', 'CS822@9', 'CS822@11']);
    expect(check(readFixture('single-stage-build-fixed.Dockerfile'))).toEqual([]);
  });
});
