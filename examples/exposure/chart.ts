// Exposure: a shop's storefront served over TLS through an ingress-nginx Ingress (certificate from
// cert-manager), and its API through a Gateway API HTTPRoute on the HTTPS listener of the platform's
// Gateway. Each workload's NetworkPolicy admits only the controller's pods, on the Service's target port.
// In an app repo the import is `from 'cdk8s-secure'`.
import { ApiObject, Chart, ChartProps } from 'cdk8s';
import { Construct } from 'constructs';
import { HealthChecks, SecureDeployment, SecureHttpRoute, SecureIngress } from '../../src';

export class ExposureChart extends Chart {
  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, { namespace: 'shop', ...props });

    const web = new SecureDeployment(this, 'storefront', {
      owner: 'team-shop',
      containers: [{
        image: 'ghcr.io/acme/storefront:2.3.0@sha256:8c1d0e2f3a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5',
        portNumber: 8080,
        healthChecks: HealthChecks.http({ port: 8080 }),
      }],
    });
    // Ingress -> Service port 80 -> container port 8080: the NetworkPolicy opens 8080 to ingress-nginx only.
    new SecureIngress(this, 'storefront-ingress', {
      backend: web,
      service: web.exposeViaService({ ports: [{ port: 80, targetPort: 8080 }] }),
      hosts: ['shop.example.com', 'www.shop.example.com'],
      tls: { certManagerClusterIssuer: 'letsencrypt-prod' },
    });

    const api = new SecureDeployment(this, 'api', {
      owner: 'team-shop',
      containers: [{
        image: 'ghcr.io/acme/api:1.4.2@sha256:5b1f3a0c9d7e6f4a2b8c0d1e3f5a7b9c1d3e5f7a9b0c2d4e6f8a0b1c3d5e7f9a',
        portNumber: 8080,
        healthChecks: HealthChecks.http({ port: 8080 }),
      }],
    });
    // HTTPRoute on the Gateway's HTTPS listener: TLS ends at the Gateway, whose pods alone may reach 8080.
    new SecureHttpRoute(this, 'api-route', {
      backend: api,
      service: api.exposeViaService({ ports: [{ port: 80, targetPort: 8080 }] }),
      hostnames: ['api.shop.example.com'],
      path: '/v1',
      gateway: { name: 'public', namespace: 'gateway-system', sectionName: 'https' },
    });
  }
}

/**
 * The platform team's Gateway (usually in its own repo): one HTTPS listener that terminates TLS with a
 * wildcard certificate and admits routes from every namespace. Synthesized here so that
 * `cdk8s-secure check` sees the listener the route attaches to (CS321).
 */
export class PlatformGatewayChart extends Chart {
  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, { namespace: 'gateway-system', ...props });
    new ApiObject(this, 'public', {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'Gateway',
      metadata: { name: 'public' },
      spec: {
        gatewayClassName: 'eg',
        listeners: [{
          name: 'https',
          protocol: 'HTTPS',
          port: 443,
          hostname: '*.shop.example.com',
          tls: { mode: 'Terminate', certificateRefs: [{ name: 'shop-wildcard-tls' }] },
          allowedRoutes: { namespaces: { from: 'All' } },
        }],
      },
    });
  }
}
