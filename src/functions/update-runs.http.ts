import { app, type HttpRequest, type HttpResponseInit, type InvocationContext } from '@azure/functions';
import { checkChildName } from '../api/names';
import { FLEET_ROUTE } from './fleets.http';
import { armRoute, fleetRef, handle, pageRequest, param, readJsonBody } from './http-support';

export const UPDATE_RUNS_ROUTE = `${FLEET_ROUTE}/updateRuns`;
export const UPDATE_RUN_ROUTE = `${UPDATE_RUNS_ROUTE}/{updateRunName}`;

const runName = (request: HttpRequest): string => checkChildName('updateRunName', param(request, 'updateRunName'));

export async function putUpdateRun(request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> {
  return handle(request, context, async (s, ctx) =>
    s.updateRuns.put(fleetRef(request), runName(request), await readJsonBody(request), ctx),
  );
}

export async function getUpdateRun(request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> {
  return handle(request, context, (s, ctx) => s.updateRuns.get(fleetRef(request), runName(request), ctx));
}

export async function deleteUpdateRun(request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> {
  return handle(request, context, (s, ctx) => s.updateRuns.delete(fleetRef(request), runName(request), ctx));
}

export async function listUpdateRuns(request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> {
  return handle(request, context, (s, ctx) => s.updateRuns.list(fleetRef(request), pageRequest(request), ctx));
}

export const updateRunFunction = armRoute(UPDATE_RUN_ROUTE, {
  GET: getUpdateRun,
  PUT: putUpdateRun,
  DELETE: deleteUpdateRun,
});
export const updateRunsFunction = armRoute(UPDATE_RUNS_ROUTE, { GET: listUpdateRuns });

app.http('fleetUpdateRun', updateRunFunction);
app.http('fleetUpdateRuns', updateRunsFunction);
