import { spawnSync } from 'child_process';
import { Chart, Testing } from 'cdk8s';
import { SecretStore, SecretStoreProvider } from '../../src';
import { expectValidObjects } from '../_schema';
import { schemaScript } from '../schema/_scripts';

/**
 * Runs test/schema/eso-schema.mjs (ESO v1 schema from @kubernetes-models/external-secrets 2.x, ESM-only)
 * in a separate Node process, feeding it the objects as JSON on stdin.
 */
export function esoSchema(objects: any[]): { status: number | null; checked: number; problems: string[]; stderr: string } {
  const res = spawnSync(process.execPath, [schemaScript('eso-schema.mjs')], { input: JSON.stringify(objects), encoding: 'utf8' });
  let parsed: { checked: number; problems: string[] } = { checked: 0, problems: [] };
  try {
    parsed = JSON.parse(res.stdout);
  } catch {
    parsed = { checked: 0, problems: [`no report: ${res.stdout}`] };
  }
  return { status: res.status, ...parsed, stderr: res.stderr };
}

export const isEso = (o: any) => typeof o.apiVersion === 'string' && o.apiVersion.startsWith('external-secrets.io/');

/**
 * Validates every object: the ESO ones against the ESO v1 schema (separate process), the core Kubernetes
 * ones with expectValidObjects (kubernetes-models + field lists). Throws listing every problem.
 */
export function expectAllValid(objects: any[]): void {
  const eso = objects.filter(isEso);
  if (eso.length > 0) {
    const res = esoSchema(eso);
    expect({ status: res.status, checked: res.checked, problems: res.problems, stderr: res.stderr }).toEqual({ status: 0, checked: eso.length, problems: [], stderr: '' });
  }
  expectValidObjects(objects.filter(o => !isEso(o)));
}

/** A chart in namespace "shop". */
export function shopChart(): Chart {
  return new Chart(Testing.app(), 'test', { namespace: 'shop' });
}

/** A namespaced AWS Secrets Manager store with IRSA, in `chart`. */
export function awsStore(chart: Chart, id = 'aws'): SecretStore {
  return new SecretStore(chart, id, {
    provider: SecretStoreProvider.awsSecretsManager({ region: 'eu-central-1', serviceAccountRef: { name: 'eso-reader' } }),
  });
}

/** The synthesized objects of one kind. */
export function ofKind(chart: Chart, kind: string): any[] {
  return Testing.synth(chart).filter((o: any) => o.kind === kind);
}

/** Runs `fn` and returns the error it throws (fails when it does not throw). */
export function errorOf(fn: () => unknown): Error & { code: string; constructPath: string } {
  try {
    fn();
  } catch (e) {
    return e as any;
  }
  throw new Error('expected an error, but none was thrown');
}
