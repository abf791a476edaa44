import type { ContainerServiceClient, ManagedCluster } from '@azure/arm-containerservice';
import type { MaintenanceConfigurationName, MaintenanceWindow } from '../domain';
import type { AgentPoolUpgradeTarget, ClusterClient, ClusterSnapshot, LatestNodeImages } from './cluster-client';
import { classifyClusterError } from './cluster-errors';
import { parseClusterResourceId, type ClusterRef } from './cluster-resource-id';
import { handleFromInitial, handleWithoutStart, startLro, type HandleBase } from './arm-lro';
import { controlPlaneOnlyBody, toClusterSnapshot, toMaintenanceWindow } from './arm-mapping';
import { aksOperationUrl, pollAsyncOperation, putAgentPoolRaw } from './arm-raw-operations';
import type { OperationHandle, OperationPoll } from './operation-handle.schema';
import { decideAgentPoolBegin, decideControlPlaneBegin, evaluateResourceState } from './upgrade-decisions';
import { RegionOffers } from './region-offers';

/** How ArmClusterClient reaches ARM. */
export interface ArmClusterClientOptions {
  /** The ARM client of a subscription (cluster-config.ts caches one per subscription). */
  clientFor(subscriptionId: string): ContainerServiceClient;
  /** ARM endpoint, e.g. https://management.azure.com; handles may only poll URLs of this origin. */
  endpoint: string;
}

/** Operation ids ARM gives (GUIDs and the like); ids such as `completed:<resource id>` name no ARM operation. */
const ARM_OPERATION_ID = /^[A-Za-z0-9._-]+$/;

/** How long a cluster just read may stand in for a fresh GET when an upgrade begins (If-Match catches changes). */
const RECENT_READ_MS = 2_000;

/** ClusterClient over the real @azure/arm-containerservice client; every failure leaves it classified. */
export class ArmClusterClient implements ClusterClient {
  private readonly endpoint: string;
  /**
   * Clusters read moments ago. A member's plan reads its cluster and then begins the upgrade: the begin takes that
   * read (once) instead of reading again. The PUT carries the read's eTag in If-Match, so a cluster changed in
   * between fails the PUT (retried with a fresh read) rather than being overwritten.
   */
  private readonly recent = new Map<string, { at: number; cluster: ManagedCluster }>();
  /** Each region's Kubernetes versions as read moments ago (RegionOffers says when a read may be reused). */
  private readonly offers = new RegionOffers();

  constructor(private readonly options: ArmClusterClientOptions) {
    this.endpoint = options.endpoint.replace(/\/+$/, '');
  }

  getCluster(clusterResourceId: string): Promise<ClusterSnapshot> {
    return classified(async () => (await this.read(clusterResourceId)).snapshot);
  }

  getMaintenanceWindow(id: string, configName: MaintenanceConfigurationName): Promise<MaintenanceWindow | undefined> {
    return classified(async () => {
      const { ref, client } = this.target(id);
      // Listing tells "no such configuration" (absent) apart from "no such cluster" (404, terminal).
      for await (const config of client.maintenanceConfigurations.listByManagedCluster(ref.resourceGroup, ref.name)) {
        if (config.name?.toLowerCase() !== configName.toLowerCase()) continue;
        return config.maintenanceWindow ? toMaintenanceWindow(config.maintenanceWindow, configName) : undefined;
      }
      return undefined;
    });
  }

  getLatestNodeImages(clusterResourceId: string): Promise<LatestNodeImages> {
    return classified(async () => {
      const { ref, client, snapshot } = await this.read(clusterResourceId);
      const entries = await Promise.all(
        snapshot.agentPools.map(async (pool) => [pool.name, await this.latestImage(client, ref, pool.name)] as const),
      );
      return Object.fromEntries(entries.filter((entry): entry is [string, string] => entry[1] !== undefined));
    });
  }

