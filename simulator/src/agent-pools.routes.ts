import { z } from 'zod';
import { AGENT_POOL_NAME, AgentPoolBodySchema } from './agent-pool.schema';
import { poolId, toAgentPool } from './arm-shapes';
import { ArmError } from './errors';
import { readJson, sendJson } from './http-io';
import { requireCluster } from './managed-clusters.routes';
import { newPool, planPoolChange } from './pool-plan';
import { assertIfMatch, asyncHeaders, page, parse } from './route-helpers';
import type { RouteContext, Router } from './router';
import type { SimContext } from './sim-context';
import type { ClusterRecord, OperationKind, PoolChange, PoolRecord } from './state.schema';
import { nodeImageFamily } from './versions';

const CLUSTER =
  '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.ContainerService/managedClusters/{resourceName}';
const POOL = `${CLUSTER}/agentPools/{agentPoolName}`;
const PoolParamsSchema = z.object({ agentPoolName: z.string().regex(AGENT_POOL_NAME, 'invalid agent pool name') });

function requirePool(sim: SimContext, ctx: RouteContext): { cluster: ClusterRecord; pool: PoolRecord } {
  const { cluster } = requireCluster(sim, ctx);
  const { agentPoolName } = parse(PoolParamsSchema, { agentPoolName: ctx.params.agentPoolName });
  const pool = cluster.pools.find((p) => p.name === agentPoolName);
  if (!pool) {
    throw new ArmError('NotFound', `Agent pool ${agentPoolName} not found in managed cluster ${cluster.name}.`);
  }
  return { cluster, pool };
}

/** agentPools: GET, list, PUT (create or upgrade), DELETE, upgradeNodeImageVersion. */
export function registerAgentPoolRoutes(router: Router, sim: SimContext): void {
  router.add('GET', `${CLUSTER}/agentPools`, (ctx) => {
    const { cluster } = requireCluster(sim, ctx);
    sendJson(
      ctx.res,
      200,
      page(
        ctx,
        cluster.pools.map((p) => toAgentPool(cluster, p)),
        sim.settings().pageSize,
      ),
    );
  });

  router.add('GET', POOL, (ctx) => {
    const { cluster, pool } = requirePool(sim, ctx);
    sendJson(ctx.res, 200, toAgentPool(cluster, pool));
  });

  router.add('PUT', POOL, async (ctx) => {
    const { cluster } = requireCluster(sim, ctx);
    const { agentPoolName } = parse(PoolParamsSchema, { agentPoolName: ctx.params.agentPoolName });
    const { properties } = parse(AgentPoolBodySchema, await readJson(ctx.req));
    const existing = cluster.pools.find((p) => p.name === agentPoolName);
    assertIfMatch(ctx, existing && { id: poolId(cluster, existing.name), eTag: existing.eTag });
    sim.engine.assertIdle(cluster);
    const next = structuredClone(cluster);
    const pool = next.pools.find((p) => p.name === agentPoolName);
    if (!pool) {
      const created = newPool(
        sim.state.catalog,
        next.location,
        { ...properties, name: agentPoolName },
        {
          controlPlane: next.currentKubernetesVersion,
          mode: 'User',
        },
      );
      next.pools.push(created);
      await sim.state.saveCluster(next);
      sendJson(ctx.res, 201, toAgentPool(next, created));
      return;
    }
    const change = planPoolChange(sim.state.catalog, next.location, pool, properties, {
      requestedVersion: properties.orchestratorVersion ?? pool.currentOrchestratorVersion,
      requestedImage: properties.nodeImageVersion,
      controlPlane: next.currentKubernetesVersion,
    });
    if (!change) {
      pool.provisioningState = 'Succeeded';
      await sim.state.saveCluster(next);
      sendJson(ctx.res, 200, toAgentPool(next, pool));
      return;
    }
    const kind: OperationKind = change.orchestratorVersion ? 'AgentPoolUpgrade' : 'NodeImageUpgrade';
    await startPoolOperation(sim, ctx, next, change, kind, 200);
  });

  router.add('DELETE', POOL, async (ctx) => {
    const { cluster } = requireCluster(sim, ctx);
    const { agentPoolName } = parse(PoolParamsSchema, { agentPoolName: ctx.params.agentPoolName });
    const pool = cluster.pools.find((p) => p.name === agentPoolName);
    if (!pool) {
      sendJson(ctx.res, 204);
      return;
    }
    sim.engine.assertIdle(cluster);
    const rest = cluster.pools.filter((p) => p !== pool);
    if (!rest.some((p) => p.mode === 'System')) {
      throw new ArmError(
        'OperationNotAllowed',
        `Agent pool ${pool.name} is the last System pool and cannot be deleted.`,
      );
    }
    await sim.state.saveCluster({ ...structuredClone(cluster), pools: structuredClone(rest) });
    sendJson(ctx.res, 200);
  });

  router.add('POST', `${POOL}/upgradeNodeImageVersion`, async (ctx) => {
    const { cluster, pool } = requirePool(sim, ctx);
    assertIfMatch(ctx, { id: poolId(cluster, pool.name), eTag: pool.eTag });
    sim.engine.assertIdle(cluster);
    const latest = sim.state.catalog.latestNodeImage(cluster.location, nodeImageFamily(pool.nodeImageVersion));
    if (latest === undefined || latest === pool.nodeImageVersion) {
      // Already on the region's newest image: AKS finishes at once, nothing is logged.
      sendJson(ctx.res, 200, toAgentPool(cluster, pool));
      return;
    }
    const change: PoolChange = { name: pool.name, nodeImageVersion: { from: pool.nodeImageVersion, to: latest } };
    await startPoolOperation(sim, ctx, structuredClone(cluster), change, 'NodeImageUpgrade', 202);
  });
}

async function startPoolOperation(
  sim: SimContext,
  ctx: RouteContext,
  next: ClusterRecord,
  change: PoolChange,
  kind: OperationKind,
  status: number,
): Promise<void> {
  const op = await sim.engine.start({ cluster: next, kind, resourceId: poolId(next, change.name), pools: [change] });
  const current = sim.state.getCluster(next.subscriptionId, next.resourceGroup, next.name) ?? next;
  const pool = current.pools.find((p) => p.name === change.name);
  sendJson(ctx.res, status, pool ? toAgentPool(current, pool) : undefined, asyncHeaders(ctx, op, sim.settings()));
}
