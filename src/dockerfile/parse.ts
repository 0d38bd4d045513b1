import { Comment, DockerfileParser, Instruction, Property } from 'dockerfile-ast';
import { expandVariables } from './_expand';
import { DfBaseImage, DfComment, DfFlag, DfInstruction, DfProperty, DfStage, DockerfileModel } from './model';
import { parseImage } from '../_image';

/** A reason the file cannot be checked, with its 1-based line when it has one. */
export interface DockerfileProblem {
  readonly line?: number;
  readonly message: string;
}

/** The model, or the problems that keep the file from being checked (then `model` is undefined). */
export interface ParseResult {
  readonly model?: DockerfileModel;
  readonly problems: DockerfileProblem[];
}

const KEYWORDS = new Set([
  'ADD', 'ARG', 'CMD', 'COPY', 'ENTRYPOINT', 'ENV', 'EXPOSE', 'FROM', 'HEALTHCHECK', 'LABEL', 'MAINTAINER',
  'ONBUILD', 'RUN', 'SHELL', 'STOPSIGNAL', 'USER', 'VOLUME', 'WORKDIR',
]);

/** What BuildKit accepts as a stage name. */
const STAGE_NAME = /^[a-z][a-z0-9_.-]*$/i;

interface StageScope {
  readonly args: Map<string, string | null>;
  readonly env: Map<string, string | null>;
}

/** Longest Dockerfile line read (characters). */
export const MAX_LINE_CHARS = 64 * 1024;
/** Largest Dockerfile read (characters). */
export const MAX_DOCKERFILE_CHARS = 1024 * 1024;

/**
 * Parses a Dockerfile with `dockerfile-ast` (parser directives such as `# escape=`, line continuations,
 * heredocs, comments inside continuations) into the model the rules read. Variables are substituted with
 * the defaults the file gives them (what a build without --build-arg uses): global ARGs in FROM lines;
 * the stage's ARGs (a redeclared global ARG keeps its default) and the ENV of the stage and the stages it
 * is built on everywhere else. Never throws for bad input: problems are returned instead.
 */
export function parseDockerfile(content: string): ParseResult {
  const text = content.charCodeAt(0) === 0xfeff ? content.slice(1) : content;
  const lines = text.split(/\r?\n/);
  // The parser builds each argument a character at a time: its time grows faster than the length of a
  // line (about 30 s for a 1 MB line). No real Dockerfile line comes near the limit; a longer one is refused.
  const long = lines.findIndex(l => l.length > MAX_LINE_CHARS);
  if (long >= 0) {
    return { problems: [{ line: long + 1, message: `the line is longer than ${MAX_LINE_CHARS / 1024} KiB (${lines[long].length} characters); the checker refuses it rather than read it slowly` }] };
  }
  if (text.length > MAX_DOCKERFILE_CHARS) {
    return { problems: [{ line: undefined, message: `the Dockerfile is larger than ${MAX_DOCKERFILE_CHARS / 1024 / 1024} MiB; the checker refuses it rather than read it slowly` }] };
  }
  const parsed = DockerfileParser.parse(text);
  const escapeChar = parsed.getEscapeCharacter();
  const problems: DockerfileProblem[] = [];
  const problem = (line: number | undefined, message: string) => problems.push({ line, message });

  // Comment lines, as the parser sees them (so never a heredoc body). A comment at the top of the file
  // that contains `=` is taken by the parser for a parser directive: those lines are comments too.
  const commentLines = new Set<number>();
  for (const c of parsed.getComments() as Comment[]) commentLines.add(c.getRange().start.line);
  for (const d of parsed.getDirectives()) commentLines.add(d.getRange().start.line);
  const comments: DfComment[] = [...commentLines].sort((a, b) => a - b).map(l => ({ line: l + 1, text: lines[l] ?? '' }));

  const globalScope = new Map<string, string | null>();
  const globalArgs: DfInstruction[] = [];
  const instructions: DfInstruction[] = [];
  const stages: Array<DfStage & { instructions: DfInstruction[] }> = [];
  const stageScopes: StageScope[] = [];
  const stageNames = new Map<string, number>();
  let counts = new Map<string, number>();
  let sawFrom = false;

  for (const instr of parsed.getInstructions() as Instruction[]) {
    const range = instr.getRange();
    const line = range.start.line + 1;
    const keyword = instr.getKeyword();
    const written = instr.getInstruction();
    if (!KEYWORDS.has(keyword)) {
      problem(line, `unknown instruction "${written}"`);
      continue;
    }
    const current = stages[stages.length - 1];
    if (keyword !== 'FROM' && keyword !== 'ARG' && !current) {
      // After a first FROM that was already reported, say nothing more about its stage.
      if (!sawFrom) problem(line, `${keyword} before the first FROM (only ARG may come before it)`);
      continue;
    }
    if (keyword === 'FROM') sawFrom = true;
    const args = instr.getArguments().map(a => a.getValue());
    if (args.length === 0) {
      problem(line, `${keyword} has no arguments`);
      continue;
    }
    const rawText = argumentsText(instr, lines, commentLines);
    const base = {
      keyword,
      line,
      endLine: range.end.line + 1,
      column: range.start.character + 1,
      args,
      text: rawText,
      flags: flagsOf(instr),
    };

    if (keyword === 'FROM') {
      const index = stages.length;
      const asName = args.length === 3 && args[1].toLowerCase() === 'as' ? args[2] : undefined;
      if (args.length !== 1 && asName === undefined) {
        problem(line, `FROM takes an image and optionally "AS <name>" (got "${rawText}")`);
        continue;
      }
      if (asName !== undefined && !STAGE_NAME.test(asName)) {
        problem(line, `stage name "${asName}" must start with a letter and contain only letters, digits, "_", "-" and "."`);
        continue;
      }
      if (asName !== undefined && stageNames.has(asName.toLowerCase())) {
        problem(line, `duplicate stage name "${asName}" (first used by stage ${stageNames.get(asName.toLowerCase())})`);
        continue;
      }
      const resolved = resolveBase(args[0], globalScope, stageNames, escapeChar);
      if (typeof resolved === 'string') {
        problem(line, resolved);
        continue;
      }
      if (asName !== undefined) stageNames.set(asName.toLowerCase(), index);
      counts = new Map();
      const from: DfInstruction = {
        ...base,
        expanded: resolved.resolved ?? args[0],
        unresolved: resolved.unresolved,
        properties: [],
        stage: index,
        path: `stage[${index}].FROM`,
      };
      const parent = resolved.stage !== undefined ? stageScopes[resolved.stage] : undefined;
      stageScopes.push({ args: new Map(), env: new Map(parent?.env ?? []) });
      stages.push({
        index,
        name: asName,
        path: `stage[${index}]`,
        from,
        base: resolved,
        instructions: [],
        object: { apiVersion: 'dockerfile', kind: 'Stage', name: asName ?? String(index) },
      });
      instructions.push(from);
      continue;
    }

    const stageIndex = current ? current.index : -1;
    const scope = current ? stageScopes[stageIndex] : undefined;
    const inScope = scope ? new Map([...scope.args, ...scope.env]) : globalScope;
    const expanded = expandVariables(rawText, inScope, escapeChar);
    const properties = propertiesOf(instr);
    const n = counts.get(keyword) ?? 0;
    counts.set(keyword, n + 1);
    const out: DfInstruction = {
      ...base,
      expanded: expanded.text,
      unresolved: expanded.unresolved,
      properties,
      stage: stageIndex,
      path: current ? `stage[${stageIndex}].${keyword}[${n}]` : `global.ARG[${n}]`,
    };

    // Later instructions see the variables this one declares.
    if (keyword === 'ARG' || keyword === 'ENV') {
      for (const p of properties) {
        const value = p.value === undefined ? undefined : expandVariables(p.value, inScope, escapeChar);
        const known = value !== undefined && value.unresolved.length === 0 ? value.text : null;
        if (!scope) {
          globalScope.set(p.name, known);
        } else if (keyword === 'ENV') {
          if (p.value !== undefined) scope.env.set(p.name, known);
        } else {
          scope.args.set(p.name, p.value === undefined ? (globalScope.get(p.name) ?? null) : known);
        }
      }
    }
    if (current) current.instructions.push(out);
    else globalArgs.push(out);
    instructions.push(out);
  }

  if (stages.length === 0 && problems.length === 0) problem(undefined, 'no FROM instruction: this is not a Dockerfile');
  if (problems.length > 0) return { problems };
  return { model: { globalArgs, stages, instructions, comments }, problems };
}

