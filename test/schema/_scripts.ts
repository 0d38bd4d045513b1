import * as fs from 'fs';
import * as path from 'path';

/**
 * The path of a schema script in test/schema/ (eso-schema.mjs, istio-schema.mjs, gateway-api-schema.mjs). Their packages are
 * installed into test/schema/node_modules by `npx projen schema-deps` (part of `npm test`), not by the
 * root `npm ci`: see test/schema/install.mjs. Throws a readable error when they are missing.
 */
export function schemaScript(name: string): string {
  const packages = path.join(__dirname, 'node_modules', '@kubernetes-models');
  if (!fs.existsSync(packages)) {
    throw new Error(`the schema packages are not installed in ${path.dirname(packages)}: run \`npx projen schema-deps\` (npm test runs it)`);
  }
  return path.join(__dirname, name);
}
