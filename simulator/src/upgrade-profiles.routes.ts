import { z } from 'zod';
import { clusterId, poolId } from './arm-shapes';
import type { CatalogView } from './catalog';
import { ArmError } from './errors';
import { sendJson } from './http-io';
import { requireCluster } from './managed-clusters.routes';
import { SubscriptionParamsSchema } from './managed-cluster.schema';
import { apiVersionOf, parse } from './route-helpers';
import type { Router } from './router';
import type { SimContext } from './sim-context';
import { compareVersions, minorOf, nodeImageFamily, normalizeLocation } from './versions';

const RP = '/subscriptions/{subscriptionId}/providers/Microsoft.ContainerService';
const CLUSTER = `${RP.replace('/providers', '/resourceGroups/{resourceGroupName}/providers')}/managedClusters/{resourceName}`;

/** Versions a pool may move to: newer than its own, not newer than the control plane. */
function poolUpgrades(catalog: CatalogView, location: string, current: string, controlPlane: string) {
  return catalog
    .versions(location)
    .filter((v) => compareVersions(v.version, current) > 0 && compareVersions(v.version, controlPlane) <= 0)
    .map((v) => ({ kubernetesVersion: v.version, ...(v.preview ? { isPreview: true } : {}) }));
}

/** listKubernetesVersions(location), the cluster and agent pool upgrade profiles. */
export function registerUpgradeProfileRoutes(router: Router, sim: SimContext): void {
  router.add('GET', `${RP}/locations/{location}/kubernetesVersions`, (ctx) => {
    apiVersionOf(ctx);
    parse(SubscriptionParamsSchema, { subscriptionId: ctx.params.subscriptionId });
    const location = normalizeLocation(ctx.params.location ?? '');
    const catalog = sim.state.catalog;
    if (!catalog.hasRegion(location)) {
      throw new ArmError(
        'LocationNotAvailableForResourceType',
        `The provided location '${location}' is not available.`,
      );
    }
    const defaultMinor = minorOf(catalog.defaultVersion(location) ?? '');
    const byMinor = new Map<string, ReturnType<CatalogView['versions']>>();
    for (const v of catalog.versions(location))
      byMinor.set(minorOf(v.version), [...(byMinor.get(minorOf(v.version)) ?? []), v]);
    const values = [...byMinor.entries()].map(([minor, versions]) => ({
      version: minor,
      isPreview: versions.every((v) => v.preview === true),
      ...(minor === defaultMinor ? { isDefault: true } : {}),
      capabilities: {
        supportPlan: versions.some((v) => v.lts)
          ? ['KubernetesOfficial', 'AKSLongTermSupport']
          : ['KubernetesOfficial'],
      },
      patchVersions: Object.fromEntries(
        versions.map((v) => [
          v.version,
          { upgrades: catalog.controlPlaneUpgrades(location, v.version).map((u) => u.version) },
        ]),
      ),
    }));
    sendJson(ctx.res, 200, { values });
  });

  router.add('GET', `${CLUSTER}/upgradeProfiles/default`, (ctx) => {
    const { cluster } = requireCluster(sim, ctx);
    const catalog = sim.state.catalog;
    const cp = cluster.currentKubernetesVersion;
    sendJson(ctx.res, 200, {
      id: `${clusterId(cluster)}/upgradeprofiles/default`,
      name: 'default',
      type: 'Microsoft.ContainerService/managedClusters/upgradeprofiles',
      properties: {
        controlPlaneProfile: {
          kubernetesVersion: cp,
          name: '',
          osType: 'Linux',
          upgrades: catalog
            .controlPlaneUpgrades(cluster.location, cp)
            .map((v) => ({ kubernetesVersion: v.version, ...(v.preview ? { isPreview: true } : {}) })),
        },
        agentPoolProfiles: cluster.pools.map((p) => ({
          kubernetesVersion: p.currentOrchestratorVersion,
          name: p.name,
          osType: p.osType,
          upgrades: poolUpgrades(catalog, cluster.location, p.currentOrchestratorVersion, cp),
        })),
      },
    });
  });

  router.add('GET', `${CLUSTER}/agentPools/{agentPoolName}/upgradeProfiles/default`, (ctx) => {
    const { cluster } = requireCluster(sim, ctx);
    const name = parse(z.string(), ctx.params.agentPoolName);
    const pool = cluster.pools.find((p) => p.name === name);
    if (!pool) throw new ArmError('NotFound', `Agent pool ${name} not found in managed cluster ${cluster.name}.`);
    const catalog = sim.state.catalog;
    sendJson(ctx.res, 200, {
      id: `${poolId(cluster, pool.name)}/upgradeProfiles/default`,
      name: 'default',
      type: 'Microsoft.ContainerService/managedClusters/agentPools/upgradeProfiles',
      properties: {
        kubernetesVersion: pool.currentOrchestratorVersion,
        osType: pool.osType,
        upgrades: poolUpgrades(
          catalog,
          cluster.location,
          pool.currentOrchestratorVersion,
          cluster.currentKubernetesVersion,
        ),
        latestNodeImageVersion:
          catalog.latestNodeImage(cluster.location, nodeImageFamily(pool.nodeImageVersion)) ?? pool.nodeImageVersion,
      },
    });
  });
}
