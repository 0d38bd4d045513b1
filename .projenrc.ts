import { cdk8s, javascript, ReleasableCommits } from 'projen';

const project = new cdk8s.ConstructLibraryCdk8s({
  name: 'cdk8s-secure',
  description: 'Secure-by-default cdk8s constructs and a security checker for Kubernetes manifests',
  author: 'cdk8s-secure maintainers',
  authorAddress: 'maintainers@users.noreply.cdk8s-secure.example',
  repositoryUrl: 'https://github.com/cdk8s-secure/cdk8s-secure.git',
  defaultReleaseBranch: 'main',
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,
  keywords: ['cdk8s', 'kubernetes', 'security', 'pod-security-standards', 'networkpolicy', 'sarif'],

  // projen's cdk8s-construct defaults target cdk8s 1.x / constructs 3.x; this library is cdk8s 2.x.
  cdk8sVersion: '2.70.106',
  constructsVersion: '10.8.1',
  jsiiVersion: '~6.0.0',
  peerDeps: ['cdk8s-plus-28@^2.5.6'],
  // `yaml` is what cdk8s itself uses; it is bundled because the CLI parses YAML streams with it.
  // `dockerfile-ast` (MIT, CommonJS, 2 small deps without further deps) parses Dockerfiles for
  // `cdk8s-secure dockerfile`.
  bundledDeps: ['yaml@^2.8.0', 'dockerfile-ast@^0.7.1'],
  devDeps: [
    'fast-check@^4',
    'kubernetes-models@4.5.1',
    'ajv@^8',
    'ajv-formats@^3',
    'ts-node@^10',
    // TypeScript 7 (npm latest) is rejected by ts-jest and typescript-eslint.
    'typescript@~6.0.0',
    '@types/node@^20',
    // SARIF 2.1.0 schema (bundled) and the toBeValidSarifLog matcher for the CLI tests. It requires tslib
    // without declaring it, so tslib is listed too.
    '@microsoft/jest-sarif@1.0.0-beta.0',
    'tslib@^2',
    // CEL evaluator: the admission-policy agreement test evaluates the emitted ValidatingAdmissionPolicy expressions.
    '@bufbuild/cel@^0.6.1',
    // The external-secrets.io/v1 and security.istio.io/v1 schema packages (@kubernetes-models/external-secrets
    // 2.x, @kubernetes-models/istio 3.x) are ESM-only and declare Node >= 22: they are not devDeps (every
    // `npm ci` on Node 20 warned about them) but a test-only install in test/schema/ (task `schema-deps`).
  ],
  // The Node versions the package supports (jsii's runtime and the CLI are tested on 20; 22 and 24 are
  // the current LTS lines). npm warns on install outside this range.
  minNodeVersion: '20.0.0',

  // Releases: GitHub Actions (.github/workflows/release.yml, generated here, never run by .ci/run) bump the
  // version from the conventional commits since the last tag, build and test, and publish to npm with a
  // provenance statement, then create the GitHub release. See README "Releasing".
  github: true,
  release: true,
  releaseToNpm: true,
  npmProvenance: true,
  // commit-and-tag-version 13 (projen's default) and its conventional-changelog deps declare Node >= 22;
  // the 12 line does the same bump on Node >= 18 without engine warnings on Node 20.
  bumpPackage: 'commit-and-tag-version@^12',
  // Only feat: and fix: commits (and breaking changes) make a release; docs:, chore:, test: do not.
  releasableCommits: ReleasableCommits.featuresAndFixes(),
  // No merge bot: PRs are merged by a maintainer after the build workflow passes.
  githubOptions: { mergify: false },
  // The workflows' Node: 24 LTS (20 is end of life; `engines` still allows it).
  workflowNodeVersion: '24',
  depsUpgrade: false,
  pullRequestTemplate: false,

  jestOptions: {
    // projen's default is `jest --updateSnapshot`, which silently rewrites a changed snapshot.
    updateSnapshot: javascript.UpdateSnapshot.NEVER,
    jestConfig: {
      // examples/app-tests shows (and runs) how an app repo tests its charts.
      testMatch: ['<rootDir>/test/**/*.test.ts', '<rootDir>/examples/**/*.test.ts'],
      testPathIgnorePatterns: ['/node_modules/', '<rootDir>/examples/dist/'],
      setupFiles: ['<rootDir>/test/_setup.ts'],
      // CI runs on shared 2-core machines that are at times three times slower than usual: jest's 5 s
      // default fails async tests that spawn node or stream files there, whatever the code does.
      testTimeout: 30_000,
    },
  },
  eslintOptions: {
    dirs: ['src'],
    devdirs: ['test', 'examples', 'bench'],
  },
  tsconfigDev: {
    // test/tsconfig.json is the dev config: paths are relative to test/.
    include: ['../examples/**/*.ts', '../bench/**/*.ts'],
    compilerOptions: {},
  },
  gitignore: ['examples/dist/', 'bench/out/', '.ci/out/'],
});

