import { app, type HttpRequest, type HttpResponseInit, type InvocationContext } from '@azure/functions';
import { checkChildName } from '../api/names';
import { FLEET_ROUTE } from './fleets.http';
import { armRoute, fleetRef, handle, pageRequest, param, readJsonBody } from './http-support';

export const UPDATE_STRATEGIES_ROUTE = `${FLEET_ROUTE}/updateStrategies`;
export const UPDATE_STRATEGY_ROUTE = `${UPDATE_STRATEGIES_ROUTE}/{updateStrategyName}`;

const strategyName = (request: HttpRequest): string =>
  checkChildName('updateStrategyName', param(request, 'updateStrategyName'));

export async function putUpdateStrategy(request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> {
  return handle(request, context, async (s, ctx) =>
    s.strategies.put(fleetRef(request), strategyName(request), await readJsonBody(request), ctx),
  );
}

export async function getUpdateStrategy(request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> {
  return handle(request, context, (s, ctx) => s.strategies.get(fleetRef(request), strategyName(request), ctx));
}

export async function deleteUpdateStrategy(
  request: HttpRequest,
  context: InvocationContext,
): Promise<HttpResponseInit> {
  return handle(request, context, (s, ctx) => s.strategies.delete(fleetRef(request), strategyName(request), ctx));
}

export async function listUpdateStrategies(
  request: HttpRequest,
  context: InvocationContext,
): Promise<HttpResponseInit> {
  return handle(request, context, (s, ctx) => s.strategies.list(fleetRef(request), pageRequest(request), ctx));
}

export const updateStrategyFunction = armRoute(UPDATE_STRATEGY_ROUTE, {
  GET: getUpdateStrategy,
  PUT: putUpdateStrategy,
  DELETE: deleteUpdateStrategy,
});
export const updateStrategiesFunction = armRoute(UPDATE_STRATEGIES_ROUTE, { GET: listUpdateStrategies });

app.http('fleetUpdateStrategy', updateStrategyFunction);
app.http('fleetUpdateStrategies', updateStrategiesFunction);
