import { checkDockerfileText } from './check';
import { Finding } from '../checks/finding';

/**
 * Options of `DockerfileChecker.check`.
 */
export interface DockerfileCheckOptions {
  /**
   * File name to report as `source.file` of every finding.
   * @default - none
   */
  readonly file?: string;
  /**
   * Rule ids not to run. Prefer a `# cdk8s-secure:ignore <id> <reason>` comment on the instruction: it is
   * reviewed with the Dockerfile and reported.
   * @default - every Dockerfile rule runs
   */
  readonly disabledRules?: string[];
  /**
   * The date base image end-of-life dates are compared with (CS815), as YYYY-MM-DD.
   * @default - today (UTC)
   */
  readonly today?: string;
}

/**
 * Checks Dockerfiles against the image rules of the catalog (CS801-CS849): base image tags, a non-root
 * final USER, build tooling in the final image, remote ADD, credentials in ENV/ARG and full-size base
 * images. The same rules as `cdk8s-secure dockerfile`.
 */
export class DockerfileChecker {
  /**
   * Checks the text of one Dockerfile and returns its findings, in line order, suppressed ones included
   * (with `suppressed` set). Throws an error naming the line when the text is not a Dockerfile that can
   * be checked (no FROM, an unknown instruction, an invalid image reference, ...).
   */
  public static check(content: string, options: DockerfileCheckOptions = {}): Finding[] {
    if (options.today !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(options.today)) {
      throw new Error(`DockerfileChecker: today must be a date as YYYY-MM-DD (got ${JSON.stringify(options.today)})`);
    }
    const result = checkDockerfileText(content, { file: options.file, disabledRules: options.disabledRules, today: options.today });
    if (result.problems.length > 0) {
      const p = result.problems[0];
      throw new Error(`${options.file ?? 'Dockerfile'}${p.line !== undefined ? ` (line ${p.line})` : ''}: ${p.message}`);
    }
    return result.findings;
  }

  private constructor() {}
}
