/**
 * The names of Falco's default ruleset that FalcoRules accepts without a definition follow the current
 * falco-rules release: a condition that uses one must never be refused.
 */
import { Testing } from 'cdk8s';
import { FalcoPriority, FalcoRules } from '../../src';
import { DEFAULT_LISTS, DEFAULT_MACROS, DEFAULT_RULES } from '../../src/monitoring/_falco-defaults';

function build(condition: string, defaultRuleset?: boolean): () => FalcoRules {
  return () => new FalcoRules(Testing.chart(), 'falco', {
    ...(defaultRuleset === undefined ? {} : { defaultRuleset }),
    rules: [{ rule: 'Shell under postgres', desc: 'A shell below postgres.', condition, output: 'shell (cmd=%proc.cmdline)', priority: FalcoPriority.NOTICE }],
  });
}

describe('default ruleset names', () => {
  test('regression: postgres_running_cnpg (the CloudNativePG exclusion of "Run shell untrusted") is not refused', () => {
    expect(build('spawned_process and shell_procs and proc.pname=postgres and not postgres_running_cnpg')).not.toThrow();
  });

  test.each([
    'python_mesos_marathon_scripting', 'splunk_running_forwarder', 'postgres_running_wal_e', 'rabbitmq_running_scripts',
    'parent_java_running_kafka', 'nginx_starting_nginx', 'possibly_parent_java_running_tomcat', 'run_by_appdynamics',
  ])('a macro "Run shell untrusted" / "Read sensitive file untrusted" use (%s) is accepted', (macro) => {
    expect(build(`spawned_process and not ${macro}`)).not.toThrow();
  });

  test('without the default ruleset, the same condition is refused (CSE706): the table is what lets it through', () => {
    expect(build('spawned_process and not postgres_running_cnpg', false)).toThrow(/CSE706 .*macro "spawned_process"/);
  });

  test('a misspelt default macro is still refused', () => {
    expect(build('spawned_process and not postgres_running_cnpq')).toThrow(/CSE706 .*"postgres_running_cnpq"/);
  });

  test('the tables hold each name once, and the release\'s 25 stable rules', () => {
    for (const names of [DEFAULT_MACROS, DEFAULT_LISTS, DEFAULT_RULES]) expect(new Set(names).size).toBe(names.length);
    expect(DEFAULT_RULES).toHaveLength(25);
    // 84 macros of the reviewed commit, plus postgres_running_cnpg.
    expect(DEFAULT_MACROS).toHaveLength(85);
  });
});
