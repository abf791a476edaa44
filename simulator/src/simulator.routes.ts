import { z } from 'zod';
import { clusterId } from './arm-shapes';
import { CatalogSchema } from './catalog.schema';
import { ArmError } from './errors';
import { readJson, sendJson } from './http-io';
import { parse } from './route-helpers';
import type { Router } from './router';
import { SettingsPatchSchema } from './settings.schema';
import type { SimContext } from './sim-context';
import { OPERATION_STATUSES, type OperationRecord } from './state.schema';

const OperationQuerySchema = z.object({
  subscriptionId: z.string().optional(),
  resourceGroup: z.string().optional(),
  cluster: z.string().optional(),
  status: z.enum(OPERATION_STATUSES).optional(),
});

/** One upgrade-log entry: the stored operation plus the cluster's ARM id and its duration. */
function toLogEntry(op: OperationRecord): Record<string, unknown> {
  const clusterResourceId = clusterId({
    subscriptionId: op.subscriptionId,
    resourceGroup: op.resourceGroup,
    name: op.clusterName,
  });
  const durationMs = op.endTime ? Date.parse(op.endTime) - Date.parse(op.startTime) : undefined;
  return { ...op, clusterId: clusterResourceId, ...(durationMs !== undefined ? { durationMs } : {}) };
}

/** Simulator-only surface: catalog, settings, the upgrade log and a health probe. */
export function registerSimulatorRoutes(router: Router, sim: SimContext): void {
  router.add('GET', '/simulator/health', (ctx) => sendJson(ctx.res, 200, { status: 'ok' }));

  router.add('GET', '/simulator/catalog', (ctx) => sendJson(ctx.res, 200, sim.state.catalog.catalog));

  router.add('PUT', '/simulator/catalog', async (ctx) => {
    const catalog = parse(CatalogSchema, await readJson(ctx.req));
    await sim.state.saveCatalog(catalog);
    sendJson(ctx.res, 200, catalog);
  });

  router.add('GET', '/simulator/settings', (ctx) => sendJson(ctx.res, 200, sim.settings()));

  router.add('PUT', '/simulator/settings', async (ctx) => {
    const patch = parse(SettingsPatchSchema, (await readJson(ctx.req)) ?? {});
    sendJson(ctx.res, 200, sim.updateSettings(patch));
  });

  // The upgrade log: every operation with start/end, filterable, oldest first.
  router.add('GET', '/simulator/operations', (ctx) => {
    const q = parse(OperationQuerySchema, Object.fromEntries(ctx.query.entries()));
    const same = (a: string, b: string | undefined): boolean => b === undefined || a.toLowerCase() === b.toLowerCase();
    const value = [...sim.state.operations.values()]
      .filter(
        (op) =>
          same(op.subscriptionId, q.subscriptionId) &&
          same(op.resourceGroup, q.resourceGroup) &&
          same(op.clusterName, q.cluster) &&
          (q.status === undefined || op.status === q.status),
      )
      .sort((a, b) => a.startTime.localeCompare(b.startTime) || a.id.localeCompare(b.id))
      .map(toLogEntry);
    sendJson(ctx.res, 200, { value });
  });

  router.add('GET', '/simulator/operations/{operationId}', (ctx) => {
    const op = sim.state.operations.get(ctx.params.operationId ?? '');
    if (!op) throw new ArmError('NotFound', `Operation ${ctx.params.operationId ?? ''} was not found.`);
    sendJson(ctx.res, 200, toLogEntry(op));
  });
}
