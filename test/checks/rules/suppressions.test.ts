import { ANNOTATION_PATH, check, container, deployment, Obj, of, REASON, ruleIds, single, withSuppressions } from './_fixtures';
import { Severity } from '../../../src';

/** A Deployment named `name` whose container "app" (and "sidecar", if asked) is privileged. */
function privileged(name = 'web', withSidecar = false): Obj {
  return deployment((spec, d) => {
    d.metadata.name = name;
    spec.containers[0].securityContext.privileged = true;
    if (withSidecar) {
      spec.containers.push(container('sidecar'));
      spec.containers[1].securityContext.privileged = true;
    }
  });
}

/** A compliant Deployment named `name`. */
function compliant(name = 'web'): Obj {
  return deployment((_spec, d) => { d.metadata.name = name; });
}

describe('CS001 unused suppression', () => {
  test('accepts a suppression that matches a finding', () => {
    const findings = check(withSuppressions(privileged(), [{ ruleId: 'CS103', reason: REASON }]));
    expect(ruleIds(findings)).toEqual(['CS103']);
    expect(single(findings, 'CS103').suppressed).toEqual({ reason: REASON, expires: undefined });
  });

  test('reports a suppression that matches no finding', () => {
    const findings = check(withSuppressions(compliant(), [{ ruleId: 'CS103', reason: REASON }]));
    expect(ruleIds(findings)).toEqual(['CS001']);
    const f = single(findings, 'CS001');
    expect(f).toMatchObject({
      severity: Severity.ERROR,
      path: ANNOTATION_PATH,
      message: 'the suppression of CS103 matches no finding',
      object: { kind: 'Deployment', name: 'web', namespace: 'prod' },
    });
    expect(f.suppressed).toBeUndefined();
  });

  test('reports a suppression of a rule that does not apply to the kind', () => {
    const findings = check(withSuppressions(compliant(), [{ ruleId: 'CS302', reason: REASON }]));
    expect(single(findings, 'CS001').message).toBe('the suppression of CS302 matches no finding');
  });

  test('reports a container-scoped suppression whose container has no finding', () => {
    const findings = check(withSuppressions(privileged(), [{ ruleId: 'CS103', reason: REASON, container: 'nope' }]));
    expect(single(findings, 'CS001').message).toBe('the suppression of CS103 for container "nope" matches no finding');
    expect(single(findings, 'CS103').suppressed).toBeUndefined();
  });

  test('does not report a suppression of a disabled rule', () => {
    const findings = check(withSuppressions(compliant(), [{ ruleId: 'CS103', reason: REASON }]), { disabledRules: ['CS103'] });
    expect(findings).toEqual([]);
  });

  test('its findings cannot be suppressed', () => {
    const obj = withSuppressions(compliant(), [{ ruleId: 'CS001', reason: REASON }, { ruleId: 'CS103', reason: REASON }]);
    const findings = of(check(obj), 'CS001');
    expect(findings.map(f => f.message)).toContain('the suppression of CS103 matches no finding');
    expect(findings.every(f => f.suppressed === undefined)).toBe(true);
  });
});

