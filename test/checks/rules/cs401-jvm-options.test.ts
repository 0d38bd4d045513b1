/**
 * CS401 on option lists (JAVA_TOOL_OPTIONS, JAVA_OPTS, NODE_OPTIONS): a JVM flag is not a credential, a
 * system property whose name says credential is, whatever the options around it.
 */
import { check, deployment, expectSuppressed, Obj, of } from './_fixtures';

const withEnv = (...env: Obj[]) => deployment(spec => { spec.containers[0].env = env; });
const cs401 = (name: string, value: string) => of(check(withEnv({ name, value })), 'CS401');

describe('CS401: command-line option lists', () => {
  test.each<[string, string]>([
    ['JAVA_TOOL_OPTIONS', '-XX:MaxRAMPercentage=75'],
    ['JAVA_TOOL_OPTIONS', '-XX:InitialRAMPercentage=50.0 -XX:MaxRAMPercentage=75.0 -XX:+ExitOnOutOfMemoryError'],
    ['JAVA_OPTS', '-Xms256m -Xmx512m -XX:+UseG1GC -Djava.security.egd=file:/dev/./urandom'],
    ['JAVA_TOOL_OPTIONS', '-javaagent:/otel/opentelemetry-javaagent.jar -Dotel.service.name=CheckoutApi42'],
    ['NODE_OPTIONS', '--max-old-space-size=4096 --enable-source-maps'],
  ])('regression: accepts %s = %s (JVM / runtime flags)', (name, value) => {
    expect(cs401(name, value)).toEqual([]);
  });

  test.each<[string, string, string]>([
    ['JAVA_TOOL_OPTIONS', '-XX:MaxRAMPercentage=75 -Dspring.datasource.password=Sup3rS3cr3tPw', 'its option spring.datasource.password: its name says it holds a credential'],
    ['JAVA_OPTS', '-Djavax.net.ssl.trustStorePassword=changeit', 'its option javax.net.ssl.trustStorePassword: its name says it holds a credential'],
    ['JAVA_OPTS', '-Ddb.url=postgres://app:hunter2hunter2@db:5432/app', 'its option db.url: its value looks like a URL with an embedded password'],
    ['JAVA_TOOL_OPTIONS', '-XX:+UseG1GC -Daws.accessKeyId=AKIAIOSFODNN7EXAMPLE', 'its value looks like an AWS access key id'],
    ['NODE_OPTIONS', '--require=./tracing.js --api-token=ghp_0123456789abcdefghijABCDEFGHIJ012345', 'its value looks like a GitHub token'],
  ])('still reports %s = %s', (name, value, why) => {
    const f = cs401(name, value);
    expect(f).toHaveLength(1);
    expect(f[0].message).toBe(`container "app" sets env var ${name} to a literal value, and ${why}`);
    expect(f[0].message).not.toContain(value);
  });

  test('a variable whose name says credential is judged as a whole, even if its value starts with a dash', () => {
    expect(cs401('DB_PASSWORD', '-Xk9PqR2mL7vN4tB8wZ')).toHaveLength(1);
  });

  test('a suppression with a reason keeps the finding, marked suppressed', () => {
    expectSuppressed(withEnv({ name: 'JAVA_OPTS', value: '-Djavax.net.ssl.trustStorePassword=changeit' }), 'CS401');
  });
});
