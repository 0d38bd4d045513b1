/**
 * The GitHub Actions workflow for an app repo that uses cdk8s-secure: synthesize, check the manifests
 * and upload SARIF; check the Dockerfiles; build the app image; scan every image the manifests will run
 * with Trivy and upload that SARIF too. Every third-party action is pinned by full commit SHA.
 */
import * as fs from 'fs';
import * as path from 'path';

/**
 * Actions, pinned by full commit SHA, with the release tag each SHA is the commit of. A tag can be moved
 * (aquasecurity/trivy-action's were hijacked in March 2026); a commit SHA cannot. Bump deliberately: resolve
 * the new release tag to its commit (`git ls-remote --tags <repo> 'refs/tags/<tag>*'`, the `^{}` line for an
 * annotated tag) and check it against the action's release page. All four run on node24.
 */
export const PINNED_ACTIONS = {
  checkout: { uses: 'actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1', tag: 'v7.0.1' },
  setupNode: { uses: 'actions/setup-node@949feb2413d6458794dcd2491c4babbbce0c15c1', tag: 'v7.1.0' },
  trivy: { uses: 'aquasecurity/trivy-action@ed142fd0673e97e23eac54620cfb913e5ce36c25', tag: 'v0.36.0' },
  uploadSarif: { uses: 'github/codeql-action/upload-sarif@24c54180a607b1449ed407dd24f251e4e9147c8d', tag: 'v4.38.3' },
};

/** The Node.js version the workflow sets up by default: the active LTS line. */
export const DEFAULT_NODE_VERSION = '24';

export interface WorkflowOptions {
  /** Command that synthesizes the manifests. @default 'npx cdk8s synth' */
  readonly synthCommand?: string;
  /** Directory the manifests are written to. @default 'dist' */
  readonly manifestsDir?: string;
  /** Node.js version. @default '24' (the active LTS line; 20 is end of life) */
  readonly nodeVersion?: string;
  /** The app image built from this repo (a Dockerfile at `buildContext`), also scanned. @default - no build step */
  readonly buildImage?: string;
  /** Docker build context. @default '.' */
  readonly buildContext?: string;
  /** Branches whose pushes run the workflow (pull requests always do). @default ['main'] */
  readonly branches?: string[];
  /** Trivy severities that fail the scan. @default ['HIGH', 'CRITICAL'] */
  readonly severities?: string[];
  /**
   * Let Trivy leave out vulnerabilities that have no fixed version yet (`ignore-unfixed: true`). Risk: such
   * a vulnerability stays in the image without any signal, even a critical one under active exploitation,
   * until a fix is published; the scan passes although you could have mitigated it (another base image,
   * dropping the package, a network policy). Turn it on only to cut noise you review elsewhere.
   * @default false - every HIGH and CRITICAL vulnerability fails the scan, fixed or not
   */
  readonly ignoreUnfixed?: boolean;
  /**
   * Dockerfiles to check with `cdk8s-secure dockerfile` in a job of their own (SARIF uploaded, the job fails
   * on error-level findings). Paths relative to the repository root.
   * @default - none: no Dockerfile job (`cdk8s-secure workflow` and `SecurityWorkflow` pass the Dockerfiles
   * they find in the repository)
   */
  readonly dockerfiles?: string[];
}

