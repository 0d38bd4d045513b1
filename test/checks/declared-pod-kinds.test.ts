/**
 * Kinds an app declares as pod-bearing (`podKinds`, CLI `--pod-path`): every pod rule checks them, `images`
 * and `graph` list them, and a declaration that cannot be right is refused.
 */
import { ApiObject, Testing } from 'cdk8s';
import * as fc from 'fast-check';
import { check, deployment, expectSuppressed, NAMESPACE, Obj, of, ruleIds, single } from './rules/_fixtures';
import { Checker, CustomFinding, CustomPod, CustomPodRule, PodKindDeclaration, SecurityChecks, Severity } from '../../src';
import { RuleFailures, toEngineRule } from '../../src/checks/_custom-rules';
import { parsePodKind, PodKindError, PodKinds } from '../../src/checks/_pod';
import { CheckSession } from '../../src/checks/engine';
import { ImageCollector } from '../../src/cli/images';
import { FlowModel } from '../../src/network/_flow-model';

const WORKER: PodKindDeclaration = { kind: 'Worker', group: 'batch.example.com', podSpecPath: 'spec.runner.template.spec' };

/** A Worker custom resource whose pod template (the shared compliant one) sits at spec.runner.template. */
function worker(mutate?: (spec: Obj) => void, apiVersion = 'batch.example.com/v1'): Obj {
  const d = deployment(mutate);
  return { apiVersion, kind: 'Worker', metadata: d.metadata, spec: { runner: { template: d.spec.template } } };
}

describe('declared pod kinds in the checker', () => {
  test('without a declaration a Worker is not read; with one, its pod is checked at the declared path', () => {
    const bad = worker(spec => { spec.containers[0].securityContext.privileged = true; });
    expect(check(bad)).toEqual([]);
    const f = single(check(bad, { podKinds: [WORKER] }), 'CS103');
    expect(f).toMatchObject({ path: 'spec.runner.template.spec.containers[0].securityContext.privileged', object: { kind: 'Worker', name: 'web' } });
  });

  test('a compliant Worker has zero findings; without a NetworkPolicy it is reported by CS301 (its labels are read)', () => {
    expect(check(worker(), { podKinds: [WORKER] })).toEqual([]);
    expect(ruleIds(new Checker({ podKinds: [WORKER] }).check([worker()]))).toEqual(['CS301']);
  });

  test('the group is honoured: a Worker of another group is not read', () => {
    const bad = worker(spec => { spec.hostPID = true; }, 'other.example.com/v1');
    expect(check(bad, { podKinds: [WORKER] })).toEqual([]);
    expect(of(check(bad, { podKinds: [{ kind: 'Worker', podSpecPath: 'spec.runner.template.spec' }] }), 'CS102')).toHaveLength(1);
  });

  test('a path of one field reads the object\'s own metadata for labels, like a Pod', () => {
    const kinds = PodKinds.with([{ kind: 'Sandbox', podSpecPath: 'spec' }]);
    const obj = { apiVersion: 'x.example.com/v1', kind: 'Sandbox', metadata: { name: 's', labels: { app: 's' } }, spec: { containers: [] } };
    expect(kinds.podOf(obj)?.metadata).toEqual({ name: 's', labels: { app: 's' } });
  });

  test('a suppression with a reason keeps the finding, marked suppressed', () => {
    expectSuppressed(worker(spec => { spec.hostNetwork = true; }), 'CS102', { podKinds: [WORKER] });
  });

  test('`images` and `graph` include the declared kind', () => {
    const kinds = PodKinds.with([WORKER]);
    const images = new ImageCollector(kinds);
    images.add(worker());
    expect(images.images.map(i => i.workloads.map(w => `${w.kind}/${w.name}/${w.container}`))).toEqual([['Worker/web/app']]);
    const model = new FlowModel(kinds);
    model.add(worker());
    expect(model.endpoints.map(e => e.id)).toEqual([`Worker ${NAMESPACE}/web`]);
    expect(new ImageCollector().images).toEqual([]);
  });
});

/** An app's pod rule: every container needs a memory limit. */
class MemoryLimit extends CustomPodRule {
  constructor() {
    super({ id: 'ACME007', title: 'No memory limit', severity: Severity.ERROR, description: 'Every container sets a memory limit.', rationale: 'OOM.', fix: 'Set one.', references: ['ACME handbook'] });
  }

  public checkPod(pod: CustomPod): CustomFinding[] {
    return pod.containers.filter(c => c.spec.resources?.limits?.memory === undefined)
      .map(c => ({ path: `${c.path}.resources.limits.memory`, message: `container ${c.name} has no memory limit`, container: c.name }));
  }
}

describe('custom pod rules read the same pod kinds', () => {
  const engine = (objects: Obj[], podKinds?: PodKindDeclaration[]) => {
    const session = new CheckSession({ podKinds, extraRules: [toEngineRule(new MemoryLimit(), new RuleFailures())] });
    for (const o of objects) session.add(o);
    return of(session.finish(), 'ACME007');
  };

  test('a declared kind reaches a CustomPodRule; without the declaration it does not', () => {
    const w = worker(spec => { delete spec.containers[0].resources; });
    expect(engine([w])).toEqual([]);
    expect(engine([w], [WORKER]).map(f => f.path)).toEqual(['spec.runner.template.spec.containers[0].resources.limits.memory']);
  });

  test('a patch of an operator container is judged on what it writes, as for the built-in rules', () => {
    const prom = {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'Prometheus',
      metadata: { name: 'k8s', namespace: NAMESPACE },
      spec: { containers: [{ name: 'prometheus', args: ['--log.level=debug'] }, { name: 'oauth-proxy', image: 'quay.io/oauth2-proxy/oauth2-proxy:v7.6.0' }] },
    };
    expect(engine([prom]).map(f => f.container)).toEqual(['oauth-proxy']);
  });
});

