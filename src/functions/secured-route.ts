import type { HttpMethod, HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { errorResponse } from '../api/error-response';
import { ArmError } from '../api/errors';
import type { FleetRef } from '../api/ids';
import { checkFleetName, checkResourceGroupName, checkSubscriptionId } from '../api/names';
import { getAuthenticator } from '../auth/authenticator';
import { grants, type Principal } from '../auth/principal';
import { recordAudit } from '../services/audit-trail';
import { getStores } from '../storage/stores';
import { requiredAccess, routeFamily, type Access } from './route-roles';

type Handler = (request: HttpRequest, context: InvocationContext) => Promise<HttpResponseInit>;

/** The caller each request was verified as, for requestContext; set before the request's handler runs. */
const principals = new WeakMap<HttpRequest, Principal>();

/** The verified caller of a request that came through `secured` (undefined for a handler called on its own). */
export function principalOf(request: HttpRequest): Principal | undefined {
  return principals.get(request);
}

const VERB: Partial<Record<HttpMethod, string>> = { PUT: 'write', PATCH: 'write', DELETE: 'delete', POST: 'action' };
const CorrelationId = z.string().regex(/^[\w.-]{1,64}$/);
const ErrorCodeOf = z.object({ error: z.object({ code: z.string() }) });

/**
 * The HTTP pipeline's one access check: authenticate the caller (AUTH_MODE), require the role ACCESS_BY_ROUTE names
 * for the route and method (401 and 403 in ARM's shape), and append every write and action, done or refused, to the
 * fleet's audit trail. Every route's methods are looked up at registration, so a route without roles fails to load.
 */
export function secured(route: string, methods: readonly HttpMethod[], dispatch: Handler): Handler {
  const access = new Map<string, Access>(methods.map((method) => [method, requiredAccess(route, method)]));
  const family = routeFamily(route);
  return async (request, context) => {
    const method = request.method.toUpperCase() as HttpMethod;
    const required = access.get(method);
    if (required === undefined || required === 'anonymous') return dispatch(request, context);
    const authenticator = getAuthenticator();
    let principal: Principal;
    try {
      principal = await authenticator.authenticate(request.headers);
    } catch (error) {
      context.warn(`Refused ${method} ${new URL(request.url).pathname}: ${String(error)}`);
      const refused = errorResponse(error, context);
      const challenge = refused.status === 401 ? authenticator.challenge : undefined;
      return challenge ? { ...refused, headers: { 'WWW-Authenticate': challenge } } : refused;
    }
    principals.set(request, principal);
    const response = grants(principal.roles, required)
      ? await dispatch(request, context)
      : errorResponse(
          new ArmError(
            'AuthorizationFailed',
            `The client '${principal.name}' with object id '${principal.objectId}' does not have the app role ` +
              `'${required}' (or a higher one) that ${method} on ${family} needs.`,
          ),
        );
    const verb = VERB[method];
    if (verb === undefined) return response;
    const requestId = /^[0-9a-f-]{36}$/i.test(context.invocationId) ? context.invocationId : randomUUID();
    await audit(request, context, { principal, requestId, response, operation: `${family}/${verb}` });
    return { ...response, headers: withHeader(response.headers, 'x-ms-request-id', requestId) };
  };
}

async function audit(
  request: HttpRequest,
  context: InvocationContext,
  what: { principal: Principal; requestId: string; response: HttpResponseInit; operation: string },
): Promise<void> {
  const fleet = fleetOf(request);
  const correlation = CorrelationId.safeParse(request.headers.get('x-ms-correlation-request-id'));
  const error = ErrorCodeOf.safeParse(what.response.jsonBody);
  const path = decodeURIComponent(new URL(request.url).pathname);
  const action = {
    operation: `Microsoft.ContainerService/${what.operation}`,
    // An action's target is the resource it acts on, as in ARM's activity log.
    target: request.method.toUpperCase() === 'POST' ? path.replace(/\/[^/]+$/, '') : path,
    principal: what.principal,
    requestId: what.requestId,
    ...(correlation.success ? { correlationId: correlation.data } : {}),
    statusCode: what.response.status ?? 200,
    ...(error.success ? { errorCode: error.data.error.code } : {}),
    now: new Date().toISOString(),
  };
  if (!fleet) return context.warn(`Audit (no valid fleet in the route, not stored) ${JSON.stringify(action)}`);
  await recordAudit(await getStores(), { ...action, fleet }, context);
}

/** The fleet a route names, when its segments are valid (a request refused for bad names has no fleet to file under). */
function fleetOf(request: HttpRequest): FleetRef | undefined {
  try {
    return {
      subscriptionId: checkSubscriptionId(request.params.subscriptionId ?? ''),
      resourceGroupName: checkResourceGroupName(request.params.resourceGroupName ?? ''),
      fleetName: checkFleetName(request.params.fleetName ?? ''),
    };
  } catch {
    return undefined;
  }
}

function withHeader(headers: HttpResponseInit['headers'], name: string, value: string): Headers {
  const merged = new Headers(headers);
  merged.set(name, value);
  return merged;
}
