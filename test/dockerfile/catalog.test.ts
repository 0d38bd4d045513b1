import { df, DIGEST, FIXTURE_DATE } from './_helpers';
import { DockerfileChecker, RULES, RuleCatalog, Severity } from '../../src';
import { DOCKERFILE_META_RULES, DOCKERFILE_RULES } from '../../src/dockerfile/rules';

describe('Dockerfile rules in the catalog', () => {
  const ids = [...DOCKERFILE_RULES, ...DOCKERFILE_META_RULES].map(r => r.id);

  test('ids are CS801-CS849, unique, and none is a manifest rule', () => {
    expect(ids.sort()).toEqual(['CS801', 'CS802', 'CS811', 'CS812', 'CS813', 'CS814', 'CS815', 'CS821', 'CS822', 'CS823', 'CS824', 'CS831', 'CS832']);
    expect(ids.every(id => /^CS8[0-4]\d$/.test(id))).toBe(true);
    expect(RULES.filter(r => ids.includes(r.id))).toEqual([]);
  });

  test('RuleCatalog.all() and find() include them, with their metadata only', () => {
    const all = RuleCatalog.all().map(r => r.id);
    for (const id of ids) expect(all).toContain(id);
    expect(RuleCatalog.find('CS821')).toEqual({
      id: 'CS821',
      title: 'Final image runs as root',
      severity: Severity.ERROR,
      description: expect.stringContaining('USER'),
      rationale: expect.any(String),
      fix: expect.stringContaining('USER'),
      references: expect.arrayContaining(['CIS Docker 4.1', 'Trivy: DS002']),
    });
    expect(Object.keys(RuleCatalog.find('CS822')!)).not.toContain('check');
  });

  test('severities: tags, root and credentials fail; tooling and remote ADD warn; a full-size base is info', () => {
    expect(DOCKERFILE_RULES.map(r => [r.id, r.severity])).toEqual([
      ['CS811', 'error'], ['CS812', 'error'], ['CS813', 'info'], ['CS814', 'warning'], ['CS815', 'warning'], ['CS821', 'error'], ['CS822', 'warning'], ['CS823', 'warning'], ['CS824', 'warning'], ['CS831', 'warning'], ['CS832', 'error'],
    ]);
  });

  test('every checking rule cites at least one reference', () => {
    for (const r of DOCKERFILE_RULES) expect(r.references.length).toBeGreaterThan(0);
  });
});

describe('DockerfileChecker (public API)', () => {
  test('returns the findings of a Dockerfile, with the file name as their source', () => {
    const f = DockerfileChecker.check(df('FROM node:latest', 'USER root'), { file: 'services/api/Dockerfile' });
    expect(f.map(x => [x.ruleId, x.source])).toEqual([
      ['CS812', { file: 'services/api/Dockerfile', line: 1, column: 1 }],
      ['CS813', { file: 'services/api/Dockerfile', line: 1, column: 1 }],
      ['CS821', { file: 'services/api/Dockerfile', line: 2, column: 1 }],
    ]);
  });

  test('zero findings for a compliant Dockerfile', () => {
    expect(DockerfileChecker.check(df(`FROM gcr.io/distroless/static-debian12:nonroot@${DIGEST}`, 'COPY app /app', 'ENTRYPOINT ["/app"]'), { today: FIXTURE_DATE })).toEqual([]);
  });

  test('disabledRules skips rules (and does not report their suppressions as unused)', () => {
    const text = df('# cdk8s-secure:ignore CS813 we need the full image for now', 'FROM node:20', 'USER 10001');
    expect(DockerfileChecker.check(text, { disabledRules: ['CS813'], today: FIXTURE_DATE })).toEqual([]);
  });

  test('throws when the text cannot be checked, naming the file and line', () => {
    expect(() => DockerfileChecker.check('FROM alpine:3.19\nRUNN x\n', { file: 'Dockerfile.dev' })).toThrow('Dockerfile.dev (line 2): unknown instruction "RUNN"');
    expect(() => DockerfileChecker.check('')).toThrow('Dockerfile: no FROM instruction: this is not a Dockerfile');
  });
});
