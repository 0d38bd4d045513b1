import * as fs from 'fs';
import * as models from 'kubernetes-models';

/**
 * Validates one emitted Kubernetes object:
 * - against its apiVersion/kind schema with kubernetes-models (types, required fields, enums, quantities);
 * - for unknown fields, by round-tripping it through the cdk8s L1 mapper generated from the same OpenAPI
 *   schema (`toJson_Kube<Kind>Props`), which keeps only known fields;
 * - for a valid metadata.name (DNS-1123 subdomain; DNS-1035 label for Services), label keys and values.
 * Returns the problems found (empty when valid).
 */
export function schemaProblems(obj: any): string[] {
  const problems: string[] = [];
  const [group, version] = obj.apiVersion.includes('/') ? obj.apiVersion.split('/') : ['', obj.apiVersion];
  const ns = group === '' ? 'v1' : `${group.replace(/\./g, '_')}`;
  const mod = loadModels(group, version);
  const Model = mod?.[obj.kind];
  if (!Model) return [`no schema known for ${obj.apiVersion} ${obj.kind} (${ns})`];
  try {
    new Model(obj).validate();
  } catch (e) {
    problems.push(`schema: ${(e as Error).message}`);
  }
  // The L1 of a non-default version carries it in its name (autoscaling/v2: KubeHorizontalPodAutoscalerV2Props).
  const versioned = `Kube${obj.kind}${version.charAt(0).toUpperCase()}${version.slice(1)}Props`;
  const type = FIELDS()[versioned] ? versioned : `Kube${obj.kind}Props`;
  const fields = FIELDS()[type];
  if (!fields) {
    problems.push(`no field list known for ${obj.kind}`);
  } else {
    const { apiVersion: _a, kind: _k, ...props } = obj;
    unknownFields(props, type, '', problems);
  }
  const name = obj.metadata?.name;
  const nameOk = obj.kind === 'Service'
    ? /^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/.test(name)
    : typeof name === 'string' && name.length <= 253 && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(name);
  if (!nameOk) problems.push(`metadata.name ${JSON.stringify(name)} is not a valid name for a ${obj.kind}`);
  for (const labels of [obj.metadata?.labels, obj.spec?.template?.metadata?.labels]) {
    for (const [k, v] of Object.entries(labels ?? {})) {
      if (!/^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/.test(k)) problems.push(`label key ${k} is invalid`);
      if (typeof v !== 'string' || !/^(([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9])?$/.test(v)) problems.push(`label ${k} value ${JSON.stringify(v)} is invalid`);
    }
  }
  return problems;
}

function loadModels(group: string, version: string): Record<string, any> | undefined {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return group === '' ? require(`kubernetes-models/${version}`) : require(`kubernetes-models/${group}/${version}`);
  } catch {
    return (models as any)[group]?.[version];
  }
}

type FieldMap = Record<string, Record<string, string | null>>;
let fieldCache: FieldMap | undefined;

/**
 * The known fields of every Kubernetes type, read from the JSON mappers that cdk8s generated from the
 * Kubernetes OpenAPI schema (cdk8s-plus-28's k8s import): each `toJson_<Type>` lists the JSON field names
 * of <Type>, and for a nested object the mapper of its type. A leaf (string, number, IntOrString,
 * Quantity, free-form map) maps to null.
 */
function FIELDS(): FieldMap {
  if (fieldCache) return fieldCache;
  const source = fs.readFileSync(require.resolve('cdk8s-plus-28/lib/imports/k8s.js'), 'utf8');
  const map: FieldMap = {};
  const fn = /^function toJson_(\w+)\(obj\) \{\n([\s\S]*?)^\}/gm;
  let m: RegExpExecArray | null;
  while ((m = fn.exec(source))) {
    const fields: Record<string, string | null> = {};
    for (const line of m[2].split('\n')) {
      const entry = /^\s+'([^']+)': (.*),$/.exec(line);
      if (!entry) continue;
      const nested = /toJson_(\w+)\(/.exec(entry[2]);
      fields[entry[1]] = nested ? nested[1] : null;
    }
    map[m[1]] = fields;
  }
  fieldCache = map;
  return map;
}

function unknownFields(value: any, type: string, path: string, out: string[]): void {
  if (value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    value.forEach((v, i) => unknownFields(v, type, `${path}[${i}]`, out));
    return;
  }
  const fields = FIELDS()[type];
  if (!fields) return;
  for (const key of Object.keys(value)) {
    if (value[key] === undefined) continue;
    const at = path ? `${path}.${key}` : key;
    if (!(key in fields)) out.push(`unknown field ${at}`);
    else if (fields[key]) unknownFields(value[key], fields[key]!, at, out);
  }
}

/** Throws with every problem of every object. */
export function expectValidObjects(objects: any[]): void {
  const all = objects.flatMap(o => schemaProblems(o).map(p => `${o.kind}/${o.metadata?.name}: ${p}`));
  if (all.length > 0) throw new Error(`invalid objects:\n${all.join('\n')}`);
}
