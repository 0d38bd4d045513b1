import { ApiObject, Chart, JsonPatch } from 'cdk8s';
import { Construct } from 'constructs';

/** Labels on every object the policy constructs emit. */
export const MANAGED_BY = { 'app.kubernetes.io/managed-by': 'cdk8s-secure' };

/**
 * An L1 object of a cluster-scoped kind. cdk8s gives every object the chart's namespace; the API server
 * would drop it, but the manifest would claim a namespace the object does not live in.
 */
export function clusterScopedObject(
  scope: Construct, id: string, props: { apiVersion: string; kind: string; metadata: Record<string, any>; spec: any },
): ApiObject {
  const obj = new ApiObject(scope, id, props);
  if (Chart.of(obj).namespace !== undefined) obj.addJsonPatch(JsonPatch.remove('/metadata/namespace'));
  return obj;
}
