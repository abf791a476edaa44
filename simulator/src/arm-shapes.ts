import type { ClusterRecord, MaintenanceRecord, OperationRecord, PoolRecord } from './state.schema';

const RP = 'Microsoft.ContainerService';

export function clusterId(c: Pick<ClusterRecord, 'subscriptionId' | 'resourceGroup' | 'name'>): string {
  return `/subscriptions/${c.subscriptionId}/resourcegroups/${c.resourceGroup}/providers/${RP}/managedClusters/${c.name}`;
}

export function poolId(c: ClusterRecord, pool: string): string {
  return `${clusterId(c)}/agentPools/${pool}`;
}

export function operationStatusPath(op: Pick<OperationRecord, 'subscriptionId' | 'location' | 'id'>): string {
  return `/subscriptions/${op.subscriptionId}/providers/${RP}/locations/${op.location}/operations/${op.id}`;
}

export function operationResultPath(op: Pick<OperationRecord, 'subscriptionId' | 'location' | 'id'>): string {
  return `/subscriptions/${op.subscriptionId}/providers/${RP}/locations/${op.location}/operationresults/${op.id}`;
}

function poolProperties(pool: PoolRecord): Record<string, unknown> {
  return {
    count: pool.count,
    vmSize: pool.vmSize,
    osType: pool.osType,
    osSKU: pool.osSKU,
    mode: pool.mode,
    type: 'VirtualMachineScaleSets',
    orchestratorVersion: pool.orchestratorVersion,
    currentOrchestratorVersion: pool.currentOrchestratorVersion,
    nodeImageVersion: pool.nodeImageVersion,
    provisioningState: pool.provisioningState,
    powerState: { code: 'Running' },
    ...(pool.tags ? { tags: pool.tags } : {}),
    ...(pool.eTag ? { eTag: pool.eTag } : {}),
  };
}

/** A managed cluster in the 2025-02-01 wire shape. */
export function toManagedCluster(c: ClusterRecord): Record<string, unknown> {
  return {
    id: clusterId(c),
    name: c.name,
    type: `${RP}/ManagedClusters`,
    location: c.location,
    tags: c.tags,
    ...(c.eTag ? { eTag: c.eTag } : {}),
    properties: {
      provisioningState: c.provisioningState,
      powerState: { code: 'Running' },
      kubernetesVersion: c.kubernetesVersion,
      currentKubernetesVersion: c.currentKubernetesVersion,
      dnsPrefix: c.dnsPrefix,
      fqdn: `${c.dnsPrefix}.hcp.${c.location}.azmk8s.io`,
      nodeResourceGroup: `MC_${c.resourceGroup}_${c.name}_${c.location}`,
      agentPoolProfiles: c.pools.map((p) => ({ name: p.name, ...poolProperties(p) })),
    },
  };
}

/** An agent pool in the 2025-02-01 wire shape. */
export function toAgentPool(c: ClusterRecord, pool: PoolRecord): Record<string, unknown> {
  return {
    id: poolId(c, pool.name),
    name: pool.name,
    type: `${RP}/managedClusters/agentPools`,
    properties: poolProperties(pool),
  };
}

export function toMaintenanceConfiguration(c: ClusterRecord, m: MaintenanceRecord): Record<string, unknown> {
  return {
    id: `${clusterId(c)}/maintenanceConfigurations/${m.name}`,
    name: m.name,
    type: `${RP}/managedClusters/maintenanceConfigurations`,
    properties: m.properties,
  };
}

/** The Azure-AsyncOperation status resource. */
export function toOperationStatus(op: OperationRecord, now: number): Record<string, unknown> {
  const start = Date.parse(op.startTime);
  const end = Date.parse(op.expectedEndTime);
  const done = op.status !== 'InProgress';
  const percent = done ? 100 : end <= start ? 99 : Math.min(99, Math.floor(((now - start) / (end - start)) * 100));
  return {
    id: operationStatusPath(op),
    name: op.id,
    status: op.status,
    startTime: op.startTime,
    ...(op.endTime ? { endTime: op.endTime } : {}),
    percentComplete: Math.max(0, percent),
    ...(op.error ? { error: op.error } : {}),
  };
}
