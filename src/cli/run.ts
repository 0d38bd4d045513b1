import * as fs from 'fs';
import * as path from 'path';
import { parseArgs } from 'util';
import { expandInputs } from './_files';
import { openInput, StreamedObject, streamYaml } from './_yaml-stream';
import { dockerfileCommand, DOCKERFILE_USAGE } from './dockerfile';
import { fixCommand, FIX_USAGE } from './fix';
import { ImageCollector } from './images';
import { IMPORT_USAGE, importCommand } from './import';
import { escapeText } from '../_text';
import { Baseline, BaselineEntry, BaselineError, writeBaseline } from '../checks/_baseline';
import { CustomRuleError, loadCustomRules, RuleFailures, toEngineRule } from '../checks/_custom-rules';
import { parsePodKind, PodKindError, PodKinds } from '../checks/_pod';
import { profileFindings, profileOptionsProblem, profileProblem, profileRules, withProfile } from '../checks/_profiles';
import { SuppressionFile, SuppressionFileError } from '../checks/_suppression-file';
import { isManifestRule, META_RULES, RULES, RuleCatalog } from '../checks/catalog';
import { ICustomRule } from '../checks/custom-rule';
import { CheckSession, failing } from '../checks/engine';
import { Finding, RuleInfo, Severity } from '../checks/finding';
import { formatJson } from '../checks/formatters/json';
import { formatSarif } from '../checks/formatters/sarif';
import { formatText, TextOptions } from '../checks/formatters/text';
import { PodKindDeclaration } from '../checks/pod-kind';
import { Profile } from '../checks/profile';
import { pssVersionProblem } from '../checks/rules/pss/_version';
import { findDockerfiles, workflowYaml } from '../ci/_workflow';
import { FlowModel, toDot, toMermaid } from '../network/_flow-model';

export interface Io {
  /** Standard input, for `-`. */
  readonly stdin?: NodeJS.ReadableStream;
  /** True when standard output is a terminal: the text report may then use colours (never with NO_COLOR set). */
  readonly isTTY?: boolean;
  stdout(s: string): void;
  stderr(s: string): void;
}

/** Exit codes. */
export const EXIT_CLEAN = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;

const CHECK_OPTIONS = `Options for check:
  --format text|json|sarif    report format (default: text)
  --severity error|warning|info
                              exit 1 when an unsuppressed finding is at or above this (default: error)
  --group-by rule|object      text report: one block per rule, its fix once (default), or one per object
  --verbose                   text report: also list findings below --severity and every suppressed finding
  --profile pss-baseline|pss-restricted|recommended|strict
                              which rules run, at which severity (default: recommended = every rule at its
                              own severity; strict = every finding an error, digests and --allowed-registry
                              required); \`cdk8s-secure rules --profile X\` lists them
  --allowed-registry <host[/path]>
                              only images from these registries pass CS209 (repeatable)
  --require-digests           images must be pinned by digest (CS208 becomes an error)
  --pss-version vX.Y|latest   Pod Security Standards release of your API server (default: latest, v1.37)
  --rules <module.js>         custom rules: a JavaScript module exporting a list of rules (see README,
                              "Custom rules"); a module that throws or exports garbage is an error (repeatable)
  --disable <ruleId>          do not run a rule (repeatable; prefer a suppression with a reason)
  --pod-path <[group/]Kind=path>
                              a custom resource kind that carries a pod, and the path of its pod spec
                              (e.g. batch.example.com/Worker=spec.template.spec): pod rules check it
                              (repeatable; also for images and graph)
  --output <file>             write the report to a file instead of stdout
  --suppressions <file>       a YAML suppression file for objects you do not own (rendered third-party
                              charts): rule id, match on kind/namespace/name (globs), reason, expires
  --write-baseline <file>     record every unsuppressed finding in a baseline file (exit 0 unless input errors)
  --baseline <file>           findings recorded in this baseline are reported as such and do not fail;
                              entries that no longer occur are listed so the file can shrink

The text report uses colours only on a terminal, and never when NO_COLOR is set.
Exit codes: 0 clean, 1 findings at or above --severity, 2 usage or input error.
When some inputs cannot be read and the others have findings, both are reported and the exit code is 2.
`;

