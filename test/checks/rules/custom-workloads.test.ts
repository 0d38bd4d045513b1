/**
 * Workload-shaped custom resources are pod-bearing: an Argo Rollout's pods come from spec.template, exactly
 * as a Deployment's, so every pod rule, `images` and `graph` see them.
 */
import { check, deployment, expectSuppressed, Obj, of, ruleIds } from './_fixtures';
import { Checker } from '../../../src';
import { ImageCollector } from '../../../src/cli/images';
import { FlowModel } from '../../../src/network/_flow-model';

/** A Rollout with the compliant pod template of the shared fixture. */
function rollout(mutate?: (spec: Obj) => void, apiVersion = 'argoproj.io/v1alpha1'): Obj {
  const d = deployment(mutate);
  return { ...d, apiVersion, kind: 'Rollout', spec: { ...d.spec, strategy: { canary: { steps: [{ setWeight: 20 }] } } } };
}

describe('Argo Rollouts', () => {
  test('a compliant Rollout has zero findings', () => {
    expect(check(rollout())).toEqual([]);
  });

  test('a privileged container in a Rollout is reported at its pod template path', () => {
    const findings = check(rollout(spec => { spec.containers[0].securityContext.privileged = true; }));
    expect(ruleIds(findings)).toEqual(['CS103']);
    expect(of(findings, 'CS103')[0]).toMatchObject({ path: 'spec.template.spec.containers[0].securityContext.privileged', object: { kind: 'Rollout', name: 'web' } });
  });

  test('a Rollout counts for NetworkPolicy coverage and is not covered without a policy', () => {
    const findings = new Checker().check([rollout()]);
    expect(ruleIds(findings)).toEqual(['CS301']);
  });

  test('a kind named Rollout of another API group is not a pod-bearing object', () => {
    expect(check(rollout(spec => { spec.containers[0].securityContext.privileged = true; }, 'example.com/v1'))).toEqual([]);
  });

  test('a suppression with a reason keeps the finding, marked suppressed', () => {
    expectSuppressed(rollout(spec => { spec.hostPID = true; }), 'CS102');
  });

  test('`images` lists the images of a Rollout', () => {
    const images = new ImageCollector();
    images.add(rollout());
    expect(images.images.map(i => [i.image, i.workloads.map(w => `${w.kind}/${w.name}/${w.container}`)])).toEqual([
      [deployment().spec.template.spec.containers[0].image, ['Rollout/web/app']],
    ]);
  });

  test('the flow graph has an endpoint for a Rollout', () => {
    const model = new FlowModel();
    model.add(rollout());
    expect(model.endpoints.map(e => e.kind)).toEqual(['Rollout']);
  });
});