/** The workflow as a plain object (serialize with any YAML writer). */
export function workflowObject(options: WorkflowOptions = {}): Record<string, unknown> {
  const synth = options.synthCommand ?? 'npx cdk8s synth';
  const dist = options.manifestsDir ?? 'dist';
  const node = options.nodeVersion ?? DEFAULT_NODE_VERSION;
  const ignoreUnfixed = options.ignoreUnfixed ?? false;
  const severities = (options.severities ?? ['HIGH', 'CRITICAL']).join(',');
  const setup = [
    { uses: PINNED_ACTIONS.checkout.uses, with: { 'persist-credentials': false } },
    { uses: PINNED_ACTIONS.setupNode.uses, with: { 'node-version': node, 'cache': 'npm' } },
    { name: 'Install', run: 'npm ci' },
    { name: 'Synthesize', run: synth },
  ];
  const manifests = {
    'name': 'Check manifests',
    'runs-on': 'ubuntu-latest',
    'permissions': { 'contents': 'read', 'security-events': 'write' },
    'outputs': { images: '${{ steps.images.outputs.images }}' },
    'steps': [
      ...setup,
      {
        'id': 'check',
        'name': 'cdk8s-secure check',
        'run': `npx cdk8s-secure check --format sarif --output cdk8s-secure.sarif ${dist}`,
        'continue-on-error': true,
      },
      {
        name: 'Upload manifest findings',
        if: 'always()',
        uses: PINNED_ACTIONS.uploadSarif.uses,
        with: { sarif_file: 'cdk8s-secure.sarif', category: 'cdk8s-secure' },
      },
      {
        id: 'images',
        name: 'List the images the manifests run',
        run: `echo "images=$(npx cdk8s-secure images --format matrix ${dist})" >> "$GITHUB_OUTPUT"`,
      },
      {
        name: 'Fail on manifest findings',
        if: "steps.check.outcome == 'failure'",
        run: 'echo "cdk8s-secure check found problems: see the code scanning alerts" && exit 1',
      },
    ],
  };
  const jobs: Record<string, unknown> = { manifests };
  const dockerfiles = options.dockerfiles ?? [];
  if (dockerfiles.length > 0) {
    jobs.dockerfiles = {
      'name': 'Check Dockerfiles',
      'runs-on': 'ubuntu-latest',
      'permissions': { 'contents': 'read', 'security-events': 'write' },
      'steps': [
        ...setup.slice(0, 3),
        {
          'id': 'check',
          'name': 'cdk8s-secure dockerfile',
          'run': `npx cdk8s-secure dockerfile --format sarif ${dockerfiles.map(shellWord).join(' ')} > cdk8s-secure-dockerfile.sarif`,
          'continue-on-error': true,
        },
        {
          name: 'Upload Dockerfile findings',
          if: 'always()',
          uses: PINNED_ACTIONS.uploadSarif.uses,
          with: { sarif_file: 'cdk8s-secure-dockerfile.sarif', category: 'cdk8s-secure-dockerfile' },
        },
        {
          name: 'Fail on Dockerfile findings',
          if: "steps.check.outcome == 'failure'",
          run: 'echo "cdk8s-secure dockerfile found problems: see the code scanning alerts" && exit 1',
        },
      ],
    };
  }
  if (options.buildImage) {
    jobs.build = {
      'name': 'Build and scan the app image',
      'runs-on': 'ubuntu-latest',
      'permissions': { 'contents': 'read', 'security-events': 'write' },
      'steps': [
        { uses: PINNED_ACTIONS.checkout.uses, with: { 'persist-credentials': false } },
        { name: 'Build image', run: `docker build -t ${options.buildImage}:\${{ github.sha }} ${options.buildContext ?? '.'}` },
        trivyStep(`${options.buildImage}:\${{ github.sha }}`, severities, ignoreUnfixed, 'trivy-app.sarif'),
        { name: 'Upload image findings', if: 'always()', uses: PINNED_ACTIONS.uploadSarif.uses, with: { sarif_file: 'trivy-app.sarif', category: 'trivy-app' } },
      ],
    };
  }
  jobs.images = {
    'name': 'Scan ${{ matrix.image }}',
    'needs': 'manifests',
    'if': "needs.manifests.outputs.images != '[]'",
    'runs-on': 'ubuntu-latest',
    'permissions': { 'contents': 'read', 'security-events': 'write' },
    'strategy': { 'fail-fast': false, 'matrix': { image: '${{ fromJSON(needs.manifests.outputs.images) }}' } },
    'steps': [
      trivyStep('${{ matrix.image }}', severities, ignoreUnfixed, 'trivy.sarif'),
      { name: 'Upload image findings', if: 'always()', uses: PINNED_ACTIONS.uploadSarif.uses, with: { sarif_file: 'trivy.sarif', category: 'trivy-${{ strategy.job-index }}' } },
    ],
  };
  return {
    name: 'cdk8s-secure',
    on: { push: { branches: options.branches ?? ['main'] }, pull_request: {} },
    // Least privilege: nothing by default; each job asks for what it needs.
    permissions: {},
    jobs,
  };
}

function trivyStep(image: string, severities: string, ignoreUnfixed: boolean, output: string): Record<string, unknown> {
  return {
    name: 'Trivy image scan',
    uses: PINNED_ACTIONS.trivy.uses,
    with: {
      'image-ref': image,
      'format': 'sarif',
      'output': output,
      'severity': severities,
      'exit-code': '1',
      // Written out either way, so a reader of the workflow sees the choice.
      'ignore-unfixed': ignoreUnfixed,
      // Without it, SARIF output lists every severity and ignores `severity`.
      'limit-severities-for-sarif': true,
    },
  };
}

/** The workflow file's text, with each pinned action's tag as a comment. */
export function workflowYaml(options: WorkflowOptions = {}): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { stringify } = require('yaml') as typeof import('yaml');
  // No anchors and aliases for the steps two jobs share: each job reads on its own.
  let text = stringify(workflowObject(options), { lineWidth: 0, aliasDuplicateObjects: false });
  for (const a of Object.values(PINNED_ACTIONS)) {
    text = text.split(`uses: ${a.uses}\n`).join(`uses: ${a.uses} # ${a.tag}\n`);
  }
  return `# Generated by cdk8s-secure (cdk8s-secure workflow). Every action is pinned by full commit SHA, its release tag in a comment.\n${text}`;
}

/** A path as one word of a POSIX shell command line (quoted when it needs to be). */
function shellWord(p: string): string {
  return /^[\w@%+=:,./-]+$/.test(p) ? p : `'${p.replace(/'/g, "'\\''")}'`;
}

const SKIP_DIRS = new Set(['node_modules', '.git', 'dist', 'cdk.out', 'coverage', 'lib']);

/**
 * The Dockerfiles of a repository, relative to `root` and sorted: files named `Dockerfile`,
 * `Dockerfile.<x>`, `<x>.Dockerfile` or `Containerfile`, outside node_modules, .git and build output.
 */
export function findDockerfiles(root: string): string[] {
  const found: string[] = [];
  const walk = (dir: string, depth: number) => {
    if (depth > 8) return;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (e.isDirectory()) {
        if (!SKIP_DIRS.has(e.name) && !e.name.startsWith('.')) walk(path.join(dir, e.name), depth + 1);
      } else if (e.isFile() && /^(Dockerfile(\.[\w.-]+)?|[\w.-]+\.Dockerfile|Containerfile)$/.test(e.name)) {
        found.push(path.relative(root, path.join(dir, e.name)).split(path.sep).join('/'));
      }
    }
  };
  walk(root, 0);
  return found.sort();
}