const USAGE = `Usage:
  cdk8s-secure check [options] <file|dir|->...   check Kubernetes YAML (cdk8s, helm template, kustomize build)
  cdk8s-secure rules [--format text|json|markdown] list the rule catalog
  cdk8s-secure images [--format text|list|json|matrix] <file|dir|->...
                                                 every image the manifests will run, with the workloads
                                                 that use it (for CI image scans)
  cdk8s-secure workflow [--output FILE] [--build-image NAME] [--synth-command CMD] [--manifests-dir DIR]
                                                 write a GitHub Actions workflow: check + SARIF upload,
                                                 Trivy scan of every image (actions pinned by SHA)
  cdk8s-secure graph [--format mermaid|dot|json] <file|dir|->...
                                                 the network flows the NetworkPolicies (and Istio
                                                 AuthorizationPolicies) allow, as a diagram
  cdk8s-secure dockerfile [--format text|json|sarif] [--severity error|warning|info] <Dockerfile|->...
                                                 check Dockerfiles: base image tags, non-root USER, build
                                                 tooling, remote ADD, credentials (CS801-CS849)
  cdk8s-secure import [--out FILE] [--class NAME] <file|dir|->...
                                                 turn manifests into a TypeScript chart of secure
                                                 constructs (weakenings become suppressions to review)
  cdk8s-secure fix [--write | --output DIR | --format patch] [--skip RULE] <file|dir|->...
                                                 harden existing manifests: the mechanical fixes as a diff,
                                                 in place, or as kustomize patches; lists what needs a decision
  cdk8s-secure <command> --help                  the usage of one command
  cdk8s-secure --version

${CHECK_OPTIONS}`;

/** `cdk8s-secure <command> --help`: the usage of one command, on stdout, exit 0. */
const COMMAND_USAGE: Record<string, () => string> = {
  check: () => `Usage:
  cdk8s-secure check [options] <file|dir|->...
                              check Kubernetes YAML (cdk8s synth output, helm template, kustomize build,
                              kubectl get -o yaml); directories are walked for .yaml, .yml and .json

${CHECK_OPTIONS}`,
  rules: () => `Usage:
  cdk8s-secure rules [--format text|json|markdown] [--profile pss-baseline|pss-restricted|recommended|strict]
                              list the rule catalog: id, severity, title (json and markdown: everything);
                              with --profile, the rules it runs at the severity it gives them
`,
  images: () => `Usage:
  cdk8s-secure images [--format text|list|json|matrix] [--pod-path <[group/]Kind=path>] <file|dir|->...
                              every image the manifests will run, with the workloads that use it
                              (list: one per line; matrix: a JSON array for a CI matrix); --pod-path
                              declares a custom resource kind that carries a pod (repeatable)

Exit codes: 0 listed, 2 usage or input error.
`,
  workflow: () => `Usage:
  cdk8s-secure workflow [options]
                              write a GitHub Actions workflow: check + SARIF upload, Trivy scan of every
                              image (actions pinned by SHA)

Options:
  --output <file>             write the workflow to this file (default: stdout)
  --build-image <name>        the image the workflow builds and scans
  --build-context <dir>       its Docker build context
  --synth-command <cmd>       how the app synthesizes its manifests (e.g. npx cdk8s synth)
  --manifests-dir <dir>       where the synthesized manifests are
  --branch <name>             branches that run the workflow (repeatable)
  --node-version <version>    Node.js version the jobs set up (default: 24)
  --dockerfile <path>         a Dockerfile to check in a job of its own (repeatable; default: every
                              Dockerfile under the current directory)
  --ignore-unfixed            let Trivy skip vulnerabilities without a fixed version (off by default:
                              they stay in the image without any signal until a fix is published)
`,
  graph: () => `Usage:
  cdk8s-secure graph [--format mermaid|dot|json] [--pod-path <[group/]Kind=path>] <file|dir|->...
                              the network flows the NetworkPolicies (and Istio AuthorizationPolicies)
                              allow, as a diagram; --pod-path declares a custom resource kind that
                              carries a pod (repeatable)

Exit codes: 0 drawn, 2 usage or input error.
`,
  dockerfile: () => DOCKERFILE_USAGE,
  import: () => IMPORT_USAGE,
  fix: () => FIX_USAGE,
};

