import { commandsOf } from '../../../dockerfile/_shell';
import { DfInstruction } from '../../../dockerfile/model';

/**
 * The build-tooling heuristic behind CS822. It reads the RUN instructions of the final stage (and of the
 * stages it is built on) and reports, per RUN:
 * - build packages installed with apt-get / apt / aptitude install, apk add, yum / dnf / microdnf / tdnf
 *   install (or groupinstall "Development Tools"), zypper install, and not removed later (apt-get purge /
 *   remove, apk del of the package or of its `--virtual` group, yum / dnf remove, zypper remove), in the
 *   same RUN or a later one. Build packages: compilers (gcc, g++, clang, ...), make, cmake, ninja,
 *   build-essential, build-base, alpine-sdk, git, autotools, pkg-config, bison / flex, JDKs, Go and Rust
 *   toolchains, Maven, Gradle, and header packages (`*-dev`, `*-devel`);
 * - compiling: make, cmake, gcc / cc / clang, go build, cargo build, mvn package, gradle build,
 *   dotnet publish, tsc, npm / yarn / pnpm run build;
 * - development dependencies: npm ci / npm install without package names and without --omit=dev
 *   (or --production, --only=prod), yarn install without --production, pnpm install without --prod,
 *   unless NODE_ENV=production is set (by ENV, ARG or on the command) or a later `npm prune --omit=dev`
 *   removes them.
 * It does not follow scripts the RUN calls, and cannot see what a base image already contains.
 */

const BUILD_PACKAGES = new Set([
  'make', 'cmake', 'ninja', 'ninja-build', 'meson', 'build-essential', 'build-base', 'alpine-sdk', 'git', 'subversion',
  'mercurial', 'autoconf', 'automake', 'libtool', 'pkg-config', 'pkgconf', 'pkgconfig', 'bison', 'flex', 'gcc', 'g++',
  'gcc-c++', 'cpp', 'clang', 'llvm', 'musl-dev', 'libc-dev', 'libc6-dev', 'linux-headers', 'kernel-headers', 'golang',
  'go', 'rust', 'rustc', 'cargo', 'maven', 'gradle', 'development tools', '@development-tools',
]);
const BUILD_PACKAGE_PATTERNS = [
  /^(gcc|g\+\+|clang|cpp|llvm)-?[\d.]+$/,
  /^openjdk-?\d+(-jdk(-headless)?)?$/,
  /^java-[\d.]+-openjdk-devel$/,
  /^golang-[\d.]+(-go)?$/,
  /-dev$/,
  /-devel$/,
];

/** The package name without version, architecture or constraint (`gcc=4:12.2`, `gcc>12`, `gcc:amd64`). */
function packageName(word: string): string {
  return word.toLowerCase().replace(/[=<>~].*$/, '').replace(/:[a-z0-9_]+$/, '');
}

/** True when a package name is a build tool or build-time headers. */
export function isBuildPackage(word: string): boolean {
  const name = packageName(word);
  return BUILD_PACKAGES.has(name) || BUILD_PACKAGE_PATTERNS.some(re => re.test(name));
}

interface PackageCommand {
  readonly action: 'install' | 'remove';
  readonly manager: string;
  readonly packages: string[];
  /** apk add --virtual NAME: the group name `apk del NAME` removes. */
  readonly group?: string;
}

/** Options of each package manager that take the next word as their value. */
const VALUE_OPTIONS: Record<string, Set<string>> = {
  'apt-get': new Set(['-o', '-c', '-t', '--option', '--config-file', '--target-release', '--default-release']),
  'apk': new Set(['-t', '--virtual', '-X', '--repository', '-p', '--root', '--repositories-file', '--cache-dir', '--arch', '--keys-dir']),
  'yum': new Set(['-x', '--exclude', '-c', '--config', '--installroot', '--releasever', '--enablerepo', '--disablerepo', '--setopt']),
  'zypper': new Set(['-r', '--repo', '--from', '-t', '--type']),
  'npm': new Set(['--omit', '--include', '--only', '--registry', '--prefix', '--cache', '-w', '--workspace', '--loglevel', '--userconfig']),
};
const MANAGER_FAMILY: Record<string, string> = {
  'apt-get': 'apt-get',
  'apt': 'apt-get',
  'aptitude': 'apt-get',
  'apk': 'apk',
  'yum': 'yum',
  'dnf': 'yum',
  'microdnf': 'yum',
  'tdnf': 'yum',
  'zypper': 'zypper',
  'npm': 'npm',
  'yarn': 'yarn',
  'pnpm': 'pnpm',
};
const INSTALL: Record<string, Set<string>> = {
  'apt-get': new Set(['install']), 'apk': new Set(['add']), 'yum': new Set(['install', 'groupinstall']), 'zypper': new Set(['install', 'in']),
};
const REMOVE: Record<string, Set<string>> = {
  'apt-get': new Set(['remove', 'purge']), 'apk': new Set(['del']), 'yum': new Set(['remove', 'erase', 'groupremove']), 'zypper': new Set(['remove', 'rm']),
};
/** Shell words that may come before the command itself. */
const PREFIXES = new Set(['sudo', 'env', 'command', 'exec', 'time', 'nohup', 'then', 'do', 'else', 'if', 'elif', 'while', 'until', '!', '{']);

