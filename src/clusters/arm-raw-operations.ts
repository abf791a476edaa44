import type { ContainerServiceClient } from '@azure/arm-containerservice';
import { z } from 'zod';
import type { AgentPoolUpgradeTarget } from './cluster-client';
import { TerminalClusterError } from './cluster-errors';
import { armPathOf, type ClusterRef } from './cluster-resource-id';
import type { InitialResponse } from './arm-lro';
import { sendArmRequest } from './arm-http';
import type { OperationPoll } from './operation-handle.schema';
import { parseRetryAfterMs } from './retry-after';

const PoolBodySchema = z.object({
  etag: z.string().optional(),
  eTag: z.string().optional(),
  properties: z.record(z.string(), z.unknown()).default({}),
});
const READ_ONLY = ['provisioningState', 'currentOrchestratorVersion', 'powerState', 'nodeImageReference'];

/** Inputs of putAgentPoolRaw. */
export interface RawPoolPut {
  client: ContainerServiceClient;
  endpoint: string;
  ref: ClusterRef;
  agentPoolName: string;
  target: AgentPoolUpgradeTarget;
}

/**
 * GET + PUT of an agent pool with a pinned `nodeImageVersion`, which the 2025-02-01 SDK models drop as read-only.
 * The body is the pool as read (read-only fields removed) so nothing else changes, and the PUT carries the read's
 * eTag in If-Match: a pool changed in between fails with 412 (retried with a fresh read) instead of being overwritten.
 */
export async function putAgentPoolRaw(input: RawPoolPut): Promise<InitialResponse> {
  const { client, target } = input;
  const url = `${input.endpoint}${armPathOf(input.ref, input.agentPoolName)}?api-version=${client.apiVersion}`;
  const read = await sendArmRequest(client, 'GET', url);
  const current = PoolBodySchema.parse(read.body);
  const properties: Record<string, unknown> = { ...current.properties };
  // AKS puts an agent pool's eTag in its properties; ARM's generic places are the body's root and the ETag header.
  const eTag = stringOf(properties.eTag) ?? current.eTag ?? current.etag ?? read.headers.get('etag');
  for (const field of [...READ_ONLY, 'eTag']) delete properties[field];
  if (target.orchestratorVersion !== undefined) properties.orchestratorVersion = target.orchestratorVersion;
  if (target.nodeImageVersion !== undefined) properties.nodeImageVersion = target.nodeImageVersion;
  const headers = eTag ? { 'if-match': eTag } : undefined;
  const response = await sendArmRequest(client, 'PUT', url, { body: { properties }, ...(headers ? { headers } : {}) });
  return { status: response.status, headers: response.headers };
}

function stringOf(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * The Azure-AsyncOperation URL AKS gives for an operation it began in a region
 * (`/subscriptions/{id}/providers/Microsoft.ContainerService/locations/{location}/operations/{operationId}`), so an
 * operation known only by the id a member's row recorded can be polled again.
 */
export function aksOperationUrl(input: {
  endpoint: string;
  apiVersion: string;
  ref: ClusterRef;
  location: string;
  operationId: string;
}): string {
  const location = input.location.toLowerCase().replace(/\s+/g, '');
  const path = `/subscriptions/${encodeURIComponent(input.ref.subscriptionId)}/providers/Microsoft.ContainerService/locations/${encodeURIComponent(location)}/operations/${encodeURIComponent(input.operationId)}`;
  return `${input.endpoint}${path}?api-version=${input.apiVersion}`;
}

const OperationStatusSchema = z.object({
  status: z.string(),
  error: z.object({ code: z.string().optional(), message: z.string().optional() }).optional(),
});

/** Inputs of pollAsyncOperation. */
export interface AsyncOperationPoll {
  client: ContainerServiceClient;
  endpoint: string;
  url: string;
}

/**
 * One GET of an Azure-AsyncOperation URL. Only URLs on the configured ARM endpoint are followed, since a handle is
 * activity input and the pipeline attaches a bearer token. Undefined when ARM no longer knows the operation (404).
 */
export async function pollAsyncOperation(input: AsyncOperationPoll): Promise<OperationPoll | undefined> {
  if (new URL(input.url).origin !== new URL(input.endpoint).origin) {
    throw new TerminalClusterError(
      'InvalidOperationHandle',
      `The operation URL ${input.url} is not on the ARM endpoint ${input.endpoint}.`,
    );
  }
  let response;
  try {
    response = await sendArmRequest(input.client, 'GET', input.url);
  } catch (error) {
    if ((error as { statusCode?: unknown }).statusCode === 404) return undefined;
    throw error;
  }
  const body = OperationStatusSchema.parse(response.body);
  const status = body.status.toLowerCase();
  if (status === 'succeeded') return { status: 'Succeeded' };
  if (status === 'failed' || status === 'canceled') {
    return {
      status: status === 'failed' ? 'Failed' : 'Canceled',
      error: {
        code: body.error?.code ?? (status === 'failed' ? 'UpgradeFailed' : 'Canceled'),
        message: body.error?.message ?? `The operation ended ${body.status} without error details.`,
      },
    };
  }
  // Kept to the millisecond: a service may tell how long the operation still runs (see nextPollSeconds).
  const retryAfterMs = parseRetryAfterMs(response.headers);
  return { status: 'InProgress', ...(retryAfterMs !== undefined ? { retryAfterSeconds: retryAfterMs / 1000 } : {}) };
}
