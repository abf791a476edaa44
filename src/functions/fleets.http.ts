import { app, type HttpRequest, type HttpResponseInit, type InvocationContext } from '@azure/functions';
import { checkResourceGroupName, checkSubscriptionId } from '../api/names';
import { armRoute, fleetRef, handle, pageRequest, param, readJsonBody } from './http-support';

export const FLEET_ROUTE =
  'subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.ContainerService/fleets/{fleetName}';
export const FLEETS_IN_GROUP_ROUTE =
  'subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.ContainerService/fleets';
export const FLEETS_IN_SUBSCRIPTION_ROUTE =
  'subscriptions/{subscriptionId}/providers/Microsoft.ContainerService/fleets';

export async function putFleet(request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> {
  return handle(request, context, async (s, ctx) => s.fleets.put(fleetRef(request), await readJsonBody(request), ctx));
}

export async function patchFleet(request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> {
  return handle(request, context, async (s, ctx) =>
    s.fleets.patch(fleetRef(request), await readJsonBody(request), ctx),
  );
}

export async function getFleet(request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> {
  return handle(request, context, (s) => s.fleets.get(fleetRef(request)));
}

export async function deleteFleet(request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> {
  return handle(request, context, (s, ctx) => s.fleets.delete(fleetRef(request), ctx));
}

export async function listFleetsByResourceGroup(
  request: HttpRequest,
  context: InvocationContext,
): Promise<HttpResponseInit> {
  return handle(request, context, (s, ctx) =>
    s.fleets.list(
      {
        subscriptionId: checkSubscriptionId(param(request, 'subscriptionId')),
        resourceGroupName: checkResourceGroupName(param(request, 'resourceGroupName')),
      },
      pageRequest(request),
      ctx,
    ),
  );
}

export async function listFleetsBySubscription(
  request: HttpRequest,
  context: InvocationContext,
): Promise<HttpResponseInit> {
  return handle(request, context, (s, ctx) =>
    s.fleets.list({ subscriptionId: checkSubscriptionId(param(request, 'subscriptionId')) }, pageRequest(request), ctx),
  );
}

export const fleetFunction = armRoute(FLEET_ROUTE, {
  GET: getFleet,
  PUT: putFleet,
  PATCH: patchFleet,
  DELETE: deleteFleet,
});
export const fleetsInGroupFunction = armRoute(FLEETS_IN_GROUP_ROUTE, { GET: listFleetsByResourceGroup });
export const fleetsInSubscriptionFunction = armRoute(FLEETS_IN_SUBSCRIPTION_ROUTE, { GET: listFleetsBySubscription });

app.http('fleet', fleetFunction);
app.http('fleetsByResourceGroup', fleetsInGroupFunction);
app.http('fleetsBySubscription', fleetsInSubscriptionFunction);