describe('suppression scoping', () => {
  test('a suppression with a container matches only the findings of that container', () => {
    const findings = check(withSuppressions(privileged('web', true), [{ ruleId: 'CS103', reason: REASON, container: 'sidecar' }]));
    expect(of(findings, 'CS103').map(f => [f.container, f.suppressed?.reason])).toEqual([
      ['app', undefined],
      ['sidecar', REASON],
    ]);
    expect(of(findings, 'CS001')).toEqual([]);
  });

  test('a suppression with a container does not match findings about the pod', () => {
    const obj = withSuppressions(deployment(spec => { spec.hostNetwork = true; }), [{ ruleId: 'CS102', reason: REASON, container: 'app' }]);
    const findings = check(obj);
    expect(single(findings, 'CS102').suppressed).toBeUndefined();
    expect(single(findings, 'CS001').message).toBe('the suppression of CS102 for container "app" matches no finding');
  });

  test('a suppression without a container matches every container and the pod', () => {
    const obj = withSuppressions(deployment(spec => {
      spec.securityContext.runAsNonRoot = false;
      spec.containers.push(container('sidecar'));
      spec.containers[1].securityContext.runAsNonRoot = false;
    }), [{ ruleId: 'CS123', reason: REASON }]);
    const findings = check(obj);
    expect(of(findings, 'CS123').map(f => [f.container, f.suppressed?.reason])).toEqual([
      [undefined, REASON],
      ['sidecar', REASON],
    ]);
    expect(of(findings, 'CS001')).toEqual([]);
  });

  test('a suppression applies to its own object only', () => {
    const findings = check([
      withSuppressions(privileged('a'), [{ ruleId: 'CS103', reason: REASON }]),
      privileged('b'),
    ]);
    expect(of(findings, 'CS103').map(f => [f.object.name, f.suppressed?.reason])).toEqual([['a', REASON], ['b', undefined]]);
  });

  test('a suppression without scope is unused on an object without findings even when another object used the same one', () => {
    const s = [{ ruleId: 'CS103', reason: REASON }];
    const findings = check([withSuppressions(privileged('a'), s), withSuppressions(compliant('b'), s)]);
    expect(of(findings, 'CS001').map(f => f.object.name)).toEqual(['b']);
  });

  test('a suppression inherited from a scope is used when any object of that scope used it', () => {
    const s = [{ ruleId: 'CS103', reason: REASON, scope: 'app/backend' }];
    const findings = check([withSuppressions(privileged('a'), s), withSuppressions(compliant('b'), s), withSuppressions(compliant('c'), s)]);
    expect(ruleIds(findings)).toEqual(['CS103']);
    expect(single(findings, 'CS103').suppressed?.reason).toBe(REASON);
  });

  test('reports a scoped suppression on every object when none of them used it', () => {
    const s = [{ ruleId: 'CS103', reason: REASON, scope: 'app/backend' }];
    const findings = check([withSuppressions(compliant('a'), s), withSuppressions(compliant('b'), s)]);
    expect(of(findings, 'CS001').map(f => [f.object.name, f.path])).toEqual([['a', ANNOTATION_PATH], ['b', ANNOTATION_PATH]]);
  });

  test('reports a scoped suppression when only a different scope used it', () => {
    const findings = check([
      withSuppressions(privileged('a'), [{ ruleId: 'CS103', reason: REASON, scope: 'app/frontend' }]),
      withSuppressions(compliant('b'), [{ ruleId: 'CS103', reason: REASON, scope: 'app/backend' }]),
    ]);
    expect(of(findings, 'CS001').map(f => f.object.name)).toEqual(['b']);
  });

  test('reports a scoped suppression when the scope used it for another rule', () => {
    const findings = check([
      withSuppressions(privileged('a'), [{ ruleId: 'CS103', reason: REASON, scope: 'app' }, { ruleId: 'CS201', reason: REASON, scope: 'app' }]),
      withSuppressions(compliant('b'), [{ ruleId: 'CS103', reason: REASON, scope: 'app' }, { ruleId: 'CS201', reason: REASON, scope: 'app' }]),
    ]);
    expect(of(findings, 'CS001').map(f => [f.object.name, f.message])).toEqual([
      ['a', 'the suppression of CS201 matches no finding'],
      ['b', 'the suppression of CS201 matches no finding'],
    ]);
  });

  test('reports a scoped suppression when the scope used it for another container only', () => {
    const findings = check([
      withSuppressions(privileged('a'), [{ ruleId: 'CS103', reason: REASON, scope: 'app', container: 'app' }]),
      withSuppressions(compliant('b'), [{ ruleId: 'CS103', reason: REASON, scope: 'app', container: 'sidecar' }]),
    ]);
    expect(of(findings, 'CS001').map(f => [f.object.name, f.message])).toEqual([
      ['b', 'the suppression of CS103 for container "sidecar" matches no finding'],
    ]);
  });
});

