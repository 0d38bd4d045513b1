import { active, check, df, findingsOf } from './_helpers';

describe('CS823 final USER is a name', () => {
  test.each(['app', 'app:app', 'nonroot', 'www-data:10001', '${APP_USER}'])('reported: USER %s', (user) => {
    const text = user.startsWith('$') ? df('FROM alpine:3.19', 'ARG APP_USER=app', `USER ${user}`) : df('FROM alpine:3.19', `USER ${user}`);
    const f = findingsOf(text, 'CS823');
    expect(f).toHaveLength(1);
    expect(f[0].message).toMatch(/names the user: the kubelet cannot verify runAsNonRoot from a name$/);
    expect(f[0].severity).toBe('warning');
  });

  test.each(['10001', '10001:10001', '65532', '1001:app'])('accepted: USER %s (numeric uid)', (user) => {
    expect(findingsOf(df('FROM alpine:3.19', `USER ${user}`), 'CS823')).toEqual([]);
  });

  test('root is CS821\'s, not CS823\'s; a USER without a resolvable value is not judged; no USER is CS821\'s', () => {
    expect(active(check(df('FROM alpine:3.19', 'USER root'))).filter(x => x.startsWith('CS823'))).toEqual([]);
    expect(findingsOf(df('FROM alpine:3.19', 'ARG U', 'USER $U'), 'CS823')).toEqual([]);
    expect(findingsOf(df('FROM alpine:3.19'), 'CS823')).toEqual([]);
  });

  test('only the last USER of the final stage counts, also when inherited from the stage it is built on', () => {
    expect(findingsOf(df('FROM alpine:3.19', 'USER app', 'USER 10001'), 'CS823')).toEqual([]);
    expect(findingsOf(df('FROM alpine:3.19 AS base', 'USER app', 'FROM base', 'RUN true'), 'CS823').map(f => f.source.line)).toEqual([2]);
    expect(findingsOf(df('FROM golang:1.22 AS build', 'USER builder', 'FROM alpine:3.19', 'USER 10001'), 'CS823')).toEqual([]);
  });

  test('a suppression comment with a reason suppresses it', () => {
    const f = findingsOf(df('FROM alpine:3.19', '# cdk8s-secure:ignore CS823 the pod sets runAsUser 10001 explicitly', 'USER app'), 'CS823');
    expect(f.map(x => x.suppressed?.reason)).toEqual(['the pod sets runAsUser 10001 explicitly']);
  });
});
