import { toMaintenanceConfiguration } from './arm-shapes';
import { ArmError } from './errors';
import { readJson, sendJson } from './http-io';
import { requireCluster } from './managed-clusters.routes';
import { MAINTENANCE_CONFIG_NAMES, MaintenanceConfigurationBodySchema } from './maintenance-configuration.schema';
import { page, parse } from './route-helpers';
import type { Router } from './router';
import type { SimContext } from './sim-context';
import { maintenanceKey } from './state.store';

const CLUSTER =
  '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.ContainerService/managedClusters/{resourceName}';
const CONFIG = `${CLUSTER}/maintenanceConfigurations/{configName}`;

/** `default`, `aksManagedAutoUpgradeSchedule`, `aksManagedNodeOSUpgradeSchedule`, matched case-insensitively. */
function canonicalName(name: string | undefined): string {
  const found = MAINTENANCE_CONFIG_NAMES.find((n) => n.toLowerCase() === (name ?? '').toLowerCase());
  if (!found) {
    throw new ArmError(
      'InvalidParameter',
      `Maintenance configuration name '${name ?? ''}' is not supported. Supported names: ${MAINTENANCE_CONFIG_NAMES.join(', ')}.`,
      'configName',
    );
  }
  return found;
}

/** maintenanceConfigurations: GET, list, PUT, DELETE with AKS's schedule shapes. */
export function registerMaintenanceRoutes(router: Router, sim: SimContext): void {
  router.add('GET', `${CLUSTER}/maintenanceConfigurations`, (ctx) => {
    const { cluster } = requireCluster(sim, ctx);
    const configs = sim.state.maintenanceOf(cluster).sort((a, b) => a.name.localeCompare(b.name));
    const items = configs.map((m) => toMaintenanceConfiguration(cluster, m));
    sendJson(ctx.res, 200, page(ctx, items, sim.settings().pageSize));
  });

  router.add('GET', CONFIG, (ctx) => {
    const { cluster } = requireCluster(sim, ctx);
    const name = canonicalName(ctx.params.configName);
    const record = sim.state.maintenance.get(maintenanceKey({ ...keyOf(cluster), name }));
    if (!record) {
      throw new ArmError('NotFound', `Maintenance configuration ${name} not found in managed cluster ${cluster.name}.`);
    }
    sendJson(ctx.res, 200, toMaintenanceConfiguration(cluster, record));
  });

  router.add('PUT', CONFIG, async (ctx) => {
    const { cluster } = requireCluster(sim, ctx);
    const name = canonicalName(ctx.params.configName);
    const { properties } = parse(MaintenanceConfigurationBodySchema, await readJson(ctx.req));
    if (name === 'default' && properties.maintenanceWindow) {
      throw new ArmError(
        'InvalidParameter',
        "The 'default' configuration takes timeInWeek, not maintenanceWindow.",
        'properties.maintenanceWindow',
      );
    }
    if (name !== 'default' && !properties.maintenanceWindow) {
      throw new ArmError(
        'InvalidParameter',
        `The '${name}' configuration requires maintenanceWindow.`,
        'properties.maintenanceWindow',
      );
    }
    const key = maintenanceKey({ ...keyOf(cluster), name });
    const existed = sim.state.maintenance.has(key);
    const record = { ...keyOf(cluster), name, properties };
    await sim.state.saveMaintenance(record);
    sendJson(ctx.res, existed ? 200 : 201, toMaintenanceConfiguration(cluster, record));
  });

  router.add('DELETE', CONFIG, async (ctx) => {
    const { cluster } = requireCluster(sim, ctx);
    const name = canonicalName(ctx.params.configName);
    const record = sim.state.maintenance.get(maintenanceKey({ ...keyOf(cluster), name }));
    if (!record) {
      sendJson(ctx.res, 204);
      return;
    }
    await sim.state.deleteMaintenance(record);
    sendJson(ctx.res, 200);
  });
}

function keyOf(cluster: { subscriptionId: string; resourceGroup: string; name: string }): {
  subscriptionId: string;
  resourceGroup: string;
  clusterName: string;
} {
  return { subscriptionId: cluster.subscriptionId, resourceGroup: cluster.resourceGroup, clusterName: cluster.name };
}