describe('CS002 expired suppression', () => {
  test('accepts a suppression that has not expired, and reports its expiry with the finding', () => {
    const findings = check(withSuppressions(privileged(), [{ ruleId: 'CS103', reason: REASON, expires: '2030-06-30' }]), { today: '2030-01-01' });
    expect(ruleIds(findings)).toEqual(['CS103']);
    expect(single(findings, 'CS103').suppressed).toEqual({ reason: REASON, expires: '2030-06-30' });
  });

  test('accepts a suppression on its last day', () => {
    const findings = check(withSuppressions(privileged(), [{ ruleId: 'CS103', reason: REASON, expires: '2030-01-01' }]), { today: '2030-01-01' });
    expect(of(findings, 'CS002')).toEqual([]);
    expect(single(findings, 'CS103').suppressed?.expires).toBe('2030-01-01');
  });

  test('reports an expired suppression, and the finding again', () => {
    const findings = check(withSuppressions(privileged(), [{ ruleId: 'CS103', reason: REASON, expires: '2000-01-01' }]));
    expect(ruleIds(findings)).toEqual(['CS002', 'CS103']);
    const f = single(findings, 'CS002');
    expect(f).toMatchObject({
      severity: Severity.ERROR,
      path: ANNOTATION_PATH,
      message: `the suppression of CS103 expired on 2000-01-01 (reason: ${REASON})`,
      object: { kind: 'Deployment', name: 'web' },
    });
    expect(f.container).toBeUndefined();
    expect(single(findings, 'CS103').suppressed).toBeUndefined();
  });

  test('reports a suppression that expired the day before the checker\'s today', () => {
    const findings = check(withSuppressions(privileged(), [{ ruleId: 'CS103', reason: REASON, expires: '2029-12-31' }]), { today: '2030-01-01' });
    expect(single(findings, 'CS002').message).toContain('expired on 2029-12-31');
    expect(single(findings, 'CS103').suppressed).toBeUndefined();
  });

  test('reports an expired suppression even when it would match nothing (and no CS001 for it)', () => {
    const findings = check(withSuppressions(compliant(), [{ ruleId: 'CS103', reason: REASON, expires: '2000-01-01' }]));
    expect(ruleIds(findings)).toEqual(['CS002']);
  });

  test('its findings cannot be suppressed', () => {
    const obj = withSuppressions(privileged(), [{ ruleId: 'CS002', reason: REASON }, { ruleId: 'CS103', reason: REASON, expires: '2000-01-01' }]);
    const f = single(check(obj), 'CS002');
    expect(f.suppressed).toBeUndefined();
  });
});

