/**
 * Shared fixtures for the rule tests: a fully compliant (PSS restricted, every catalog rule) container,
 * pod spec and workload of every pod-bearing kind, and small helpers to run the checker and to add a
 * suppression. A test copies a compliant object and changes exactly one thing.
 */
import { Checker, CheckerOptions, Finding } from '../../../src';

export type Obj = Record<string, any>;

export const NAMESPACE = 'prod';
export const DIGEST = `sha256:${'0123456789abcdef'.repeat(4)}`;
/** Pinned by tag and digest, from a private registry: no image finding of any kind. */
export const IMAGE = `registry.example.com/team/web:1.2.3@${DIGEST}`;
export const REASON = 'accepted by the platform team (ticket SEC-42)';
export const SUPPRESSIONS = 'cdk8s-secure.io/suppressions';
/** Path of the suppressions annotation in findings about suppressions. */
export const ANNOTATION_PATH = 'metadata.annotations["cdk8s-secure.io/suppressions"]';
export const LABELS = { 'app.kubernetes.io/name': 'web', 'owner': 'team-a' };

export const POD_KINDS = ['Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'Job', 'CronJob'] as const;
export type PodKind = typeof POD_KINDS[number];

/** Where each kind keeps its pod spec, as it appears in finding paths. */
export const POD_SPEC_PATH: Record<PodKind, string> = {
  Pod: 'spec',
  Deployment: 'spec.template.spec',
  StatefulSet: 'spec.template.spec',
  DaemonSet: 'spec.template.spec',
  ReplicaSet: 'spec.template.spec',
  ReplicationController: 'spec.template.spec',
  Job: 'spec.template.spec',
  CronJob: 'spec.jobTemplate.spec.template.spec',
};

/** Where each kind keeps its pod metadata, as it appears in finding paths. */
export const POD_METADATA_PATH: Record<PodKind, string> = {
  Pod: 'metadata',
  Deployment: 'spec.template.metadata',
  StatefulSet: 'spec.template.metadata',
  DaemonSet: 'spec.template.metadata',
  ReplicaSet: 'spec.template.metadata',
  ReplicationController: 'spec.template.metadata',
  Job: 'spec.template.metadata',
  CronJob: 'spec.jobTemplate.spec.template.metadata',
};

const API_VERSION: Record<PodKind, string> = {
  Pod: 'v1',
  Deployment: 'apps/v1',
  StatefulSet: 'apps/v1',
  DaemonSet: 'apps/v1',
  ReplicaSet: 'apps/v1',
  ReplicationController: 'v1',
  Job: 'batch/v1',
  CronJob: 'batch/v1',
};

function hardenedSecurityContext(): Obj {
  return {
    allowPrivilegeEscalation: false,
    privileged: false,
    readOnlyRootFilesystem: true,
    runAsNonRoot: true,
    capabilities: { drop: ['ALL'] },
  };
}

function resources(): Obj {
  return { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '200m', memory: '256Mi' } };
}

/** A compliant long-running container. */
export function container(name = 'app'): Obj {
  return {
    name,
    image: IMAGE,
    imagePullPolicy: 'Always',
    ports: [{ name: 'http', containerPort: 8080 }],
    securityContext: hardenedSecurityContext(),
    resources: resources(),
    livenessProbe: { httpGet: { path: '/healthz', port: 8080 } },
    readinessProbe: { httpGet: { path: '/ready', port: 8080 } },
    volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
  };
}

/** A compliant init container (init containers take no probes). */
export function initContainer(name = 'init'): Obj {
  return {
    name,
    image: IMAGE,
    imagePullPolicy: 'Always',
    securityContext: hardenedSecurityContext(),
    resources: resources(),
  };
}

/** A compliant ephemeral (debug) container (ephemeral containers take no ports, probes or resources). */
export function ephemeralContainer(name = 'debug'): Obj {
  return {
    name,
    image: IMAGE,
    imagePullPolicy: 'Always',
    securityContext: hardenedSecurityContext(),
  };
}

/** A compliant pod spec with one container. */
export function podSpec(): Obj {
  return {
    automountServiceAccountToken: false,
    serviceAccountName: 'web',
    securityContext: {
      runAsNonRoot: true,
      runAsUser: 65532,
      runAsGroup: 65532,
      fsGroup: 65532,
      seccompProfile: { type: 'RuntimeDefault' },
    },
    containers: [container('app')],
    volumes: [{ name: 'tmp', emptyDir: { sizeLimit: '64Mi' } }],
  };
}

/**
 * A compliant object of `kind`, named "web" in namespace "prod". `mutate` receives its pod spec and the
 * object, to change the one thing the test is about.
 */