// Every action in the generated workflows by full commit SHA (projen pins the others; setup-node it names
// by tag). Verified against public workflow files that resolved the tag; see src/ci/_workflow.ts.
project.github!.actions.set('actions/setup-node', 'actions/setup-node@949feb2413d6458794dcd2491c4babbbce0c15c1');

project.addPackageIgnore('/examples/');
project.addPackageIgnore('/bench/');
project.addPackageIgnore('/.ci/');
// A fixture that must keep its CRLF line endings in a fresh clone.
project.gitattributes.addAttributes('/test/dockerfile/fixtures/crlf.Dockerfile', '-text');
// The kubectl differential corpus holds CRLF, lone-CR and UTF-16 files byte for byte.
project.gitattributes.addAttributes('/test/cli/fixtures/kubectl-corpus/*.yaml', '-text');
project.addBins({ 'cdk8s-secure': 'lib/cli/main.js' });

// jsii prints a Node 20 end-of-life banner on every run.
project.tasks.addEnvironment('JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION', '20');

// The ESO v1 / Istio v1 schema packages, installed into test/schema/node_modules from their own lock file
// (only when it changed): see test/schema/install.mjs.
const schemaDeps = project.addTask('schema-deps', {
  description: 'Install the schema packages the ESO and Istio schema checks use (test/schema/, own lock file)',
  exec: 'node test/schema/install.mjs',
});

// ts-jest only transpiles tests (isolatedModules): the test task below type-checks tests, examples and
// benchmarks first.

// In the test run (and so in CI), lint must fail on an error rather than rewrite the file: the default
// projen test task runs `eslint --fix`. `npx projen eslint` still fixes locally.
// The CLI tests run the compiled bin (lib/cli/main.js), so the test task compiles first (jsii also
// type-checks src/ and writes API.md).
project.testTask.reset();
project.testTask.spawn(schemaDeps);
project.testTask.spawn(project.compileTask);
project.testTask.spawn(project.tasks.tryFind('docgen')!);
project.testTask.exec('tsc -p test/tsconfig.json --noEmit');
// Two jest workers (one per core) halve the run. The suites that measure the memory of their own process
// and of the CLI they spawn run alone afterwards, so another worker's load cannot move their figures.
const MEMORY_SUITES = ['test/cli/large-input.test.ts', 'test/cli/memory-budget.test.ts'];
project.testTask.exec(`jest --ci --maxWorkers=2 --testPathIgnorePatterns /node_modules/ '<rootDir>/examples/dist/' ${MEMORY_SUITES.map(f => `'<rootDir>/${f}'`).join(' ')}`, { receiveArgs: true });
project.testTask.exec(`jest --ci --runInBand ${MEMORY_SUITES.join(' ')}`);
project.testTask.exec('eslint --ext .ts --no-error-on-unmatched-pattern src test examples bench .projenrc.ts', {
  env: { ESLINT_USE_FLAT_CONFIG: 'false', NODE_NO_WARNINGS: '1' },
});

// Benchmarks (not part of the tests): compiled to bench/out and run against the compiled library.
const bench = project.addTask('bench', {
  description: 'Measure synth, check and start-up cost side by side (see bench/run.ts); `-- --quick` for a short run',
});
bench.spawn(project.compileTask);
bench.exec('tsc -p bench/tsconfig.json');
bench.exec('node bench/out/run.js', { receiveArgs: true });

// RULES.md is generated from the rules' metadata; a test fails when the committed file is stale.
project.addTask('rules-doc', {
  description: 'Regenerate RULES.md from the rule catalog',
  exec: 'node lib/cli/main.js rules --format markdown > RULES.md',
}).prependSpawn(project.compileTask);

// The main job: synthesize every app under examples/ into examples/dist/<name>/ and check it.
const examples = project.addTask('examples', {
  description: 'Synthesize every example app to examples/dist/<name>/ and run the security checker on it',
});
examples.spawn(project.compileTask);
examples.exec('ts-node --project test/tsconfig.json examples/run.ts');

project.synth();