/** True when `--help` or `-h` is among the options (before a `--` that ends them). */
function wantsHelp(args: string[]): boolean {
  const end = args.indexOf('--');
  return (end < 0 ? args : args.slice(0, end)).some(a => a === '--help' || a === '-h');
}

/** Well-known built-in kinds that no rule needs to inspect (no note for them). */
const BUILT_IN_KINDS = new Set([
  'Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'Job', 'CronJob',
  'Service', 'Secret', 'Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding', 'NetworkPolicy',
  'ConfigMap', 'Namespace', 'ServiceAccount', 'PodDisruptionBudget', 'HorizontalPodAutoscaler', 'Ingress',
  'IngressClass', 'PersistentVolumeClaim', 'PersistentVolume', 'StorageClass', 'LimitRange', 'ResourceQuota',
  'PriorityClass', 'Endpoints', 'EndpointSlice', 'CustomResourceDefinition', 'PodTemplate',
  'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding', 'ValidatingWebhookConfiguration',
  'MutatingWebhookConfiguration', 'APIService', 'Lease', 'RuntimeClass', 'VolumeAttachment', 'CSIDriver',
  // Read by a rule about another kind: CS321 looks up the Gateway an HTTPRoute attaches to.
  'Gateway',
]);

function version(): string {
  try {
    return JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')).version;
  } catch {
    return '0.0.0';
  }
}

/** Runs the command line; returns the exit code. Never throws for bad input. */
export async function run(argv: string[], io: Io): Promise<number> {
  const [command, ...rest] = argv;
  if (command === '--version' || command === '-v') {
    io.stdout(`${version()}\n`);
    return EXIT_CLEAN;
  }
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    (command === undefined ? io.stderr : io.stdout)(USAGE);
    return command === undefined ? EXIT_USAGE : EXIT_CLEAN;
  }
  if (Object.prototype.hasOwnProperty.call(COMMAND_USAGE, command) && wantsHelp(rest)) {
    io.stdout(COMMAND_USAGE[command]());
    return EXIT_CLEAN;
  }
  try {
    switch (command) {
      case 'check': return await check(rest, io);
      case 'rules': return rules(rest, io);
      case 'graph': return await graph(rest, io);
      case 'images': return await images(rest, io);
      case 'workflow': return workflow(rest, io);
      case 'dockerfile': return await dockerfileCommand(rest, io);
      case 'import': return await importCommand(rest, io, readInputs);
      case 'fix': return await fixCommand(rest, io);
      default:
        io.stderr(`cdk8s-secure: unknown command "${escapeText(command)}"\n\n${USAGE}`);
        return EXIT_USAGE;
    }
  } catch (e) {
    if (e instanceof UsageError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.stderr(`cdk8s-secure: ${escapeText((e as Error).message)}\n\n${USAGE}`);
      return EXIT_USAGE;
    }
    throw e;
  }
}

class UsageError extends Error {}

/**
 * The `--pod-path` declarations, or the one-line error on stderr and undefined for a bad one (exit 2).
 */
function podKindsOption(values: string[] | undefined, io: Io): { declarations: PodKindDeclaration[]; kinds: PodKinds } | undefined {
  const declarations: PodKindDeclaration[] = [];
  for (const v of values ?? []) {
    try {
      declarations.push(parsePodKind(v));
    } catch (e) {
      if (!(e instanceof PodKindError)) throw e;
      io.stderr(`cdk8s-secure: error: --pod-path: ${escapeText(e.message)}\n`);
      return undefined;
    }
  }
  try {
    return { declarations, kinds: PodKinds.with(declarations) };
  } catch (e) {
    if (!(e instanceof PodKindError)) throw e;
    io.stderr(`cdk8s-secure: error: --pod-path: ${escapeText(e.message)}\n`);
    return undefined;
  }
}

