// Validates External Secrets Operator objects against the current ESO v1 schema, from
// @kubernetes-models/external-secrets 2.x. That package is ESM-only (and declares Node >= 22), so jest
// (CommonJS, ts-jest) cannot load it; it does run on Node 20 from a plain .mjs script. See TOOLCHAIN.md and
// test/schema/install.mjs (the package is installed here, not as a dependency of the library).
//
// Usage: node test/schema/eso-schema.mjs [file.json]   (default: a JSON array of objects on stdin)
// Prints {"checked": n, "problems": ["<kind>/<name>: <problem>", ...]} and exits 0 when every object is
// valid, 1 when some are not, 2 on bad input.
//
// Checks per object:
// - apiVersion is external-secrets.io/v1 and the kind is a v1 kind;
// - the package's schema validation (types, required fields, enums; it is generated from the ESO CRDs);
// - unknown fields (the schema validation accepts them; the API server would prune them silently), from the
//   field lists of the package's own type declarations;
// - metadata.name is a DNS subdomain; cluster-scoped kinds carry no namespace.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fieldReader, runSchemaCheck } from './_dts-fields.mjs';
import * as v1 from '@kubernetes-models/external-secrets/external-secrets.io/v1';

const API_VERSION = 'external-secrets.io/v1';
const KINDS = ['ExternalSecret', 'ClusterExternalSecret', 'SecretStore', 'ClusterSecretStore'];
const CLUSTER_SCOPED = new Set(['ClusterExternalSecret', 'ClusterSecretStore']);

const v1Dir = path.dirname(fileURLToPath(import.meta.resolve('@kubernetes-models/external-secrets/external-secrets.io/v1')));
const packageDir = path.resolve(v1Dir, '..', '..');

/** Resolves an import specifier of a .d.ts file to the .d.ts file it names. */
function resolveDts(fromFile, spec) {
  if (spec.startsWith('.')) return path.resolve(path.dirname(fromFile), spec.replace(/\.js$/, '.d.ts'));
  // A bare specifier such as @kubernetes-models/apimachinery/apis/meta/v1/ObjectMeta: the package nested
  // under this one (the 2.x line needs its own copy of the 3.x apimachinery).
  for (const base of [path.join(packageDir, 'node_modules'), path.resolve(packageDir, '..', '..')]) {
    const candidate = path.join(base, `${spec.replace(/\.js$/, '')}.d.ts`);
    if (fs.existsSync(candidate)) return candidate;
  }
  return undefined;
}

const unknownFields = fieldReader(resolveDts);

function problemsOf(obj) {
  const problems = [];
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) return ['not an object'];
  if (obj.apiVersion !== API_VERSION) problems.push(`apiVersion ${JSON.stringify(obj.apiVersion)} is not ${API_VERSION}`);
  if (!KINDS.includes(obj.kind)) return [...problems, `kind ${JSON.stringify(obj.kind)} is not one of ${KINDS.join(', ')}`];
  const Model = v1[obj.kind];
  try {
    new Model(obj).validate();
  } catch (e) {
    const errors = Array.isArray(e.errors) ? e.errors : [];
    if (errors.length === 0) problems.push(`schema: ${e.message}`);
    for (const err of errors) problems.push(`schema: ${err.instancePath || '/'} ${err.message}${err.params?.allowedValues ? ` (${err.params.allowedValues.join(', ')})` : ''}`);
  }
  unknownFields(obj, path.join(v1Dir, `${obj.kind}.d.ts`), '', problems);
  const name = obj.metadata?.name;
  if (typeof name !== 'string' || name.length > 253 || !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(name)) {
    problems.push(`metadata.name ${JSON.stringify(name)} is not a DNS subdomain`);
  }
  if (CLUSTER_SCOPED.has(obj.kind) && obj.metadata?.namespace !== undefined) problems.push(`a ${obj.kind} is cluster-scoped but has metadata.namespace`);
  if (!CLUSTER_SCOPED.has(obj.kind) && obj.metadata?.namespace !== undefined && !/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(obj.metadata.namespace)) {
    problems.push(`metadata.namespace ${JSON.stringify(obj.metadata.namespace)} is not a DNS label`);
  }
  return problems;
}

runSchemaCheck('eso-schema', problemsOf);
