import { expandVariables } from '../../src/dockerfile/_expand';
import { commandsOf, wordsOf } from '../../src/dockerfile/_shell';

describe('commandsOf (the RUN splitter behind CS822)', () => {
  test('splits on newlines, ;, &&, ||, | and parentheses; honours quotes, escapes and comments', () => {
    expect(commandsOf('apt-get update && apt-get install -y \'build essential\' "g\\"cc" || (echo fail; exit 1) | tee log # apt-get install make\nmake all')).toEqual([
      ['apt-get', 'update'],
      ['apt-get', 'install', '-y', 'build essential', 'g"cc'],
      ['echo', 'fail'],
      ['exit', '1'],
      ['tee', 'log'],
      ['make', 'all'],
    ]);
  });

  test('a backslash-newline joins lines; a backslash escapes one character; an unterminated quote runs to the end', () => {
    expect(commandsOf('apk add \\\n  gcc \\;echo \'unterminated')).toEqual([['apk', 'add', 'gcc', ';echo', 'unterminated']]);
  });

  test('the exec form is unwrapped, sh -c scripts are split; a bad JSON array is read as shell text', () => {
    expect(commandsOf('["bash", "-ec", "apk add gcc; make"]')).toEqual([['apk', 'add', 'gcc'], ['make']]);
    expect(commandsOf('["make", "all"]')).toEqual([['make', 'all']]);
    expect(commandsOf('[]')).toEqual([]);
    expect(commandsOf('[not json')).toEqual([['[not', 'json']]);
  });

  test('wordsOf (ADD and COPY sources): exec form or blank-separated words without quotes, query strings intact', () => {
    expect(wordsOf('["https://a.example/x?y=1&z=2", "/opt/"]')).toEqual(['https://a.example/x?y=1&z=2', '/opt/']);
    expect(wordsOf(' "https://a.example/x?y=1&z=2"  /opt/ ')).toEqual(['https://a.example/x?y=1&z=2', '/opt/']);
  });
});

describe('expandVariables (defaults, as a build without --build-arg sees them)', () => {
  const scope = new Map<string, string | null>([['SET', 'v'], ['EMPTY', ''], ['DECLARED', null]]);
  test.each([
    ['$SET ${SET}', 'v v', []],
    ['${SET:-d} ${EMPTY:-d} ${DECLARED:-d} ${UNKNOWN:-d}', 'v d d d', []],
    ['${SET-d} ${EMPTY-d} ${DECLARED-d}', 'v  d', []],
    ['${SET:+a} ${EMPTY:+a} ${DECLARED:+a}', 'a  ', []],
    ['${SET+a} ${EMPTY+a} ${DECLARED+a}', 'a a ', []],
    ['$DECLARED ${UNKNOWN} $DECLARED', '$DECLARED ${UNKNOWN} $DECLARED', ['DECLARED', 'UNKNOWN']],
    ['\\$SET', '\\$SET', []],
  ])('%s', (text, expected, unresolved) => {
    expect(expandVariables(text, scope)).toEqual({ text: expected, unresolved });
  });

  test('with the backtick escape character, a backslash does not escape $', () => {
    expect(expandVariables('C:\\$SET `$SET', scope, '`').text).toBe('C:\\v `$SET');
  });
});
