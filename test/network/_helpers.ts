import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Chart, Testing } from 'cdk8s';
import { expectValidObjects } from '../_schema';
import { schemaScript } from '../schema/_scripts';

/** Synthesizes the charts and validates every object: core kinds in-process, Istio kinds with the ESM schema script. */
export function expectValidManifests(objects: any[]): void {
  const istio = objects.filter(o => String(o.apiVersion).startsWith('security.istio.io/'));
  expectValidObjects(objects.filter(o => !istio.includes(o)));
  if (istio.length === 0) return;
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'istio-')), 'objects.json');
  fs.writeFileSync(file, JSON.stringify(istio));
  const r = spawnSync(process.execPath, [schemaScript('istio-schema.mjs'), file], { encoding: 'utf8' });
  expect(`${r.stdout}${r.stderr}`).toBe(`validated ${istio.length} object(s), 0 problem(s)\n`);
  expect(r.status).toBe(0);
}

export function synthAll(...charts: Chart[]): any[] {
  return charts.flatMap(c => Testing.synth(c));
}
