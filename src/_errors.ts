import { IConstruct } from 'constructs';

/**
 * The error every construct of this library throws for bad input. Its message names the construct path,
 * the construct type, what was received, what is allowed and the fix, and starts with a stable code
 * (e.g. `CSE101`) that tests and tooling can match on.
 */
/** @internal */
export class SecureError extends Error {
  /** Throws a SecureError for `scope`. */
  public static raise(scope: IConstruct, code: string, construct: string, problem: string, fix: string): never {
    const sep = problem.endsWith('\n') ? '' : problem.endsWith('.') ? ' ' : '. ';
    throw new SecureError(code, scope.node.path, `${construct}: ${problem}${sep}${fix}`);
  }

  /** Stable error code, e.g. `CSE101`. */
  public readonly code: string;
  /** Construct path of the construct that rejected the input. */
  public readonly constructPath: string;

  constructor(code: string, constructPath: string, detail: string) {
    super(`[${constructPath}] ${code} ${detail}`);
    this.name = 'SecureError';
    this.code = code;
    this.constructPath = constructPath;
  }
}
