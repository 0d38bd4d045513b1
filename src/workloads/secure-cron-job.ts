import { ApiObject, Cron, Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { SecureError } from '../_errors';
import { escapeText } from '../_text';
import { cronProblem, timeZoneProblem } from './_cron';
import { basePodProps, BATCH_NO_CONTAINER_FIX, checkInteger, checkJobFields, childPath, WorkloadCore } from './_workload';
import { GrantOptions } from './grant';
import { SecureContainerProps } from './secure-container';
import { SecureWorkloadProps } from './secure-workload-props';

/**
 * Properties of a SecureCronJob.
 */
export interface SecureCronJobProps extends SecureWorkloadProps {
  /**
   * When to run, e.g. `Cron.daily()` or `Cron.schedule({ minute: '30', hour: '2' })`. Validated as the
   * CronJob controller parses it.
   */
  readonly schedule: Cron;
  /**
   * IANA time zone of the schedule.
   * @default 'Etc/UTC' (the same wall-clock time on every cluster, whatever the controller's zone)
   */
  readonly timeZone?: string;
  /**
   * What to do when a run is due while the previous one still runs.
   * @default kplus.ConcurrencyPolicy.FORBID (two backups writing the same target at once corrupt it)
   */
  readonly concurrencyPolicy?: kplus.ConcurrencyPolicy;
  /**
   * How late a missed run may still start (at least 10 s).
   * @default Duration.minutes(5)
   */
  readonly startingDeadline?: Duration;
  /**
   * Suspend future runs.
   * @default false
   */
  readonly suspend?: boolean;
  /**
   * Finished successful Jobs to keep.
   * @default 3
   */
  readonly successfulJobsRetained?: number;
  /**
   * Failed Jobs to keep (for their logs).
   * @default 1
   */
  readonly failedJobsRetained?: number;
  /**
   * Retries of one run before it is marked failed.
   * @default 3
   */
  readonly backoffLimit?: number;
  /**
   * Time after which a run is stopped and marked failed.
   * @default Duration.hours(1)
   */
  readonly activeDeadline?: Duration;
}

/**
 * A cdk8s-plus CronJob hardened like SecureDeployment, with safe scheduling defaults: no overlapping runs
 * (`concurrencyPolicy: Forbid`), a starting deadline, bounded history, an explicit time zone, 3 retries
 * and a 1 hour deadline per run. The schedule and time zone are validated at construction. Isolated by
 * default: open what a run needs with `connectTo()` (e.g. a backup that may only reach the database on
 * 5432). No probes are required.
 */
export class SecureCronJob extends kplus.CronJob {
  /** Value of the owner label. */
  public readonly owner: string;
  private readonly core: WorkloadCore;

  constructor(scope: Construct, id: string, props: SecureCronJobProps) {
    checkCronProps(childPath(scope, id), props);
    super(scope, id, {
      ...basePodProps(childPath(scope, id), 'SecureCronJob', props),
      schedule: props.schedule,
      timeZone: props.timeZone ?? 'Etc/UTC',
      concurrencyPolicy: props.concurrencyPolicy ?? kplus.ConcurrencyPolicy.FORBID,
      startingDeadline: props.startingDeadline ?? Duration.minutes(5),
      suspend: props.suspend ?? false,
      successfulJobsRetained: props.successfulJobsRetained ?? 3,
      failedJobsRetained: props.failedJobsRetained ?? 1,
      backoffLimit: props.backoffLimit ?? 3,
      activeDeadline: props.activeDeadline ?? Duration.hours(1),
    });
    this.core = new WorkloadCore(this, id, props, {
      kind: 'SecureCronJob',
      apiObject: this.apiObject,
      podDisruptionBudget: false,
      topologySpread: false,
      noContainerFix: BATCH_NO_CONTAINER_FIX,
    });
    this.owner = props.owner;
    this.core.addContainers(props);
  }

  /** Allows traffic from `peer` to these pods on `ports`; an isolated peer gets the matching egress rule. */
  public allowFrom(peer: kplus.INetworkPolicyPeer, ...ports: kplus.NetworkPolicyPort[]): void {
    this.core.flows.allowFrom(peer, ports);
  }

  /**
   * Allows these pods to open connections to `peer` on `ports` (default: the ports the peer declares);
   * an isolated peer gets the matching ingress rule.
   */
  public connectTo(peer: kplus.INetworkPolicyPeer, ...ports: kplus.NetworkPolicyPort[]): void {
    this.core.flows.connectTo(peer, ports);
  }

  /**
   * Gives the pods access to the Kubernetes API: one rule with exactly these verbs on these resources
   * (only the objects in `resourceNames`, when given) in a Role bound to the pods' ServiceAccount by a
   * RoleBinding, and the token mounted into the pods, which only a grant turns on (the ServiceAccount
   * itself keeps automountServiceAccountToken false). Every grant adds a rule to the same Role and
   * RoleBinding; `clusterWide` with a reason uses a ClusterRole and ClusterRoleBinding instead. With a
   * `serviceAccount` prop, that account is bound. Unknown resources, verbs a resource does not take, and
   * rules that the RBAC rules (CS501-CS509) report throw, unless the workload suppresses that rule.
   * A grant opens no network path: isolated pods also need `connectTo()` the API server's addresses.
   * @returns the Role (or ClusterRole) that carries the rule
   */
  public grant(options: GrantOptions): ApiObject {
    return this.core.grants.grant(options);
  }

  /** @internal The pod spec with the hardened defaults cdk8s-plus has no props for (seccomp, spread). */
  public _toPodSpec(): kplus.k8s.PodSpec {
    return this.core.podSpec(super._toPodSpec());
  }

  /** @internal */
  public _openIngress(peer: kplus.INetworkPolicyPeer, ports: kplus.NetworkPolicyPort[]): void {
    this.core.flows.openIngress(peer, ports);
  }

  /** @internal */
  public _openEgress(peer: kplus.INetworkPolicyPeer, ports: kplus.NetworkPolicyPort[]): void {
    this.core.flows.openEgress(peer, ports);
  }

  /** @internal The peers allowed in, with their ports. */
  public get _ingressPeers(): ReadonlyArray<{ peer: kplus.INetworkPolicyPeer; ports: kplus.NetworkPolicyPort[] }> {
    return this.core.flows.ingressPeers;
  }

  /** Adds a container described with Kubernetes field names, hardened. */
  public addSecureContainer(props: SecureContainerProps): kplus.Container {
    return this.addContainer(this.core.rememberWritable(props, false));
  }

  /** Adds an init container (or native sidecar), hardened. */
  public addSecureInitContainer(props: SecureContainerProps): kplus.Container {
    return this.addInitContainer(this.core.rememberWritable(props, true));
  }

  /** Adds a container given as cdk8s-plus ContainerProps, hardened. */
  public addContainer(cont: kplus.ContainerProps): kplus.Container {
    const c = super.addContainer(this.core.harden(cont, false));
    this.core.afterAdd();
    return c;
  }

  /** Adds an init container given as cdk8s-plus ContainerProps, hardened. */
  public addInitContainer(cont: kplus.ContainerProps): kplus.Container {
    const c = super.addInitContainer(this.core.harden(cont, true));
    this.core.afterAdd();
    return c;
  }
}

function checkCronProps(path: string, p: SecureCronJobProps): void {
  const fail = (code: string, problem: string, fix: string): never => {
    throw new SecureError(code, path, `SecureCronJob: ${problem}. ${fix}`);
  };
  const expr = p.schedule?.expressionString;
  const problem = cronProblem(expr);
  if (problem) {
    fail('CSE114', `schedule "${escapeText(String(expr))}" does not parse: ${problem}`,
      'Use five fields "minute hour day-of-month month day-of-week" (e.g. Cron.schedule({ minute: \'30\', hour: \'2\' }) for 02:30 daily) or a descriptor such as @daily.');
  }
  const zone = p.timeZone;
  const zoneProblem = zone === undefined ? undefined : timeZoneProblem(zone);
  if (zoneProblem) {
    fail('CSE115', `timeZone "${escapeText(String(zone))}" is ${zoneProblem}`, 'Use an IANA zone name such as "Europe/Berlin" or "Etc/UTC".');
  }
  checkJobFields(path, 'SecureCronJob', p);
  checkInteger(path, 'SecureCronJob', 'successfulJobsRetained', p.successfulJobsRetained, 0);
  checkInteger(path, 'SecureCronJob', 'failedJobsRetained', p.failedJobsRetained, 0);
  const deadline = p.startingDeadline?.toSeconds({ integral: false });
  if (deadline !== undefined && (!Number.isInteger(deadline) || deadline < 10 || deadline > 2147483647)) {
    fail('CSE112', `startingDeadline ${deadline} s is not a whole number of seconds >= 10`, 'The CronJob controller checks every 10 s, so a shorter deadline can skip runs: use e.g. Duration.minutes(5).');
  }
}
