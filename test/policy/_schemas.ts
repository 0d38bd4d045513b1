/**
 * Schema validation of every object the policy constructs emit.
 *
 * - ValidatingAdmissionPolicy / Binding (admissionregistration.k8s.io/v1): kubernetes-models 4.5.1 (types,
 *   required fields, enums), plus unknown fields: cdk8s-plus-28's k8s import stops at Kubernetes 1.28, which
 *   has these kinds only as v1beta1; their v1 fields are the same, so the v1beta1 L1 mappers list the known
 *   fields (`toJson_<Type>` of the generated k8s.js), as test/_schema.ts does for the core kinds.
 * - Gatekeeper ConstraintTemplate (templates.gatekeeper.sh/v1) and constraints (constraints.gatekeeper.sh/
 *   v1beta1): ajv with schemas written here from the Gatekeeper API documentation (no package exists), and
 *   each constraint's spec.parameters against the openAPIV3Schema of its template.
 */
import * as fs from 'fs';
import Ajv from 'ajv';
import * as admission from 'kubernetes-models/admissionregistration.k8s.io/v1';

type Obj = Record<string, any>;
type FieldMap = Record<string, Record<string, string | null>>;

let fields: FieldMap | undefined;
function knownFields(): FieldMap {
  if (fields) return fields;
  const source = fs.readFileSync(require.resolve('cdk8s-plus-28/lib/imports/k8s.js'), 'utf8');
  const map: FieldMap = {};
  for (const m of source.matchAll(/^function toJson_(\w+)\(obj\) \{\n([\s\S]*?)^\}/gm)) {
    const f: Record<string, string | null> = {};
    for (const line of m[2].split('\n')) {
      const entry = /^\s+'([^']+)': (.*),$/.exec(line);
      if (entry) f[entry[1]] = /toJson_(\w+)\(/.exec(entry[2])?.[1] ?? null;
    }
    map[m[1]] = f;
  }
  fields = map;
  return map;
}

/** Field names of a Kubernetes type (from the generated L1 mappers), for tests that compare lists. */
export function fieldsOf(type: string): string[] {
  return Object.keys(knownFields()[type] ?? {});
}

function unknown(value: any, type: string, path: string, out: string[]): void {
  if (value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    value.forEach((v, i) => unknown(v, type, `${path}[${i}]`, out));
    return;
  }
  const f = knownFields()[type];
  if (!f) return;
  for (const key of Object.keys(value)) {
    const at = path ? `${path}.${key}` : key;
    if (!(key in f)) out.push(`unknown field ${at}`);
    else if (f[key]) unknown(value[key], f[key]!, at, out);
  }
}

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

function vapProblems(obj: Obj): string[] {
  const out: string[] = [];
  const Model = obj.kind === 'ValidatingAdmissionPolicy' ? admission.ValidatingAdmissionPolicy : admission.ValidatingAdmissionPolicyBinding;
  try {
    new Model(obj as any).validate();
  } catch (e) {
    out.push(`schema: ${(e as Error).message}`);
  }
  const { apiVersion: _a, kind: _k, ...props } = obj;
  unknown(props, `Kube${obj.kind}V1Beta1Props`, '', out);
  if (obj.metadata?.namespace !== undefined) out.push('a cluster-scoped object carries metadata.namespace');
  // API server validation beyond the schema.
  if (obj.kind === 'ValidatingAdmissionPolicy') {
    if (!(obj.spec?.validations?.length > 0)) out.push('spec.validations is empty');
    if (!(obj.spec?.matchConstraints?.resourceRules?.length > 0)) out.push('spec.matchConstraints.resourceRules is empty');
    for (const v of obj.spec?.variables ?? []) if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(v.name)) out.push(`variable name ${v.name} is not a CEL identifier`);
    for (const c of obj.spec?.matchConditions ?? []) if (!/^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/.test(c.name)) out.push(`matchCondition name ${c.name} is not a qualified name`);
  } else {
    const actions: string[] = obj.spec?.validationActions ?? [];
    if (actions.length === 0) out.push('spec.validationActions is empty');
    if (actions.includes('Deny') && actions.includes('Warn')) out.push('spec.validationActions combines Deny and Warn');
    if (new Set(actions).size !== actions.length) out.push('spec.validationActions has duplicates');
  }
  return out;
}

const ajv = new Ajv({ allErrors: true, strict: false });

const labelSelector = {
  type: 'object',
  additionalProperties: false,
  properties: {
    matchLabels: { type: 'object', additionalProperties: { type: 'string' } },
    matchExpressions: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['key', 'operator'],
        properties: { key: { type: 'string' }, operator: { enum: ['In', 'NotIn', 'Exists', 'DoesNotExist'] }, values: { type: 'array', items: { type: 'string' } } },
      },
    },
  },
};