export function workload(kind: PodKind = 'Deployment', mutate?: (spec: Obj, obj: Obj) => void): Obj {
  const spec = podSpec();
  const metadata = { name: 'web', namespace: NAMESPACE, labels: { ...LABELS } };
  const template = { metadata: { labels: { ...LABELS } }, spec };
  let obj: Obj;
  switch (kind) {
    case 'Pod':
      obj = { metadata, spec };
      break;
    case 'Deployment':
    case 'StatefulSet':
    case 'ReplicaSet':
      obj = { metadata, spec: { replicas: 2, selector: { matchLabels: { ...LABELS } }, template, ...(kind === 'StatefulSet' ? { serviceName: 'web' } : {}) } };
      break;
    case 'DaemonSet':
      obj = { metadata, spec: { selector: { matchLabels: { ...LABELS } }, template } };
      break;
    case 'ReplicationController':
      obj = { metadata, spec: { replicas: 2, selector: { ...LABELS }, template } };
      break;
    case 'Job':
      spec.restartPolicy = 'Never';
      obj = { metadata, spec: { backoffLimit: 2, template } };
      break;
    case 'CronJob':
      spec.restartPolicy = 'Never';
      obj = { metadata, spec: { schedule: '0 3 * * *', jobTemplate: { spec: { backoffLimit: 2, template } } } };
      break;
  }
  obj = { apiVersion: API_VERSION[kind], kind, ...obj };
  mutate?.(spec, obj);
  return obj;
}

export function pod(mutate?: (spec: Obj, obj: Obj) => void): Obj {
  return workload('Pod', mutate);
}

export function deployment(mutate?: (spec: Obj, obj: Obj) => void): Obj {
  return workload('Deployment', mutate);
}

/** A NetworkPolicy that denies all ingress and egress of every pod in `namespace`. */
export function denyAll(namespace = NAMESPACE): Obj {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: 'default-deny', namespace },
    spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
  };
}

/** Checks the objects together with a default-deny NetworkPolicy for namespace "prod" (so CS301 is satisfied). */
export function check(objects: Obj | Obj[], options?: CheckerOptions): Finding[] {
  return checkAlone([...(Array.isArray(objects) ? objects : [objects]), denyAll()], options);
}

/** Checks exactly the given objects. */
export function checkAlone(objects: Obj | Obj[], options?: CheckerOptions): Finding[] {
  return new Checker(options).check(Array.isArray(objects) ? objects : [objects]);
}

/** The findings of one rule. */
export function of(findings: Finding[], ruleId: string): Finding[] {
  return findings.filter(f => f.ruleId === ruleId);
}

/** The distinct rule ids of the findings, sorted. */
export function ruleIds(findings: Finding[]): string[] {
  return [...new Set(findings.map(f => f.ruleId))].sort();
}

/** The single finding of `ruleId` (fails the test when there is not exactly one). */
export function single(findings: Finding[], ruleId: string): Finding {
  const found = of(findings, ruleId);
  expect(found).toHaveLength(1);
  return found[0];
}

/** A deep copy of `obj` carrying the suppressions annotation with `suppressions` (or a raw annotation value). */
export function withSuppressions(obj: Obj, suppressions: Obj[] | string): Obj {
  const copy = JSON.parse(JSON.stringify(obj));
  copy.metadata = copy.metadata ?? {};
  copy.metadata.annotations = {
    ...(copy.metadata.annotations ?? {}),
    [SUPPRESSIONS]: typeof suppressions === 'string' ? suppressions : JSON.stringify(suppressions),
  };
  return copy;
}

/**
 * Suppresses `ruleId` on the non-compliant `obj` and checks that every finding of the rule is still
 * reported, marked suppressed with the reason, and that the suppression counts as used (no CS001) and
 * valid (no CS003). Returns all findings.
 */
export function expectSuppressed(obj: Obj, ruleId: string, options?: CheckerOptions, check_ = check): Finding[] {
  const before = of(check_(obj, options), ruleId);
  expect(before.length).toBeGreaterThan(0);
  expect(before.every(f => f.suppressed === undefined)).toBe(true);

  const findings = check_(withSuppressions(obj, [{ ruleId, reason: REASON }]), options);
  const after = of(findings, ruleId);
  expect(after).toHaveLength(before.length);
  for (const f of after) expect(f.suppressed).toEqual({ reason: REASON, expires: undefined });
  expect(of(findings, 'CS001')).toEqual([]);
  expect(of(findings, 'CS002')).toEqual([]);
  expect(of(findings, 'CS003')).toEqual([]);
  return findings;
}
