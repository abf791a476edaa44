import { z } from 'zod';
import { operationResultPath, toAgentPool, toManagedCluster, toOperationStatus } from './arm-shapes';
import { ArmError, statusForCode } from './errors';
import { sendJson } from './http-io';
import { apiVersionOf, parse } from './route-helpers';
import type { RouteContext, Router } from './router';
import type { SimContext } from './sim-context';
import type { OperationRecord } from './state.schema';

const LOCATION = '/subscriptions/{subscriptionId}/providers/Microsoft.ContainerService/locations/{location}';
const ParamsSchema = z.object({ subscriptionId: z.string(), location: z.string(), operationId: z.string() });

function requireOperation(sim: SimContext, ctx: RouteContext): OperationRecord {
  apiVersionOf(ctx);
  const params = parse(ParamsSchema, ctx.params);
  const op = sim.state.operations.get(params.operationId);
  if (!op || op.subscriptionId.toLowerCase() !== params.subscriptionId.toLowerCase()) {
    throw new ArmError('NotFound', `Operation ${params.operationId} was not found.`);
  }
  return op;
}

/** Retry-After of an in-flight operation, and its remaining time in `retry-after-ms` when so configured. */
function retryHeaders(sim: SimContext, op: OperationRecord): Record<string, string> {
  const settings = sim.settings();
  const remaining = Math.max(1, Date.parse(op.expectedEndTime) - sim.clock());
  return {
    'retry-after': String(settings.pollRetryAfterSeconds),
    ...(settings.pollRetryAfterRemaining ? { 'retry-after-ms': String(remaining) } : {}),
  };
}

/** The Azure-AsyncOperation status resource and the Location (operation result) resource. */
export function registerAsyncOperationRoutes(router: Router, sim: SimContext): void {
  router.add('GET', `${LOCATION}/operations/{operationId}`, (ctx) => {
    const op = requireOperation(sim, ctx);
    const headers = op.status === 'InProgress' ? retryHeaders(sim, op) : {};
    sendJson(ctx.res, 200, toOperationStatus(op, sim.clock()), headers);
  });

  // On completion the Location URL answers what a synchronous call would have: the resource, or the error.
  router.add('GET', `${LOCATION}/operationresults/{operationId}`, (ctx) => {
    const op = requireOperation(sim, ctx);
    if (op.status === 'InProgress') {
      sendJson(ctx.res, 202, undefined, {
        location: `${ctx.origin}${operationResultPath(op)}?api-version=${encodeURIComponent(apiVersionOf(ctx))}`,
        ...retryHeaders(sim, op),
      });
      return;
    }
    if (op.error) {
      sendJson(ctx.res, statusForCode(op.error.code), { error: op.error });
      return;
    }
    const cluster = sim.state.getCluster(op.subscriptionId, op.resourceGroup, op.clusterName);
    if (!cluster) {
      sendJson(ctx.res, 204);
      return;
    }
    const pool =
      op.kind === 'ManagedClusterUpgrade' ? undefined : cluster.pools.find((p) => p.name === op.pools[0]?.name);
    sendJson(ctx.res, 200, pool ? toAgentPool(cluster, pool) : toManagedCluster(cluster));
  });
}