interface Parsed {
  readonly program: string;
  /** Non-option words after the program, with option values left out. */
  readonly positional: string[];
  /** Option words (`--omit=dev`) and, for options with a separate value, `--omit=dev` too. */
  readonly options: string[];
  /** `VAR=value` words before the command. */
  readonly assignments: Map<string, string>;
}

function parseCommand(words: string[]): Parsed | undefined {
  const assignments = new Map<string, string>();
  let i = 0;
  while (i < words.length && (PREFIXES.has(words[i]) || /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[i]) || (i > 0 && words[i - 1] === 'sudo' && words[i].startsWith('-')))) {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(words[i]);
    if (m) assignments.set(m[1], m[2]);
    i++;
  }
  if (i >= words.length) return undefined;
  const program = words[i].replace(/^.*\//, '');
  const valueOptions = VALUE_OPTIONS[MANAGER_FAMILY[program] ?? ''] ?? new Set<string>();
  const positional: string[] = [];
  const options: string[] = [];
  for (let j = i + 1; j < words.length; j++) {
    const w = words[j];
    if (w.startsWith('-') && w.length > 1) {
      if (valueOptions.has(w) && j + 1 < words.length) {
        options.push(`${w}=${words[++j]}`);
      } else {
        options.push(w);
      }
    } else {
      positional.push(w);
    }
  }
  return { program, positional, options, assignments };
}

function packageCommand(p: Parsed): PackageCommand | undefined {
  const family = MANAGER_FAMILY[p.program];
  if (!family || !INSTALL[family]) return undefined;
  let [sub, ...rest] = p.positional;
  if (family === 'yum' && sub === 'group' && rest.length > 0) {
    sub = `group${rest[0]}`;
    rest = rest.slice(1);
  }
  if (INSTALL[family].has(sub)) {
    const group = p.options.map(o => /^(?:--virtual|-t)=(.+)$/.exec(o)?.[1]).find(g => g !== undefined);
    return { action: 'install', manager: `${p.program} ${sub}`, packages: rest, group: family === 'apk' ? group : undefined };
  }
  if (REMOVE[family].has(sub)) return { action: 'remove', manager: `${p.program} ${sub}`, packages: rest };
  return undefined;
}

function option(p: Parsed, name: string): string | undefined {
  for (const o of p.options) {
    if (o === name) return '';
    if (o.startsWith(`${name}=`)) return o.slice(name.length + 1);
  }
  return undefined;
}

const NPM_INSTALL = new Set(['ci', 'install', 'i', 'in', 'ins', 'inst', 'insta', 'instal', 'isnt', 'isnta', 'isntal', 'isntall', 'add']);

/** What a package-manager install of devDependencies looks like, when `p` is one (and does not omit them). */
function devDependencies(p: Parsed, productionEnv: boolean): string | undefined {
  const family = MANAGER_FAMILY[p.program];
  const [sub, ...rest] = p.positional;
  const prodEnv = productionEnv || p.assignments.get('NODE_ENV') === 'production';
  if (family === 'npm' && NPM_INSTALL.has(sub) && rest.length === 0) {
    const omit = option(p, '--omit');
    const only = option(p, '--only');
    const production = option(p, '--production');
    const includesDev = option(p, '--include') === 'dev' || production === 'false';
    const omitsDev = omit === 'dev' || only === 'prod' || only === 'production' || production === '' || production === 'true' || (prodEnv && !includesDev);
    return omitsDev ? undefined : `npm ${sub} installs devDependencies (no --omit=dev)`;
  }
  if (family === 'yarn' && (sub === undefined || sub === 'install')) {
    const production = option(p, '--production') ?? option(p, '--prod');
    const omitsDev = production === '' || production === 'true' || (prodEnv && production !== 'false');
    return omitsDev ? undefined : 'yarn install installs devDependencies (no --production)';
  }
  if (family === 'pnpm' && (sub === 'install' || sub === 'i')) {
    const omitsDev = option(p, '--prod') !== undefined || option(p, '-P') !== undefined || prodEnv;
    return omitsDev ? undefined : `pnpm ${sub} installs devDependencies (no --prod)`;
  }
  return undefined;
}

