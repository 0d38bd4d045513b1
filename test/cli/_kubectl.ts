import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

/**
 * How kubectl decodes a manifest file without a cluster: `kubectl label --local` reads it with the same
 * decoder as `kubectl apply` (sigs.k8s.io/yaml) and prints every object as JSON. The label it is asked
 * to add is taken out again.
 */
export const ORACLE_LABEL = 'cdk8s-secure.test/oracle';
export const CORPUS_DIR = path.join(__dirname, 'fixtures', 'kubectl-corpus');
export const EXPECTED_FILE = path.join(CORPUS_DIR, 'expected.json');

export type KubectlResult = { objects: unknown[] } | { error: string };

export function corpusFiles(): Array<{ name: string; path: string }> {
  return fs.readdirSync(CORPUS_DIR).filter(f => f.endsWith('.yaml')).sort().map(name => ({ name, path: path.join(CORPUS_DIR, name) }));
}

/** The client version of the kubectl on PATH, or undefined where there is none. */
export function kubectlVersion(): string | undefined {
  const r = spawnSync('kubectl', ['version', '--client', '-o', 'json'], { encoding: 'utf8' });
  if (r.status !== 0) return undefined;
  return JSON.parse(r.stdout).clientVersion.gitVersion;
}

export function kubectlDecode(file: string): KubectlResult {
  const r = spawnSync('kubectl', ['label', '--local', '-f', file, `${ORACLE_LABEL}=1`, '-o', 'json'], { encoding: 'utf8', timeout: 60_000 });
  if (r.status !== 0) {
    return { error: (r.stderr || r.stdout).split('\n')[0].replace(/^error: /, '').split(file).join(path.basename(file)) };
  }
  // One pretty-printed JSON object after another.
  const parts = r.stdout.split(/^}\n(?={)/m);
  return { objects: parts.map((s, i) => withoutOracleLabel(JSON.parse(i < parts.length - 1 ? `${s}}` : s))) };
}

/** Removes the oracle label (and `labels`/`metadata` where that leaves them empty), in place on a copy. */
export function withoutOracleLabel(obj: any): any {
  const copy = JSON.parse(JSON.stringify(obj));
  const labels = copy.metadata?.labels;
  if (labels) {
    delete labels[ORACLE_LABEL];
    if (Object.keys(labels).length === 0) delete copy.metadata.labels;
  }
  if (copy.metadata && Object.keys(copy.metadata).length === 0) delete copy.metadata;
  return copy;
}
