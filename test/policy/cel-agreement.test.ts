/**
 * The agreement test: for every catalog rule with a CEL form, the emitted ValidatingAdmissionPolicy,
 * evaluated by a real CEL implementation, admits exactly the objects on which the checker reports nothing
 * for that rule, on every fixture and every pod-bearing kind.
 */
import { Testing } from 'cdk8s';
import * as fc from 'fast-check';
import { IMAGES, MUTATIONS, OTHER_OBJECTS } from './_agreement-fixtures';
import { admit, Obj } from './_cel';
import { CatalogAdmissionPolicies, Checker, RULES } from '../../src';
import { parseImage } from '../../src/_image';
import { NO_CEL } from '../../src/policy/cel/_catalog';
import { IMAGE_LATEST, IMAGE_NO_DIGEST, IMAGE_TAGGED } from '../../src/policy/cel/_image-rules';
import { POD_KINDS, workload } from '../checks/rules/_fixtures';

const ALL_CEL_RULES = CatalogAdmissionPolicies.supportedRuleIds();

/** Every policy the construct can emit, by rule id. */
function policies(): Map<string, Obj> {
  const chart = Testing.chart();
  new CatalogAdmissionPolicies(chart, 'policies', { rules: ALL_CEL_RULES });
  const out = new Map<string, Obj>();
  for (const o of chart.toJson()) {
    if (o.kind === 'ValidatingAdmissionPolicy') out.set(o.metadata.labels['cdk8s-secure.io/rule'], o);
  }
  return out;
}

const POLICIES = policies();

/** The rule ids the checker reports on `obj` (checked alone), restricted to rules with a CEL form. */
function checkerFails(obj: Obj): Set<string> {
  return new Set(new Checker().check([obj]).map(f => f.ruleId).filter(id => POLICIES.has(id)));
}

/** The rule ids whose policy matches `obj` and rejects it. */
function celFails(obj: Obj): Set<string> {
  const out = new Set<string>();
  for (const [id, policy] of POLICIES) {
    if (!admit(policy, obj).allowed) out.add(id);
  }
  return out;
}

function disagreement(obj: Obj, b: Set<string> = celFails(obj)): string[] {
  const a = checkerFails(obj);
  return [...POLICIES.keys()].filter(id => a.has(id) !== b.has(id))
    .map(id => `${id}: checker ${a.has(id) ? 'fails' : 'passes'}, CEL ${b.has(id) ? 'fails' : 'passes'}`);
}

describe('CEL agreement with the checker', () => {
  test('a policy is emitted for every rule with a CEL form', () => {
    expect([...POLICIES.keys()].sort()).toEqual(ALL_CEL_RULES);
    expect(ALL_CEL_RULES.length).toBe(41);
  });

  const cases = MUTATIONS.flatMap(([name, mutate]) => POD_KINDS.map(kind => [name, kind, mutate] as const));

  /** The CEL verdicts of each case, kept for the coverage test below. */
  const celVerdicts = new Map<string, Set<string>>();

  test.each(cases)('%s (%s)', (name, kind, mutate) => {
    const obj = workload(kind, mutate);
    const cel = celFails(obj);
    celVerdicts.set(`${name} ${kind}`, cel);
    expect(disagreement(obj, cel)).toEqual([]);
  });

  test.each(OTHER_OBJECTS.map(o => [`${o.kind} ${o.metadata.name} ${JSON.stringify(o.spec?.type ?? o.roleRef?.name ?? '')}`, o]))('%s', (_name, obj) => {
    expect(disagreement(obj)).toEqual([]);
  });

  test('every pod rule is seen both failing and passing on every pod-bearing kind', () => {
    const seen = new Map<string, { fail: number; pass: number }>();
    for (const [name, mutate] of MUTATIONS) {
      for (const kind of POD_KINDS) {
        const fails = celVerdicts.get(`${name} ${kind}`) ?? celFails(workload(kind, mutate));
        for (const [id, policy] of POLICIES) {
          if (!policy.spec.matchConstraints.resourceRules.some((r: Obj) => r.resources.includes('pods'))) continue;
          const key = `${id} ${kind}`;
          const s = seen.get(key) ?? { fail: 0, pass: 0 };
          if (fails.has(id)) s.fail++; else s.pass++;
          seen.set(key, s);
        }
      }
    }
    const batchOnlyPass = new Set(['CS204 Job', 'CS204 CronJob', 'CS205 Job', 'CS205 CronJob']);
    const missing = [...seen].filter(([key, s]) => s.pass === 0 || (s.fail === 0 && !batchOnlyPass.has(key))).map(([key]) => key);
    expect(missing).toEqual([]);
    expect(seen.size).toBe(31 * POD_KINDS.length);
  });

  test('the Service and RBAC rules are seen both failing and passing', () => {
    for (const id of ['CS302', 'CS322', 'CS501', 'CS502', 'CS503', 'CS504', 'CS505', 'CS506', 'CS507', 'CS509']) {
      const verdicts = OTHER_OBJECTS.map(o => admit(POLICIES.get(id)!, o));
      expect({ id, failing: verdicts.some(v => !v.allowed) }).toEqual({ id, failing: true });
      expect({ id, passing: verdicts.some(v => v.matched && v.allowed) }).toEqual({ id, passing: true });
    }
  });

  test('every catalog rule over pods either has a CEL form or says why not', () => {
    const podRules = RULES.filter(r => r.appliesTo('Pod') || r.appliesTo('Deployment')).map(r => r.id);
    expect(podRules.filter(id => !POLICIES.has(id) && !(id in NO_CEL))).toEqual([]);
    expect(Object.keys(NO_CEL).filter(id => POLICIES.has(id))).toEqual([]);
  });
});

