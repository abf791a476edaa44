import { app, type HttpRequest, type HttpResponseInit, type InvocationContext } from '@azure/functions';
import * as df from 'durable-functions';
import { ArmError } from '../api/errors';
import { GATE_NAME_PATTERN } from '../api/gate.schema';
import { INTENT_EVENT } from '../orchestrators/names';
import { createGateService } from '../services/gates.service';
import type { Services } from '../services';
import { getStores } from '../storage/stores';
import { FLEET_ROUTE } from './fleets.http';
import { armRoute, fleetRef, handle, pageRequest, param, readJsonBody } from './http-support';

export const GATES_ROUTE = `${FLEET_ROUTE}/gates`;
export const GATE_ROUTE = `${GATES_ROUTE}/{gateName}`;

/** A gate's name is a GUID (lowercase, as the run creates them; ARM compares names case-insensitively). */
function gateName(request: HttpRequest): string {
  const value = param(request, 'gateName').toLowerCase();
  if (!GATE_NAME_PATTERN.test(value)) {
    throw new ArmError('InvalidResourceName', `The gate name '${value}' is not valid: it must be a GUID.`, {
      target: 'gateName',
    });
  }
  return value;
}

async function gates(services: Services, context: InvocationContext) {
  const client = df.getClient(context);
  return createGateService({
    stores: await getStores(),
    raiseIntent: (id) => client.raiseEvent(id, INTENT_EVENT, {}).catch(() => undefined),
    runWritten: (fleet, runName) => services.updateRuns.runWritten(fleet, runName),
  });
}

export async function getGate(request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> {
  return handle(request, context, async (s, ctx) =>
    (await gates(s, context)).get(fleetRef(request), gateName(request), ctx),
  );
}

/** PATCH …/gates/{name} `{"properties":{"state":"Completed"}}`: approves a Pending gate. */
export async function patchGate(request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> {
  return handle(request, context, async (s, ctx) =>
    (await gates(s, context)).approve(fleetRef(request), gateName(request), await readJsonBody(request), ctx),
  );
}

/** GET …/gates with `$filter` (state, gateType, target/updateRunProperties/name), `$top`, `$skipToken`. */
export async function listGates(request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> {
  return handle(request, context, async (s, ctx) =>
    (await gates(s, context)).list(fleetRef(request), pageRequest(request), request.query.get('$filter'), ctx),
  );
}

const withClient = { extraInputs: [df.input.durableClient()] };
export const gateFunction = armRoute(GATE_ROUTE, { GET: getGate, PATCH: patchGate }, withClient);
export const gatesFunction = armRoute(GATES_ROUTE, { GET: listGates }, withClient);

app.http('fleetGate', gateFunction);
app.http('fleetGates', gatesFunction);
