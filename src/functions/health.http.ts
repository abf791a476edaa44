import { app, type HttpResponseInit } from '@azure/functions';
import { armRoute } from './http-support';
import { storageReachable } from '../storage/stores';

/** 200 once table storage answers, 503 otherwise (for load balancers and the devhost's readiness wait). */
export async function getHealth(): Promise<HttpResponseInit> {
  return (await storageReachable())
    ? { status: 200, jsonBody: { status: 'ok' } }
    : { status: 503, jsonBody: { status: 'unavailable', reason: 'table storage is not reachable' } };
}

export const healthFunction = armRoute('healthz', { GET: getHealth });

app.http('health', healthFunction);
