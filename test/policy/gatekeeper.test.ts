import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart, Testing, Yaml } from 'cdk8s';
import { Construct } from 'constructs';
import { LIBRARY_PARAMETER_SCHEMAS, policySchemaProblems } from './_schemas';
import {
  Checker, EnforcementAction, GatekeeperConstraint, GatekeeperTemplates, IdRule, LibraryRequiredLabels, MatchKind, ProcMountType,
  PspAllowedUsers, PspAllowPrivilegeEscalation, PspCapabilities, PspForbiddenSysctls, PspHostFilesystem, PspHostNamespace,
  PspHostNetworkingPorts, PspPrivilegedContainer, PspProcMount, PspReadOnlyRootFilesystem, PspSeccomp, PspVolumeTypes, RequiredLabels,
} from '../../src';
import { REQUIRED_LABELS_REGO } from '../../src/policy/_required-labels-template';

type Obj = Record<string, any>;

/** The guide's policy: every Pod must carry an `owner` label. */
function guideApp(app: App = Testing.app()): { templates: GatekeeperTemplates; constraints: Chart } {
  const templates = new GatekeeperTemplates(app, 'gatekeeper-templates');
  const constraints = new Chart(app, 'gatekeeper-constraints');
  new RequiredLabels(constraints, 'pods-have-owner', { templates, labels: [{ key: 'owner' }] });
  return { templates, constraints };
}

describe('RequiredLabels: the guide\'s example', () => {
  const { templates, constraints } = guideApp();
  const [template] = templates.toJson();
  const [constraint] = constraints.toJson();

  test('emits our ConstraintTemplate', () => {
    expect(templates.toJson()).toHaveLength(1);
    expect(template).toMatchObject({
      apiVersion: 'templates.gatekeeper.sh/v1',
      kind: 'ConstraintTemplate',
      metadata: { name: 'securerequiredlabels', labels: { 'app.kubernetes.io/managed-by': 'cdk8s-secure' } },
      spec: {
        crd: { spec: { names: { kind: 'SecureRequiredLabels' } } },
        targets: [{ target: 'admission.k8s.gatekeeper.sh', rego: REQUIRED_LABELS_REGO }],
      },
    });
    expect(template.spec.crd.spec.validation.openAPIV3Schema.properties.labels.items).toEqual({
      type: 'object',
      required: ['key'],
      properties: {
        key: { type: 'string', description: 'The label key, e.g. owner.' },
        allowedRegex: { type: 'string', description: 'A regular expression (RE2) the value must match.' },
      },
    });
  });

  test('emits a constraint with labels [{key}], deny, Pods, kube-system excluded', () => {
    expect(constraint).toEqual({
      apiVersion: 'constraints.gatekeeper.sh/v1beta1',
      kind: 'SecureRequiredLabels',
      metadata: { name: constraint.metadata.name, labels: { 'app.kubernetes.io/managed-by': 'cdk8s-secure' } },
      spec: {
        enforcementAction: 'deny',
        match: { kinds: [{ apiGroups: [''], kinds: ['Pod'] }], excludedNamespaces: ['kube-system'] },
        parameters: { labels: [{ key: 'owner' }] },
      },
    });
    expect(constraint.metadata.name).toMatch(/^gatekeeper-constraints-pods-have-owner-c8[0-9a-f]{6}$/);
  });

  test('the YAML the guide\'s example produces', () => {
    expect(Yaml.stringify(template, constraint)).toMatchSnapshot();
  });

  test('the objects validate against their schemas, the parameters against the template\'s schema', () => {
    expect(policySchemaProblems([template, constraint])).toEqual([]);
  });

  test('the checker reports nothing', () => {
    expect(new Checker().check([template, constraint])).toEqual([]);
  });
});

