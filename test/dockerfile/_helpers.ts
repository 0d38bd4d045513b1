import * as fs from 'fs';
import * as path from 'path';
import { Readable } from 'stream';
import { Finding } from '../../src';
import { dockerfileCommand } from '../../src/cli/dockerfile';
import { checkDockerfileText } from '../../src/dockerfile/check';
import { DockerfileModel } from '../../src/dockerfile/model';
import { parseDockerfile } from '../../src/dockerfile/parse';

export const FIXTURES = path.join(__dirname, 'fixtures');
export const fixture = (name: string) => path.join(FIXTURES, name);
export const readFixture = (name: string) => fs.readFileSync(fixture(name), 'utf8');

/** Dockerfile text from lines (so tests read like the file). */
export const df = (...lines: string[]) => `${lines.join('\n')}\n`;

/** Parses text that must be a valid Dockerfile. */
export function model(text: string): DockerfileModel {
  const r = parseDockerfile(text);
  if (!r.model) throw new Error(`not parsed: ${JSON.stringify(r.problems)}`);
  return r.model;
}

/**
 * The day the shared fixtures are checked on. Their base images (alpine:3.19, node:20, python:3.12, ...) were
 * all supported then, so CS815 (end of life, compared with the day of the check) stays out of tests about
 * other rules, whatever the day the tests run; CS815's own tests give their dates.
 */
export const FIXTURE_DATE = '2025-01-01';

/** Checks text that must be a valid Dockerfile; returns every finding. */
export function check(text: string, today = FIXTURE_DATE): Finding[] {
  const r = checkDockerfileText(text, { file: 'Dockerfile', today });
  if (r.problems.length > 0) throw new Error(`not checked: ${JSON.stringify(r.problems)}`);
  return r.findings;
}

/** The findings of one rule. */
export function findingsOf(text: string, ruleId: string, today = FIXTURE_DATE): Finding[] {
  return check(text, today).filter(f => f.ruleId === ruleId);
}

/** `CS821@12` per unsuppressed finding, for compact assertions. */
export function active(findings: Finding[]): string[] {
  return findings.filter(f => !f.suppressed).map(f => `${f.ruleId}@${f.source.line}`);
}

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `cdk8s-secure dockerfile --date FIXTURE_DATE <argv>` in-process (`date: null`: no --date); stdin is a finite stream. */
export async function dockerfileCli(argv: string[], stdin?: string | Buffer, date: string | null = FIXTURE_DATE): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const code = await dockerfileCommand([...(date === null ? [] : ['--date', date]), ...argv], {
    stdout: s => { stdout += s; },
    stderr: s => { stderr += s; },
    stdin: Readable.from(stdin === undefined ? [] : [stdin]),
  });
  return { code, stdout, stderr };
}

/** How the CLI names a file: relative to the working directory. */
export const shown = (file: string) => path.relative(process.cwd(), file) || file;

/** A stack trace frame line, as Node prints them. */
export const STACK_FRAME = /\n\s+at /;

/** A syntactically valid (made-up) digest. */
export const DIGEST = `sha256:${'0123456789abcdef'.repeat(4)}`;
