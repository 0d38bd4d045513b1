import * as fs from 'fs';
import * as path from 'path';
import { parseArgs } from 'util';
import { EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE, Io } from './run';
import { escapeText } from '../_text';
import { failing } from '../checks/engine';
import { Finding, RuleInfo, Severity } from '../checks/finding';
import { formatJson } from '../checks/formatters/json';
import { formatSarif } from '../checks/formatters/sarif';
import { formatText } from '../checks/formatters/text';
import { checkDockerfileText } from '../dockerfile/check';
import { DOCKERFILE_META_RULES, DOCKERFILE_RULES } from '../dockerfile/rules';

export const DOCKERFILE_USAGE = `Usage:
  cdk8s-secure dockerfile [options] <Dockerfile|->...
                              check Dockerfiles against the image rules (CS801-CS849)

Options:
  --format text|json|sarif    report format (default: text)
  --severity error|warning|info
                              exit 1 when an unsuppressed finding is at or above this (default: error)
  --date YYYY-MM-DD           the day base image end-of-life dates are compared with (CS815), e.g. your
                              release date (default: today)

Suppress a finding with a comment on the line above the instruction it points at:
  # cdk8s-secure:ignore CS821 <reason, at least 10 characters>

Exit codes: 0 clean, 1 findings at or above --severity, 2 usage or input error.
`;

/** Larger than any real Dockerfile: refuse it rather than read a wrong file into memory. */
const MAX_BYTES = 4 * 1024 * 1024;

class UsageError extends Error {}

function version(): string {
  try {
    return JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')).version;
  } catch {
    return '0.0.0';
  }
}

async function readStream(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * `cdk8s-secure dockerfile [--format text|json|sarif] [--severity error|warning|info] <Dockerfile|->...`.
 * Returns the exit code; bad input is reported as one line per problem on stderr, never as a stack trace.
 */
export async function dockerfileCommand(argv: string[], io: Io): Promise<number> {
  try {
    return await dockerfile(argv, io);
  } catch (e) {
    if (e instanceof UsageError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.stderr(`cdk8s-secure: ${(e as Error).message}\n\n${DOCKERFILE_USAGE}`);
      return EXIT_USAGE;
    }
    throw e;
  }
}

async function dockerfile(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      format: { type: 'string', default: 'text' },
      severity: { type: 'string', default: 'error' },
      date: { type: 'string' },
    },
  });
  const format = values.format!;
  if (!['text', 'json', 'sarif'].includes(format)) throw new UsageError(`--format must be text, json or sarif (got "${format}")`);
  const threshold = values.severity as Severity;
  if (!Object.values(Severity).includes(threshold)) throw new UsageError(`--severity must be error, warning or info (got "${values.severity}")`);
  const date = values.date;
  if (date !== undefined && !(/^\d{4}-\d{2}-\d{2}$/.test(date) && !Number.isNaN(Date.parse(`${date}T00:00:00Z`)))) {
    throw new UsageError(`--date must be a day as YYYY-MM-DD (got "${date}")`);
  }
  if (positionals.length === 0) throw new UsageError('dockerfile needs at least one Dockerfile, or - (standard input)');

  let inputErrors = 0;
  const inputError = (file: string, message: string, line?: number) => {
    inputErrors++;
    // File names and messages quote the input: escaped, so they cannot drive the terminal.
    io.stderr(`cdk8s-secure: error: ${escapeText(file)}${line !== undefined ? ` (line ${line})` : ''}: ${escapeText(message)}\n`);
  };
  const findings: Finding[] = [];
  let stages = 0;
  let files = 0;
  for (const arg of positionals) {
    const display = arg === '-' ? '<stdin>' : path.relative(process.cwd(), arg) || arg;
    let content: Buffer;
    try {
      if (arg === '-') {
        content = await readStream(io.stdin ?? process.stdin);
      } else {
        const stat = fs.statSync(arg);
        if (stat.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
        if (stat.size > MAX_BYTES) throw new Error(`is larger than ${MAX_BYTES / 1024 / 1024} MiB: not a Dockerfile`);
        content = fs.readFileSync(arg);
      }
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      inputError(display, err.code === 'ENOENT' ? 'no such file or directory'
        : err.code === 'EISDIR' ? 'is a directory (name the Dockerfile itself)'
          : err.code === 'EACCES' ? 'permission denied' : err.message);
      continue;
    }
    if (content.includes(0)) {
      inputError(display, 'is a binary file, not a Dockerfile');
      continue;
    }
    const result = checkDockerfileText(content.toString('utf8'), { file: display, today: date });
    for (const p of result.problems) inputError(display, p.message, p.line);
    if (result.problems.length > 0) continue;
    files++;
    stages += result.stages;
    findings.push(...result.findings);
  }

  switch (format) {
    case 'json':
      io.stdout(`${formatJson(findings, { checked: { files, stages } })}\n`);
      break;
    case 'sarif':
      io.stdout(`${formatSarif(findings, { toolVersion: version(), rules: dockerfileRuleInfo() })}\n`);
      break;
    default:
      io.stdout(`${formatText(findings)}\nchecked ${stages} stage(s) in ${files} Dockerfile(s)\n`);
  }
  if (inputErrors > 0) return EXIT_USAGE;
  return failing(findings, threshold).length > 0 ? EXIT_FINDINGS : EXIT_CLEAN;
}

/** The metadata of the Dockerfile rules (and of their suppression findings), in id order. */
function dockerfileRuleInfo(): RuleInfo[] {
  return [...DOCKERFILE_META_RULES, ...DOCKERFILE_RULES]
    .map(r => ({
      id: r.id, title: r.title, severity: r.severity, description: r.description, rationale: r.rationale, fix: r.fix, references: [...r.references],
    }))
    .sort((a, b) => a.id.localeCompare(b.id));
}
