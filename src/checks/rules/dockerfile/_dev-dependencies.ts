import * as path from 'path';
import { buildTooling } from './_build-tools';
import { commandsOf, wordsOf } from '../../../dockerfile/_shell';
import { DfInstruction } from '../../../dockerfile/model';

/** One install of development dependencies that is still in a stage's file system at its end. */
export interface DevInstall {
  readonly run: DfInstruction;
  /** What it installs, for messages (`npm ci installs devDependencies (no --omit=dev)`). */
  readonly what: string;
  readonly ecosystem: 'node' | 'python';
  /** Absolute directories the dependencies land in (node: the project directory; python: venv, --target, ...). */
  readonly dirs: string[];
}

/** `-r requirements-dev.txt`, `dev-requirements.txt`, `requirements/test.txt`, `requirements_testing.in`. */
const DEV_FILE = /(?:^|[-_.])(?:dev|develop|development|test|tests|testing)(?:[-_.]|$)/;
/** `.[dev]`, `-e .[test,docs]`, `mypkg[dev]`. */
const DEV_EXTRA = /\[([^\]]*)\]/;
const DEV_EXTRA_NAMES = new Set(['dev', 'develop', 'development', 'test', 'tests', 'testing']);
const PIP_VALUE_OPTIONS = new Set(['-r', '--requirement', '-c', '--constraint', '-t', '--target', '--prefix', '--root', '-i', '--index-url',
  '--extra-index-url', '-f', '--find-links', '--python', '-e', '--editable', '--only', '--without', '--with']);

/** A directory as the build sees it: absolute, normalized, without a trailing slash. */
function absolute(dir: string, cwd: string): string {
  const p = path.posix.normalize(dir.startsWith('/') ? dir : path.posix.join(cwd, dir));
  return p.length > 1 ? p.replace(/\/+$/, '') : p;
}

/** Options of a pip-like command line: value options paired with their value. */
function pipWords(words: string[]): { options: Map<string, string[]>; flags: Set<string>; positional: string[] } {
  const options = new Map<string, string[]>();
  const flags = new Set<string>();
  const positional: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    const eq = /^(--[a-z-]+)=(.*)$/.exec(w);
    const short = /^(-[rtce])(.+)$/.exec(w);
    if (eq) {
      options.set(eq[1], [...(options.get(eq[1]) ?? []), eq[2]]);
    } else if (short) {
      options.set(short[1], [...(options.get(short[1]) ?? []), short[2]]);
    } else if (PIP_VALUE_OPTIONS.has(w) && i + 1 < words.length) {
      options.set(w, [...(options.get(w) ?? []), words[++i]]);
    } else if (w.startsWith('-')) {
      flags.add(w);
    } else {
      positional.push(w);
    }
  }
  return { options, flags, positional };
}

/**
 * What a python package command installs for development, and where, or undefined: pip (and `python -m pip`,
 * `uv pip`) with a dev/test requirements file or a dev/test extra, `poetry install` without `--only main` /
 * `--without dev`, `uv sync` without `--no-dev`, `pipenv install --dev`.
 */
