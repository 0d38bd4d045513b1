import * as path from 'path';
import { blockYaml, jsonEqual } from './_fix-edit';
import { isRecord } from '../checks/_path';

/*
 * `cdk8s-secure fix --format patch`: the changes as kustomize strategic-merge patches, one file per object,
 * for manifests the user renders but does not own (a Helm chart). Lists that Kubernetes merges by a key
 * (containers and volumes by name, volumeMounts by mountPath) carry only the changed items with their key;
 * other lists (capabilities.drop) are replaced whole, as a strategic merge does with them.
 */

const MERGE_KEYS: Record<string, string> = {
  containers: 'name',
  initContainers: 'name',
  ephemeralContainers: 'name',
  volumes: 'name',
  volumeMounts: 'mountPath',
};

class PatchRefusal extends Error {}

function mapPatch(orig: Record<string, any>, want: Record<string, any>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(want)) {
    if (!(k in orig) || orig[k] === null || orig[k] === undefined) {
      out[k] = want[k];
    } else if (!jsonEqual(orig[k], want[k])) {
      if (isRecord(want[k]) && isRecord(orig[k])) out[k] = mapPatch(orig[k], want[k]);
      else if (Array.isArray(want[k]) && Array.isArray(orig[k])) out[k] = listPatch(k, orig[k], want[k]);
      else out[k] = want[k];
    }
  }
  return out;
}

function listPatch(field: string, orig: unknown[], want: unknown[]): unknown[] {
  const key = MERGE_KEYS[field];
  if (!key) return want;
  const out: unknown[] = [];
  want.forEach((item, i) => {
    if (i < orig.length && jsonEqual(orig[i], item)) return;
    if (!isRecord(item) || typeof item[key] !== 'string' || item[key] === '') throw new PatchRefusal(`an item of ${field} has no ${key} to merge by`);
    const same = want.filter(w => isRecord(w) && w[key] === item[key]).length;
    if (same > 1) throw new PatchRefusal(`two items of ${field} share the ${key} ${JSON.stringify(item[key])}`);
    out.push(i < orig.length && isRecord(orig[i]) ? { [key]: item[key], ...mapPatch(orig[i] as Record<string, any>, item) } : item);
  });
  return out;
}

export interface PatchInput {
  readonly original: Record<string, any>;
  readonly fixed: Record<string, any>;
  /** Where the object came from, for messages. */
  readonly source: string;
}

/** The patch files and kustomization.yaml; `resources` are listed in it (paths relative to it). */
export function patchFiles(objects: PatchInput[], resources: string[] = []): { files: Array<{ name: string; text: string }>; refused: string[] } {
  const files: Array<{ name: string; text: string }> = [];
  const refused: string[] = [];
  const entries: Array<Record<string, unknown>> = [];
  const used = new Set<string>();
  for (const o of objects) {
    const meta = isRecord(o.original.metadata) ? o.original.metadata : {};
    if (typeof meta.name !== 'string' || meta.name === '') {
      refused.push(`${o.source}: ${o.original.kind} without a name: no patch can target it`);
      continue;
    }
    let body: Record<string, unknown>;
    try {
      const { metadata: _m, ...rest } = o.fixed;
      const { metadata: _o, ...orig } = o.original;
      body = mapPatch(orig, rest);
    } catch (e) {
      if (!(e instanceof PatchRefusal)) throw e;
      refused.push(`${o.source}: ${o.original.kind} ${meta.name}: no patch: ${e.message}`);
      continue;
    }
    const ns = typeof meta.namespace === 'string' && meta.namespace !== '' ? meta.namespace : undefined;
    const stem = [o.original.kind, ns, meta.name].filter(Boolean).join('-').toLowerCase().replace(/[^a-z0-9.-]+/g, '-');
    let name = `patches/${stem}.yaml`;
    for (let n = 2; used.has(name); n++) name = `patches/${stem}-${n}.yaml`;
    used.add(name);
    const metadata = { name: meta.name, ...(ns ? { namespace: ns } : {}) };
    const patch = { apiVersion: o.original.apiVersion, kind: o.original.kind, metadata, ...body };
    files.push({ name, text: `# ${o.source}\n${blockYaml(patch)}` });
    entries.push({ path: name, target: { kind: o.original.kind, name: meta.name, ...(ns ? { namespace: ns } : {}) } });
  }
  if (entries.length > 0) {
    const head = '# Written by `cdk8s-secure fix --format patch`. Render the chart (helm template ... > rendered.yaml),\n'
      + '# list it under resources (done for the inputs inside this directory), then: kubectl kustomize <this directory>\n';
    files.push({
      name: 'kustomization.yaml',
      text: head + blockYaml({ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', ...(resources.length ? { resources } : {}), patches: entries }),
    });
  }
  return { files, refused };
}

/** Input files inside `dir`, as kustomize resources (relative paths). */
export function resourcesIn(dir: string, files: string[]): string[] {
  return files.filter(f => f !== '-').map(f => path.relative(dir, f))
    .filter(r => r !== '' && !r.startsWith('..') && !path.isAbsolute(r)).map(r => r.split(path.sep).join('/'));
}