const metadata = {
  type: 'object',
  required: ['name'],
  properties: {
    name: { type: 'string', maxLength: 253, pattern: DNS_SUBDOMAIN.source },
    labels: { type: 'object', additionalProperties: { type: 'string' } },
    annotations: { type: 'object', additionalProperties: { type: 'string' } },
  },
};

/** ConstraintTemplate, templates.gatekeeper.sh/v1 (Gatekeeper API reference: constrainttemplates). */
const validateTemplate = ajv.compile({
  type: 'object',
  additionalProperties: false,
  required: ['apiVersion', 'kind', 'metadata', 'spec'],
  properties: {
    apiVersion: { const: 'templates.gatekeeper.sh/v1' },
    kind: { const: 'ConstraintTemplate' },
    metadata: { ...metadata, not: { required: ['namespace'] } },
    spec: {
      type: 'object',
      additionalProperties: false,
      required: ['crd', 'targets'],
      properties: {
        crd: {
          type: 'object',
          additionalProperties: false,
          required: ['spec'],
          properties: {
            spec: {
              type: 'object',
              additionalProperties: false,
              required: ['names'],
              properties: {
                names: {
                  type: 'object',
                  additionalProperties: false,
                  required: ['kind'],
                  properties: { kind: { type: 'string', pattern: '^[A-Z][A-Za-z0-9]*$' }, shortNames: { type: 'array', items: { type: 'string' } } },
                },
                validation: {
                  type: 'object',
                  additionalProperties: false,
                  properties: { openAPIV3Schema: { type: 'object' }, legacySchema: { type: 'boolean' } },
                },
              },
            },
          },
        },
        targets: {
          type: 'array',
          minItems: 1,
          maxItems: 1,
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['target'],
            properties: {
              target: { const: 'admission.k8s.gatekeeper.sh' },
              rego: { type: 'string', minLength: 1 },
              libs: { type: 'array', items: { type: 'string' } },
              code: { type: 'array', items: { type: 'object', required: ['engine', 'source'], properties: { engine: { type: 'string' }, source: {} } } },
              operations: { type: 'array', items: { type: 'string' } },
            },
          },
        },
      },
    },
  },
});

/** A constraint, constraints.gatekeeper.sh/v1beta1 (Gatekeeper API reference: the match field, enforcementAction). */
const validateConstraint = ajv.compile({
  type: 'object',
  additionalProperties: false,
  required: ['apiVersion', 'kind', 'metadata', 'spec'],
  properties: {
    apiVersion: { const: 'constraints.gatekeeper.sh/v1beta1' },
    kind: { type: 'string', pattern: '^[A-Z][A-Za-z0-9]*$' },
    metadata: { ...metadata, not: { required: ['namespace'] } },
    spec: {
      type: 'object',
      additionalProperties: false,
      properties: {
        enforcementAction: { enum: ['deny', 'warn', 'dryrun', 'scoped'] },
        scopedEnforcementActions: { type: 'array' },
        parameters: { type: 'object' },
        match: {
          type: 'object',
          additionalProperties: false,
          properties: {
            kinds: {
              type: 'array',
              items: {
                type: 'object',
                additionalProperties: false,
                properties: { apiGroups: { type: 'array', minItems: 1, items: { type: 'string' } }, kinds: { type: 'array', minItems: 1, items: { type: 'string' } } },
              },
            },
            scope: { enum: ['*', 'Cluster', 'Namespaced'] },
            namespaces: { type: 'array', items: { type: 'string', pattern: '^\\*?[a-z0-9-]+\\*?$' } },
            excludedNamespaces: { type: 'array', items: { type: 'string', pattern: '^\\*?[a-z0-9-]+\\*?$' } },
            labelSelector,
            namespaceSelector: labelSelector,
            name: { type: 'string' },
            source: { enum: ['All', 'Generated', 'Original'] },
          },
        },
      },
    },
  },
});

function ajvProblems(validate: any, obj: Obj): string[] {
  return validate(obj) ? [] : (validate.errors ?? []).map((e: any) => `${e.instancePath || '/'} ${e.message}${e.params ? ` ${JSON.stringify(e.params)}` : ''}`);
}

/**
 * The parameter schemas of the gatekeeper-library pod-security templates this library has typed
 * constraints for, written from the library's documentation (property names and types only).
 */
