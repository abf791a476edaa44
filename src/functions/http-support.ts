import type {
  HttpFunctionOptions,
  HttpMethod,
  HttpRequest,
  HttpResponseInit,
  InvocationContext,
} from '@azure/functions';
import { requireApiVersion } from '../api/api-version';
import { errorResponse } from '../api/error-response';
import { ArmError } from '../api/errors';
import { readPreconditions } from '../api/etag';
import type { FleetRef } from '../api/ids';
import { checkFleetName, checkResourceGroupName, checkSubscriptionId } from '../api/names';
import { readPageRequest, type PageRequest } from '../api/paging';
import { getServices, type Services } from '../services';
import type { Outcome, RequestContext } from '../services/request-context';
import { armTokenOf } from '../auth/cluster-reach';
import { ANONYMOUS, callerOf } from '../auth/principal';
import { preparedBody } from './prepared-body';
import { principalOf, secured } from './secured-route';

/** ARM allows 4 MB; nothing in this API comes close, so refuse far earlier (and before parsing). */
export const MAX_REQUEST_BODY_BYTES = 256 * 1024;

function tooLarge(): ArmError {
  return new ArmError('RequestBodyTooLarge', `The request body exceeds ${MAX_REQUEST_BODY_BYTES} bytes.`);
}

/** Reads and parses the JSON body, refusing oversized or malformed ones. */
export async function readJsonBody(request: HttpRequest): Promise<unknown> {
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > MAX_REQUEST_BODY_BYTES) throw tooLarge();
  const text = await request.text();
  if (Buffer.byteLength(text, 'utf8') > MAX_REQUEST_BODY_BYTES) throw tooLarge();
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ArmError('InvalidRequestContent', 'The request content is not valid JSON.');
  }
}

/** What a use-case needs of the request; the caller is the one `secured` verified, never a header taken on trust. */
export function requestContext(request: HttpRequest): RequestContext {
  const principal = principalOf(request) ?? ANONYMOUS;
  return {
    version: requireApiVersion(request.query),
    preconditions: readPreconditions(request.headers),
    caller: callerOf(principal),
    principal,
    ...(armTokenOf(request.headers) !== undefined ? { callerArmToken: armTokenOf(request.headers) } : {}),
    url: request.url,
    now: () => new Date().toISOString(),
  };
}

export function param(request: HttpRequest, name: string): string {
  return request.params[name] ?? '';
}

/** The fleet named by the route, each segment validated. */
export function fleetRef(request: HttpRequest): FleetRef {
  return {
    subscriptionId: checkSubscriptionId(param(request, 'subscriptionId')),
    resourceGroupName: checkResourceGroupName(param(request, 'resourceGroupName')),
    fleetName: checkFleetName(param(request, 'fleetName')),
  };
}

export function pageRequest(request: HttpRequest): PageRequest {
  return readPageRequest(request.query);
}

/** Whether `Accept-Encoding` lets the response be gzip-compressed (`gzip` or `*`, not with `q=0`). */
export function acceptsGzip(acceptEncoding: string | null): boolean {
  return (acceptEncoding ?? '').split(',').some((entry) => {
    const [coding = '', ...params] = entry.split(';').map((part) => part.trim().toLowerCase());
    const q = params.find((param) => param.startsWith('q='));
    return (coding === 'gzip' || coding === '*') && (q === undefined || Number(q.slice(2)) > 0);
  });
}

export async function toResponse(outcome: Outcome, gzipAccepted = false): Promise<HttpResponseInit> {
  const eTag: Record<string, string> = outcome.eTag !== undefined ? { ETag: outcome.eTag } : {};
  if (outcome.json !== undefined) {
    const headers = { 'content-type': 'application/json', vary: 'Accept-Encoding', ...eTag };
    if (!gzipAccepted) return { status: outcome.status, body: preparedBody(outcome.json.bytes), headers };
    const body = preparedBody(await outcome.json.gzipped());
    return { status: outcome.status, body, headers: { ...headers, 'content-encoding': 'gzip' } };
  }
  return {
    status: outcome.status,
    ...(outcome.body !== undefined ? { jsonBody: outcome.body } : {}),
    ...(outcome.eTag !== undefined ? { headers: eTag } : {}),
  };
}

/** Every handler: check the api-version, run the use-case, map the outcome; any failure goes through errorResponse. */
export async function handle(
  request: HttpRequest,
  context: InvocationContext,
  useCase: (services: Services, ctx: RequestContext) => Promise<Outcome>,
): Promise<HttpResponseInit> {
  try {
    const ctx = requestContext(request);
    return await toResponse(
      await useCase(await getServices(), ctx),
      acceptsGzip(request.headers.get('accept-encoding')),
    );
  } catch (error) {
    return errorResponse(error, context);
  }
}

/** An HTTP handler of this API. */
export type ArmHandler = (request: HttpRequest, context: InvocationContext) => Promise<HttpResponseInit>;

/** Every method a route takes to its handler, so that an unsupported one gets ARM's 405 body, not the host's. */
export const ALL_METHODS: HttpMethod[] = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

/** Dispatches one route's methods to their handlers; any other method is ARM's 405 with an `Allow` header. */
export function byMethod(handlers: Partial<Record<HttpMethod, ArmHandler>>): ArmHandler {
  return (request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> => {
    const method = request.method.toUpperCase();
    const handler = handlers[method as HttpMethod];
    if (handler) return handler(request, context);
    const refused = errorResponse(
      new ArmError('MethodNotAllowed', `The requested resource does not support http method '${method}'.`),
    );
    return Promise.resolve({ ...refused, headers: { allow: Object.keys(handlers).join(', ') } });
  };
}

/**
 * An ARM route: its methods go to their handlers behind the access check and audit of `secured` (roles from
 * ACCESS_BY_ROUTE in route-roles.ts), any other gets ARM's 405 (`byMethod`). `authLevel` stays anonymous: callers
 * are checked by AUTH_MODE, not by function keys.
 */
export function armRoute(
  route: string,
  handlers: Partial<Record<HttpMethod, ArmHandler>>,
  options: Pick<HttpFunctionOptions, 'extraInputs'> = {},
): HttpFunctionOptions {
  const handler = secured(route, Object.keys(handlers) as HttpMethod[], byMethod(handlers));
  return { route, methods: ALL_METHODS, authLevel: 'anonymous', ...options, handler };
}
