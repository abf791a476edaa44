import type { AgentPool, ContainerServiceClient, MaintenanceConfiguration } from '@azure/arm-containerservice';
import { createLocalContainerServiceClient } from './arm-client';

/** Subscription and resource group of the demo fleet. */
export const DEMO_SUBSCRIPTION_ID = '00000000-0000-0000-0000-000000000000';
export const DEMO_RESOURCE_GROUP = 'fleet-demo';

/** One demo cluster: where it runs, what it runs and which update group the walkthrough puts it in. */
export interface DemoCluster {
  name: string;
  location: string;
  kubernetesVersion: string;
  updateGroup: string;
  pools: Array<Pick<AgentPool, 'count' | 'osSKU' | 'mode' | 'nodeImageVersion'> & { name: string }>;
  /** True for the cluster whose planned-maintenance window is closed now (and for the next year). */
  closedMaintenanceWindow?: boolean;
}

const UBUNTU_OLD = 'AKSUbuntu-2204gen2containerd-202510.19.0';

/**
 * Five clusters in two regions, as in the Fleet Manager walkthrough (members 1-5, update groups of
 * stage 1 and stage 2). East US publishes a newer node image than West Europe, so "Latest" and
 * "Consistent" node image selection differ.
 */
export const DEMO_CLUSTERS: DemoCluster[] = [
  {
    name: 'member1',
    location: 'eastus',
    kubernetesVersion: '1.31.8',
    updateGroup: 'group-1a',
    pools: [{ name: 'system', count: 3, mode: 'System', nodeImageVersion: UBUNTU_OLD }],
  },
  {
    name: 'member2',
    location: 'eastus',
    kubernetesVersion: '1.31.8',
    updateGroup: 'group-1b',
    pools: [
      { name: 'system', count: 2, mode: 'System', nodeImageVersion: UBUNTU_OLD },
      { name: 'user', count: 3, mode: 'User', osSKU: 'AzureLinux' },
    ],
  },
  {
    name: 'member3',
    location: 'eastus',
    kubernetesVersion: '1.30.14',
    updateGroup: 'group-1c',
    pools: [{ name: 'system', count: 2, mode: 'System', nodeImageVersion: UBUNTU_OLD }],
  },
  {
    name: 'member4',
    location: 'westeurope',
    kubernetesVersion: '1.31.8',
    updateGroup: 'group-2a',
    closedMaintenanceWindow: true,
    pools: [{ name: 'system', count: 3, mode: 'System' }],
  },
  {
    name: 'member5',
    location: 'westeurope',
    kubernetesVersion: '1.31.8',
    updateGroup: 'group-2b',
    pools: [{ name: 'system', count: 2, mode: 'System' }],
  },
];

/** What ensureDemoTopology created or found. */
export interface DemoTopology {
  subscriptionId: string;
  resourceGroup: string;
  clusterIds: string[];
}

/** Creates the demo fleet's clusters if they are missing (existing ones are left as they are). */
export async function ensureDemoTopology(
  target: string | { url: string },
  options: { subscriptionId?: string; now?: Date } = {},
): Promise<DemoTopology> {
  const subscriptionId = options.subscriptionId ?? DEMO_SUBSCRIPTION_ID;
  const url = typeof target === 'string' ? target : target.url;
  const client = createLocalContainerServiceClient(url, subscriptionId);
  const clusterIds = await Promise.all(
    DEMO_CLUSTERS.map((demo) => ensureCluster({ client, url, subscriptionId }, demo, options.now ?? new Date())),
  );
  return { subscriptionId, resourceGroup: DEMO_RESOURCE_GROUP, clusterIds };
}

interface DemoTarget {
  client: ContainerServiceClient;
  url: string;
  subscriptionId: string;
}

async function ensureCluster(
  { client, url, subscriptionId }: DemoTarget,
  demo: DemoCluster,
  now: Date,
): Promise<string> {
  const existing = await client.managedClusters.get(DEMO_RESOURCE_GROUP, demo.name).catch((error: unknown) => {
    if (isNotFound(error)) return undefined;
    throw error;
  });
  if (!existing) {
    // Raw PUT: the 2025-02-01 SDK drops nodeImageVersion (read-only there), and the demo wants older images.
    const path = `/subscriptions/${subscriptionId}/resourceGroups/${DEMO_RESOURCE_GROUP}/providers/Microsoft.ContainerService/managedClusters/${demo.name}`;
    const body = {
      location: demo.location,
      tags: { 'fleet-update-group': demo.updateGroup, demo: 'true' },
      properties: {
        kubernetesVersion: demo.kubernetesVersion,
        dnsPrefix: demo.name,
        agentPoolProfiles: demo.pools.map((p) => ({ ...p, vmSize: 'Standard_D2s_v3' })),
      },
    };
    const response = await fetch(`${url}${path}?api-version=2025-02-01`, {
      method: 'PUT',
      body: JSON.stringify(body),
      headers: { 'content-type': 'application/json' },
    });
    if (!response.ok)
      throw new Error(`creating demo cluster ${demo.name} failed: ${response.status} ${await response.text()}`);
  }
  if (demo.closedMaintenanceWindow) {
    for (const name of ['aksManagedAutoUpgradeSchedule', 'aksManagedNodeOSUpgradeSchedule']) {
      await client.maintenanceConfigurations.createOrUpdate(DEMO_RESOURCE_GROUP, demo.name, name, closedWindow(now));
    }
  }
  return `/subscriptions/${subscriptionId}/resourcegroups/${DEMO_RESOURCE_GROUP}/providers/Microsoft.ContainerService/managedClusters/${demo.name}`;
}

const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;
const DAY_MS = 86_400_000;

/** A weekly 4-hour window three days from now, with every date of the coming year not allowed: closed now. */
export function closedWindow(now: Date): MaintenanceConfiguration {
  const day = DAYS[(now.getUTCDay() + 3) % 7] ?? 'Sunday';
  return {
    maintenanceWindow: {
      schedule: { weekly: { intervalWeeks: 1, dayOfWeek: day } },
      durationHours: 4,
      utcOffset: '+00:00',
      startTime: '00:00',
      notAllowedDates: [{ start: new Date(now.getTime() - DAY_MS), end: new Date(now.getTime() + 365 * DAY_MS) }],
    },
  };
}

function isNotFound(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'statusCode' in error && error.statusCode === 404;
}
