import {
  HttpRequest,
  HttpResponse,
  InvocationContext,
  type HttpFunctionOptions,
  type HttpResponseInit,
} from '@azure/functions';
import { randomUUID } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { beforeEach, inject } from 'vitest';
import { aCluster, clusterResourceId, FakeClusterClient } from '../../src/clusters';
import { setConfig } from '../../src/config';
import { auditEventsFunction } from '../../src/functions/audit-events.http';
import { fleetFunction, fleetsInGroupFunction, fleetsInSubscriptionFunction } from '../../src/functions/fleets.http';
import { healthFunction } from '../../src/functions/health.http';
import { notFound } from '../../src/functions/not-found.http';
import { memberFunction, membersFunction } from '../../src/functions/members.http';
import { updateRunFunction, updateRunsFunction } from '../../src/functions/update-runs.http';
import { updateStrategiesFunction, updateStrategyFunction } from '../../src/functions/update-strategies.http';
import { useClusterClient } from '../../src/services';

/** Every HTTP function of the fleet API, as registered with app.http. */
export const FLEET_API_FUNCTIONS: HttpFunctionOptions[] = [
  healthFunction,
  fleetFunction,
  fleetsInGroupFunction,
  fleetsInSubscriptionFunction,
  memberFunction,
  membersFunction,
  updateStrategyFunction,
  updateStrategiesFunction,
  updateRunFunction,
  updateRunsFunction,
  auditEventsFunction,
];

export const SUBSCRIPTION = '00000000-0000-0000-0000-000000000001';
export const BASE = 'http://127.0.0.1:7071';

/** The clusters the in-process API reads when a member joins: every one named through `clusterId`. */
export const CLUSTERS = new FakeClusterClient();

/** Points the app at this run's Azurite with fresh tables for every test, and at CLUSTERS for member joins. */
export function useFreshFleetTables(): void {
  beforeEach(() => {
    useClusterClient(CLUSTERS);
    setConfig({
      storageConnectionString: inject('storageConnectionString'),
      tablePrefix: `t${randomUUID().replaceAll('-', '').slice(0, 20)}`,
      memberPollIntervalSeconds: 1,
      memberInlinePollSeconds: 0,
      memberBusyWaitSeconds: 7200,
      memberVersionRecheckSeconds: 3600,
      // These tests write status rows as the orchestrations do and expect the next GET to show them; the tests of
      // GETs answered from memory set a max age of their own.
      runStatusMaxAgeMs: 0,
    });
  });
}

/** Matches a path against a Functions route template (literals case-insensitive, like the host). */
export function matchRoute(route: string, path: string): Record<string, string> | undefined {
  const routeParts = route.split('/');
  const pathParts = path.replace(/^\//, '').split('/');
  if (routeParts.length !== pathParts.length) return undefined;
  const params: Record<string, string> = {};
  for (const [i, part] of routeParts.entries()) {
    const actual = decodeURIComponent(pathParts[i] ?? '');
    const name = /^\{(\w+)\}$/.exec(part)?.[1];
    if (name) params[name] = actual;
    else if (part.toLowerCase() !== actual.toLowerCase()) return undefined;
  }
  return params;
}

export interface ApiCall {
  body?: unknown;
  /** Raw body text (wins over body). */
  text?: string;
  headers?: Record<string, string>;
  /** Default 2025-03-01; null leaves it out. */
  apiVersion?: string | null;
  query?: Record<string, string>;
}

export interface ApiResponse {
  status: number;
  body: unknown;
  headers: Record<string, string>;
}

/** Calls the exported handlers directly (Functions "test mode", no host), routing like the host would. */
export async function callApi(
  method: string,
  pathOrUrl: string,
  call: ApiCall = {},
  functions: readonly HttpFunctionOptions[] = FLEET_API_FUNCTIONS,
): Promise<ApiResponse> {
  const url = new URL(pathOrUrl, BASE);
  if (call.apiVersion !== null && !url.searchParams.has('api-version')) {
    url.searchParams.set('api-version', call.apiVersion ?? '2025-03-01');
  }
  for (const [key, value] of Object.entries(call.query ?? {})) url.searchParams.set(key, value);
  for (const fn of functions) {
    const params = matchRoute(fn.route ?? '', url.pathname);
    if (!params || !(fn.methods ?? []).includes(method.toUpperCase() as never)) continue;
    const text = call.text ?? (call.body === undefined ? undefined : JSON.stringify(call.body));
    const request = new HttpRequest({
      url: url.toString(),
      method: method.toUpperCase(),
      headers: { ...(text !== undefined ? { 'content-type': 'application/json' } : {}), ...call.headers },
      params,
      ...(text !== undefined ? { body: { string: text } } : {}),
    });
    const response: HttpResponseInit = await fn.handler(request, new InvocationContext());
    const headers: Record<string, string> = {};
    new Headers(response.headers).forEach((value, key) => (headers[key] = value));
    const body: unknown = response.jsonBody ?? (await serializedJson(response.body, headers['content-encoding']));
    return { status: response.status ?? 200, body, headers };
  }
  const unmatched = await notFound(new HttpRequest({ url: url.toString(), method: method.toUpperCase() }));
  return { status: unmatched.status ?? 200, body: unmatched.jsonBody, headers: {} };
}

/** A body the handler answered already serialized (bytes of JSON, maybe gzipped), read as the worker reads it. */
async function serializedJson(body: HttpResponseInit['body'], encoding: string | undefined): Promise<unknown> {
  if (body == null) return undefined;
  const bytes = Buffer.from(await new HttpResponse({ body }).arrayBuffer());
  return JSON.parse((encoding === 'gzip' ? gunzipSync(bytes) : bytes).toString('utf8'));
}

export function fleetPath(fleet: string, rg = 'rg1', subscription = SUBSCRIPTION): string {
  return `/subscriptions/${subscription}/resourceGroups/${rg}/providers/Microsoft.ContainerService/fleets/${fleet}`;
}

/** The id of a managed cluster that exists: CLUSTERS knows it from now on, so a member may join it. */
export function clusterId(name: string, rg = 'clusters'): string {
  const id = missingClusterId(name, rg);
  CLUSTERS.withClusters(aCluster({ name, id, subscriptionId: SUBSCRIPTION, resourceGroup: rg }));
  return id;
}

/** The id of a managed cluster nobody created. */
export function missingClusterId(name: string, rg = 'clusters'): string {
  return clusterResourceId({ subscriptionId: SUBSCRIPTION, resourceGroup: rg, name });
}