  getKubernetesUpgrades(clusterResourceId: string): Promise<string[]> {
    return classified(async () => {
      const { ref, client } = this.target(clusterResourceId);
      const profile = await client.managedClusters.getUpgradeProfile(ref.resourceGroup, ref.name);
      return (profile.controlPlaneProfile.upgrades ?? []).map((upgrade) => upgrade.kubernetesVersion ?? '');
    });
  }

  getKubernetesVersions(clusterResourceId: string, location: string, wanted?: string): Promise<string[]> {
    return classified(async () => {
      const { ref, client } = this.target(clusterResourceId);
      const region = `${ref.subscriptionId}/${location}`;
      const known = this.offers.offering(region, wanted);
      if (known) return known;
      const list = await client.managedClusters.listKubernetesVersions(location);
      const versions = (list.values ?? []).flatMap((minor) => Object.keys(minor.patchVersions ?? {}));
      this.offers.remember(region, versions);
      return versions;
    });
  }

  beginControlPlaneUpgrade(clusterResourceId: string, kubernetesVersion: string): Promise<OperationHandle> {
    return classified(async () => {
      const { ref, client } = this.target(clusterResourceId);
      const cluster =
        this.takeRecent(clusterResourceId) ?? (await client.managedClusters.get(ref.resourceGroup, ref.name));
      const base: HandleBase = { kind: 'ControlPlaneUpgrade', clusterResourceId, target: { kubernetesVersion } };
      const decision = decideControlPlaneBegin(toClusterSnapshot(ref, cluster), kubernetesVersion);
      const early = handleWithoutStart(base, decision, clusterResourceId);
      if (early) return early;
      const initial = await startLro((onResponse, abortSignal) =>
        client.managedClusters.beginCreateOrUpdate(
          ref.resourceGroup,
          ref.name,
          controlPlaneOnlyBody(cluster, kubernetesVersion),
          { onResponse, abortSignal, ...(cluster.eTag ? { ifMatch: cluster.eTag } : {}) },
        ),
      );
      return handleFromInitial(base, initial, clusterResourceId);
    });
  }

  beginAgentPoolUpgrade(id: string, agentPoolName: string, target: AgentPoolUpgradeTarget): Promise<OperationHandle> {
    return classified(async () => {
      const { ref, client, snapshot } = await this.read(id);
      const base: HandleBase = { kind: 'AgentPoolUpgrade', clusterResourceId: id, agentPoolName, target };
      const poolId = `${id}/agentPools/${agentPoolName}`;
      const early = handleWithoutStart(base, decideAgentPoolBegin(snapshot, agentPoolName, target), poolId);
      if (early) return early;
      const image = target.nodeImageVersion;
      // A Kubernetes upgrade moves the pool to its region's newest image anyway; only another image needs the raw PUT.
      if (image !== undefined && image !== (await this.latestImage(client, ref, agentPoolName))) {
        const initial = await putAgentPoolRaw({ client, endpoint: this.endpoint, ref, agentPoolName, target });
        return handleFromInitial(base, initial, poolId);
      }
      const pool = await client.agentPools.get(ref.resourceGroup, ref.name, agentPoolName);
      const body = { ...pool, orchestratorVersion: target.orchestratorVersion ?? pool.orchestratorVersion };
      const initial = await startLro((onResponse, abortSignal) =>
        client.agentPools.beginCreateOrUpdate(ref.resourceGroup, ref.name, agentPoolName, body, {
          onResponse,
          abortSignal,
          ...(pool.eTag ? { ifMatch: pool.eTag } : {}),
        }),
      );
      return handleFromInitial(base, initial, poolId);
    });
  }

