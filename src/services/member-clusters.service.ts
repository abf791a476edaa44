import { formatChildId, type FleetRef } from '../api/ids';
import { buildNextLink, listBody, MAX_PAGE_SIZE, type PageRequest } from '../api/paging';
import type { ClusterClient, ClusterSnapshot } from '../clusters/cluster-client';
import { classifyClusterError } from '../clusters/cluster-errors';
import type { Stores } from '../storage/stores';
import { canonicalRef, requireFleet } from './fleet-guard';
import type { Outcome, RequestContext } from './request-context';

/** Clusters read at once for one request: a page of members, or a batch while learning the fleet's regions. */
const READS_AT_ONCE = 50;
const MEMBER_CLUSTER_TYPE = 'Microsoft.ContainerService/fleets/memberClusters';

type ClusterRead = { cluster: ClusterSnapshot } | { error: { code: string; message: string } };

/**
 * Read-only views of the members' clusters, for the portal (a browser cannot call ARM for them): each member's
 * Kubernetes version and agent pools with their node images, and the Kubernetes versions AKS offers in the fleet's
 * regions. Clusters are read through the ClusterClient update runs use; a cluster that cannot be read is reported
 * on its own item, never failing the page.
 */
export function createMemberClusterService(stores: Stores, clusters: ClusterClient) {
  // An AKS cluster's location never changes, so it is read once per cluster for the life of the process.
  const locations = new Map<string, Promise<string | undefined>>();

  const read = async (clusterResourceId: string): Promise<ClusterRead> => {
    try {
      const cluster = await clusters.getCluster(clusterResourceId);
      locations.set(clusterResourceId.toLowerCase(), Promise.resolve(cluster.location));
      return { cluster };
    } catch (error) {
      const failure = classifyClusterError(error);
      return { error: { code: failure.code, message: failure.message } };
    }
  };

  const locationOf = (clusterResourceId: string): Promise<string | undefined> => {
    const key = clusterResourceId.toLowerCase();
    let location = locations.get(key);
    if (!location) {
      location = read(clusterResourceId).then((r) => ('cluster' in r ? r.cluster.location : undefined));
      locations.set(key, location);
    }
    return location;
  };

  return {
    /** One page of members with their clusters as ARM reports them (paged as the members list is). */
    async list(ref: FleetRef, page: PageRequest, ctx: RequestContext): Promise<Outcome> {
      const fleet = canonicalRef(await requireFleet(stores, ref));
      const members = await stores.members.list(fleet, { ...page, top: Math.min(page.top, READS_AT_ONCE) });
      const items = await Promise.all(
        members.items.map(async ({ meta, doc }) => ({
          id: formatChildId({ ...fleet, kind: 'members', name: meta.name }).replace(/\/members\//, '/memberClusters/'),
          name: meta.name,
          type: MEMBER_CLUSTER_TYPE,
          properties: {
            clusterResourceId: doc.clusterResourceId,
            ...(doc.group !== undefined ? { group: doc.group } : {}),
            ...(doc.labels !== undefined ? { labels: doc.labels } : {}),
            ...clusterProperties(await read(doc.clusterResourceId)),
          },
        })),
      );
      return { status: 200, body: listBody(items, buildNextLink(ctx.url, members.continueAfter)) };
    },

    /** The Kubernetes versions AKS offers in each region the fleet's members are in (listKubernetesVersions). */
    async kubernetesVersions(ref: FleetRef): Promise<Outcome> {
      const fleet = canonicalRef(await requireFleet(stores, ref));
      const byLocation = new Map<string, { clusterResourceId: string; memberCount: number }>();
      let after: string | undefined;
      do {
        const page = await stores.members.list(fleet, { top: MAX_PAGE_SIZE, ...(after ? { after } : {}) });
        for (let i = 0; i < page.items.length; i += READS_AT_ONCE) {
          const batch = page.items.slice(i, i + READS_AT_ONCE).map((m) => m.doc.clusterResourceId);
          const found = await Promise.all(batch.map(async (id) => ({ id, location: await locationOf(id) })));
          for (const { id, location } of found) {
            if (location === undefined) continue;
            const entry = byLocation.get(location) ?? { clusterResourceId: id, memberCount: 0 };
            byLocation.set(location, { ...entry, memberCount: entry.memberCount + 1 });
          }
        }
        after = page.continueAfter;
      } while (after !== undefined);
      const value = await Promise.all(
        [...byLocation].map(async ([location, { clusterResourceId, memberCount }]) => ({
          location,
          memberCount,
          kubernetesVersions: await clusters.getKubernetesVersions(clusterResourceId, location),
        })),
      );
      return { status: 200, body: { value: value.sort((a, b) => a.location.localeCompare(b.location)) } };
    },
  };
}

function clusterProperties(read: ClusterRead) {
  if ('error' in read) return { error: read.error };
  const { cluster } = read;
  return {
    location: cluster.location,
    kubernetesVersion: cluster.kubernetesVersion,
    currentKubernetesVersion: cluster.currentKubernetesVersion,
    provisioningState: cluster.provisioningState,
    agentPools: cluster.agentPools.map((pool) => ({
      name: pool.name,
      mode: pool.mode,
      osType: pool.osType,
      osSku: pool.osSku,
      count: pool.count,
      orchestratorVersion: pool.orchestratorVersion,
      currentOrchestratorVersion: pool.currentOrchestratorVersion,
      nodeImageVersion: pool.nodeImageVersion,
      provisioningState: pool.provisioningState,
    })),
  };
}

export type MemberClusterService = ReturnType<typeof createMemberClusterService>;
