// The exposure example (examples/exposure): zero findings as `cdk8s-secure check` reports them (the
// Gateway included, so CS321 judges the listener), valid objects, and the two controller flows.
import * as fs from 'fs';
import * as path from 'path';
import { Testing } from 'cdk8s';
import { checkObjects, expectValidExposure } from './_exposure';
import { ExposureChart, PlatformGatewayChart } from '../../examples/exposure/chart';
import { Severity } from '../../src/checks/finding';
import { FlowModel, toMermaid } from '../../src/network/_flow-model';
import { codeBlocks, ROOT } from '../_docs';

const app = Testing.app();
const objects = [...Testing.synth(new PlatformGatewayChart(app, 'gateway')), ...Testing.synth(new ExposureChart(app, 'exposure'))];

test('zero findings on the synthesized output, Gateway included', () => {
  expect(checkObjects(objects).filter(f => f.severity !== Severity.INFO)).toEqual([]);
  expect(objects.map(o => o.kind)).toEqual(expect.arrayContaining(['Gateway', 'HTTPRoute', 'Ingress']));
});

test('every object is valid (the Gateway and the HTTPRoute against the Gateway API v1 schema)', () => {
  expectValidExposure(objects);
});

test('the graph edges: ingress-nginx -> storefront and the Gateway -> api, both on TCP 8080 only', () => {
  const model = new FlowModel();
  objects.forEach(o => model.add(o));
  const edges = model.flows().filter(f => f.from.startsWith('namespaces ')).map(f => `${f.from} -> ${f.to.replace(/-c[0-9a-f]{7}$/, '')}: ${f.ports.join(', ')}`);
  expect(edges).toEqual([
    'namespaces kubernetes.io/metadata.name=ingress-nginx / pods app.kubernetes.io/component=controller, app.kubernetes.io/name=ingress-nginx -> Deployment shop/exposure-storefront: TCP 8080',
    'namespaces kubernetes.io/metadata.name=gateway-system / pods gateway.networking.k8s.io/gateway-name=public -> Deployment shop/exposure-api: TCP 8080',
  ]);
});

test('the README shows the graph of this example as `cdk8s-secure graph` draws it', () => {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const shown = codeBlocks(readme.slice(readme.indexOf('(`examples/exposure`):')), 'mermaid')[0];
  const model = new FlowModel();
  objects.forEach(o => model.add(o));
  expect(shown).toBe(toMermaid(model, model.flows()));
});