function rules(argv: string[], io: Io): number {
  const { values } = parseArgs({ args: argv, options: { format: { type: 'string', default: 'text' }, profile: { type: 'string' } }, strict: true });
  let all = RuleCatalog.all();
  if (values.profile !== undefined) {
    const problem = profileProblem(values.profile);
    if (problem) throw new UsageError(`--profile: ${problem}`);
    // The manifest rules the profile runs, at the severity it gives them, and the suppression rules.
    const manifest = new Set([...RULES.map(r => r.id), ...META_RULES.map(r => r.id)]);
    all = profileRules(all.filter(r => manifest.has(r.id)), values.profile);
  }
  switch (values.format) {
    case 'json': io.stdout(`${JSON.stringify(all, null, 2)}\n`); break;
    case 'markdown': io.stdout(rulesMarkdown(all)); break;
    case 'text':
      for (const r of all) io.stdout(`${r.id}  ${r.severity.padEnd(7)}  ${r.title}\n`);
      break;
    default: throw new UsageError(`--format must be text, json or markdown (got "${values.format}")`);
  }
  return EXIT_CLEAN;
}

/** The rules table for the docs, generated from the rules' own metadata. */
export function rulesMarkdown(all: RuleInfo[]): string {
  const esc = (s: string) => s.replace(/\|/g, '\\|');
  const lines = [
    '# Rule catalog',
    '',
    '<!-- Generated from the rules\' own metadata by `npm run rules-doc` (cdk8s-secure rules --format markdown). Do not edit. -->',
    '',
    `${all.length} rules. Severity is the default; \`--severity\` / \`failOn\` set what fails. Suppress a finding with a reason: see the README.`,
    '',
    '| Id | Severity | Title | What it checks | Fix | References |',
    '|---|---|---|---|---|---|',
    ...all.map(r => `| ${r.id} | ${r.severity} | ${esc(r.title)} | ${esc(r.description)} | ${esc(r.fix)} | ${esc(r.references.join('; '))} |`),
  ];
  return `${lines.join('\n')}\n`;
}

type ObjectSink = (obj: Record<string, any>, file: string, documentIndex: number, locate: StreamedObject['locate']) => void;

/** Streams every object of every input to `onObject` and reports input errors on stderr. */
async function readInputs(positionals: string[], io: Io, onObject: ObjectSink): Promise<{ inputErrors: number; files: number }> {
  const { files, problems, notes } = expandInputs(positionals);
  for (const n of notes) io.stderr(`cdk8s-secure: note: ${escapeText(n)}\n`);
  let inputErrors = 0;
  const inputError = (file: string, message: string, documentIndex?: number, line?: number) => {
    inputErrors++;
    const where = [documentIndex !== undefined ? `document ${documentIndex}` : undefined, line !== undefined ? `line ${line}` : undefined].filter(Boolean).join(', ');
    io.stderr(`cdk8s-secure: error: ${escapeText(file)}${where ? ` (${where})` : ''}: ${escapeText(message)}\n`);
  };
  for (const p of problems) inputError(p.file, p.message);
  for (const file of files) {
    const display = file === '-' ? '<stdin>' : path.relative(process.cwd(), file) || file;
    try {
      const stream = file === '-' ? (io.stdin ?? process.stdin) : openInput(file);
      await streamYaml(stream, {
        object: ({ obj, documentIndex, locate }) => onObject(obj, display, documentIndex, locate),
        problem: p => inputError(display, p.message, p.documentIndex, p.line),
        note: m => io.stderr(`cdk8s-secure: note: ${escapeText(display)}: ${escapeText(m)}\n`),
      });
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      inputError(display, err.code === 'EISDIR' ? 'is a directory' : err.code === 'EACCES' ? 'permission denied' : err.message);
    }
  }
  return { inputErrors, files: files.length };
}