/** Resolves FROM's image argument: an earlier stage, scratch, or an image reference (or a problem). */
function resolveBase(image: string, globals: Map<string, string | null>, stageNames: Map<string, number>, escapeChar: string): DfBaseImage | string {
  const { text, unresolved } = expandVariables(image, globals, escapeChar);
  if (unresolved.length > 0) return { written: image, unresolved, scratch: false };
  const lower = text.toLowerCase();
  if (stageNames.has(lower)) return { written: image, resolved: text, unresolved, stage: stageNames.get(lower), scratch: false };
  if (lower === 'scratch') return { written: image, resolved: text, unresolved, scratch: true };
  const ref = parseImage(text);
  if (typeof ref === 'string') return `FROM ${image}${text !== image ? ` (= "${text}")` : ''}: ${ref}`;
  return { written: image, resolved: text, unresolved, scratch: false, ref };
}

/**
 * The instruction's arguments as one text, flags left out, continuations joined and heredoc bodies kept.
 * Comment lines inside a continuation are dropped (Docker drops them too).
 */
function argumentsText(instr: Instruction, lines: string[], commentLines: Set<number>): string {
  let text = instr.getArgumentsContent() ?? '';
  const range = instr.getRange();
  for (let l = range.start.line + 1; l <= range.end.line; l++) {
    if (!commentLines.has(l)) continue;
    const comment = (lines[l] ?? '').trim();
    const at = text.indexOf(`${comment}\n`);
    if (at >= 0) text = `${text.slice(0, at)} ${text.slice(at + comment.length + 1)}`;
  }
  return text;
}

function flagsOf(instr: Instruction): DfFlag[] {
  const withFlags = instr as Instruction & { getFlags?: () => Array<{ getName(): string; getValue(): string | null }> };
  if (typeof withFlags.getFlags !== 'function') return [];
  return withFlags.getFlags().map(f => ({ name: f.getName().toLowerCase(), value: f.getValue() ?? undefined }));
}

function propertiesOf(instr: Instruction): DfProperty[] {
  const withProps = instr as Instruction & { getProperties?: () => Property[] };
  if (typeof withProps.getProperties !== 'function') return [];
  return withProps.getProperties().map(p => {
    const r = p.getNameRange();
    const value = p.getValue();
    return { name: p.getName(), value: value === null ? undefined : value, line: r.start.line + 1, column: r.start.character + 1 };
  });
}
