// A pack of custom rules, the way cdk-nag teams keep a NagPack: one module, rule metadata next to the code,
// ids with the team's own prefix. Register it at synth time (see main.ts), or compile it and pass the
// JavaScript to the CLI: `cdk8s-secure check --rules ./dist/acme-rules.js manifests/`.
import { CustomFinding, CustomObjectRule, CustomPod, CustomPodRule, ICustomRule, Severity } from '../../src'; // in your app: from 'cdk8s-secure'

/** ACME001: a JVM debug agent in a container opens a remote code execution port. */
class NoJvmDebugAgent extends CustomPodRule {
  constructor() {
    super({
      id: 'ACME001',
      title: 'JVM debug agent enabled',
      severity: Severity.ERROR,
      description: 'Fails when a container sets JAVA_TOOL_OPTIONS, JAVA_OPTS or JDK_JAVA_OPTIONS with -agentlib:jdwp or -Xrunjdwp.',
      rationale: 'A JDWP agent accepts connections that run arbitrary code in the JVM; it must never reach a cluster.',
      fix: 'Remove the jdwp agent from the JVM options; debug locally or with an ephemeral container.',
      references: ['ACME platform handbook: JVM'],
    });
  }

  public checkPod(pod: CustomPod): CustomFinding[] {
    const out: CustomFinding[] = [];
    for (const c of pod.containers) {
      const env: any[] = Array.isArray(c.spec.env) ? c.spec.env : [];
      env.forEach((e, i) => {
        if (['JAVA_TOOL_OPTIONS', 'JAVA_OPTS', 'JDK_JAVA_OPTIONS'].includes(e?.name) && /-agentlib:jdwp|-Xrunjdwp/.test(String(e?.value ?? ''))) {
          out.push({ path: `${c.path}.env[${i}].value`, container: c.name, message: `container "${c.name}" enables the JDWP debug agent in ${e.name}` });
        }
      });
    }
    return out;
  }
}

/** ACME002: every workload names the cost center that pays for it. */
class CostCenterLabel extends CustomObjectRule {
  constructor() {
    super({
      id: 'ACME002',
      title: 'No cost-center label',
      severity: Severity.WARNING,
      description: 'Warns when a Deployment, StatefulSet, DaemonSet, Job or CronJob has no acme.com/cost-center label.',
      rationale: 'Finance allocates cluster cost by this label; unlabelled workloads land on the platform team.',
      fix: 'Add metadata.labels["acme.com/cost-center"] with the cost center id.',
      references: [],
    }, ['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob']);
  }

  public checkObject(obj: any): CustomFinding[] {
    const labels = obj.metadata?.labels ?? {};
    return typeof labels['acme.com/cost-center'] === 'string' && labels['acme.com/cost-center'] !== ''
      ? []
      : [{ path: 'metadata.labels["acme.com/cost-center"]', message: `${obj.kind} ${obj.metadata?.name ?? ''} has no acme.com/cost-center label` }];
  }
}

/** The pack: what `SecurityChecks.of(app, { rules })` and `--rules` take. */
export const rules: ICustomRule[] = [new NoJvmDebugAgent(), new CostCenterLabel()];
