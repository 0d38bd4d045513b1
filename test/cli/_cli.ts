import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Readable } from 'stream';
import { run } from '../../src/cli/run';

/** What one in-process run of the CLI printed and returned. */
export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs the CLI in-process through `run(argv, io)`. Standard input is always a finite stream (empty unless
 * given; an array is delivered as that many chunks), so `-` can never block on the test runner's own stdin.
 */
export async function cli(argv: string[], options: { stdin?: string | Buffer | Array<string | Buffer>; isTTY?: boolean } = {}): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const code = await run(argv, {
    stdout: s => { stdout += s; },
    stderr: s => { stderr += s; },
    stdin: Readable.from(options.stdin === undefined ? [] : Array.isArray(options.stdin) ? options.stdin : [options.stdin]),
    isTTY: options.isTTY,
  });
  return { code, stdout, stderr };
}

/** How the CLI names a file in its messages and findings: relative to the working directory. */
export function shown(file: string): string {
  return path.relative(process.cwd(), file) || file;
}

/** Escapes a string for use inside a RegExp. */
export function re(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A stack trace frame line, as Node prints them. */
export const STACK_FRAME = /\n\s+at /;

/** The error lines of stderr (`cdk8s-secure: error: ...`). */
export function errorLines(stderr: string): string[] {
  return stderr.split('\n').filter(l => l.startsWith('cdk8s-secure: error:'));
}

/** The note lines of stderr (`cdk8s-secure: note: ...`). */
export function noteLines(stderr: string): string[] {
  return stderr.split('\n').filter(l => l.startsWith('cdk8s-secure: note:'));
}

/** The non-empty lines of stderr. */
export function stderrLines(stderr: string): string[] {
  return stderr.split('\n').filter(l => l !== '');
}

/** A temporary directory, removed by `cleanup()`. */
export class TempDir {
  public readonly dir: string;

  constructor(prefix = 'cdk8s-secure-cli-') {
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  }

  /** Writes a file (creating parent directories) and returns its absolute path. */
  public write(name: string, content: string | Buffer): string {
    const file = path.join(this.dir, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
    return file;
  }

  public path(name: string): string {
    return path.join(this.dir, name);
  }

  public cleanup(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

export const FIXTURES = path.join(__dirname, 'fixtures');
export const fixture = (name: string) => path.join(FIXTURES, name);
export const INSECURE_EXAMPLE = path.join(__dirname, '..', '..', 'examples', 'insecure', 'manifests.yaml');

/** The parsed JSON report of a `--format json` run. */
export interface JsonReport {
  version: number;
  summary: { error: number; warning: number; info: number; suppressed: number; baseline?: number };
  baseline?: {
    file: string;
    entries: number;
    matched: number;
    stale: Array<{ ruleId: string; kind: string; name?: string; path: string; count?: number }>;
  };
  checked: { objects: number; files: number };
  findings: Array<{
    ruleId: string;
    severity: 'error' | 'warning' | 'info';
    title: string;
    message: string;
    fix: string;
    path: string;
    container?: string;
    object: { apiVersion: string; kind: string; name?: string; namespace?: string };
    source: { file?: string; documentIndex?: number; line?: number; column?: number };
    suppressed?: { reason: string; expires?: string };
    baseline?: boolean;
  }>;
}

export async function checkJson(args: string[], options: { stdin?: string } = {}): Promise<CliResult & { report: JsonReport }> {
  const r = await cli(['check', '--format', 'json', ...args], options);
  return { ...r, report: JSON.parse(r.stdout) };
}