async function images(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, strict: true, options: { 'format': { type: 'string', default: 'text' }, 'pod-path': { type: 'string', multiple: true } } });
  if (!['text', 'list', 'json', 'matrix'].includes(values.format!)) throw new UsageError(`--format must be text, list, json or matrix (got "${values.format}")`);
  if (positionals.length === 0) throw new UsageError('images needs at least one file, directory or - (standard input)');
  const pods = podKindsOption(values['pod-path'], io);
  if (!pods) return EXIT_USAGE;
  const collector = new ImageCollector(pods.kinds);
  const { inputErrors } = await readInputs(positionals, io, obj => collector.add(obj));
  const found = collector.images;
  switch (values.format) {
    case 'json': io.stdout(`${JSON.stringify(found, null, 2)}\n`); break;
    case 'list': io.stdout(found.map(i => `${escapeText(i.image)}\n`).join('')); break;
    case 'matrix': io.stdout(`${JSON.stringify(found.map(i => i.image))}\n`); break;
    default:
      for (const i of found) {
        // Names and images come from the input: escaped, so they cannot move the cursor or forge a line.
        io.stdout(`${escapeText(i.image)}\n${i.workloads.map(w => `  ${escapeText(`${w.kind} ${w.namespace ? `${w.namespace}/` : ''}${w.name ?? '(unnamed)'} [${w.container}]`)}\n`).join('')}`);
      }
  }
  return inputErrors > 0 ? EXIT_USAGE : EXIT_CLEAN;
}

function workflow(argv: string[], io: Io): number {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: false,
    strict: true,
    options: {
      'output': { type: 'string' },
      'build-image': { type: 'string' },
      'build-context': { type: 'string' },
      'synth-command': { type: 'string' },
      'manifests-dir': { type: 'string' },
      'branch': { type: 'string', multiple: true },
      'node-version': { type: 'string' },
      'dockerfile': { type: 'string', multiple: true },
      'ignore-unfixed': { type: 'boolean', default: false },
    },
  });
  void positionals;
  const text = workflowYaml({
    nodeVersion: values['node-version'],
    dockerfiles: values.dockerfile ?? findDockerfiles(process.cwd()),
    ignoreUnfixed: values['ignore-unfixed'],
    buildImage: values['build-image'],
    buildContext: values['build-context'],
    synthCommand: values['synth-command'],
    manifestsDir: values['manifests-dir'],
    branches: values.branch,
  });
  if (values.output) {
    try {
      fs.mkdirSync(path.dirname(values.output), { recursive: true });
      fs.writeFileSync(values.output, text);
      io.stderr(`cdk8s-secure: wrote ${values.output}\n`);
    } catch (e) {
      io.stderr(`cdk8s-secure: error: ${values.output}: cannot write the workflow: ${(e as Error).message}\n`);
      return EXIT_USAGE;
    }
  } else {
    io.stdout(text);
  }
  return EXIT_CLEAN;
}

async function graph(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, strict: true, options: { 'format': { type: 'string', default: 'mermaid' }, 'pod-path': { type: 'string', multiple: true } } });
  if (!['mermaid', 'dot', 'json'].includes(values.format!)) throw new UsageError(`--format must be mermaid, dot or json (got "${values.format}")`);
  if (positionals.length === 0) throw new UsageError('graph needs at least one file, directory or - (standard input)');
  const pods = podKindsOption(values['pod-path'], io);
  if (!pods) return EXIT_USAGE;
  const model = new FlowModel(pods.kinds);
  const { inputErrors } = await readInputs(positionals, io, obj => model.add(obj));
  const flows = model.flows();
  switch (values.format) {
    case 'dot': io.stdout(toDot(model, flows)); break;
    case 'json': io.stdout(`${JSON.stringify({ endpoints: model.endpoints.map(e => ({ id: e.id, isolatedIngress: model.isolated(e, 'ingress'), isolatedEgress: model.isolated(e, 'egress') })), flows }, null, 2)}\n`); break;
    default: io.stdout(toMermaid(model, flows));
  }
  return inputErrors > 0 ? EXIT_USAGE : EXIT_CLEAN;
}

