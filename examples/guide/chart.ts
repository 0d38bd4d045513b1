// The whole container-hardening guide as one app: a hardened namespace, the shop's three tiers with
// network isolation and STRICT mTLS, the frontend reachable over HTTPS through the platform's Istio
// Gateway only, the database URL from AWS Secrets Manager, the Gatekeeper owner-label policy, and the
// Falco shell rule. The audit policy is a kube-apiserver file: main.ts writes it next to
// (not inside) the manifests. In an app repo the import is `from 'cdk8s-secure'`.
import { ApiObject, Chart, ChartProps, Cron, Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import {
  ExternalSecretRef, FalcoPresets, FalcoRules, GatekeeperTemplates, HealthChecks, IsolatedBackend, RequiredLabels,
  SecretStore, SecretStoreProvider, SecureCronJob, SecureDeployment, SecureHttpRoute, SecureNamespace, SecureStatefulSet, StrictMtls,
} from '../../src';

const pin = (image: string, hex: string) => `${image}@sha256:${hex.repeat(64 / hex.length)}`;

/** The platform's Gateway the shop is reached through, and its HTTPS listener. */
const GATEWAY = { name: 'shop-gateway', namespace: 'gateway-system', sectionName: 'https' };

/** Guide: namespace isolation. PSA restricted (pinned), default deny with DNS, default requests and limits. */
export class NamespaceChart extends Chart {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new SecureNamespace(this, 'shop', { name: 'shop', owner: 'team-shop' });
  }
}

/** Guide: policy as code. Every Pod must carry an `owner` label (constraint applied after its template). */
export class PolicyChart extends Chart {
  constructor(scope: Construct, id: string, props: { readonly templates: GatekeeperTemplates }) {
    super(scope, id);
    new RequiredLabels(this, 'pods-have-owner', { templates: props.templates, labels: [{ key: 'owner' }], name: 'pods-must-have-owner' });
  }
}

/**
 * Guide: the way in. The platform's Gateway, implemented by Istio (gatewayClassName `istio`): Istio deploys
 * its pods into the mesh under the ServiceAccount `shop-gateway-istio` (`<gateway name>-istio`), so they can
 * reach the shop's pods, which accept mTLS only. One HTTPS listener for shop.example.com terminates TLS with
 * the certificate in Secret `shop-example-com-tls` and takes routes from namespace `shop` only. It belongs to
 * the platform (usually its own repo); it is in this app so that `cdk8s-secure check` judges the listener the
 * shop's route attaches to (CS321).
 */
export class GatewayChart extends Chart {
  constructor(scope: Construct, id: string) {
    super(scope, id, { namespace: GATEWAY.namespace });
    new ApiObject(this, GATEWAY.name, {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'Gateway',
      metadata: { name: GATEWAY.name },
      spec: {
        gatewayClassName: 'istio',
        listeners: [{
          name: GATEWAY.sectionName,
          protocol: 'HTTPS',
          port: 443,
          hostname: 'shop.example.com',
          tls: { mode: 'Terminate', certificateRefs: [{ name: 'shop-example-com-tls' }] },
          allowedRoutes: { namespaces: { from: 'Selector', selector: { matchLabels: { 'kubernetes.io/metadata.name': 'shop' } } } },
        }],
      },
    });
  }
}

/**
 * Guide: the shop. frontend -> backend:8080 -> database:5432, mTLS, secrets from AWS Secrets Manager; the
 * backend reads one ConfigMap through a grant; the database keeps its data on a PersistentVolumeClaim, and a
 * nightly backup may only reach it on 5432.
 */
