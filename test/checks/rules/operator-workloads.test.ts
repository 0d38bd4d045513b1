/**
 * prometheus-operator resources (Prometheus, Alertmanager, ThanosRuler) carry their pod fields directly in
 * spec. The operator adds its own containers; a manifest container with one of their names is a strategic
 * merge patch of it. The checker reports what the manifest shows: pod fields, added containers in full, and
 * the fields a patch writes.
 */
import { check, checkAlone, container, expectSuppressed, IMAGE, NAMESPACE, Obj, of, ruleIds, single } from './_fixtures';
import { ImageCollector } from '../../../src/cli/images';
import { FlowModel } from '../../../src/network/_flow-model';

const GROUP = 'monitoring.coreos.com/v1';

/** A Prometheus resource with a hardened pod-level securityContext and no containers of its own. */
function prometheus(spec: Obj = {}, kind = 'Prometheus', apiVersion = GROUP): Obj {
  return {
    apiVersion,
    kind,
    metadata: { name: 'k8s', namespace: NAMESPACE },
    spec: {
      replicas: 2,
      serviceAccountName: 'prometheus-k8s',
      automountServiceAccountToken: false,
      securityContext: { runAsNonRoot: true, runAsUser: 65534, runAsGroup: 65534, fsGroup: 65534, seccompProfile: { type: 'RuntimeDefault' } },
      resources: { requests: { memory: '400Mi' } },
      serviceMonitorSelector: {},
      ...spec,
    },
  };
}

describe('prometheus-operator resources are pod-bearing', () => {
  test.each(['Prometheus', 'Alertmanager'])('a hardened %s without containers of its own has zero findings', (kind) => {
    expect(check(prometheus({}, kind))).toEqual([]);
  });

  test('ThanosRuler has no automountServiceAccountToken field: its ServiceAccount decides (CS211)', () => {
    const ruler = prometheus({ automountServiceAccountToken: undefined }, 'ThanosRuler');
    expect(ruleIds(check(ruler))).toEqual(['CS211']);
    expect(single(check(ruler), 'CS211')).toMatchObject({
      path: 'spec.serviceAccountName',
      message: 'ThanosRuler has no automountServiceAccountToken field: its pods take the setting of their ServiceAccount, which does not set false',
    });
    const sa = { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'prometheus-k8s', namespace: NAMESPACE }, automountServiceAccountToken: false };
    expect(check([sa, ruler])).toEqual([]);
  });

  test.each(['Prometheus', 'Alertmanager', 'ThanosRuler'])('a privileged sidecar added to a %s is reported at spec.containers', (kind) => {
    const proxy = { ...container('oauth-proxy'), securityContext: { ...container().securityContext, privileged: true } };
    const f = single(check(prometheus({ containers: [proxy] }, kind)), 'CS103');
    expect(f).toMatchObject({ path: 'spec.containers[0].securityContext.privileged', container: 'oauth-proxy', object: { kind, name: 'k8s' } });
  });

  test('an added container is checked in full: no probes, no limits, no securityContext', () => {
    const bare = { name: 'oauth-proxy', image: IMAGE, imagePullPolicy: 'Always' };
    const ids = ruleIds(check(prometheus({ containers: [bare] })));
    expect(ids).toEqual(expect.arrayContaining(['CS126', 'CS201', 'CS202', 'CS203', 'CS204', 'CS205']));
  });

  test('a patch of an operator container reports only the fields it writes', () => {
    // Operator containers: the manifest shows only the patch; missing probes or limits are not reported.
    const quiet = prometheus({ containers: [{ name: 'prometheus', args: ['--web.enable-lifecycle'] }], initContainers: [{ name: 'init-config-reloader', env: [] }] });
    expect(check(quiet)).toEqual([]);
    const loud = prometheus({ containers: [{ name: 'config-reloader', securityContext: { privileged: true, allowPrivilegeEscalation: true } }] });
    expect(of(check(loud), 'CS103').map(f => f.path)).toEqual(['spec.containers[0].securityContext.privileged']);
    expect(of(check(loud), 'CS122').map(f => f.path)).toEqual(['spec.containers[0].securityContext.allowPrivilegeEscalation']);
  });

  test('a container named like an operator container of another kind is not a patch', () => {
    // "alertmanager" is generated for Alertmanager only: in a Prometheus it is a container of its own.
    const ids = ruleIds(check(prometheus({ containers: [{ name: 'alertmanager', image: IMAGE }] })));
    expect(ids).toEqual(expect.arrayContaining(['CS204', 'CS205']));
  });

  test('pod-level fields: hostNetwork, hostPath volumes, pod securityContext', () => {
    expect(ruleIds(check(prometheus({ hostNetwork: true })))).toEqual(expect.arrayContaining(['CS102']));
    expect(single(check(prometheus({ volumes: [{ name: 'host', hostPath: { path: '/var/run' } }] })), 'CS105').path).toBe('spec.volumes[0].hostPath');
    expect(single(check(prometheus({ securityContext: { runAsUser: 0 } })), 'CS124').path).toBe('spec.securityContext.runAsUser');
  });

  test('ThanosRuler has no hostNetwork field: the API server prunes it and the checker ignores it', () => {
    expect(of(check(prometheus({ hostNetwork: true, automountServiceAccountToken: undefined }, 'ThanosRuler')), 'CS102')).toEqual([]);
  });

  test('fields that configure the operator are not read as pod fields', () => {
    // spec.resources is the prometheus container's, spec.image its image: neither is a pod field.
    expect(check(prometheus({ image: 'quay.io/prometheus/prometheus:latest', resources: {} }))).toEqual([]);
  });

  test('CS211: Prometheus mounts the token unless spec says false; Alertmanager follows the ServiceAccount', () => {
    const f = single(check(prometheus({ automountServiceAccountToken: undefined })), 'CS211');
    expect(f).toMatchObject({ path: 'spec.automountServiceAccountToken', message: expect.stringContaining('operator mounts the token into Prometheus pods') });
    const sa = { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'prometheus-k8s', namespace: NAMESPACE }, automountServiceAccountToken: false };
    expect(of(check([sa, prometheus({ automountServiceAccountToken: undefined })]), 'CS211')).toHaveLength(1);
    expect(of(check([sa, prometheus({ automountServiceAccountToken: undefined }, 'Alertmanager')]), 'CS211')).toEqual([]);
  });

  test('a kind named Prometheus of another API group is not pod-bearing', () => {
    expect(checkAlone([prometheus({ hostNetwork: true }, 'Prometheus', 'example.com/v1')])).toEqual([]);
  });

  test('a suppression with a reason keeps the finding, marked suppressed', () => {
    expectSuppressed(prometheus({ hostNetwork: true }), 'CS102');
  });
});