  beginNodeImageUpgrade(id: string, agentPoolName: string, nodeImageVersion?: string): Promise<OperationHandle> {
    return classified(async () => {
      const { ref, client, snapshot, cluster } = await this.read(id);
      const rg = ref.resourceGroup;
      const latest = await this.latestImage(client, ref, agentPoolName);
      const image = nodeImageVersion ?? latest;
      const target = image === undefined ? {} : { nodeImageVersion: image };
      const base: HandleBase = { kind: 'NodeImageUpgrade', clusterResourceId: id, agentPoolName, target };
      const poolId = `${id}/agentPools/${agentPoolName}`;
      const early = handleWithoutStart(base, decideAgentPoolBegin(snapshot, agentPoolName, target), poolId);
      if (early) return early;
      if (image !== undefined && image !== latest) {
        const initial = await putAgentPoolRaw({ client, endpoint: this.endpoint, ref, agentPoolName, target });
        return handleFromInitial(base, initial, poolId);
      }
      // The POST has no ifMatch option in the SDK; AKS honours the header like on the PUTs.
      const eTag = poolETag(cluster, agentPoolName) ?? (await client.agentPools.get(rg, ref.name, agentPoolName)).eTag;
      const customHeaders = eTag ? { 'If-Match': eTag } : undefined;
      const initial = await startLro((onResponse, abortSignal) =>
        client.agentPools.beginUpgradeNodeImageVersion(rg, ref.name, agentPoolName, {
          onResponse,
          abortSignal,
          ...(customHeaders ? { requestOptions: { customHeaders } } : {}),
        }),
      );
      return handleFromInitial(base, initial, poolId);
    });
  }

  pollOperation(handle: OperationHandle): Promise<OperationPoll> {
    return classified(async () => {
      const { poll } = handle;
      if (poll.type === 'completed') return { status: 'Succeeded' };
      if (poll.type === 'asyncOperation') {
        const { client } = this.target(handle.clusterResourceId);
        const result = await pollAsyncOperation({ client, endpoint: this.endpoint, url: poll.url });
        if (result) return result;
      }
      // resourceState, or an operation ARM no longer knows (404): the resource tells how the upgrade ended.
      return evaluateResourceState(handle, (await this.read(handle.clusterResourceId)).snapshot);
    });
  }

  getOperation(clusterResourceId: string, operationId: string): Promise<OperationPoll | undefined> {
    return classified(async () => {
      if (!ARM_OPERATION_ID.test(operationId)) return undefined;
      const { ref, client, snapshot } = await this.read(clusterResourceId);
      const url = aksOperationUrl({
        endpoint: this.endpoint,
        apiVersion: client.apiVersion,
        ref,
        location: snapshot.location,
        operationId,
      });
      return pollAsyncOperation({ client, endpoint: this.endpoint, url });
    });
  }

  private target(clusterResourceId: string): { ref: ClusterRef; client: ContainerServiceClient } {
    const ref = parseClusterResourceId(clusterResourceId);
    return { ref, client: this.options.clientFor(ref.subscriptionId) };
  }

  private async read(clusterResourceId: string) {
    const { ref, client } = this.target(clusterResourceId);
    const cluster = await client.managedClusters.get(ref.resourceGroup, ref.name);
    const now = Date.now();
    if (this.recent.size >= 1_000) {
      for (const [id, entry] of this.recent) if (now - entry.at > RECENT_READ_MS) this.recent.delete(id);
    }
    this.recent.set(clusterResourceId.toLowerCase(), { at: now, cluster });
    return { ref, client, cluster, snapshot: toClusterSnapshot(ref, cluster) };
  }

  /** The cluster as read within the last moments, once (see `recent`). */
  private takeRecent(clusterResourceId: string): ManagedCluster | undefined {
    const key = clusterResourceId.toLowerCase();
    const entry = this.recent.get(key);
    this.recent.delete(key);
    return entry && Date.now() - entry.at <= RECENT_READ_MS ? entry.cluster : undefined;
  }

  private async latestImage(
    client: ContainerServiceClient,
    ref: ClusterRef,
    pool: string,
  ): Promise<string | undefined> {
    const profile = await client.agentPools.getUpgradeProfile(ref.resourceGroup, ref.name, pool);
    return profile.latestNodeImageVersion;
  }
}

/** The eTag of one agent pool as its cluster's GET shows it. */
function poolETag(cluster: ManagedCluster, agentPoolName: string): string | undefined {
  const name = agentPoolName.toLowerCase();
  return cluster.agentPoolProfiles?.find((profile) => profile.name.toLowerCase() === name)?.eTag;
}

async function classified<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw classifyClusterError(error);
  }
}