export class ShopChart extends Chart {
  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, { namespace: 'shop', ...props });

    new StrictMtls(this, 'mtls', { namespace: 'shop' });

    // External secret management: no secret value in the manifests or in git.
    new kplus.ServiceAccount(this, 'eso-reader', {
      metadata: { name: 'eso-reader', annotations: { 'eks.amazonaws.com/role-arn': 'arn:aws:iam::123456789012:role/shop-secrets-reader' } },
      automountToken: false,
    });
    const store = new SecretStore(this, 'aws', {
      provider: SecretStoreProvider.awsSecretsManager({ region: 'eu-central-1', serviceAccountRef: { name: 'eso-reader' } }),
    });
    const database = new ExternalSecretRef(this, 'database-url', {
      store,
      data: [{ secretKey: 'url', remoteRef: { key: 'prod/database/url' } }],
      refreshInterval: Duration.hours(1),
    });

    const frontend = new SecureDeployment(this, 'frontend', {
      owner: 'team-shop',
      meshAuthorization: true,
      containers: [{ image: pin('ghcr.io/acme/frontend:2.0.1', '9a8b7c6d'), portNumber: 8080, healthChecks: HealthChecks.http({ port: 8080 }) }],
    });
    const backend = new IsolatedBackend(this, 'backend', {
      owner: 'team-shop',
      meshAuthorization: true,
      containers: [{
        image: pin('ghcr.io/acme/backend:1.4.2', '3f1e0c2b'),
        portNumber: 8080,
        healthChecks: HealthChecks.http({ port: 8080, livenessPath: '/health', readinessPath: '/ready' }),
        writablePaths: ['/app/cache'],
        volumeMounts: [database.volumeMount('/var/run/secrets/database')],
        envVariables: { DATABASE_URL_FILE: kplus.EnvValue.fromValue('/var/run/secrets/database/url') },
      }],
    });
    // A StatefulSet, not a Deployment: one pod with a stable name and its own PersistentVolumeClaim, which
    // outlives restarts and (Retain) the StatefulSet itself. The root filesystem stays read-only.
    const db = new SecureStatefulSet(this, 'database', {
      owner: 'team-shop',
      meshAuthorization: true,
      containers: [{
        image: pin('ghcr.io/acme/postgres:16.4', '4c2d0e7f'),
        portNumber: 5432,
        healthChecks: HealthChecks.command(['pg_isready', '-q']),
        writablePaths: ['/var/run/postgresql'],
      }],
      volumeClaimTemplates: [{ name: 'data', storage: Size.gibibytes(20), mountPath: '/var/lib/postgresql/data' }],
    });
    // Nightly at 02:30 Berlin time, never two at once; it reads the same database URL secret.
    const backup = new SecureCronJob(this, 'backup', {
      owner: 'team-shop',
      schedule: Cron.schedule({ minute: '30', hour: '2' }),
      timeZone: 'Europe/Berlin',
      containers: [{
        image: pin('ghcr.io/acme/pg-backup:2.1.0', '5e6f7a8b'),
        volumeMounts: [database.volumeMount('/var/run/secrets/database')],
        envVariables: { DATABASE_URL_FILE: kplus.EnvValue.fromValue('/var/run/secrets/database/url') },
      }],
    });
    backend.allowFrom(frontend, kplus.NetworkPolicyPort.tcp(8080));
    backend.connectTo(db, kplus.NetworkPolicyPort.tcp(5432));
    backup.connectTo(db, kplus.NetworkPolicyPort.tcp(5432));

    // API access, least privilege: the backend reads exactly one ConfigMap (one Role rule, bound to its own
    // ServiceAccount; only this turns its token mount on). A grant opens no network path, so the backend
    // may also reach the API server's endpoint (its address is per cluster:
    // `kubectl get endpointslices -n default kubernetes`).
    const flags = new kplus.ConfigMap(this, 'backend-flags', { data: { 'feature-flags': 'checkout=on' } });
    backend.grant({ resources: ['configmaps'], verbs: ['get', 'watch'], resourceNames: [flags.name] });
    backend.connectTo(kplus.NetworkPolicyIpBlock.ipv4(this, 'api-server', '10.0.0.10/32'), kplus.NetworkPolicyPort.tcp(6443));

    // The way in: HTTPS on the platform's Istio Gateway. Only its pods reach the frontend, on 8080: the
    // NetworkPolicy matches them by namespace and label, the AuthorizationPolicy by their mesh identity.
    new SecureHttpRoute(this, 'frontend-route', {
      backend: frontend,
      service: frontend.exposeViaService({ ports: [{ port: 80, targetPort: 8080 }] }),
      hostnames: ['shop.example.com'],
      gateway: GATEWAY,
      controller: { serviceAccount: 'shop-gateway-istio' }, // Istio's ServiceAccount for the Gateway's pods: <gateway name>-istio
    });
  }
}

/** Guide: runtime monitoring. Falco's shell-in-container rule, mounted at /etc/falco/rules.d. */
export class RuntimeChart extends Chart {
  public readonly falcoRules: FalcoRules;
  constructor(scope: Construct, id: string) {
    super(scope, id, { namespace: 'falco' });
    this.falcoRules = new FalcoRules(this, 'falco-rules', { fileName: 'guide-rules.yaml', rules: [FalcoPresets.shellInContainer()] });
  }
}