describe('templates are applied before their constraints', () => {
  test('the constraints chart depends on the templates chart', () => {
    const app = Testing.app();
    // Declared in the "wrong" order on purpose.
    const constraints = new Chart(app, 'a-constraints');
    const templates = new GatekeeperTemplates(app, 'z-templates');
    new RequiredLabels(constraints, 'owner', { templates, labels: [{ key: 'owner' }] });
    expect(constraints.node.dependencies).toContain(templates);
    expect(app.charts.map(c => c.node.id)).toEqual(['z-templates', 'a-constraints']);
  });

  test('cdk8s synth writes the templates file first (0000-...), then the constraints (0001-...)', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'gatekeeper-'));
    try {
      const app = new App({ outdir });
      const constraints = new Chart(app, 'constraints');
      const templates = new GatekeeperTemplates(app, 'templates');
      new RequiredLabels(constraints, 'owner', { templates, labels: [{ key: 'owner' }] });
      app.synth();
      expect(fs.readdirSync(outdir).sort()).toEqual(['0000-templates.k8s.yaml', '0001-constraints.k8s.yaml']);
      expect(Yaml.load(path.join(outdir, '0000-templates.k8s.yaml')).map((o: Obj) => o.kind)).toEqual(['ConstraintTemplate']);
      expect(Yaml.load(path.join(outdir, '0001-constraints.k8s.yaml')).map((o: Obj) => o.kind)).toEqual(['SecureRequiredLabels']);
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });

  test('several constraints share one template', () => {
    const app = Testing.app();
    const templates = new GatekeeperTemplates(app, 'templates');
    const a = new Chart(app, 'a');
    const b = new Chart(app, 'b');
    new RequiredLabels(a, 'owner', { templates, labels: [{ key: 'owner' }] });
    new RequiredLabels(a, 'team', { templates, labels: [{ key: 'team', allowedRegex: '^team-[a-z]+$' }], kinds: MatchKind.podControllers() });
    new RequiredLabels(b, 'ns-owner', { templates, labels: [{ key: 'owner' }], kinds: [MatchKind.namespaces()], excludedNamespaces: [] });
    expect(templates.toJson()).toHaveLength(1);
    expect(app.charts[0]).toBe(templates);
    expect(policySchemaProblems([...templates.toJson(), ...a.toJson(), ...b.toJson()])).toEqual([]);
  });
});

describe('the rego (no OPA engine here: its structure is checked)', () => {
  test('one package, two violation rules, reading the parameters and the object labels', () => {
    const lines = REQUIRED_LABELS_REGO.split('\n');
    expect(lines[0]).toBe('package cdk8ssecure.requiredlabels');
    expect(lines.filter(l => l.startsWith('package '))).toHaveLength(1);
    expect(lines.filter(l => /^violation\[\{"msg": msg, "details": \{.*\}\}\] \{$/.test(l))).toHaveLength(2);
    expect(REQUIRED_LABELS_REGO).toContain('input.parameters.labels[_]');
    expect(REQUIRED_LABELS_REGO).toContain('labels := object.get(input.review.object.metadata, "labels", {})');
    expect(REQUIRED_LABELS_REGO).toContain('missing := required - {key | labels[key]}');
    expect(REQUIRED_LABELS_REGO).toContain('not regex.match(pattern, value)');
  });

  test('braces, brackets and parentheses balance and every string is closed', () => {
    const code = REQUIRED_LABELS_REGO.split('\n').filter(l => !l.trim().startsWith('#')).join('\n').replace(/"(?:[^"\\]|\\.)*"/g, '""');
    expect(code).not.toContain('"""');
    for (const [open, close] of [['{', '}'], ['[', ']'], ['(', ')']]) {
      let depth = 0;
      for (const ch of code) {
        if (ch === open) depth++;
        if (ch === close) depth--;
        expect(depth).toBeGreaterThanOrEqual(0);
      }
      expect({ open, depth }).toEqual({ open, depth: 0 });
    }
  });

  test('stays small', () => {
    expect(REQUIRED_LABELS_REGO.trim().split('\n').length).toBeLessThanOrEqual(25);
  });
});

