import { app, type HttpRequest, type HttpResponseInit, type InvocationContext } from '@azure/functions';
import { FLEET_ROUTE } from './fleets.http';
import { armRoute, fleetRef, handle, pageRequest } from './http-support';

/** The members' clusters as ARM reports them, a page of members at a time (read-only; for the portal's overview). */
export const MEMBER_CLUSTERS_ROUTE = `${FLEET_ROUTE}/memberClusters`;
/** The Kubernetes versions AKS offers in the regions of the fleet's members (read-only; for the portal's form). */
export const KUBERNETES_VERSIONS_ROUTE = `${FLEET_ROUTE}/kubernetesVersions`;

export async function listMemberClusters(request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> {
  return handle(request, context, (s, ctx) => s.memberClusters.list(fleetRef(request), pageRequest(request), ctx));
}

export async function listKubernetesVersions(
  request: HttpRequest,
  context: InvocationContext,
): Promise<HttpResponseInit> {
  return handle(request, context, (s) => s.memberClusters.kubernetesVersions(fleetRef(request)));
}

export const memberClustersFunction = armRoute(MEMBER_CLUSTERS_ROUTE, { GET: listMemberClusters });
export const kubernetesVersionsFunction = armRoute(KUBERNETES_VERSIONS_ROUTE, { GET: listKubernetesVersions });

app.http('fleetMemberClusters', memberClustersFunction);
app.http('fleetKubernetesVersions', kubernetesVersionsFunction);
