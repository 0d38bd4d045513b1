import * as fc from 'fast-check';
import { df, model, readFixture } from './_helpers';
import { checkDockerfileText } from '../../src/dockerfile/check';
import { finalStage, lineage } from '../../src/dockerfile/model';
import { parseDockerfile } from '../../src/dockerfile/parse';

describe('parsing the Dockerfile model', () => {
  const tricky = model(readFixture('tricky-syntax.Dockerfile'));

  test('global ARGs before the first FROM are kept apart, with their own paths', () => {
    expect(tricky.globalArgs.map(a => [a.path, a.properties.map(p => [p.name, p.value])])).toEqual([
      ['global.ARG[0]', [['GO_VERSION', '1.22']]],
      ['global.ARG[1]', [['BASE_IMAGE', 'gcr.io/distroless/static-debian12']]],
      ['global.ARG[2]', [['BASE_TAG', undefined]]],
    ]);
  });

  test('stages: lowercase `from ... as`, --platform, AS names, references to earlier stages (case-insensitive)', () => {
    expect(tricky.stages.map(s => ({ index: s.index, name: s.name, line: s.from.line, path: s.path, object: s.object }))).toEqual([
      { index: 0, name: 'Build', line: 6, path: 'stage[0]', object: { apiVersion: 'dockerfile', kind: 'Stage', name: 'Build' } },
      { index: 1, name: 'test', line: 23, path: 'stage[1]', object: { apiVersion: 'dockerfile', kind: 'Stage', name: 'test' } },
      { index: 2, name: undefined, line: 26, path: 'stage[2]', object: { apiVersion: 'dockerfile', kind: 'Stage', name: '2' } },
    ]);
    const [build, test, final] = tricky.stages;
    expect(build.from.keyword).toBe('FROM');
    expect(build.from.flags).toEqual([{ name: 'platform', value: '$BUILDPLATFORM' }]);
    expect(build.base).toMatchObject({ written: 'golang:${GO_VERSION}-alpine', resolved: 'golang:1.22-alpine', scratch: false });
    expect(build.base.ref).toMatchObject({ registry: 'docker.io', repository: 'library/golang', tag: '1.22-alpine' });
    expect(test.base).toMatchObject({ written: 'build', stage: 0 });
    expect(test.base.ref).toBeUndefined();
    expect(lineage(tricky, test).map(s => s.index)).toEqual([0, 1]);
    expect(finalStage(tricky)).toBe(final);
    expect(final.base).toMatchObject({ resolved: 'gcr.io/distroless/static-debian12:nonroot' });
  });

  test('line continuations are joined and the comment lines inside them dropped; the instruction keeps its line range', () => {
    const run = tricky.stages[0].instructions.find(i => i.keyword === 'RUN')!;
    expect(run).toMatchObject({ line: 9, endLine: 13, column: 1, path: 'stage[0].RUN[0]' });
    expect(run.text).not.toContain('toolchain');
    expect(run.text.replace(/\s+/g, ' ')).toBe('apk add --no-cache --virtual .build-deps gcc musl-dev && go build -o /out/app ./cmd/app && apk del .build-deps');
  });

  test('heredocs: the body belongs to the instruction and is never a comment', () => {
    const [copy] = tricky.stages[0].instructions.filter(i => i.keyword === 'COPY');
    expect(copy).toMatchObject({ line: 14, endLine: 17 });
    expect(copy.text).toContain('user: root');
    const run = tricky.stages[0].instructions.filter(i => i.keyword === 'RUN')[1];
    expect(run).toMatchObject({ line: 18, endLine: 21, path: 'stage[0].RUN[1]' });
    expect(run.text).toContain('go vet ./...');
    expect(tricky.comments.map(c => c.line)).toEqual([1, 8, 10]);
  });

  test('COPY --from flags are read', () => {
    const copies = tricky.stages[2].instructions.filter(i => i.keyword === 'COPY');
    expect(copies.map(c => c.flags)).toEqual([[{ name: 'from', value: 'Build' }], [{ name: 'from', value: '0' }]]);
  });

  test('the escape directive: backtick continuations, backslashes are plain characters', () => {
    const win = model(readFixture('windows.Dockerfile'));
    const run = win.stages[0].instructions[0];
    expect(run).toMatchObject({ keyword: 'RUN', line: 3, endLine: 5 });
    expect(run.text).toContain('C:\\tool.zip');
    expect(run.text).not.toContain('`');
  });

  test('CRLF line endings and a byte-order mark do not shift lines', () => {
    const m = model(`\ufeff${readFixture('crlf.Dockerfile')}`);
    expect(m.instructions.map(i => [i.keyword, i.line, i.text])).toEqual([
      ['FROM', 1, 'alpine:3.19'], ['RUN', 2, 'apk add --no-cache curl'], ['USER', 3, '10001'],
    ]);
  });

  describe('variables', () => {
    test('FROM uses the global ARG defaults, including ${NAME:-default} and ${NAME:+alt}', () => {
      const m = model(df(
        'ARG REGISTRY=registry.example.com', 'ARG VERSION', 'ARG FLAVOR=slim',
        'FROM $REGISTRY/node:${VERSION:-latest}',
        'FROM node:22${FLAVOR:+-}${FLAVOR}',
        'FROM node:${VERSION}',
      ));
      expect(m.stages.map(s => [s.base.resolved, s.base.unresolved])).toEqual([
        ['registry.example.com/node:latest', []],
        ['node:22-slim', []],
        [undefined, ['VERSION']],
      ]);
    });

    test('a stage sees its own ARGs (a redeclared global ARG keeps its default) and the ENV of the stages it is built on', () => {
      const m = model(df(
        'ARG UID=10001', 'FROM alpine:3.19 AS base', 'ENV APP_HOME=/srv/app',
        'FROM base', 'ARG UID', 'ARG GID', 'USER ${UID}:${GID}', 'WORKDIR $APP_HOME',
      ));
      const [user, workdir] = m.stages[1].instructions.slice(2);
      expect([user.expanded, user.unresolved]).toEqual(['10001:${GID}', ['GID']]);
      expect(workdir.expanded).toBe('/srv/app');
    });

    test('a global ARG is not visible in a stage that does not redeclare it', () => {
      const m = model(df('ARG UID=0', 'FROM alpine:3.19', 'USER $UID'));
      expect(m.stages[0].instructions[0].unresolved).toEqual(['UID']);
    });

    test('an escaped $ is literal', () => {
      const m = model(df('FROM alpine:3.19', 'ENV A=1', 'RUN echo \\$A $A'));
      expect(m.stages[0].instructions[1].expanded).toBe('echo \\$A 1');
    });
  });

  describe('input it cannot check (reported as problems with a line, never thrown)', () => {
    test.each([
      ['an empty file', '', [{ line: undefined, message: 'no FROM instruction: this is not a Dockerfile' }]],
      ['YAML', 'apiVersion: v1\nkind: Pod\n', [{ line: 1, message: 'unknown instruction "apiVersion:"' }, { line: 2, message: 'unknown instruction "kind:"' }]],
      ['an instruction before FROM', df('RUN echo hi', 'FROM alpine:3.19'), [{ line: 1, message: 'RUN before the first FROM (only ARG may come before it)' }]],
      ['a misspelt instruction', df('FROM alpine:3.19', 'RUNN echo'), [{ line: 2, message: 'unknown instruction "RUNN"' }]],
      ['an instruction without arguments', df('FROM alpine:3.19', 'USER'), [{ line: 2, message: 'USER has no arguments' }]],
      ['FROM with two words', df('FROM alpine 3.19'), [{ line: 1, message: 'FROM takes an image and optionally "AS <name>" (got "alpine 3.19")' }]],
      ['a bad stage name', df('FROM alpine:3.19 AS 1st'), [{ line: 1, message: 'stage name "1st" must start with a letter and contain only letters, digits, "_", "-" and "."' }]],
      ['a duplicate stage name', df('FROM alpine:3.19 AS a', 'FROM alpine:3.19 AS A'), [{ line: 2, message: 'duplicate stage name "A" (first used by stage 0)' }]],
      ['an invalid image reference', df('ARG IMG=Alpine', 'FROM ${IMG}:3.19'), [{ line: 2, message: 'FROM ${IMG}:3.19 (= "Alpine:3.19"): "Alpine" is not a valid repository name (lower-case letters, digits and separators . _ - between /)' }]],
    ])('%s', (_what, text, problems) => {
      expect(parseDockerfile(text)).toEqual({ problems });
    });

    test('arbitrary text never makes the parser or the checker throw', () => {
      fc.assert(fc.property(fc.string({ maxLength: 300 }), fc.constantFrom('', 'FROM alpine:3.19\n', '# escape=`\nFROM a\n'), (s, prefix) => {
        const r = checkDockerfileText(prefix + s);
        expect(r.problems.length > 0 || r.stages > 0).toBe(true);
      }), { numRuns: 300 });
    });
  });
});

test('a broken first FROM is reported once, not again for every instruction of its stage', () => {
  expect(parseDockerfile(df('FROM alpine 3.19', 'RUN apk add curl', 'USER 10001'))).toEqual({
    problems: [{ line: 1, message: 'FROM takes an image and optionally "AS <name>" (got "alpine 3.19")' }],
  });
});