/** True for `npm prune --omit=dev` / `npm prune --production`: the devDependencies are gone after it. */
function prunesDev(p: Parsed): boolean {
  return p.program === 'npm' && p.positional[0] === 'prune' && (option(p, '--omit') === 'dev' || option(p, '--production') === '' || option(p, '--production') === 'true');
}

const COMPILERS = new Set(['make', 'cmake', 'ninja', 'meson', 'gcc', 'g++', 'cc', 'c++', 'clang', 'clang++', 'rustc', 'javac', 'tsc']);

/** The compile step `p` runs, if it is one. */
function compileStep(p: Parsed): string | undefined {
  const [sub, next] = p.positional;
  if (COMPILERS.has(p.program)) return p.program;
  if (p.program === 'go' && (sub === 'build' || sub === 'install')) return `go ${sub}`;
  if (p.program === 'cargo' && (sub === 'build' || sub === 'install')) return `cargo ${sub}`;
  if (p.program === 'mvn' || p.program === 'mvnw') {
    const goal = p.positional.find(w => ['compile', 'package', 'install', 'verify'].includes(w));
    if (goal) return `mvn ${goal}`;
  }
  if (p.program === 'gradle' || p.program === 'gradlew') {
    const task = p.positional.find(w => ['build', 'assemble', 'jar', 'bootJar', 'shadowJar', 'installDist'].includes(w));
    if (task) return `gradle ${task}`;
  }
  if (p.program === 'dotnet' && (sub === 'build' || sub === 'publish')) return `dotnet ${sub}`;
  if (['npm', 'yarn', 'pnpm'].includes(p.program)) {
    if ((sub === 'run' || sub === 'run-script') && next === 'build') return `${p.program} run build`;
    if (p.program !== 'npm' && sub === 'build') return `${p.program} build`;
  }
  return undefined;
}

/** What one RUN left in the image. */
export interface BuildToolingUse {
  readonly run: DfInstruction;
  /** Build packages installed by this RUN and never removed. */
  readonly packages: string[];
  /** Compile steps this RUN runs. */
  readonly compiles: string[];
  /** devDependencies installs of this RUN that are never pruned. */
  readonly devDependencies: string[];
}

/** Runs the heuristic over the instructions of a stage lineage (in build order). */
export function buildTooling(instructions: DfInstruction[]): BuildToolingUse[] {
  const leftPackages = new Map<string, { run: DfInstruction; word: string; group?: string }>();
  const devDeps: Array<{ run: DfInstruction; what: string }> = [];
  const compiles = new Map<DfInstruction, string[]>();
  let productionEnv = false;

  for (const instr of instructions) {
    if (instr.keyword === 'ENV' || instr.keyword === 'ARG') {
      for (const p of instr.properties) {
        if (p.name === 'NODE_ENV' && p.value !== undefined) productionEnv = p.value === 'production';
      }
      continue;
    }
    if (instr.keyword !== 'RUN') continue;
    for (const words of commandsOf(instr.expanded)) {
      const p = parseCommand(words);
      if (!p) continue;
      const pkg = packageCommand(p);
      if (pkg?.action === 'install') {
        for (const w of pkg.packages) {
          if (isBuildPackage(w)) leftPackages.set(packageName(w), { run: instr, word: packageName(w), group: pkg.group });
        }
      } else if (pkg?.action === 'remove') {
        const removed = new Set(pkg.packages.map(packageName));
        for (const [name, entry] of [...leftPackages]) {
          if (removed.has(name) || (entry.group !== undefined && removed.has(entry.group.toLowerCase()))) leftPackages.delete(name);
        }
      }
      const dev = devDependencies(p, productionEnv);
      if (dev) devDeps.push({ run: instr, what: dev });
      if (prunesDev(p)) devDeps.length = 0;
      const step = compileStep(p);
      if (step) compiles.set(instr, [...(compiles.get(instr) ?? []), step]);
    }
  }

  const runs = new Set<DfInstruction>([...[...leftPackages.values()].map(e => e.run), ...devDeps.map(d => d.run), ...compiles.keys()]);
  return instructions.filter(i => runs.has(i)).map(run => ({
    run,
    packages: [...leftPackages.values()].filter(e => e.run === run).map(e => e.word),
    compiles: [...new Set(compiles.get(run) ?? [])],
    devDependencies: [...new Set(devDeps.filter(d => d.run === run).map(d => d.what))],
  }));
}