describe('pod labels for NetworkPolicies', () => {
  const policy = (matchLabels: Obj): Obj => ({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: 'monitoring', namespace: NAMESPACE },
    spec: { podSelector: { matchLabels }, policyTypes: ['Ingress', 'Egress'] },
  });

  test('CS301: the pods are not covered without a policy', () => {
    expect(of(checkAlone([prometheus()]), 'CS301')).toHaveLength(1);
  });

  test.each<[string, Obj, Obj]>([
    ['app.kubernetes.io/name (Prometheus)', { 'app.kubernetes.io/name': 'prometheus' }, prometheus()],
    ['the prometheus label with the resource name', { prometheus: 'k8s' }, prometheus()],
    ['operator.prometheus.io/shard 0 with one shard', { 'operator.prometheus.io/name': 'k8s', 'operator.prometheus.io/shard': '0' }, prometheus()],
    ['podMetadata.labels', { team: 'obs' }, prometheus({ podMetadata: { labels: { team: 'obs' } } })],
    ['app.kubernetes.io/name (Alertmanager)', { 'app.kubernetes.io/name': 'alertmanager', 'alertmanager': 'k8s' }, prometheus({}, 'Alertmanager')],
    ['app.kubernetes.io/name (ThanosRuler)', { 'app.kubernetes.io/name': 'thanos-ruler', 'thanos-ruler': 'k8s' }, prometheus({ automountServiceAccountToken: undefined }, 'ThanosRuler')],
  ])('CS301: a policy selecting %s covers the pods', (_name, matchLabels, resource) => {
    expect(of(checkAlone([policy(matchLabels), resource]), 'CS301')).toEqual([]);
  });

  test('podMetadata.labels cannot override the reserved labels', () => {
    const resource = prometheus({ podMetadata: { labels: { 'prometheus': 'other', 'app.kubernetes.io/name': 'other' } } });
    expect(of(checkAlone([policy({ prometheus: 'other' }), resource]), 'CS301')).toHaveLength(1);
    expect(of(checkAlone([policy({ prometheus: 'k8s' }), resource]), 'CS301')).toEqual([]);
  });

  test('with several shards the shard label is unknown: a policy on shard 0 does not count', () => {
    const resource = prometheus({ shards: 2 });
    expect(of(checkAlone([policy({ 'operator.prometheus.io/shard': '0' }), resource]), 'CS301')).toHaveLength(1);
  });
});

