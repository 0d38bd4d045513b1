import { active, check, df, readFixture } from './_helpers';

/** Suppression findings (CS801, CS802) as `id@line: message`. */
function meta(text: string): string[] {
  return check(text).filter(f => f.ruleId === 'CS801' || f.ruleId === 'CS802').map(f => `${f.ruleId}@${f.source.line}: ${f.message}`);
}

describe('# cdk8s-secure:ignore comments', () => {
  test('the suppressed fixture: three findings suppressed with their reasons, nothing active', () => {
    const f = check(readFixture('suppressed.Dockerfile'));
    expect(active(f)).toEqual([]);
    expect(f.map(x => [x.ruleId, x.source.line, x.suppressed?.reason])).toEqual([
      ['CS812', 2, 'the base image is rebuilt nightly from our own pinned mirror'],
      ['CS831', 6, 'the vendor publishes no checksum; tracked in SEC-1234'],
      ['CS821', 8, 'the agent needs root to read the host\'s audit log'],
    ]);
  });

  test('a comment applies to the next instruction only, across blank lines and other comments; stacked comments all apply', () => {
    const f = check(df(
      'FROM alpine:3.19',
      '# cdk8s-secure:ignore CS831 vendor publishes no checksum, SEC-1',
      '',
      '# an ordinary comment',
      '# cdk8s-secure:ignore CS832 sandbox key, rotated daily by CI',
      'ADD https://example.com/a.tgz /opt/',
      'ADD https://example.com/b.tgz /opt/',
      'USER 10001',
    ));
    expect(f.map(x => [x.ruleId, x.source.line, x.suppressed?.reason])).toEqual([
      ['CS801', 5, undefined],
      ['CS831', 6, 'vendor publishes no checksum, SEC-1'],
      ['CS831', 7, undefined],
    ]);
    expect(meta(df(
      'FROM alpine:3.19', '# cdk8s-secure:ignore CS832 sandbox key, rotated daily by CI', 'ADD https://example.com/a.tgz /opt/', 'USER 10001',
    ))).toEqual(['CS801@2: the suppression of CS832 matches no finding on the ADD at line 3']);
  });

  test('before the first FROM it applies to the next instruction, not to the whole file', () => {
    const f = check(df(
      '# cdk8s-secure:ignore CS812 the builder image is pinned by our mirror policy',
      'FROM golang:latest AS build',
      'FROM alpine:latest',
      'USER 10001',
    ));
    expect(f.filter(x => x.ruleId === 'CS812').map(x => [x.source.line, !!x.suppressed])).toEqual([[2, true], [3, false]]);
  });

  test('before a global ARG it applies to that ARG', () => {
    const f = check(df('# cdk8s-secure:ignore CS832 public read-only token of the demo registry', 'ARG REGISTRY_TOKEN=demo-read-only', 'FROM alpine:3.19', 'USER 10001'));
    expect(f.map(x => [x.ruleId, x.object.kind, x.suppressed?.reason])).toEqual([['CS832', 'Dockerfile', 'public read-only token of the demo registry']]);
  });

  test('inside a continuation it applies to the instruction it sits in', () => {
    const f = check(df('FROM debian:12-slim', 'RUN apt-get install -y \\', '    # cdk8s-secure:ignore CS822 git clones plugins at runtime', '    git', 'USER 10001'));
    expect(f.map(x => [x.ruleId, x.source.line, x.suppressed?.reason])).toEqual([['CS822', 2, 'git clones plugins at runtime']]);
  });

  test('a suppression is found even where the parser takes the comment for a parser directive (a `=` at the top)', () => {
    const f = check(df('# cdk8s-secure:ignore CS812 tag=latest is rebuilt nightly by the base-image job', 'FROM alpine:latest', 'USER 10001'));
    expect(f.map(x => [x.ruleId, !!x.suppressed])).toEqual([['CS812', true]]);
  });

  test('a heredoc line that looks like a suppression is file content, not a comment', () => {
    const text = df('FROM alpine:latest', 'COPY <<EOF /etc/notes', '# cdk8s-secure:ignore CS812 this is only text in a file', 'EOF', 'USER 10001');
    expect(active(check(text))).toEqual(['CS812@1']);
  });

  describe('CS802 invalid suppression (the finding stays active)', () => {
    test.each([
      ['a reason shorter than 10 characters', '# cdk8s-secure:ignore CS821 legacy', 'the suppression of CS821 needs a reason of at least 10 visible characters (got "legacy")'],
      ['no reason', '# cdk8s-secure:ignore CS821', 'the suppression of CS821 needs a reason of at least 10 visible characters (got none)'],
      ['a reason of zero-width spaces', '# cdk8s-secure:ignore CS821 ok\u200b\u200b\u200b\u200b\u200b\u200b\u200b\u200b\u200b', 'the suppression of CS821 needs a reason of at least 10 visible characters (got "ok\u200b\u200b\u200b\u200b\u200b\u200b\u200b\u200b\u200b")'],
      ['no rule id', '# cdk8s-secure:ignore', 'the suppression names no rule (expected "# cdk8s-secure:ignore <rule id> <reason>")'],
      ['an unknown rule id', '# cdk8s-secure:ignore CS899 because we really must do this', '"CS899" is not a Dockerfile rule (see `cdk8s-secure rules`: CS811 and up)'],
      ['a manifest rule id', '# cdk8s-secure:ignore CS201 the pod sets runAsNonRoot anyway', '"CS201" is not a Dockerfile rule (see `cdk8s-secure rules`: CS811 and up)'],
      ['a suppression rule id (they cannot be suppressed)', '# cdk8s-secure:ignore CS801 keep this one for later please', '"CS801" is not a Dockerfile rule (see `cdk8s-secure rules`: CS811 and up)'],
      ['a misspelt directive', '# cdk8s-secure:ignroe CS821 runs as root for a good reason', 'unknown directive "cdk8s-secure:ignroe" (expected "# cdk8s-secure:ignore <rule id> <reason>")'],
    ])('%s', (_what, comment, message) => {
      const f = check(df('FROM alpine:3.19', comment, 'USER root'));
      expect(active(f)).toEqual(['CS802@2', 'CS821@3']);
      const invalid = f.find(x => x.ruleId === 'CS802')!;
      expect(invalid).toMatchObject({ severity: 'error', message, object: { kind: 'Stage', name: '0' }, source: { file: 'Dockerfile', line: 2, column: 1 } });
      expect(invalid.path).toMatch(/^stage\[0\]\.ignore(\[CS\d+\])?$/);
    });
  });

  describe('CS801 unused suppression', () => {
    test('the rule does not fire on that instruction', () => {
      expect(meta(df('FROM alpine:3.19', '# cdk8s-secure:ignore CS821 the agent needs root for the audit log', 'USER 10001'))).toEqual([
        'CS801@2: the suppression of CS821 matches no finding on the USER at line 3',
      ]);
    });

    test('the finding is on another instruction (a comment above USER does not cover "no USER")', () => {
      const f = check(df('FROM alpine:3.19', '# cdk8s-secure:ignore CS821 runs as the uid Kubernetes assigns', 'RUN id'));
      expect(active(f)).toEqual(['CS821@1', 'CS801@2']);
    });

    test('nothing follows the comment', () => {
      const f = check(df('FROM alpine:3.19', 'USER 10001', '# cdk8s-secure:ignore CS821 left over from the old base image'));
      expect(f.map(x => [x.ruleId, x.path, x.source.line, x.message])).toEqual([
        ['CS801', 'stage[0].ignore[CS821]', 3, 'the suppression of CS821 is not followed by an instruction'],
      ]);
    });

    test('compliant: a used suppression raises no CS801', () => {
      expect(meta(readFixture('suppressed.Dockerfile'))).toEqual([]);
    });
  });
});