describe('declarations that cannot be right are refused', () => {
  test.each<[string, string]>([
    ['Worker', 'is not [group/]Kind=path'],
    ['Worker=', 'is not a dotted list of field names'],
    ['Worker=spec..template', 'is not a dotted list of field names'],
    ['Worker=spec.containers[0]', 'is not a dotted list of field names'],
    ['Worker=metadata.spec', 'starts at metadata'],
    ['=spec.template.spec', 'is not a Kubernetes kind'],
    ['my-kind=spec', 'is not a Kubernetes kind'],
    ['Bad_Group!/Worker=spec.template.spec', 'is not an API group'],
  ])('%j: %s', (text, problem) => {
    expect(() => parsePodKind(text)).toThrow(PodKindError);
    expect(() => parsePodKind(text)).toThrow(problem);
  });

  test('the CLI form parses kind, group and path', () => {
    expect(parsePodKind('batch.example.com/Worker=spec.runner.template.spec')).toEqual(WORKER);
    expect(parsePodKind('Worker=spec')).toEqual({ kind: 'Worker', podSpecPath: 'spec' });
  });

  test('a built-in kind, or a kind declared twice, is refused', () => {
    expect(() => PodKinds.with([{ kind: 'Deployment', podSpecPath: 'spec.x' }])).toThrow('kind Deployment is built in: its pod is at spec.template.spec');
    expect(() => PodKinds.with([{ kind: 'Prometheus', group: 'monitoring.coreos.com', podSpecPath: 'spec' }])).toThrow('is built in');
    expect(() => PodKinds.with([WORKER, { ...WORKER, podSpecPath: 'spec' }])).toThrow('kind Worker (group batch.example.com) is declared twice');
    // The same kind name in another group is another kind.
    expect(PodKinds.with([{ kind: 'Rollout', group: 'rollouts.example.com', podSpecPath: 'spec.pod' }]).has('Rollout', 'rollouts.example.com/v1')).toBe(true);
  });

  test('the checker throws on a bad declaration', () => {
    expect(() => new Checker({ podKinds: [{ kind: 'Worker', podSpecPath: 'spec/template' }] }).check([])).toThrow('cdk8s-secure: podKinds: pod spec path "spec/template" is not a dotted list of field names');
  });
});

describe('synth time (SecurityChecks)', () => {
  function chartWithWorker(): ReturnType<typeof Testing.chart> {
    const chart = Testing.chart();
    const w = worker(spec => { spec.hostIPC = true; });
    new ApiObject(chart, 'worker', { apiVersion: w.apiVersion, kind: w.kind, metadata: w.metadata, spec: w.spec });
    return chart;
  }

  test('findings include the declared kind', () => {
    expect(of(SecurityChecks.findings(chartWithWorker()), 'CS102')).toEqual([]);
    const f = single(SecurityChecks.findings(chartWithWorker(), { podKinds: [WORKER] }), 'CS102');
    expect(f.path).toBe('spec.runner.template.spec.hostIPC');
  });

  test('a bad declaration throws CSE005 naming the problem', () => {
    expect(() => SecurityChecks.assertNoFindings(chartWithWorker(), { podKinds: [{ kind: 'Worker', podSpecPath: 'status.pod' }] }))
      .toThrow(/CSE005 SecurityChecks: podKinds: pod spec path "status.pod" starts at status/);
  });
});

describe('property: any --pod-path text is a declaration or a PodKindError, never anything else', () => {
  test('arbitrary text', () => {
    fc.assert(fc.property(fc.string({ maxLength: 80 }), (text) => {
      try {
        const d = parsePodKind(text);
        expect(PodKinds.with([d]).has(d.kind)).toBe(true);
      } catch (e) {
        expect(e).toBeInstanceOf(PodKindError);
      }
    }), { numRuns: 500 });
  });

  test('well-formed declarations round-trip and find the pod at their path', () => {
    const segment = fc.stringMatching(/^[a-z][a-zA-Z0-9]{0,8}$/).filter(s => !['metadata', 'status', 'kind'].includes(s));
    const group = fc.option(fc.stringMatching(/^[a-z]{1,8}(\.[a-z]{1,8}){0,2}$/), { nil: undefined });
    fc.assert(fc.property(fc.stringMatching(/^[A-Z][a-zA-Z0-9]{0,10}$/), group, fc.array(segment, { minLength: 1, maxLength: 4 }), (kind, g, path) => {
      fc.pre(!['Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'Job', 'CronJob', 'Rollout', 'Prometheus', 'Alertmanager', 'ThanosRuler'].includes(kind));
      const text = `${g ? `${g}/` : ''}${kind}=${path.join('.')}`;
      const d = parsePodKind(text);
      expect(d).toEqual({ kind, podSpecPath: path.join('.'), ...(g ? { group: g } : {}) });
      const obj: Obj = { apiVersion: `${g ?? 'x.example.com'}/v1`, kind, metadata: { name: 'o' } };
      let cur = obj;
      for (const seg of path.slice(0, -1)) cur = cur[seg] = cur[seg] ?? {};
      cur[path[path.length - 1]] = { containers: [{ name: 'c', image: 'registry.example.com/c:1.0' }] };
      expect(PodKinds.with([d]).podOf(obj)?.containers.map(c => c.name)).toEqual(['c']);
    }), { numRuns: 300 });
  });
});
