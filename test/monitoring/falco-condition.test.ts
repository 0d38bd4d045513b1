import * as fc from 'fast-check';
import {
  ConditionSyntaxError, conditionReferences, LIST_OPERATORS, looksLikeListName, NUMERIC_OPERATORS, SYMBOL_STRING_OPERATORS,
  TokenKind, tokenizeCondition, WORD_STRING_OPERATORS,
} from '../../src/monitoring/_falco-condition';

const kinds = (c: string) => tokenizeCondition(c).map(t => `${t.kind}:${t.text}`);
const syntaxError = (c: string): ConditionSyntaxError => {
  try {
    tokenizeCondition(c);
  } catch (e) {
    expect(e).toBeInstanceOf(ConditionSyntaxError);
    return e as ConditionSyntaxError;
  }
  throw new Error(`expected a syntax error for ${c}`);
};

describe('tokenizeCondition', () => {
  test('the guide\'s condition: three macros and a numeric check', () => {
    expect(kinds('spawned_process and container and shell_procs and user.uid >= 1000')).toEqual([
      'macro:spawned_process', 'and:and', 'macro:container', 'and:and', 'macro:shell_procs', 'and:and',
      'field:user.uid', 'operator:>=', 'value:1000',
    ]);
    expect(conditionReferences('spawned_process and container and shell_procs and user.uid >= 1000'))
      .toEqual({ macros: ['spawned_process', 'container', 'shell_procs'], listValues: [] });
  });

  test('the default spawned_process macro: list operator, and "<" as a bare value after "="', () => {
    expect(kinds('(evt.type in (execve, execveat) and evt.dir=<)')).toEqual([
      'lparen:(', 'field:evt.type', 'operator:in', 'lparen:(', 'value:execve', 'comma:,', 'value:execveat', 'rparen:)',
      'and:and', 'field:evt.dir', 'operator:=', 'value:<', 'rparen:)',
    ]);
  });

  test.each([
    ['(evt.type in (open,openat,openat2) and evt.is_open_write=true and fd.typechar=\'f\' and fd.num>=0)', [], ['open', 'openat', 'openat2']],
    ['proc.name!="<NA>"', [], []],
    ['(proc.aname[2]=chef_command_wr or proc.aname[3]=chef-client or proc.name=chef-client)', [], []],
    ['evt.type=socket and container and evt.arg[0] contains AF_PACKET and not proc.name in (user_known_packet_socket_binaries)', ['container'], ['user_known_packet_socket_binaries']],
    ['(not proc.pname exists or proc.pname in (runc:[0:PARENT], runc:[1:CHILD], runc, docker-runc))', [], ['runc:[0:PARENT]', 'runc:[1:CHILD]', 'runc', 'docker-runc']],
    ['(fd.sip.name="kubernetes.default.svc.cluster.local")', [], []],
    ['fd.name contains \'/.ssh/\' and fd.name glob \'/home/*/.ssh/*\'', [], []],
    ['proc.cmdline startswith "sh -c envdir \\"/run/etc/wal-e.d/env\\" wal-g wal-push"', [], []],
    ['container.image.repository in (falco_privileged_images, trusted_images) or k8s.ns.name = "kube-system"', [], ['falco_privileged_images', 'trusted_images']],
    ['fd.sport in (ssh_non_standard_ports) and thread.cap_effective icontains sys_module', [], ['ssh_non_standard_ports']],
    ['proc.name in shell_binaries', [], ['shell_binaries']],
    ['tolower(proc.name) = val(proc.pname) and toupper(basename(proc.exe)) pmatch (/usr/bin)', [], ['/usr/bin']],
    ['not(spawned_process) and not  not container', ['spawned_process', 'container'], []],
    ['evt.rawres in (0, 1, 2) and fd.type in ("ipv4", "ipv6") and evt.num=0x1F', [], ['0', '1', '2']],
    ['k8s.pod.label["app.kubernetes.io/name"] = web and proc.name in ()', [], []],
  ])('references in %s', (condition, macros, listValues) => {
    expect(conditionReferences(condition)).toEqual({ macros, listValues });
  });

  test('quoted strings, field names, operators and keywords are never macro references', () => {
    const c = 'proc.cmdline contains "spawned_process and (container)" and proc.name = \'shell_procs\' and fd.name startswith and_or';
    expect(conditionReferences(c)).toEqual({ macros: [], listValues: [] });
    expect(tokenizeCondition(c).filter(t => t.kind === TokenKind.VALUE).map(t => [t.text, t.quoted])).toEqual([
      ['"spawned_process and (container)"', true], ['\'shell_procs\'', true], ['and_or', false],
    ]);
  });

  test('quoted list values are not list references', () => {
    expect(conditionReferences('proc.name in ("shell_binaries", shell_binaries)')).toEqual({ macros: [], listValues: ['shell_binaries'] });
  });

  test.each([
    ['', 0, 'the condition is empty'],
    ['  \n ', 0, 'the condition is empty'],
    ['(spawned_process and container', 30, 'expected ")" but found the end of the condition'],
    ['spawned_process and', 19, 'expected a blank or "(" after "and"'],
    ['spawned_process and ', 20, 'expected "(", a field check or a macro name, but found the end of the condition'],
    ['proc.name', 9, 'expected an operator after "proc.name" (one of exists <= < >= > == = != glob iglob contains icontains bcontains startswith bstartswith endswith regex intersects in pmatch) but found the end of the condition'],
    ['proc.name = ', 12, 'expected a value after "=" but found the end of the condition'],
    ['proc.name contains"x"', 18, 'expected a blank after "contains"'],
    ['user.uid >= root', 12, 'expected a number after ">=" but found "root"'],
    ['proc.name = "bash', 12, 'unterminated double-quoted string'],
    ['proc.name in (bash, sh', 22, 'expected "," or ")" in the list after "in" but found the end of the condition'],
    ['proc.name in bash-x', 17, 'unexpected "-x" after "bash", expecting "and", "or" or the end'],
    ['container)', 9, 'unexpected ")" after "container", expecting "and", "or" or the end'],
    ['spawned_process container', 16, 'unexpected "container" after "spawned_process", expecting "and", "or" or the end'],
    ['proc.aname[2 = x', 12, 'expected "]" closing the argument of "proc.aname"'],
    ['tolower(container) = x', 8, 'expected a field or a transformer (tolower, toupper, b64, basename, len, val) but found "container)"'],
    ['= bash', 0, 'expected "(", a field check or a macro name, but found "="'],
  ])('rejects %j at %d: %s', (condition, offset, message) => {
    const e = syntaxError(condition);
    expect([e.offset, e.message]).toEqual([offset, message]);
  });

  test('rejects nesting deeper than Falco\'s limit', () => {
    expect(syntaxError(`${'('.repeat(600)}container${')'.repeat(600)}`).message).toBe('the condition nests deeper than 1000 levels');
  });

  test('looksLikeListName: identifiers with an underscore', () => {
    expect(['shell_binaries', 'my_list2', 'a_b_c'].map(looksLikeListName)).toEqual([true, true, true]);
    expect(['bash', '/etc/shadow', 'runc:[0:PARENT]', '_x', 'x_', 'apt-get', '10_etc'].map(looksLikeListName)).toEqual([false, false, false, false, false, false, false]);
  });
});

