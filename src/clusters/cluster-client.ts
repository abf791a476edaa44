import type { MaintenanceConfigurationName, MaintenanceWindow } from '../domain';
import type { OperationHandle, OperationPoll } from './operation-handle.schema';

export type { OperationHandle, OperationPoll, OperationKind, OperationStatus } from './operation-handle.schema';

/** An agent pool as ARM reports it: desired (`orchestratorVersion`) and running (`currentOrchestratorVersion`). */
export interface AgentPoolSnapshot {
  name: string;
  /** The version the last accepted PUT asked for; ahead of the current one while an upgrade runs. */
  orchestratorVersion: string;
  /** The version the nodes run. */
  currentOrchestratorVersion: string;
  nodeImageVersion: string;
  osType: string;
  osSku: string;
  count: number;
  mode: string;
  provisioningState: string;
}

/** A managed cluster as ARM reports it; plan against `currentKubernetesVersion`, not the desired one. */
export interface ClusterSnapshot {
  /** The ARM resource id as ARM returns it. */
  id: string;
  subscriptionId: string;
  resourceGroup: string;
  name: string;
  location: string;
  /** The version the last accepted PUT asked for; ahead of the current one while an upgrade runs. */
  kubernetesVersion: string;
  /** The version the control plane runs. */
  currentKubernetesVersion: string;
  provisioningState: string;
  agentPools: AgentPoolSnapshot[];
}

/** Agent pool name → the newest node image of its family in the cluster's region (absent = unknown). */
export type LatestNodeImages = Record<string, string>;

/** Versions an agent pool upgrade moves to; an absent field is left as it is. */
export interface AgentPoolUpgradeTarget {
  orchestratorVersion?: string;
  nodeImageVersion?: string;
}

/**
 * The port orchestration activities use to reach member clusters. Every method either resolves, throws a
 * TerminalClusterError (the member cannot continue) or a RetriableClusterError (try again later, honouring
 * `retryAfterSeconds`). `begin*` methods are idempotent: see upgrade-decisions.ts.
 */
export interface ClusterClient {
  /** Reads the cluster and its agent pools (GET managedCluster). */
  getCluster(clusterResourceId: string): Promise<ClusterSnapshot>;
  /** The planned-maintenance window of one AKS configuration, or undefined when the cluster has none. */
  getMaintenanceWindow(
    clusterResourceId: string,
    configName: MaintenanceConfigurationName,
  ): Promise<MaintenanceWindow | undefined>;
  /** The newest node image each agent pool could move to (agentPools.getUpgradeProfile per pool). */
  getLatestNodeImages(clusterResourceId: string): Promise<LatestNodeImages>;
  /** The Kubernetes versions the control plane may upgrade to (managedClusters.getUpgradeProfile). */
  getKubernetesUpgrades(clusterResourceId: string): Promise<string[]>;
  /**
   * The Kubernetes patch versions AKS offers in a region, in the cluster's subscription (listKubernetesVersions).
   * With `wanted`, a list read moments ago that offers it may answer instead (one that lacks it never does).
   */
  getKubernetesVersions(clusterResourceId: string, location: string, wanted?: string): Promise<string[]>;
  /** Starts a control-plane-only upgrade: agent pools keep their orchestratorVersion. */
  beginControlPlaneUpgrade(clusterResourceId: string, kubernetesVersion: string): Promise<OperationHandle>;
  /** Starts an agent pool upgrade to a Kubernetes version and/or a specific node image. */
  beginAgentPoolUpgrade(
    clusterResourceId: string,
    agentPoolName: string,
    target: AgentPoolUpgradeTarget,
  ): Promise<OperationHandle>;
  /** Starts a node-image-only upgrade of one pool: to `nodeImageVersion`, or to its region's newest when absent. */
  beginNodeImageUpgrade(
    clusterResourceId: string,
    agentPoolName: string,
    nodeImageVersion?: string,
  ): Promise<OperationHandle>;
  /** Polls an operation ONCE and returns at once; the orchestrator waits between polls with durable timers. */
  pollOperation(handle: OperationHandle): Promise<OperationPoll>;
  /**
   * How an operation ARM began on this cluster stands, by the id a member's row records (polled once), so an update
   * resumed after a restart learns how the operation it lost track of ended. Undefined when the id names no ARM
   * operation (`completed:`/`inflight:`/`started:` ids) or ARM no longer knows it.
   */
  getOperation(clusterResourceId: string, operationId: string): Promise<OperationPoll | undefined>;
}