function pythonDevInstall(words: string[], cwd: string, venv: string | undefined): { what: string; dirs: string[] } | undefined {
  let i = 0;
  while (i < words.length && (/^[A-Za-z_][A-Za-z0-9_]*=/.test(words[i]) || ['sudo', 'env', 'exec', 'then', 'do'].includes(words[i]))) i++;
  const program = words[i];
  if (program === undefined) return undefined;
  const base = program.replace(/^.*\//, '');
  const binVenv = /^(.*)\/bin\/[^/]+$/.exec(program)?.[1];
  const where = (extra: string[] = []) => [...new Set([
    ...extra,
    ...(binVenv !== undefined && binVenv !== '/usr' && binVenv !== '/usr/local' && binVenv !== '' ? [absolute(binVenv, cwd)] : venv ? [venv] : []),
  ])];
  let rest: string[] | undefined;
  let tool = '';
  if (/^pip\d?(\.\d+)?$/.test(base) && words[i + 1] === 'install') {
    rest = words.slice(i + 2);
    tool = 'pip install';
  } else if (/^python\d?(\.\d+)?$/.test(base) && words[i + 1] === '-m' && words[i + 2] === 'pip' && words[i + 3] === 'install') {
    rest = words.slice(i + 4);
    tool = 'pip install';
  } else if (base === 'uv' && words[i + 1] === 'pip' && words[i + 2] === 'install') {
    rest = words.slice(i + 3);
    tool = 'uv pip install';
  }
  if (rest) {
    const p = pipWords(rest);
    const files = [...(p.options.get('-r') ?? []), ...(p.options.get('--requirement') ?? [])].filter(f => DEV_FILE.test(path.posix.basename(f).replace(/\.(txt|in)$/, '')));
    const extras = [...p.positional, ...(p.options.get('-e') ?? []), ...(p.options.get('--editable') ?? [])]
      .filter(w => (DEV_EXTRA.exec(w)?.[1] ?? '').split(',').some(e => DEV_EXTRA_NAMES.has(e.trim())));
    const dev = [...files.map(f => `-r ${f}`), ...extras];
    if (dev.length === 0) return undefined;
    const landing = [...(p.options.get('-t') ?? []), ...(p.options.get('--target') ?? []), ...(p.options.get('--prefix') ?? [])].map(d => absolute(d, cwd));
    if (p.flags.has('--user')) landing.push('/root/.local');
    return { what: `${tool} ${dev.join(' ')} installs development dependencies`, dirs: where(landing) };
  }
  if (base === 'poetry' && words[i + 1] === 'install') {
    const p = pipWords(words.slice(i + 2));
    const only = [...(p.options.get('--only') ?? [])].join(',');
    const without = [...(p.options.get('--without') ?? [])].join(',');
    if (p.flags.has('--no-dev') || p.flags.has('--only-root') || (only !== '' && !only.split(',').includes('dev')) || without.split(',').includes('dev')) return undefined;
    return { what: 'poetry install installs the dev group (no --only main / --without dev)', dirs: where([absolute('.venv', cwd)]) };
  }
  if (base === 'uv' && words[i + 1] === 'sync') {
    const flags = new Set(words.slice(i + 2));
    if (flags.has('--no-dev') || flags.has('--no-default-groups') || [...flags].some(f => f.startsWith('--only-group'))) return undefined;
    return { what: 'uv sync installs the dev group (no --no-dev)', dirs: where([absolute('.venv', cwd)]) };
  }
  if (base === 'pipenv' && words[i + 1] === 'install' && (words.includes('--dev') || words.includes('-d'))) {
    return { what: 'pipenv install --dev installs development packages', dirs: where([absolute('.venv', cwd)]) };
  }
  return undefined;
}

/**
 * The development dependencies installed by the instructions of a stage lineage (in build order) and not
 * removed by its end: node devDependencies (npm, yarn, pnpm; as CS822 judges them, `npm prune --omit=dev`
 * included) with the directory they were installed in, and python development requirements with the
 * directories they land in.
 */
export function devInstalls(instructions: DfInstruction[]): DevInstall[] {
  const node = new Map(buildTooling(instructions).filter(u => u.devDependencies.length > 0).map(u => [u.run, u.devDependencies]));
  const out: DevInstall[] = [];
  let workdir = '/';
  let venv: string | undefined;
  for (const instr of instructions) {
    if (instr.keyword === 'WORKDIR') {
      workdir = absolute(instr.expanded.trim() || '/', workdir);
      continue;
    }
    if (instr.keyword === 'ENV') {
      for (const p of instr.properties) {
        if (p.name === 'VIRTUAL_ENV' && p.value) venv = absolute(p.value, workdir);
      }
      continue;
    }
    if (instr.keyword !== 'RUN') continue;
    let cwd = workdir;
    let nodeDir: string | undefined;
    const python: Array<{ what: string; dirs: string[] }> = [];
    for (const words of commandsOf(instr.expanded)) {
      if (words[0] === 'cd' && words[1] !== undefined) {
        cwd = absolute(words[1], cwd);
        continue;
      }
      if (/^python\d?(\.\d+)?$/.test(words[0]?.replace(/^.*\//, '') ?? '') && words[1] === '-m' && (words[2] === 'venv' || words[2] === 'virtualenv')) {
        const dir = words.slice(3).find(w => !w.startsWith('-'));
        if (dir) venv = absolute(dir, cwd);
        continue;
      }
      if ((words[0] === 'virtualenv' || (words[0] === 'uv' && words[1] === 'venv'))) {
        const dir = words.slice(words[0] === 'uv' ? 2 : 1).find(w => !w.startsWith('-')) ?? (words[0] === 'uv' ? '.venv' : undefined);
        if (dir) venv = absolute(dir, cwd);
        continue;
      }
      if (nodeDir === undefined && ['npm', 'yarn', 'pnpm'].includes(words.find(w => !/^[A-Za-z_][A-Za-z0-9_]*=/.test(w))?.replace(/^.*\//, '') ?? '')) nodeDir = cwd;
      const py = pythonDevInstall(words, cwd, venv);
      if (py) python.push(py);
    }
    const nodeDev = node.get(instr);
    if (nodeDev) out.push({ run: instr, what: nodeDev.join('; '), ecosystem: 'node', dirs: [nodeDir ?? workdir] });
    for (const py of python) out.push({ run: instr, what: py.what, ecosystem: 'python', dirs: py.dirs });
  }
  return out;
}

/** The source paths of a COPY, made absolute (a `COPY --from` source is relative to the root of that stage). */
export function copySources(copy: DfInstruction): string[] {
  const words = wordsOf(copy.expanded);
  return words.slice(0, -1).map(w => absolute(w, '/'));
}

/** True when copying `source` brings along what `install` left: its directory (or a parent), or the packages directory itself. */
export function copiesInstall(source: string, install: DevInstall): boolean {
  const segments = source.split('/');
  if (install.ecosystem === 'node' && segments.includes('node_modules')) return true;
  if (install.ecosystem === 'python' && (segments.includes('site-packages') || segments.includes('dist-packages'))) return true;
  // The source is the directory the packages are in, or a parent of it (`COPY --from=build /app /app`).
  return install.dirs.some(dir => dir === source || source === '/' || dir.startsWith(`${source}/`));
}
