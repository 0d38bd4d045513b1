// Validates Istio security.istio.io/v1 objects against the schemas of @kubernetes-models/istio 3.x.
// That package is ESM-only (and declares Node >= 22, but runs on Node 20 when imported from .mjs), so
// jest spawns this script: `node istio-schema.mjs <file with a JSON array of objects>`. It prints one
// line per problem and exits 1 when there is any.
import { readFileSync } from 'node:fs';
import { AuthorizationPolicy, PeerAuthentication } from '@kubernetes-models/istio/security.istio.io/v1';

const classes = { AuthorizationPolicy, PeerAuthentication };
const objects = JSON.parse(readFileSync(process.argv[2], 'utf8'));
let problems = 0;
for (const obj of objects) {
  const Model = obj.apiVersion === 'security.istio.io/v1' ? classes[obj.kind] : undefined;
  if (!Model) {
    console.log(`${obj.kind}/${obj.metadata?.name}: no security.istio.io/v1 schema for ${obj.apiVersion} ${obj.kind}`);
    problems++;
    continue;
  }
  try {
    new Model(obj).validate();
  } catch (e) {
    console.log(`${obj.kind}/${obj.metadata?.name}: ${e.message}`);
    problems++;
  }
}
console.log(`validated ${objects.length} object(s), ${problems} problem(s)`);
process.exit(problems > 0 ? 1 : 0);