describe('images and graph', () => {
  test('`images` lists the images of added containers and of patches that set one', () => {
    const images = new ImageCollector();
    images.add(prometheus({ containers: [{ ...container('oauth-proxy') }, { name: 'prometheus', image: 'quay.io/prometheus/prometheus:v3.5.0' }] }));
    expect(images.images.map(i => [i.image, i.workloads.map(w => `${w.kind}/${w.name}/${w.container}`)])).toEqual([
      [IMAGE, ['Prometheus/k8s/oauth-proxy']],
      ['quay.io/prometheus/prometheus:v3.5.0', ['Prometheus/k8s/prometheus']],
    ]);
  });

  test('the flow graph knows the prometheus container\'s port (9090, named by spec.portName) and the thanos sidecar\'s', () => {
    const endpoint = (spec: Obj) => {
      const model = new FlowModel();
      model.add(prometheus(spec));
      return model.endpoints[0].ports;
    };
    expect(endpoint({})).toEqual([{ protocol: 'TCP', port: 9090, name: 'web' }]);
    expect(endpoint({ portName: 'http-web', thanos: {} })).toEqual([
      { protocol: 'TCP', port: 9090, name: 'http-web' }, { protocol: 'TCP', port: 10902, name: 'http' }, { protocol: 'TCP', port: 10901, name: 'grpc' },
    ]);
    expect(endpoint({ listenLocal: true })).toEqual([]);
    // A patch that shows the port keeps its own entry, once.
    expect(endpoint({ containers: [{ name: 'prometheus', ports: [{ containerPort: 9090, name: 'web' }] }] })).toEqual([{ protocol: 'TCP', port: 9090, name: 'web' }]);
  });

  test('a flow into Prometheus on 9090 is drawn when a policy allows it', () => {
    const allow = {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'prometheus-web', namespace: NAMESPACE },
      spec: {
        podSelector: { matchLabels: { 'app.kubernetes.io/name': 'prometheus' } },
        policyTypes: ['Ingress'],
        ingress: [{ from: [{ podSelector: { matchLabels: { app: 'grafana' } } }], ports: [{ port: 'web' }] }],
      },
    };
    const grafana = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'grafana', namespace: NAMESPACE, labels: { app: 'grafana' } }, spec: { containers: [{ name: 'g', image: IMAGE }] } };
    const model = new FlowModel();
    for (const o of [allow, grafana, prometheus()]) model.add(o);
    expect(model.flows().filter(f => f.to === `Prometheus ${NAMESPACE}/k8s`).map(f => [f.from, f.ports])).toEqual([[`Pod ${NAMESPACE}/grafana`, ['TCP 9090']]]);
  });

  test('the flow graph has an endpoint for each resource, with the operator\'s labels', () => {
    const model = new FlowModel();
    model.add(prometheus());
    model.add(prometheus({}, 'Alertmanager'));
    expect(model.endpoints.map(e => [e.id, e.labels['app.kubernetes.io/name'], e.serviceAccount])).toEqual([
      [`Prometheus ${NAMESPACE}/k8s`, 'prometheus', 'prometheus-k8s'],
      [`Alertmanager ${NAMESPACE}/k8s`, 'alertmanager', 'prometheus-k8s'],
    ]);
  });
});
