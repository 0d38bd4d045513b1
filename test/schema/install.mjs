// Installs the schema packages of test/schema/package-lock.json into test/schema/node_modules, once per
// lock file: `npm ci` runs only when node_modules is missing or was installed from another lock.
//
// Why a separate folder: @kubernetes-models/external-secrets 2.x and @kubernetes-models/istio 3.x (the only
// packages with the external-secrets.io/v1 and security.istio.io/v1 schemas) are ESM-only and declare
// Node >= 22. As dependencies of the library they made every `npm ci` on Node 20 print EBADENGINE warnings
// and forced that engine range on anyone installing the repo. Here they are a test-only step: the scripts
// next to this file import them from a plain .mjs file, which Node 20 runs (the tests prove it). npm's
// engine warnings for these two packages are expected and summarized in one line.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = path.dirname(fileURLToPath(import.meta.url));
const lock = fs.readFileSync(path.join(dir, 'package-lock.json'), 'utf8');
const stamp = path.join(dir, 'node_modules', '.installed-from-lock.json');
if (fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === lock) {
  console.log('schema-deps: test/schema/node_modules is up to date');
  process.exit(0);
}
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
execFileSync(npm, ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: dir, stdio: 'inherit' });
fs.writeFileSync(stamp, lock);
const node = process.versions.node.split('.')[0];
console.log(`schema-deps: installed test/schema/node_modules${Number(node) < 22 ? ` (its packages declare node >= 22; they run here on Node ${process.versions.node} from .mjs)` : ''}`);
