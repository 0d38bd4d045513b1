// Validates Gateway API objects (gateway.networking.k8s.io/v1: HTTPRoute, Gateway) against the schemas of
// @kubernetes-models/gateway-api 2.x. That package is ESM-only and declares Node >= 22, but runs on Node 20
// from a plain .mjs script, so jest spawns this file (see test/schema/install.mjs for why it lives here).
//
// Usage: node test/schema/gateway-api-schema.mjs [file.json]   (default: a JSON array of objects on stdin)
// Prints {"checked": n, "problems": ["<kind>/<name>: <problem>", ...]} and exits 0 when every object is
// valid, 1 when some are not, 2 on bad input.
//
// Checks per object:
// - apiVersion is gateway.networking.k8s.io/v1 and the kind is HTTPRoute or Gateway;
// - the package's schema validation (types, required fields, patterns such as the hostname pattern; it is
//   generated from the Gateway API CRDs);
// - unknown fields (the schema validation accepts them; the API server would prune them silently), from the
//   field lists of the package's own type declarations;
// - metadata.name is a DNS subdomain, metadata.namespace a DNS label;
// - an HTTPRoute names at least one parent: the CRD accepts a route without spec.parentRefs, but such a
//   route is attached to no Gateway and serves nothing, which for an emitted route is always a bug.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fieldReader, runSchemaCheck } from './_dts-fields.mjs';
import { Gateway } from '@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1/Gateway';
import { HTTPRoute } from '@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1/HTTPRoute';

const API_VERSION = 'gateway.networking.k8s.io/v1';
const MODELS = { Gateway, HTTPRoute };

const v1Dir = path.dirname(fileURLToPath(import.meta.resolve('@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1/HTTPRoute')));
const modulesDir = path.resolve(v1Dir, '..', '..', '..', '..');

/** Resolves an import specifier of a .d.ts file to the .d.ts file it names. */
function resolveDts(fromFile, spec) {
  const file = spec.startsWith('.')
    ? path.resolve(path.dirname(fromFile), spec.replace(/\.js$/, '.d.ts'))
    : path.join(modulesDir, `${spec.replace(/\.js$/, '')}.d.ts`);
  return fs.existsSync(file) ? file : undefined;
}

const unknownFields = fieldReader(resolveDts, { classFirst: true });

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

function problemsOf(obj) {
  const problems = [];
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) return ['not an object'];
  if (obj.apiVersion !== API_VERSION) problems.push(`apiVersion ${JSON.stringify(obj.apiVersion)} is not ${API_VERSION}`);
  const Model = MODELS[obj.kind];
  if (!Model) return [...problems, `kind ${JSON.stringify(obj.kind)} is not one of ${Object.keys(MODELS).join(', ')}`];
  try {
    new Model(obj).validate();
  } catch (e) {
    const errors = Array.isArray(e.errors) ? e.errors : [];
    if (errors.length === 0) problems.push(`schema: ${e.message}`);
    for (const err of errors) problems.push(`schema: ${err.instancePath || '/'} ${err.message}`);
  }
  unknownFields(obj, path.join(v1Dir, `${obj.kind}.d.ts`), '', problems);
  const name = obj.metadata?.name;
  if (typeof name !== 'string' || name.length > 253 || !DNS_SUBDOMAIN.test(name)) problems.push(`metadata.name ${JSON.stringify(name)} is not a DNS subdomain`);
  const ns = obj.metadata?.namespace;
  if (ns !== undefined && (typeof ns !== 'string' || !DNS_LABEL.test(ns))) problems.push(`metadata.namespace ${JSON.stringify(ns)} is not a DNS label`);
  if (obj.kind === 'HTTPRoute' && !(Array.isArray(obj.spec?.parentRefs) && obj.spec.parentRefs.length > 0)) {
    problems.push('spec.parentRefs is empty: the route is attached to no Gateway');
  }
  return problems;
}

runSchemaCheck('gateway-api-schema', problemsOf);