async function check(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      'format': { type: 'string', default: 'text' },
      'severity': { type: 'string', default: 'error' },
      'allowed-registry': { type: 'string', multiple: true },
      'require-digests': { type: 'boolean', default: false },
      'pss-version': { type: 'string' },
      'disable': { type: 'string', multiple: true },
      'output': { type: 'string' },
      'group-by': { type: 'string', default: 'rule' },
      'verbose': { type: 'boolean', default: false },
      'baseline': { type: 'string' },
      'suppressions': { type: 'string' },
      'profile': { type: 'string', default: Profile.RECOMMENDED },
      'rules': { type: 'string', multiple: true },
      'write-baseline': { type: 'string' },
      'pod-path': { type: 'string', multiple: true },
    },
  });
  const format = values.format!;
  const groupBy = values['group-by']!;
  if (groupBy !== 'rule' && groupBy !== 'object') throw new UsageError(`--group-by must be rule or object (got "${groupBy}")`);
  if (!['text', 'json', 'sarif'].includes(format)) throw new UsageError(`--format must be text, json or sarif (got "${format}")`);
  const threshold = values.severity as Severity;
  if (!Object.values(Severity).includes(threshold)) throw new UsageError(`--severity must be error, warning or info (got "${values.severity}")`);
  const pssProblem = values['pss-version'] === undefined ? undefined : pssVersionProblem(values['pss-version']);
  if (pssProblem) throw new UsageError(`--pss-version: ${pssProblem}`);
  // Custom rules first: --disable, suppression files and baselines may name them.
  const custom: ICustomRule[] = [];
  for (const file of values.rules ?? []) {
    try {
      custom.push(...loadCustomRules(file));
      const ids = custom.map(r => r.info.id);
      const twice = ids.find((id, i) => ids.indexOf(id) !== i);
      if (twice) throw new CustomRuleError(`rule ${twice} is defined twice`);
    } catch (e) {
      if (!(e instanceof CustomRuleError)) throw e;
      io.stderr(`cdk8s-secure: error: ${escapeText(file)}: ${escapeText(e.message)}\n`);
      return EXIT_USAGE;
    }
  }
  const customIds = new Set(custom.map(r => r.info.id));
  const knownRule = (id: string) => isManifestRule(id) || customIds.has(id);
  const failures = new RuleFailures();
  const customRules = custom.map(r => toEngineRule(r, failures));
  for (const id of values.disable ?? []) {
    if (!RuleCatalog.find(id) && !customIds.has(id)) throw new UsageError(`--disable: unknown rule id "${id}" (see \`cdk8s-secure rules\`)`);
  }
  const profile = values.profile!;
  const badProfile = profileProblem(profile) ?? profileOptionsProblem(profile, values['allowed-registry']);
  if (badProfile) throw new UsageError(`--profile: ${badProfile}`);
  if (positionals.length === 0) throw new UsageError('check needs at least one file, directory or - (standard input)');
  const pods = podKindsOption(values['pod-path'], io);
  if (!pods) return EXIT_USAGE;
  let baseline: Baseline | undefined;
  if (values.baseline !== undefined) {
    try {
      baseline = Baseline.parse(fs.readFileSync(values.baseline, 'utf8'), knownRule);
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      const why = e instanceof BaselineError ? err.message : `cannot read the baseline: ${err.code === 'ENOENT' ? 'no such file' : err.message}`;
      io.stderr(`cdk8s-secure: error: ${escapeText(values.baseline)}: ${escapeText(why)}\n`);
      return EXIT_USAGE;
    }
  }

  let suppressionFile: SuppressionFile | undefined;
  if (values.suppressions !== undefined) {
    const shownName = path.relative(process.cwd(), values.suppressions) || values.suppressions;
    try {
      suppressionFile = SuppressionFile.parse(fs.readFileSync(values.suppressions, 'utf8'), shownName, knownRule);
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      const why = e instanceof SuppressionFileError ? err.message : `cannot read the suppression file: ${err.code === 'ENOENT' ? 'no such file' : err.message}`;
      io.stderr(`cdk8s-secure: error: ${escapeText(values.suppressions)}: ${escapeText(why)}\n`);
      return EXIT_USAGE;
    }
  }

  const session = new CheckSession(withProfile({
    copyKeptValues: true,
    allowedRegistries: values['allowed-registry'],
    requireDigests: values['require-digests'],
    pssVersion: values['pss-version'],
    disabledRules: values.disable,
    podKinds: pods.declarations,
    extraRules: customRules,
  }, profile));
  const skippedKinds = new Map<string, number>();
  let objects = 0;
  const read = await readInputs(positionals, io, (obj, file, documentIndex, locate) => {
    objects++;
    const inspected = (r: { appliesTo(kind: string, apiVersion?: string): boolean }) => r.appliesTo(obj.kind, obj.apiVersion);
    if (!BUILT_IN_KINDS.has(obj.kind) && !pods.kinds.has(obj.kind, obj.apiVersion) && !RULES.some(inspected) && !customRules.some(inspected)) {
      skippedKinds.set(obj.kind, (skippedKinds.get(obj.kind) ?? 0) + 1);
    }
    session.add(obj, { file, documentIndex }, locate);
  });
  if (skippedKinds.size > 0) {
    io.stderr(`cdk8s-secure: note: no rule inspects ${[...skippedKinds].map(([k, n]) => `${escapeText(k)} (${n})`).join(', ')}; those objects were only checked for suppressions\n`);
  }
  let inputErrors = read.inputErrors;
  let findings = profileFindings(session.finish(), profile);
  // A custom rule that failed is an error of the check, never a silent gap: the report still has every other finding.
  for (const line of failures.lines()) {
    inputErrors++;
    io.stderr(`cdk8s-secure: error: ${escapeText(line)}\n`);
  }
  if (suppressionFile) findings = suppressionFile.apply(findings, new Date().toISOString().slice(0, 10));
  let baselineReport: Record<string, unknown> | undefined;
  let stale: BaselineEntry[] | undefined;
  if (baseline) {
    const applied = baseline.apply(findings);
    findings = applied.findings;
    stale = applied.stale;
    baselineReport = { file: values.baseline, entries: baseline.entries.length, matched: applied.matched, stale: applied.stale };
  }
  const color = !values.output && io.isTTY === true && !process.env.NO_COLOR;
  const report = render(findings, format, { objects, files: read.files, inputErrors }, {
    groupBy, verbose: values.verbose, threshold, color, staleBaseline: stale,
  }, baselineReport, custom.map(r => r.info));
  let accepted = false;
  if (values['write-baseline'] !== undefined) {
    const target = escapeText(values['write-baseline']);
    if (inputErrors > 0) {
      // A baseline written from a partial read would drop the findings of the unreadable inputs.
      io.stderr(`cdk8s-secure: error: ${target}: baseline not written: ${inputErrors} input error(s)\n`);
    } else {
      try {
        fs.writeFileSync(values['write-baseline'], writeBaseline(findings));
        const recorded = findings.filter(f => !f.suppressed).length;
        io.stderr(`cdk8s-secure: wrote ${target}: ${recorded} finding(s) accepted; \`check --baseline ${target}\` now fails only on new ones\n`);
        accepted = true;
      } catch (e) {
        inputErrors++;
        io.stderr(`cdk8s-secure: error: ${target}: cannot write the baseline: ${escapeText((e as Error).message)}\n`);
      }
    }
  }
  if (values.output) {
    try {
      fs.writeFileSync(values.output, report);
    } catch (e) {
      inputErrors++;
      io.stderr(`cdk8s-secure: error: ${escapeText(values.output)}: cannot write the report: ${escapeText((e as Error).message)}\n`);
    }
  } else {
    io.stdout(report);
  }
  // With input errors the findings of what could be read are still reported; the exit code says the check is incomplete.
  if (inputErrors > 0) return EXIT_USAGE;
  if (accepted) return EXIT_CLEAN;
  // Findings in the baseline are reported and never fail.
  return failing(findings.filter(f => !f.baseline), threshold).length > 0 ? EXIT_FINDINGS : EXIT_CLEAN;
}

function render(findings: Finding[], format: string, stats: { objects: number; files: number; inputErrors: number }, text: TextOptions,
  baseline?: Record<string, unknown>, customRules: RuleInfo[] = []): string {
  const { inputErrors, ...checked } = stats;
  switch (format) {
    case 'json': return `${formatJson(findings, { checked: inputErrors > 0 ? stats : checked, ...(baseline ? { baseline } : {}) })}\n`;
    case 'sarif': return `${formatSarif(findings, { toolVersion: version(), rules: [...RuleCatalog.all(), ...customRules.map(r => ({ ...r, references: [...r.references] }))], baselineCompared: baseline !== undefined })}\n`;
    default: {
      const incomplete = inputErrors > 0 ? `; ${inputErrors} input or rule error(s) (see stderr): the check is incomplete, exit 2` : '';
      return `${formatText(findings, text)}\nchecked ${stats.objects} object(s) in ${stats.files} file(s)${incomplete}\n`;
    }
  }
}
