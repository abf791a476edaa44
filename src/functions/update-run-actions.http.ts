import {
  app,
  type HttpFunctionOptions,
  type HttpRequest,
  type HttpResponseInit,
  type InvocationContext,
} from '@azure/functions';
import * as df from 'durable-functions';
import { checkChildName } from '../api/names';
import { INTENT_EVENT, ORCHESTRATOR } from '../orchestrators/names';
import { createUpdateRunActions } from '../services/update-run-actions.service';
import type { Services } from '../services';
import { getStores } from '../storage/stores';
import { armRoute, type ArmHandler, fleetRef, handle, param, readJsonBody } from './http-support';
import { UPDATE_RUN_ROUTE } from './update-runs.http';

const runName = (request: HttpRequest): string => checkChildName('updateRunName', param(request, 'updateRunName'));

/** The update run actions over this invocation's Durable client (the auto-upgrade trigger starts runs with them). */
export async function actions(services: Services, context: InvocationContext) {
  const client = df.getClient(context);
  return createUpdateRunActions({
    stores: await getStores(),
    runs: services.updateRuns,
    client: {
      startNew: (name, options) => client.startNew(name, options),
      getStatus: (id) => client.getStatus(id),
      raiseEvent: (id, event, data) => client.raiseEvent(id, event, data),
    },
    orchestratorName: ORCHESTRATOR.run,
    intentEvent: INTENT_EVENT,
  });
}

/** POST …/updateRuns/{name}/start: starts (or resumes) the run; 409 if it is not NotStarted, Stopped or Failed. */
export async function startUpdateRun(request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> {
  return handle(request, context, async (s, ctx) =>
    (await actions(s, context)).start(fleetRef(request), runName(request), ctx),
  );
}

/** POST …/updateRuns/{name}/stop: nothing new starts, in-flight member upgrades finish, then Stopped. */
export async function stopUpdateRun(request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> {
  return handle(request, context, async (s, ctx) =>
    (await actions(s, context)).stop(fleetRef(request), runName(request), ctx),
  );
}

/** POST …/updateRuns/{name}/skip with `{"targets":[{"type","name"}]}`. */
export async function skipUpdateRun(request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> {
  return handle(request, context, async (s, ctx) =>
    (await actions(s, context)).skip(fleetRef(request), runName(request), await readJsonBody(request), ctx),
  );
}

const action = (name: string, handler: ArmHandler): HttpFunctionOptions =>
  armRoute(`${UPDATE_RUN_ROUTE}/${name}`, { POST: handler }, { extraInputs: [df.input.durableClient()] });

export const startUpdateRunFunction = action('start', startUpdateRun);
export const stopUpdateRunFunction = action('stop', stopUpdateRun);
export const skipUpdateRunFunction = action('skip', skipUpdateRun);

app.http('fleetUpdateRunStart', startUpdateRunFunction);
app.http('fleetUpdateRunStop', stopUpdateRunFunction);
app.http('fleetUpdateRunSkip', skipUpdateRunFunction);
