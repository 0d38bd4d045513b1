import { spawnSync } from 'child_process';
import { App, Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { HealthChecks, SecureDeployment } from '../../src';
import { CheckSession } from '../../src/checks/engine';
import { Finding } from '../../src/checks/finding';
import { expectValidObjects } from '../_schema';
import { schemaScript } from '../schema/_scripts';
export { errorOf } from '../workloads/_fixtures';

/** An app chart in namespace `shop` with a SecureDeployment `api` (TCP 8080, plus a metrics port 9090) behind a Service 80 -> 8080. */
export function shop(app: App = Testing.app()) {
  const chart = new Chart(app, 'shop', { namespace: 'shop' });
  const api = new SecureDeployment(chart, 'api', {
    owner: 'team-shop',
    containers: [{
      image: 'ghcr.io/acme/api:1.4.2',
      ports: [{ number: 8080, name: 'http' }, { number: 9090, name: 'metrics' }],
      healthChecks: HealthChecks.http({ port: 8080 }),
    }],
  });
  const service = api.exposeViaService({ ports: [{ port: 80, targetPort: 8080, name: 'http' }] });
  return { app, chart, api, service };
}

/** Result of the Gateway API schema script on `objects`. */
export function gatewayApiSchema(objects: any[]): { status: number | null; checked: number; problems: string[] } {
  const r = spawnSync(process.execPath, [schemaScript('gateway-api-schema.mjs')], { input: JSON.stringify(objects), encoding: 'utf8' });
  const out = JSON.parse(r.stdout || '{"checked":0,"problems":["no output: ' + r.stderr.replace(/"/g, "'") + '"]}');
  return { status: r.status, ...out };
}

/** Validates every object: core kinds in-process, Gateway API kinds with the ESM schema script. */
export function expectValidExposure(objects: any[]): void {
  const gateway = objects.filter(o => String(o.apiVersion).startsWith('gateway.networking.k8s.io/'));
  expectValidObjects(objects.filter(o => !gateway.includes(o)));
  if (gateway.length === 0) return;
  expect(gatewayApiSchema(gateway)).toEqual({ status: 0, checked: gateway.length, problems: [] });
}

/** The NetworkPolicy rules (ingress) of the backend's AllowFlows policy. */
export function allowFlowsIngress(objects: any[]): any[] {
  const p = objects.find(o => o.kind === 'NetworkPolicy' && o.metadata.name.includes('allowflows'));
  return p?.spec.ingress ?? [];
}

/** The findings of the checker on plain objects, as `cdk8s-secure check` reports them on the synthesized YAML. */
export function checkObjects(objects: any[]): Finding[] {
  const session = new CheckSession();
  for (const o of objects) session.add(o);
  return session.finish();
}

export { kplus };
