import { Names } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { checkHosts, checkPath, checkRefName, expose } from './_exposure';
import { ExposureProps } from './exposure';
import { SecureError } from '../_errors';
import { Suppressions } from '../checks/suppressions';

/**
 * Where the Ingress's certificate comes from: give exactly one field.
 */
export interface IngressTlsOptions {
  /**
   * Name of a `kubernetes.io/tls` Secret in the Ingress's namespace (an Ingress cannot read one from
   * another namespace).
   * @default - none
   */
  readonly secretName?: string;

  /**
   * A Secret construct holding the certificate; it must be in the Ingress's namespace.
   * @default - none
   */
  readonly secret?: kplus.ISecret;

  /**
   * A cert-manager ClusterIssuer: adds the `cert-manager.io/cluster-issuer` annotation, and cert-manager
   * writes the certificate to the Secret `<ingress name>-tls`.
   * @default - none
   */
  readonly certManagerClusterIssuer?: string;

  /**
   * A cert-manager Issuer of the Ingress's namespace: adds the `cert-manager.io/issuer` annotation, and
   * cert-manager writes the certificate to the Secret `<ingress name>-tls`.
   * @default - none
   */
  readonly certManagerIssuer?: string;
}

/**
 * Properties of a SecureIngress.
 */
export interface SecureIngressProps extends ExposureProps {
  /**
   * Host names routed to the Service (`spec.rules[].host`), each also listed in `spec.tls[].hosts`.
   * DNS names; `*.` may stand as the whole first label.
   */
  readonly hosts: string[];

  /**
   * The certificate. Required unless plain HTTP is accepted with a suppression of CS320 (and a reason) in
   * `suppressions`.
   * @default - none: the constructor refuses an Ingress without TLS (CSE330)
   */
  readonly tls?: IngressTlsOptions;

  /**
   * `spec.ingressClassName`: which controller serves the Ingress.
   * @default 'nginx'
   */
  readonly ingressClassName?: string;
}

/**
 * A `networking.k8s.io/v1` Ingress that serves its hosts over TLS only, routing to the Service in front of a
 * secure workload, and opening the workload's NetworkPolicy to the ingress controller's pods on the
 * Service's target port (and to nothing else).
 *
 * By default the controller is ingress-nginx: pods labelled `app.kubernetes.io/name: ingress-nginx` and
 * `app.kubernetes.io/component: controller` in the namespace `ingress-nginx`.
 *
 * ```ts
 * new SecureIngress(chart, 'web', {
 *   backend: api, service: api.exposeViaService(), hosts: ['shop.example.com'],
 *   tls: { certManagerClusterIssuer: 'letsencrypt' },
 * });
 * ```
 */
export class SecureIngress extends Construct {
  /** The Ingress (`ApiObject.of(ingress)` finds it too). */
  public readonly resource: kplus.k8s.KubeIngress;
  /** The Secret the certificate is read from (`spec.tls[0].secretName`); undefined for plain HTTP. */
  public readonly tlsSecretName?: string;

  constructor(scope: Construct, id: string, props: SecureIngressProps) {
    super(scope, id);
    const kind = 'SecureIngress';
    const fail = (code: string, problem: string, fix: string): never => SecureError.raise(this, code, kind, problem, fix);
    const hosts = checkHosts(this, kind, 'hosts', props.hosts);
    const path = checkPath(this, kind, props.path ?? '/');
    const ingressClassName = checkRefName(this, kind, 'CSE336', 'ingressClassName', props.ingressClassName ?? 'nginx', 'nginx');
    const target = expose(this, kind, props, {
      namespace: 'ingress-nginx',
      podLabels: { 'app.kubernetes.io/name': 'ingress-nginx', 'app.kubernetes.io/component': 'controller' },
      serviceAccountExample: 'ingress-nginx',
    });

    const tls = props.tls;
    const given = tls ? (['secretName', 'secret', 'certManagerClusterIssuer', 'certManagerIssuer'] as const).filter(k => tls[k] !== undefined) : [];
    if (tls && given.length !== 1) {
      fail('CSE330', `tls gives ${given.length === 0 ? 'no certificate source' : given.join(' and ')}`, 'Give exactly one of tls.secretName, tls.secret, tls.certManagerClusterIssuer, tls.certManagerIssuer.');
    }
    if (!tls && !Suppressions.of(this).some(s => s.ruleId === 'CS320')) {
      fail('CSE330', `no tls was given, so ${hosts.join(', ')} would be served over plain HTTP (CS320 Ingress without TLS)`,
        "Pass tls: { secretName: '<kubernetes.io/tls Secret>' } or tls: { certManagerClusterIssuer: '<issuer>' }, or accept plain HTTP: suppressions: [{ ruleId: 'CS320', reason: '<why, at least 10 characters>' }].");
    }

    const annotations: Record<string, string> = {};
    if (tls?.certManagerClusterIssuer !== undefined) annotations['cert-manager.io/cluster-issuer'] = checkRefName(this, kind, 'CSE330', 'tls.certManagerClusterIssuer', tls.certManagerClusterIssuer, 'letsencrypt');
    if (tls?.certManagerIssuer !== undefined) annotations['cert-manager.io/issuer'] = checkRefName(this, kind, 'CSE330', 'tls.certManagerIssuer', tls.certManagerIssuer, 'letsencrypt');

    const name = Names.toDnsLabel(this);
    if (tls) {
      this.tlsSecretName = tls.secretName !== undefined ? this.secretName(tls.secretName, target.namespace)
        : tls.secret !== undefined ? this.secretOf(tls.secret, target.namespace)
          : `${name}-tls`;
    }
    const backend = { service: { name: target.serviceName, port: { number: target.servicePort } } };
    this.resource = new kplus.k8s.KubeIngress(this, 'Resource', {
      metadata: { name, namespace: target.namespace, ...(Object.keys(annotations).length > 0 ? { annotations } : {}) },
      spec: {
        ingressClassName,
        ...(this.tlsSecretName ? { tls: [{ hosts, secretName: this.tlsSecretName }] } : {}),
        rules: hosts.map(host => ({ host, http: { paths: [{ path, pathType: 'Prefix', backend }] } })),
      },
    });
  }

  private secretName(name: string, namespace: string | undefined): string {
    if (typeof name === 'string' && name.includes('/')) {
      SecureError.raise(this, 'CSE332', 'SecureIngress', `tls.secretName ${JSON.stringify(name)} names a Secret of another namespace; an Ingress reads its certificate only from its own namespace (${namespace ?? 'the chart\'s'})`,
        'Create or copy the kubernetes.io/tls Secret into the Ingress\'s namespace and pass its bare name (e.g. "shop-tls"), or let cert-manager issue it there (tls.certManagerClusterIssuer).');
    }
    return checkRefName(this, 'SecureIngress', 'CSE332', 'tls.secretName', name, 'shop-tls');
  }

  private secretOf(secret: kplus.ISecret, namespace: string | undefined): string {
    const theirs = (secret as { metadata?: { namespace?: string } }).metadata?.namespace;
    if (theirs !== undefined && theirs !== namespace) {
      SecureError.raise(this, 'CSE332', 'SecureIngress', `tls.secret ${secret.name} is in namespace ${theirs} but the Ingress is in ${namespace ?? '(unset)'}; an Ingress reads its certificate only from its own namespace`,
        'Create the Secret in the Ingress\'s namespace (the backend\'s chart), or let cert-manager issue it there (tls.certManagerClusterIssuer).');
    }
    return this.secretName(secret.name, namespace);
  }
}