describe('CS003 invalid suppression', () => {
  test('accepts a well-formed annotation', () => {
    const obj = withSuppressions(privileged(), [{ ruleId: 'CS103', reason: REASON, expires: '2099-12-31', container: 'app' }]);
    expect(of(check(obj), 'CS003')).toEqual([]);
  });

  test.each([
    ['invalid JSON', '[{"ruleId": "CS103", ', 'the cdk8s-secure.io/suppressions annotation is not valid JSON'],
    ['not an array', JSON.stringify({ ruleId: 'CS103', reason: REASON }), 'the cdk8s-secure.io/suppressions annotation must be a JSON array'],
    ['an element that is not an object', JSON.stringify(['CS103']), 'suppression 0: must be an object {ruleId, reason, expires?, container?}'],
    ['an unknown rule id', JSON.stringify([{ ruleId: 'CS999', reason: REASON }]), 'suppression 0: unknown rule id "CS999"'],
    ['a missing rule id', JSON.stringify([{ reason: REASON }]), 'suppression 0: unknown rule id undefined'],
    ['a reason shorter than 10 characters', JSON.stringify([{ ruleId: 'CS103', reason: 'too short' }]),
      'suppression 0: the reason for CS103 must have at least 10 visible characters (got "too short")'],
    ['a short reason padded with spaces', JSON.stringify([{ ruleId: 'CS103', reason: '    short     ' }]),
      'suppression 0: the reason for CS103 must have at least 10 visible characters (got "    short     ")'],
    ['no reason', JSON.stringify([{ ruleId: 'CS103' }]), 'suppression 0: the reason for CS103 must have at least 10 visible characters (got null)'],
    // Zero-width spaces, joiners, BOMs, bidi marks and the Hangul filler show nothing: they do not count.
    ['a reason padded with invisible code points', JSON.stringify([{ ruleId: 'CS103', reason: 'ok\u200b\u200c\u200d\ufeff\u2060\u200e\u3164\u00ad\u180e\u034f' }]),
      'suppression 0: the reason for CS103 must have at least 10 visible characters (got "ok\u200b\u200c\u200d\ufeff\u2060\u200e\u3164\u00ad\u180e\u034f")'],
    ['an expiry that is not YYYY-MM-DD', JSON.stringify([{ ruleId: 'CS103', reason: REASON, expires: '31/12/2030' }]),
      'suppression 0: expires for CS103 must be a YYYY-MM-DD date (got "31/12/2030")'],
    ['an expiry that is not a real date', JSON.stringify([{ ruleId: 'CS103', reason: REASON, expires: '2030-02-30' }]),
      'suppression 0: expires for CS103 must be a YYYY-MM-DD date (got "2030-02-30")'],
    ['a container that is not a string', JSON.stringify([{ ruleId: 'CS103', reason: REASON, container: 0 }]),
      'suppression 0: container for CS103 must be a string'],
  ])('reports %s, and suppresses nothing', (_what, annotation, message) => {
    const findings = check(withSuppressions(privileged(), annotation));
    expect(ruleIds(findings)).toEqual(['CS003', 'CS103']);
    const f = single(findings, 'CS003');
    expect(f).toMatchObject({
      severity: Severity.ERROR,
      path: ANNOTATION_PATH,
      message,
      object: { kind: 'Deployment', name: 'web' },
    });
    expect(f.container).toBeUndefined();
    expect(single(findings, 'CS103').suppressed).toBeUndefined();
  });

  test('valid suppressions next to an invalid one still apply', () => {
    const obj = withSuppressions(privileged(), [{ ruleId: 'CS999', reason: REASON }, { ruleId: 'CS103', reason: REASON }]);
    const findings = check(obj);
    expect(single(findings, 'CS003').message).toBe('suppression 0: unknown rule id "CS999"');
    expect(single(findings, 'CS103').suppressed?.reason).toBe(REASON);
    expect(of(findings, 'CS001')).toEqual([]);
  });

  test('reports each invalid suppression by its index', () => {
    const obj = withSuppressions(compliant(), [{ ruleId: 'CS103', reason: 'short' }, { ruleId: 'CS104', reason: 'tiny' }]);
    expect(of(check(obj), 'CS003').map(f => f.message.slice(0, 13))).toEqual(['suppression 0', 'suppression 1']);
  });

  test('its findings cannot be suppressed: a suppression naming a meta-rule is itself invalid', () => {
    const obj = withSuppressions(compliant(), [{ ruleId: 'CS003', reason: REASON }, { ruleId: 'CS999', reason: REASON }]);
    const found = of(check(obj), 'CS003');
    expect(found.map(f => f.message)).toEqual([
      'suppression 0: CS003 is about suppressions themselves and cannot be suppressed',
      'suppression 1: unknown rule id "CS999"',
    ]);
    expect(found.every(f => f.suppressed === undefined)).toBe(true);
  });
});
