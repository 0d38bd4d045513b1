/**
 * The GitHub Actions workflow for an app repo that uses cdk8s-secure: synthesize, check the manifests
 * and upload SARIF; build the app image; scan every image the manifests will run with Trivy and upload
 * that SARIF too. Every third-party action is pinned by full commit SHA.
 */

/** Actions, pinned. Bump deliberately: each SHA is the commit of the tag in the comment. */
export const PINNED_ACTIONS = {
  checkout: { uses: 'actions/checkout@08eba0b27e820071cde6df949e0beb9ba4906955', tag: 'v4.3.0' },
  setupNode: { uses: 'actions/setup-node@49933ea5288caeca8642d1e84afbd3f7d6820020', tag: 'v4.4.0' },
  // aquasecurity/trivy-action tags were hijacked in March 2026: only a full commit SHA is trustworthy.
  trivy: { uses: 'aquasecurity/trivy-action@ed142fd0673e97e23eac54620cfb913e5ce36c25', tag: 'v0.36.0' },
  // GitHub's own action, at the major version DESIGN.md requires.
  uploadSarif: { uses: 'github/codeql-action/upload-sarif@v4', tag: 'v4' },
};

export interface WorkflowOptions {
  /** Command that synthesizes the manifests. @default 'npx cdk8s synth' */
  readonly synthCommand?: string;
  /** Directory the manifests are written to. @default 'dist' */
  readonly manifestsDir?: string;
  /** Node.js version. @default '20' */
  readonly nodeVersion?: string;
  /** The app image built from this repo (a Dockerfile at `buildContext`), also scanned. @default - no build step */
  readonly buildImage?: string;
  /** Docker build context. @default '.' */
  readonly buildContext?: string;
  /** Branches whose pushes run the workflow (pull requests always do). @default ['main'] */
  readonly branches?: string[];
  /** Trivy severities that fail the scan. @default ['HIGH', 'CRITICAL'] */
  readonly severities?: string[];
}

/** The workflow as a plain object (serialize with any YAML writer). */
export function workflowObject(options: WorkflowOptions = {}): Record<string, unknown> {
  const synth = options.synthCommand ?? 'npx cdk8s synth';
  const dist = options.manifestsDir ?? 'dist';
  const node = options.nodeVersion ?? '20';
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
  if (options.buildImage) {
    jobs.build = {
      'name': 'Build and scan the app image',
      'runs-on': 'ubuntu-latest',
      'permissions': { 'contents': 'read', 'security-events': 'write' },
      'steps': [
        { uses: PINNED_ACTIONS.checkout.uses, with: { 'persist-credentials': false } },
        { name: 'Build image', run: `docker build -t ${options.buildImage}:\${{ github.sha }} ${options.buildContext ?? '.'}` },
        trivyStep(`${options.buildImage}:\${{ github.sha }}`, severities, 'trivy-app.sarif'),
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
      trivyStep('${{ matrix.image }}', severities, 'trivy.sarif'),
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

function trivyStep(image: string, severities: string, output: string): Record<string, unknown> {
  return {
    name: 'Trivy image scan',
    uses: PINNED_ACTIONS.trivy.uses,
    with: {
      'image-ref': image,
      'format': 'sarif',
      'output': output,
      'severity': severities,
      'exit-code': '1',
      'ignore-unfixed': true,
      // Without it, SARIF output lists every severity and ignores `severity`.
      'limit-severities-for-sarif': true,
    },
  };
}

/** The workflow file's text, with each pinned action's tag as a comment. */
export function workflowYaml(options: WorkflowOptions = {}): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { stringify } = require('yaml') as typeof import('yaml');
  let text = stringify(workflowObject(options), { lineWidth: 0 });
  for (const a of Object.values(PINNED_ACTIONS)) {
    if (a.uses.includes('@') && /@[0-9a-f]{40}$/.test(a.uses)) text = text.split(`uses: ${a.uses}\n`).join(`uses: ${a.uses} # ${a.tag}\n`);
  }
  return `# Generated by cdk8s-secure (cdk8s-secure workflow). Third-party actions are pinned by commit SHA.\n${text}`;
}