// ---------------------------------------------------------------------------------------------------
// Property-based tests: random conditions built from the grammar, rendered with random spacing.
// ---------------------------------------------------------------------------------------------------

interface Rendered {
  readonly text: string;
  readonly macros: string[];
  readonly listValues: string[];
}

const KEYWORDS = ['and', 'or', 'not'];
const identifier = fc.stringMatching(/^[a-z][a-z0-9_]{0,12}$/).filter(s => !KEYWORDS.includes(s));
const fieldName = fc.tuple(fc.constantFrom('proc', 'fd', 'evt', 'user', 'container', 'k8s', 'thread'), fc.array(fc.stringMatching(/^[a-z][a-z0-9_]{0,8}$/), { minLength: 1, maxLength: 3 }))
  .map(([a, rest]) => [a, ...rest].join('.'));
const fieldArg = fc.oneof(fc.constant(''), fc.stringMatching(/^\[[0-9]{1,2}\]$/), fc.stringMatching(/^\[[a-z./-]{1,10}\]$/), fc.constant('["io.kubernetes/x y"]'));
const field = fc.tuple(fieldName, fieldArg).map(([n, a]) => n + a);
const blank = fc.constantFrom(' ', '  ', '\n', ' \t ', '\r\n  ');
const optBlank = fc.oneof(fc.constant(''), blank);
/** Text of a quoted string full of keywords, parentheses, macro-like words and escaped quotes. */
const quotedContent = fc.array(fc.constantFrom('and', 'or', 'not', '(', ')', ',', ' ', 'spawned_process', 'shell_binaries', '=', 'in', '\\"', '\\\\', 'x', '\'', '%'), { maxLength: 8 }).map(a => a.join(''));
const quoted = fc.oneof(
  quotedContent.map(s => `"${s}"`),
  quotedContent.map(s => `'${s.replace(/'/g, '').replace(/\\"/g, '"')}'`),
);
const bare = fc.stringMatching(/^[^()"'\s=,]{1,12}$/);
const numberValue = fc.oneof(fc.integer({ min: -100000, max: 100000 }).map(String), fc.constantFrom('0x1F', '1.5', '2e+10'));

function leaf(): fc.Arbitrary<Rendered> {
  const macro = identifier.map(m => ({ text: m, macros: [m], listValues: [] }));
  const lhs = fc.oneof({ arbitrary: field, weight: 4 }, { arbitrary: field.map(f => `tolower(${f})`), weight: 1 });
  const unary = lhs.map(f => ({ text: `${f} exists`, macros: [], listValues: [] }));
  const numeric = fc.tuple(lhs, optBlank, fc.constantFrom(...NUMERIC_OPERATORS), optBlank, numberValue)
    .map(([f, b1, op, b2, v]) => ({ text: `${f}${b1}${op}${b2}${v}`, macros: [], listValues: [] }));
  const symbolString = fc.tuple(lhs, optBlank, fc.constantFrom(...SYMBOL_STRING_OPERATORS), optBlank, fc.oneof(quoted, bare, field.map(f => `val(${f})`)))
    .map(([f, b1, op, b2, v]) => ({ text: `${f}${b1}${op}${b2}${v}`, macros: [], listValues: [] }));
  const wordString = fc.tuple(lhs, blank, fc.constantFrom(...WORD_STRING_OPERATORS), blank, fc.oneof(quoted, bare))
    .map(([f, b1, op, b2, v]) => ({ text: `${f}${b1}${op}${b2}${v}`, macros: [], listValues: [] }));
  const listItem = fc.oneof(
    quoted.map(q => ({ text: q, ref: undefined as string | undefined })),
    bare.map(b => ({ text: b, ref: b as string | undefined })),
  );
  const list = fc.tuple(lhs, blank, fc.constantFrom(...LIST_OPERATORS), optBlank, fc.array(listItem, { maxLength: 5 }), optBlank)
    .map(([f, b1, op, b2, items, b3]) => ({
      text: `${f}${b1}${op}${b2}(${b3}${items.map(i => i.text).join(`${b3},${b3}`)}${b3})`,
      macros: [],
      listValues: items.map(i => i.ref).filter((r): r is string => r !== undefined),
    }));
  const listName = fc.tuple(lhs, blank, fc.constantFrom(...LIST_OPERATORS), blank, identifier)
    .map(([f, b1, op, b2, id]) => ({ text: `${f}${b1}${op}${b2}${id}`, macros: [], listValues: [id] }));
  return fc.oneof(macro, unary, numeric, symbolString, wordString, list, listName);
}

const condition: fc.Arbitrary<Rendered> = fc.letrec<{ expr: Rendered }>(tie => ({
  expr: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf(),
    fc.tuple(tie('expr'), blank, fc.constantFrom('and', 'or'), blank, tie('expr')).map(([a, b1, op, b2, c]) => join(`${a.text}${b1}${op}${b2}${c.text}`, a, c)),
    fc.tuple(blank, tie('expr')).map(([b, a]) => join(`not${b}${a.text}`, a)),
    fc.tuple(optBlank, tie('expr'), optBlank).map(([b1, a, b2]) => join(`(${b1}${a.text}${b2})`, a)),
  ),
})).expr;

function join(text: string, ...parts: Rendered[]): Rendered {
  return { text, macros: parts.flatMap(p => p.macros), listValues: parts.flatMap(p => p.listValues) };
}
const unique = (a: string[]) => [...new Set(a)];

describe('tokenizeCondition (property-based)', () => {
  test('finds exactly the macros and list values of any grammatical condition', () => {
    fc.assert(fc.property(condition, c => {
      expect(conditionReferences(c.text)).toEqual({ macros: unique(c.macros), listValues: unique(c.listValues) });
    }), { numRuns: 1500 });
  });

  test('tokens cover the input in order, with only blanks between them', () => {
    fc.assert(fc.property(condition, c => {
      const tokens = tokenizeCondition(c.text);
      let at = 0;
      for (const t of tokens) {
        expect(t.start).toBeGreaterThanOrEqual(at);
        expect(c.text.slice(at, t.start)).toMatch(/^[ \t\b\r\n]*$/);
        expect(c.text.slice(t.start, t.end)).toBe(t.text);
        at = t.end;
      }
      expect(c.text.slice(at)).toMatch(/^[ \t\b\r\n]*$/);
    }), { numRuns: 500 });
  });

  test('wrapping a condition in parentheses or "not" keeps its references', () => {
    fc.assert(fc.property(condition, blank, (c, b) => {
      const refs = conditionReferences(c.text);
      expect(conditionReferences(`not${b}(${c.text})`)).toEqual(refs);
    }), { numRuns: 300 });
  });

  test('any text either tokenizes or fails with a ConditionSyntaxError inside the text', () => {
    const noise = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.array(fc.constantFrom('(', ')', 'and ', 'or ', 'not ', 'proc.name', ' in ', '=', '"', '\'', 'x', ',', ' ', 'exists', '>=', '1', '[', ']', 'tolower('), { maxLength: 15 }).map(a => a.join('')),
    );
    fc.assert(fc.property(noise, s => {
      try {
        tokenizeCondition(s);
      } catch (e) {
        expect(e).toBeInstanceOf(ConditionSyntaxError);
        expect((e as ConditionSyntaxError).offset).toBeGreaterThanOrEqual(0);
        expect((e as ConditionSyntaxError).offset).toBeLessThanOrEqual(s.length);
      }
    }), { numRuns: 2000 });
  });
});
