// Regenerates test/cli/fixtures/kubectl-corpus/expected.json: how kubectl (offline) decodes every file of
// the corpus. Run from the repository root after adding a file to the corpus:
//   npx ts-node --project test/tsconfig.json test/cli/kubectl-corpus-update.ts
// test/cli/kubectl-corpus.test.ts compares the checker's reader with that file and, where kubectl is
// installed, the file with kubectl itself, so it cannot go stale unnoticed.
import * as fs from 'fs';
import { corpusFiles, EXPECTED_FILE, kubectlDecode, kubectlVersion, KubectlResult } from './_kubectl';

const version = kubectlVersion();
if (!version) {
  console.error('kubectl is not installed (Debian package kubernetes-client)');
  process.exit(2);
}
const files: Record<string, KubectlResult> = {};
for (const f of corpusFiles()) files[f.name] = kubectlDecode(f.path);
fs.writeFileSync(EXPECTED_FILE, `${JSON.stringify({ kubectl: version, files }, null, 2)}\n`);
console.log(`wrote the expectations of ${Object.keys(files).length} files (kubectl ${version})`);
