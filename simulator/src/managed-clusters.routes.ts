import { clusterId, toManagedCluster } from './arm-shapes';
import { planCreate, planUpdate } from './cluster-plan';
import { notFound } from './errors';
import { sendJson, readJson } from './http-io';
import {
  ClusterParamsSchema,
  ManagedClusterBodySchema,
  ResourceGroupParamsSchema,
  SubscriptionParamsSchema,
  TagsBodySchema,
  type ClusterParams,
} from './managed-cluster.schema';
import { apiVersionOf, assertIfMatch, asyncHeaders, page, parse } from './route-helpers';
import type { RouteContext, Router } from './router';
import type { SimContext } from './sim-context';
import type { ClusterRecord } from './state.schema';

const BASE = '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.ContainerService';
const CLUSTER = `${BASE}/managedClusters/{resourceName}`;

/** Looks a cluster up by validated path params or throws ARM's 404. */
export function requireCluster(sim: SimContext, ctx: RouteContext): { params: ClusterParams; cluster: ClusterRecord } {
  apiVersionOf(ctx);
  const params = parse(ClusterParamsSchema, ctx.params);
  const cluster = sim.state.getCluster(params.subscriptionId, params.resourceGroupName, params.resourceName);
  if (!cluster)
    throw notFound('Microsoft.ContainerService/managedClusters', params.resourceName, params.resourceGroupName);
  return { params, cluster };
}

/** managedClusters: GET, list (resource group, subscription), PUT, PATCH tags, DELETE. */
export function registerManagedClusterRoutes(router: Router, sim: SimContext): void {
  router.add('GET', '/subscriptions/{subscriptionId}/providers/Microsoft.ContainerService/managedClusters', (ctx) => {
    apiVersionOf(ctx);
    const { subscriptionId } = parse(SubscriptionParamsSchema, ctx.params);
    const clusters = [...sim.state.clusters.values()].filter((c) => sameId(c.subscriptionId, subscriptionId));
    sendJson(ctx.res, 200, page(ctx, sorted(clusters).map(toManagedCluster), sim.settings().pageSize));
  });

  router.add('GET', `${BASE}/managedClusters`, (ctx) => {
    apiVersionOf(ctx);
    const p = parse(ResourceGroupParamsSchema, ctx.params);
    const clusters = [...sim.state.clusters.values()].filter(
      (c) => sameId(c.subscriptionId, p.subscriptionId) && sameId(c.resourceGroup, p.resourceGroupName),
    );
    sendJson(ctx.res, 200, page(ctx, sorted(clusters).map(toManagedCluster), sim.settings().pageSize));
  });

  router.add('GET', CLUSTER, (ctx) => {
    sendJson(ctx.res, 200, toManagedCluster(requireCluster(sim, ctx).cluster));
  });

  router.add('PUT', CLUSTER, async (ctx) => {
    apiVersionOf(ctx);
    const params = parse(ClusterParamsSchema, ctx.params);
    const body = parse(ManagedClusterBodySchema, await readJson(ctx.req));
    const existing = sim.state.getCluster(params.subscriptionId, params.resourceGroupName, params.resourceName);
    assertIfMatch(ctx, existing && { id: clusterId(existing), eTag: existing.eTag });
    if (!existing) {
      const cluster = planCreate(sim.state.catalog, params, body, sim.clock());
      await sim.state.saveCluster(cluster);
      sendJson(ctx.res, 201, toManagedCluster(cluster));
      return;
    }
    sim.engine.assertIdle(existing);
    const plan = planUpdate(sim.state.catalog, existing, body);
    if (!plan.kubernetesVersion && plan.pools.length === 0) {
      plan.next.provisioningState = 'Succeeded';
      for (const pool of plan.next.pools) pool.provisioningState = 'Succeeded';
      await sim.state.saveCluster(plan.next);
      sendJson(ctx.res, 200, toManagedCluster(plan.next));
      return;
    }
    const op = await sim.engine.start({
      cluster: plan.next,
      kind: 'ManagedClusterUpgrade',
      resourceId: clusterId(plan.next),
      pools: plan.pools,
      ...(plan.kubernetesVersion ? { kubernetesVersion: plan.kubernetesVersion } : {}),
    });
    const current =
      sim.state.getCluster(params.subscriptionId, params.resourceGroupName, params.resourceName) ?? plan.next;
    sendJson(ctx.res, 200, toManagedCluster(current), asyncHeaders(ctx, op, sim.settings()));
  });

  router.add('PATCH', CLUSTER, async (ctx) => {
    const { cluster } = requireCluster(sim, ctx);
    const body = parse(TagsBodySchema, await readJson(ctx.req));
    sim.engine.assertIdle(cluster);
    const next = { ...structuredClone(cluster), tags: body.tags };
    await sim.state.saveCluster(next);
    sendJson(ctx.res, 200, toManagedCluster(next));
  });

  router.add('DELETE', CLUSTER, async (ctx) => {
    apiVersionOf(ctx);
    const params = parse(ClusterParamsSchema, ctx.params);
    const cluster = sim.state.getCluster(params.subscriptionId, params.resourceGroupName, params.resourceName);
    if (!cluster) {
      sendJson(ctx.res, 204);
      return;
    }
    await sim.engine.cancel(cluster);
    await sim.state.deleteCluster(cluster);
    sendJson(ctx.res, 200);
  });
}

function sameId(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

function sorted(clusters: ClusterRecord[]): ClusterRecord[] {
  return clusters.sort((a, b) => clusterId(a).toLowerCase().localeCompare(clusterId(b).toLowerCase()));
}