describe('constraint options', () => {
  type Made = { c: GatekeeperConstraint; obj: Obj; all: Obj[] };
  function constraint(make: (scope: Construct, templates: GatekeeperTemplates) => GatekeeperConstraint): Made {
    const app = Testing.app();
    const templates = new GatekeeperTemplates(app, 'templates');
    const chart = new Chart(app, 'constraints');
    const c = make(chart, templates);
    return { c, obj: chart.toJson()[0], all: [...templates.toJson(), ...chart.toJson()] };
  }

  test('enforcementAction, kinds, namespaces, excludedNamespaces and name', () => {
    const { c, obj } = constraint((s, templates) => new RequiredLabels(s, 'owner', {
      templates,
      labels: [{ key: 'owner', allowedRegex: '^team-[a-z0-9-]+$' }, { key: 'app.kubernetes.io/name' }],
      enforcementAction: EnforcementAction.WARN,
      kinds: [MatchKind.pods(), ...MatchKind.podControllers()],
      namespaces: ['shop', 'team-*'],
      excludedNamespaces: ['kube-*'],
      name: 'workloads-have-owner',
    }));
    expect(c.name).toBe('workloads-have-owner');
    expect(c.kind).toBe('SecureRequiredLabels');
    expect(obj.spec).toEqual({
      enforcementAction: 'warn',
      match: {
        kinds: [
          { apiGroups: [''], kinds: ['Pod'] },
          { apiGroups: ['apps'], kinds: ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet'] },
          { apiGroups: ['batch'], kinds: ['Job', 'CronJob'] },
          { apiGroups: [''], kinds: ['ReplicationController'] },
        ],
        namespaces: ['shop', 'team-*'],
        excludedNamespaces: ['kube-*'],
      },
      parameters: { labels: [{ key: 'owner', allowedRegex: '^team-[a-z0-9-]+$' }, { key: 'app.kubernetes.io/name' }] },
    });
  });

  test('dryrun is possible, and the checker reports it (CS612)', () => {
    const { all } = constraint((s, templates) => new RequiredLabels(s, 'owner', { templates, labels: [{ key: 'owner' }], enforcementAction: EnforcementAction.DRYRUN }));
    expect(new Checker().check(all).map(f => f.ruleId)).toEqual(['CS612']);
  });

  test('a constraint of any template, with MatchKind.of', () => {
    const { obj } = constraint(s => new GatekeeperConstraint(s, 'repos', {
      kind: 'K8sAllowedRepos', kinds: [MatchKind.of([''], ['Pod'])], parameters: { repos: ['registry.example.com/'] },
    }));
    expect(obj).toMatchObject({ kind: 'K8sAllowedRepos', spec: { parameters: { repos: ['registry.example.com/'] } } });
  });

  test('a constraint in a chart with a namespace has none (constraints are cluster-scoped)', () => {
    const app = Testing.app();
    const templates = new GatekeeperTemplates(app, 'templates', { namespace: 'prod' });
    const chart = new Chart(app, 'constraints', { namespace: 'prod' });
    new RequiredLabels(chart, 'owner', { templates, labels: [{ key: 'owner' }] });
    new PspPrivilegedContainer(chart, 'privileged');
    for (const o of [...templates.toJson(), ...chart.toJson()]) expect(o.metadata.namespace).toBeUndefined();
  });

  test('LibraryRequiredLabels targets the gatekeeper-library k8srequiredlabels template', () => {
    const { obj } = constraint(s => new LibraryRequiredLabels(s, 'owner', { labels: [{ key: 'owner' }], message: 'every pod needs an owner' }));
    expect(obj).toMatchObject({ kind: 'K8sRequiredLabels', spec: { parameters: { labels: [{ key: 'owner' }], message: 'every pod needs an owner' } } });
    expect(policySchemaProblems([obj])).toEqual([]);
  });
});

describe('typed constraints for the gatekeeper-library pod-security templates', () => {
  const cases: Array<[string, (s: Construct) => GatekeeperConstraint, Obj | undefined]> = [
    ['K8sPSPPrivilegedContainer', s => new PspPrivilegedContainer(s, 'c'), undefined],
    ['K8sPSPAllowPrivilegeEscalationContainer', s => new PspAllowPrivilegeEscalation(s, 'c'), undefined],
    ['K8sPSPReadOnlyRootFilesystem', s => new PspReadOnlyRootFilesystem(s, 'c', { exemptImages: ['registry.example.com/debug:*'] }), { exemptImages: ['registry.example.com/debug:*'] }],
    ['K8sPSPHostNamespace', s => new PspHostNamespace(s, 'c'), undefined],
    ['K8sPSPCapabilities', s => new PspCapabilities(s, 'c'), { allowedCapabilities: ['NET_BIND_SERVICE'], requiredDropCapabilities: ['ALL'] }],
    ['K8sPSPSeccomp', s => new PspSeccomp(s, 'c'), { allowedProfiles: ['RuntimeDefault', 'Localhost'], allowedLocalhostFiles: ['*'] }],
    ['K8sPSPSeccomp', s => new PspSeccomp(s, 'c', { allowedProfiles: ['RuntimeDefault'] }), { allowedProfiles: ['RuntimeDefault'] }],
    ['K8sPSPProcMount', s => new PspProcMount(s, 'c'), { procMount: 'Default' }],
    ['K8sPSPProcMount', s => new PspProcMount(s, 'c', { procMount: ProcMountType.UNMASKED }), { procMount: 'Unmasked' }],
    ['K8sPSPHostNetworkingPorts', s => new PspHostNetworkingPorts(s, 'c'), { hostNetwork: false, min: 0, max: 0 }],
    ['K8sPSPHostNetworkingPorts', s => new PspHostNetworkingPorts(s, 'c', { min: 80, max: 443 }), { hostNetwork: false, min: 80, max: 443 }],
    ['K8sPSPHostFilesystem', s => new PspHostFilesystem(s, 'c'), { allowedHostPaths: [] }],
    ['K8sPSPHostFilesystem', s => new PspHostFilesystem(s, 'c', { allowedHostPaths: [{ pathPrefix: '/var/log' }, { pathPrefix: '/tmp/x', readOnly: false }] }),
      { allowedHostPaths: [{ pathPrefix: '/var/log', readOnly: true }, { pathPrefix: '/tmp/x', readOnly: false }] }],
    ['K8sPSPAllowedUsers', s => new PspAllowedUsers(s, 'c'), { runAsUser: { rule: 'MustRunAs', ranges: [{ min: 10001, max: 65535 }] } }],
    ['K8sPSPAllowedUsers', s => new PspAllowedUsers(s, 'c', {
      runAsUser: { rule: IdRule.MUST_RUN_AS_NON_ROOT }, fsGroup: { rule: IdRule.MAY_RUN_AS, ranges: [{ min: 1, max: 65535 }] },
    }), { runAsUser: { rule: 'MustRunAsNonRoot' }, fsGroup: { rule: 'MayRunAs', ranges: [{ min: 1, max: 65535 }] } }],
    ['K8sPSPVolumeTypes', s => new PspVolumeTypes(s, 'c'),
      { volumes: ['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret'] }],
    ['K8sPSPForbiddenSysctls', s => new PspForbiddenSysctls(s, 'c'), { forbiddenSysctls: ['*'] }],
    ['K8sPSPForbiddenSysctls', s => new PspForbiddenSysctls(s, 'c', { allowedSysctls: ['net.ipv4.tcp_syncookies'] }), { forbiddenSysctls: ['*'], allowedSysctls: ['net.ipv4.tcp_syncookies'] }],
  ];

  test.each(cases)('%s: kind, defaults and parameters', (kind, make, parameters) => {
    const chart = Testing.chart();
    make(chart);
    const [obj] = chart.toJson();
    expect(obj.apiVersion).toBe('constraints.gatekeeper.sh/v1beta1');
    expect(obj.kind).toBe(kind);
    expect(obj.spec.enforcementAction).toBe('deny');
    expect(obj.spec.match).toEqual({ kinds: [{ apiGroups: [''], kinds: ['Pod'] }], excludedNamespaces: ['kube-system'] });
    expect(obj.spec.parameters).toEqual(parameters);
    expect(policySchemaProblems([obj])).toEqual([]);
    expect(new Checker().check([obj])).toEqual([]);
  });

  test('every library kind has a parameter schema to validate against', () => {
    expect([...new Set(cases.map(c => c[0]))].every(k => k in LIBRARY_PARAMETER_SCHEMAS)).toBe(true);
  });
});

describe('schema validation catches what it should', () => {
  test('an unknown parameter, a wrong type, an unknown spec field and a namespaced constraint', () => {
    const chart = Testing.chart();
    new PspCapabilities(chart, 'c');
    const [obj] = chart.toJson();
    obj.spec.parameters.allowedCapabilites = ['X'];
    obj.spec.parameters.requiredDropCapabilities = 'ALL';
    obj.spec.matchh = {};
    obj.metadata.namespace = 'prod';
    const at = `K8sPSPCapabilities/${obj.metadata.name}`;
    expect(policySchemaProblems([obj])).toEqual([
      `${at}: /metadata must NOT be valid {}`,
      `${at}: /spec must NOT have additional properties {"additionalProperty":"matchh"}`,
      `${at}: spec.parameters: / must NOT have additional properties {"additionalProperty":"allowedCapabilites"}`,
      `${at}: spec.parameters: /requiredDropCapabilities must be array {"type":"array"}`,
    ]);
  });

  test('an unknown field in a ValidatingAdmissionPolicy', () => {
    const p = {
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingAdmissionPolicy',
      metadata: { name: 'x' },
      spec: { validations: [{ expression: 'true', mesage: 'typo' }], matchConstraints: { resourceRules: [{ apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE'], resources: ['pods'] }] } },
    };
    expect(policySchemaProblems([p])).toEqual(['ValidatingAdmissionPolicy/x: unknown field spec.validations[0].mesage']);
  });
});

describe('errors', () => {
  const app = () => {
    const a = Testing.app();
    return { templates: new GatekeeperTemplates(a, 'templates'), chart: new Chart(a, 'constraints') };
  };

  test('throws when labels is empty', () => {
    const { templates, chart } = app();
    expect(() => new RequiredLabels(chart, 'owner', { templates, labels: [] })).toThrow(
      '[constraints/owner] CSE621 RequiredLabels: labels is empty: the constraint would require nothing. Name at least one label, e.g. labels: [{ key: \'owner\' }].');
  });

  test.each([
    ['', 'label key "" is empty'],
    ['team owner', 'label key "team owner" has an invalid name "team owner" (letters, digits, \'-\', \'_\' and \'.\', starting and ending with a letter or digit, at most 63 characters)'],
    ['Example.com/owner', 'label key "Example.com/owner" has an invalid prefix "Example.com" (a DNS subdomain such as "example.com")'],
    [`${'a'.repeat(64)}`, `label key "${'a'.repeat(64)}" has an invalid name "${'a'.repeat(64)}" (letters, digits, '-', '_' and '.', starting and ending with a letter or digit, at most 63 characters)`],
  ])('throws on the invalid label key %j', (key, problem) => {
    const { templates, chart } = app();
    expect(() => new RequiredLabels(chart, 'owner', { templates, labels: [{ key }] })).toThrow(
      `[constraints/owner] CSE622 RequiredLabels: ${problem}. Use a label key such as "owner" or "example.com/owner".`);
  });

  test.each([
    ['^team-(', 'the regular expression "^team-(" does not compile (/^team-(/: Unterminated group)'],
    ['^(?!admin)', 'the regular expression "^(?!admin)" uses lookaround, which Gatekeeper\'s RE2 engine does not support'],
    ['^(a)\\1$', 'the regular expression "^(a)\\\\1$" uses a backreference, which Gatekeeper\'s RE2 engine does not support'],
    ['', 'the regular expression "" is empty'],
  ])('throws on the invalid allowedRegex %j', (allowedRegex, problem) => {
    const { templates, chart } = app();
    expect(() => new RequiredLabels(chart, 'owner', { templates, labels: [{ key: 'owner', allowedRegex }] })).toThrow(
      `[constraints/owner] CSE623 RequiredLabels: allowedRegex of label owner: ${problem}. Write an RE2 expression without lookaround or backreferences, e.g. "^team-[a-z0-9-]+$".`);
  });

  test('throws on a duplicate label', () => {
    const chart = Testing.chart();
    expect(() => new LibraryRequiredLabels(chart, 'owner', { labels: [{ key: 'owner' }, { key: 'owner', allowedRegex: '.+' }] })).toThrow(
      '[test/owner] CSE624 LibraryRequiredLabels: label owner is listed twice. List each label once; put both conditions in one allowedRegex.');
  });

  test('throws when the constraint is in the templates chart', () => {
    const { templates } = app();
    expect(() => new RequiredLabels(templates, 'owner', { templates, labels: [{ key: 'owner' }] })).toThrow(
      '[templates/owner] CSE625 RequiredLabels: the constraint is in the templates chart: applied together, it fails because its CRD does not exist yet. Put constraints in another chart, e.g. new Chart(app, \'gatekeeper-constraints\').');
  });

  test.each([
    [[], 'kinds is empty'],
    [[MatchKind.of([''], [])], 'a MatchKind names no API group or no kind'],
  ])('throws on kinds %j', (kinds) => {
    expect(() => new PspPrivilegedContainer(Testing.chart(), 'c', { kinds })).toThrow(
      '[test/c] CSE626 PspPrivilegedContainer: kinds is empty, or a MatchKind names no API group or no kind: the constraint would match every kind of object. Name the kinds to check, e.g. kinds: [MatchKind.pods()].');
  });

  test('throws on an invalid namespace', () => {
    expect(() => new PspPrivilegedContainer(Testing.chart(), 'c', { excludedNamespaces: ['kube*system'] })).toThrow(
      '[test/c] CSE627 PspPrivilegedContainer: namespace "kube*system" is not a namespace name or a prefix/suffix glob (e.g. "kube-*"). Use namespace names as `kubectl get namespaces` prints them.');
    expect(() => new PspPrivilegedContainer(Testing.chart(), 'c', { namespaces: ['*'] })).toThrow('CSE627');
  });

  test('throws on an invalid name', () => {
    expect(() => new PspPrivilegedContainer(Testing.chart(), 'c', { name: 'No_Privileged' })).toThrow(
      '[test/c] CSE628 PspPrivilegedContainer: name "No_Privileged" is not a valid object name (lower-case letters, digits, \'-\' and \'.\', at most 253 characters). Use lower-case letters, digits and "-", e.g. "pods-must-have-owner".');
  });

  test('throws on an invalid kind', () => {
    expect(() => new GatekeeperConstraint(Testing.chart(), 'c', { kind: 'k8sallowedrepos' })).toThrow(
      '[test/c] CSE629 GatekeeperConstraint: kind "k8sallowedrepos" is not a constraint kind. Use the kind of the ConstraintTemplate (spec.crd.spec.names.kind), e.g. "K8sAllowedRepos".');
  });

  test.each([['*'], ['registry.example.com/*/x'], ['']])('throws on the exemptImages entry %j', (image) => {
    expect(() => new PspPrivilegedContainer(Testing.chart(), 'c', { exemptImages: [image] })).toThrow(
      `[test/c] CSE631 PspPrivilegedContainer: exemptImages entry ${JSON.stringify(image)} is not an image or an image prefix ending in "*". Name a full image ("registry.example.com/agent:1.2") or a prefix ("registry.example.com/agent:*"); "*" alone would exempt everything.`);
  });

  test('throws on an invalid or duplicate capability', () => {
    expect(() => new PspCapabilities(Testing.chart(), 'c', { allowedCapabilities: ['NET BIND'] })).toThrow(
      '[test/c] CSE632 PspCapabilities: allowedCapabilities entry "NET BIND" is not a capability name. Use names such as "NET_BIND_SERVICE" or "ALL".');
    expect(() => new PspCapabilities(Testing.chart(), 'c', { requiredDropCapabilities: ['ALL', 'all'] })).toThrow(
      '[test/c] CSE632 PspCapabilities: requiredDropCapabilities lists ALL twice. List each capability once.');
    expect(() => new PspCapabilities(Testing.chart(), 'c', { requiredDropCapabilities: ['*'] })).toThrow('CSE632');
  });

  test('throws on an empty seccomp profile list', () => {
    expect(() => new PspSeccomp(Testing.chart(), 'c', { allowedProfiles: [] })).toThrow(
      '[test/c] CSE633 PspSeccomp: allowedProfiles is empty: the template then rejects every pod. Allow at least RuntimeDefault.');
  });

  test('throws on invalid host port ranges', () => {
    expect(() => new PspHostNetworkingPorts(Testing.chart(), 'c', { min: 443, max: 80 })).toThrow(
      '[test/c] CSE634 PspHostNetworkingPorts: min 443 is above max 80. Swap them, or set both to 0 to allow no host port.');
    expect(() => new PspHostNetworkingPorts(Testing.chart(), 'c', { max: 70000 })).toThrow(
      '[test/c] CSE634 PspHostNetworkingPorts: max 70000 is not a port number. Use an integer from 0 to 65535.');
  });

  test('throws on a relative host path', () => {
    expect(() => new PspHostFilesystem(Testing.chart(), 'c', { allowedHostPaths: [{ pathPrefix: 'var/log' }] })).toThrow(
      '[test/c] CSE635 PspHostFilesystem: pathPrefix "var/log" is not an absolute path. Use an absolute path without "..", e.g. "/var/log".');
  });

  test('throws on invalid id rules', () => {
    expect(() => new PspAllowedUsers(Testing.chart(), 'c', { runAsGroup: { rule: IdRule.MUST_RUN_AS } })).toThrow(
      '[test/c] CSE636 PspAllowedUsers: runAsGroup: rule MustRunAs needs at least one range. Add ranges, e.g. [{ min: 10001, max: 65535 }].');
    expect(() => new PspAllowedUsers(Testing.chart(), 'c', { fsGroup: { rule: IdRule.MUST_RUN_AS_NON_ROOT } })).toThrow(
      '[test/c] CSE636 PspAllowedUsers: fsGroup: rule MustRunAsNonRoot applies to runAsUser only. Use MustRunAs with a range starting above 0.');
    expect(() => new PspAllowedUsers(Testing.chart(), 'c', { runAsUser: { rule: IdRule.MUST_RUN_AS, ranges: [{ min: 10, max: 1 }] } })).toThrow(
      '[test/c] CSE636 PspAllowedUsers: runAsUser: range 10-1 is not a range of ids. Use integers with 0 <= min <= max.');
  });

  test('throws on invalid volume types', () => {
    expect(() => new PspVolumeTypes(Testing.chart(), 'c', { volumes: [] })).toThrow(
      '[test/c] CSE637 PspVolumeTypes: volumes is empty: every pod with a volume would be rejected. List the allowed volume types.');
    expect(() => new PspVolumeTypes(Testing.chart(), 'c', { volumes: ['ConfigMap'] })).toThrow(
      '[test/c] CSE637 PspVolumeTypes: volume type "ConfigMap" is not a Volume field name. Use names such as "configMap" or "persistentVolumeClaim".');
  });

  test('throws on an invalid sysctl', () => {
    expect(() => new PspForbiddenSysctls(Testing.chart(), 'c', { forbiddenSysctls: ['kernel.*.x'] })).toThrow(
      '[test/c] CSE638 PspForbiddenSysctls: sysctl "kernel.*.x" is not a sysctl name or prefix. Use names such as "kernel.msgmax" or "net.*".');
  });
});