const strings = { type: 'array', items: { type: 'string' } };
const idRule = {
  type: 'object',
  properties: {
    rule: { type: 'string', enum: ['MustRunAs', 'MustRunAsNonRoot', 'MayRunAs', 'RunAsAny'] },
    ranges: { type: 'array', items: { type: 'object', properties: { min: { type: 'integer' }, max: { type: 'integer' } } } },
  },
};
export const LIBRARY_PARAMETER_SCHEMAS: Record<string, Obj> = {
  K8sPSPPrivilegedContainer: { type: 'object', properties: { exemptImages: strings } },
  K8sPSPAllowPrivilegeEscalationContainer: { type: 'object', properties: { exemptImages: strings } },
  K8sPSPReadOnlyRootFilesystem: { type: 'object', properties: { exemptImages: strings } },
  K8sPSPHostNamespace: { type: 'object' },
  K8sPSPCapabilities: {
    type: 'object',
    properties: {
      exemptImages: strings,
      allowedCapabilities: strings,
      requiredDropCapabilities: strings,
      initContainerAllowedCapabilities: strings,
      initContainerRequiredDropCapabilities: strings,
    },
  },
  K8sPSPSeccomp: { type: 'object', properties: { exemptImages: strings, allowedProfiles: strings, allowedLocalhostFiles: strings } },
  K8sPSPProcMount: { type: 'object', properties: { exemptImages: strings, procMount: { type: 'string', enum: ['Default', 'Unmasked'] } } },
  K8sPSPHostNetworkingPorts: { type: 'object', properties: { exemptImages: strings, hostNetwork: { type: 'boolean' }, min: { type: 'integer' }, max: { type: 'integer' } } },
  K8sPSPHostFilesystem: {
    type: 'object',
    properties: { allowedHostPaths: { type: 'array', items: { type: 'object', properties: { pathPrefix: { type: 'string' }, readOnly: { type: 'boolean' } } } } },
  },
  K8sPSPAllowedUsers: { type: 'object', properties: { exemptImages: strings, runAsUser: idRule, runAsGroup: idRule, supplementalGroups: idRule, fsGroup: idRule } },
  K8sPSPVolumeTypes: { type: 'object', properties: { volumes: strings } },
  K8sPSPForbiddenSysctls: { type: 'object', properties: { forbiddenSysctls: strings, allowedSysctls: strings } },
  K8sRequiredLabels: {
    type: 'object',
    properties: {
      message: { type: 'string' },
      labels: { type: 'array', items: { type: 'object', properties: { key: { type: 'string' }, allowedRegex: { type: 'string' } } } },
    },
  },
};

/**
 * A structural schema as Gatekeeper v1 requires it, closed (no unknown properties) so that a parameter the
 * template does not define is reported instead of pruned.
 */
function closed(schema: Obj): Obj {
  if (schema.type === 'object') {
    return {
      ...schema,
      ...(schema.properties
        ? { properties: Object.fromEntries(Object.entries(schema.properties).map(([k, v]) => [k, closed(v as Obj)])), additionalProperties: false }
        : {}),
    };
  }
  if (schema.type === 'array' && schema.items) return { ...schema, items: closed(schema.items) };
  return schema;
}

/** Every property of a v1 template schema has a type (a structural schema). */
export function structuralProblems(schema: Obj, path = 'openAPIV3Schema'): string[] {
  const out: string[] = [];
  if (typeof schema.type !== 'string') out.push(`${path} has no type`);
  for (const [k, v] of Object.entries(schema.properties ?? {})) out.push(...structuralProblems(v as Obj, `${path}.properties.${k}`));
  if (schema.items) out.push(...structuralProblems(schema.items, `${path}.items`));
  return out;
}

/**
 * Validates the emitted objects: each against the schema of its kind, and each constraint's parameters
 * against its template's openAPIV3Schema (a template in `objects`, or a gatekeeper-library schema).
 */
export function policySchemaProblems(objects: Obj[]): string[] {
  const templates = new Map<string, Obj>();
  for (const o of objects) {
    if (o.kind === 'ConstraintTemplate') templates.set(o.spec?.crd?.spec?.names?.kind, o.spec?.crd?.spec?.validation?.openAPIV3Schema ?? { type: 'object' });
  }
  const out: string[] = [];
  for (const o of objects) {
    const where = `${o.kind}/${o.metadata?.name}`;
    let problems: string[];
    if (o.apiVersion === 'admissionregistration.k8s.io/v1') {
      problems = vapProblems(o);
    } else if (o.kind === 'ConstraintTemplate') {
      problems = ajvProblems(validateTemplate, o);
      if (o.metadata?.name !== String(o.spec?.crd?.spec?.names?.kind).toLowerCase()) problems.push('metadata.name is not the lower-case kind');
      problems.push(...structuralProblems(o.spec?.crd?.spec?.validation?.openAPIV3Schema ?? { type: 'object' }));
    } else if (o.apiVersion === 'constraints.gatekeeper.sh/v1beta1') {
      problems = ajvProblems(validateConstraint, o);
      const schema = templates.get(o.kind) ?? LIBRARY_PARAMETER_SCHEMAS[o.kind];
      if (!schema) problems.push(`no template schema known for ${o.kind}`);
      else problems.push(...ajvProblems(ajv.compile(closed(schema)), o.spec?.parameters ?? {}).map(p => `spec.parameters${p === '/ ' ? '' : ''}: ${p}`));
    } else {
      problems = [`no schema for ${o.apiVersion} ${o.kind}`];
    }
    out.push(...problems.map(p => `${where}: ${p}`));
  }
  return out;
}