describe('CEL agreement on generated pods (property-based)', () => {
  const opt = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
  const caps = fc.constantFrom('ALL', 'all', 'CAP_ALL', 'NET_BIND_SERVICE', 'net_bind_service', 'CHOWN', 'SYS_ADMIN', 'NET_RAW', 'cap_kill');
  const seccomp = fc.constantFrom('RuntimeDefault', 'Localhost', 'Unconfined');
  const id = fc.constantFrom(0, 1, 1000, 10000, 10001, 65532);
  const securityContext = fc.record({
    runAsNonRoot: opt(fc.boolean()),
    runAsUser: opt(id),
    runAsGroup: opt(id),
    privileged: opt(fc.boolean()),
    allowPrivilegeEscalation: opt(fc.boolean()),
    readOnlyRootFilesystem: opt(fc.boolean()),
    procMount: opt(fc.constantFrom('Default', 'Unmasked')),
    seccompProfile: opt(fc.record({ type: seccomp })),
    appArmorProfile: opt(fc.record({ type: fc.constantFrom('RuntimeDefault', 'Localhost', 'Unconfined') })),
    capabilities: opt(fc.record({ add: opt(fc.array(caps, { maxLength: 2 })), drop: opt(fc.array(caps, { maxLength: 2 })) })),
  }, { requiredKeys: [] });
  const containerArb = (name: string) => fc.record({
    name: fc.constant(name),
    image: opt(fc.constantFrom(...IMAGES)),
    imagePullPolicy: opt(fc.constantFrom('Always', 'IfNotPresent')),
    securityContext: opt(securityContext),
    resources: opt(fc.record({
      requests: opt(fc.record({ cpu: opt(fc.constant('100m')), memory: opt(fc.constant('128Mi')) })),
      limits: opt(fc.record({ cpu: opt(fc.constant('200m')), memory: opt(fc.constant('256Mi')) })),
    })),
    livenessProbe: opt(fc.constant({ tcpSocket: { port: 8080 } })),
    readinessProbe: opt(fc.constant({ tcpSocket: { port: 8080 } })),
    ports: opt(fc.array(fc.record({ containerPort: fc.constant(8080), hostPort: opt(fc.constantFrom(0, 8080)) }), { maxLength: 1 })),
  });
  const podArb = fc.record({
    kind: fc.constantFrom(...POD_KINDS),
    hostNetwork: opt(fc.boolean()),
    automountServiceAccountToken: opt(fc.boolean()),
    serviceAccountName: opt(fc.constantFrom('web', 'default', '')),
    os: opt(fc.constantFrom('linux', 'windows')),
    podSecurityContext: opt(fc.record({
      runAsNonRoot: opt(fc.boolean()), runAsUser: opt(id), fsGroup: opt(id), seccompProfile: opt(fc.record({ type: seccomp })),
    }, { requiredKeys: [] })),
    containers: fc.array(containerArb('app'), { minLength: 1, maxLength: 2 }),
    initContainers: opt(fc.array(containerArb('init'), { maxLength: 1 })),
    volume: opt(fc.constantFrom({ name: 'h', hostPath: { path: '/' } }, { name: 'e', emptyDir: {} }, { name: 'n', nfs: { server: 's', path: '/' } })),
  });

  test('the checker and the CEL policies agree on 300 generated workloads', () => {
    fc.assert(fc.property(podArb, p => {
      const obj = workload(p.kind, spec => {
        for (const key of Object.keys(spec)) delete spec[key];
        const strip = (o: any): any => JSON.parse(JSON.stringify(o));
        Object.assign(spec, strip({
          hostNetwork: p.hostNetwork,
          automountServiceAccountToken: p.automountServiceAccountToken,
          serviceAccountName: p.serviceAccountName,
          os: p.os ? { name: p.os } : undefined,
          securityContext: p.podSecurityContext,
          containers: p.containers.map((c, i) => ({ ...c, name: `c${i}` })),
          initContainers: p.initContainers,
          volumes: p.volume ? [p.volume] : undefined,
          restartPolicy: p.kind === 'Job' || p.kind === 'CronJob' ? 'Never' : undefined,
        }));
      });
      expect(disagreement(obj)).toEqual([]);
    }), { numRuns: 300, seed: 42 });
  });
});

describe('image reference expressions agree with the checker\'s parser', () => {
  const re = (pattern: string) => new RegExp(pattern);
  const verdicts = (image: string) => {
    const ref = parseImage(image);
    const valid = typeof ref !== 'string';
    return {
      image,
      tagged: valid && !!(ref.tag || ref.digest),
      latest: valid && ref.tag === 'latest' && !ref.digest,
      noDigest: valid && !ref.digest,
    };
  };
  const regexVerdicts = (image: string) => ({
    image,
    tagged: image.length <= 4096 && re(IMAGE_TAGGED).test(image),
    latest: image.length <= 4096 && re(IMAGE_LATEST).test(image),
    noDigest: image.length <= 4096 && re(IMAGE_NO_DIGEST).test(image),
  });

  test.each(IMAGES)('%j', (image) => {
    expect(regexVerdicts(image)).toEqual(verdicts(image));
  });

  test('on 5000 generated references', () => {
    const piece = fc.constantFrom('a', 'b', 'z9', 'B', '1', '.', '_', '__', '-', '/', ':', '@', 'latest', 'localhost', 'v1.2',
      'sha256:', '0123456789abcdef0123456789abcdef', '[::1]', '5000', 'registry.example.com', 'Web', '..', '+');
    fc.assert(fc.property(fc.array(piece, { minLength: 1, maxLength: 9 }), parts => {
      const image = parts.join('');
      expect(regexVerdicts(image)).toEqual(verdicts(image));
    }), { numRuns: 5000, seed: 7 });
  });
});
