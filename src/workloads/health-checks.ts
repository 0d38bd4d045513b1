import { Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';

/**
 * Options for HTTP health checks.
 */
export interface HttpHealthChecksOptions {
  /**
   * Port the probes call.
   * @default - the container's `portNumber`
   */
  readonly port?: number;
  /**
   * Path of the liveness probe (is the process alive?).
   * @default '/health'
   */
  readonly livenessPath?: string;
  /**
   * Path of the readiness probe (can it serve traffic now?).
   * @default '/ready'
   */
  readonly readinessPath?: string;
}

/**
 * A liveness and a readiness probe together: the common case in one line,
 * e.g. `healthChecks: HealthChecks.http({ port: 8080 })` probes `/health` and `/ready`.
 *
 * Timings follow the hardening guide: liveness waits 30 s, then every 10 s, restarting after 3
 * failures; readiness waits 5 s, then every 5 s.
 */
export class HealthChecks {
  /** HTTP GET probes on `livenessPath` and `readinessPath`. */
  public static http(options: HttpHealthChecksOptions = {}): HealthChecks {
    return new HealthChecks(
      kplus.Probe.fromHttpGet(options.livenessPath ?? '/health', { port: options.port, ...LIVENESS }),
      kplus.Probe.fromHttpGet(options.readinessPath ?? '/ready', { port: options.port, ...READINESS }),
    );
  }

  /** TCP connect probes on `port` (default: the container's `portNumber`), for servers without an HTTP endpoint. */
  public static tcp(port?: number): HealthChecks {
    return new HealthChecks(
      kplus.Probe.fromTcpSocket({ port, ...LIVENESS }),
      kplus.Probe.fromTcpSocket({ port, ...READINESS }),
    );
  }

  /** Runs `command` in the container for both probes; exit code 0 means healthy. */
  public static command(command: string[]): HealthChecks {
    return new HealthChecks(kplus.Probe.fromCommand(command, LIVENESS), kplus.Probe.fromCommand(command, READINESS));
  }

  /** Any two probes. */
  public static of(liveness: kplus.Probe, readiness: kplus.Probe): HealthChecks {
    return new HealthChecks(liveness, readiness);
  }

  private constructor(
    /** The liveness probe. */
    public readonly liveness: kplus.Probe,
    /** The readiness probe. */
    public readonly readiness: kplus.Probe,
  ) {}
}

const LIVENESS = { initialDelaySeconds: Duration.seconds(30), periodSeconds: Duration.seconds(10), failureThreshold: 3 };
const READINESS = { initialDelaySeconds: Duration.seconds(5), periodSeconds: Duration.seconds(5) };
