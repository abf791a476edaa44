import { z } from 'zod';
import { MaintenanceConfigurationPropertiesSchema } from './maintenance-configuration.schema';

/** An agent pool as stored (inside its cluster's row). */
export const PoolRecordSchema = z.object({
  name: z.string(),
  count: z.number().int(),
  vmSize: z.string(),
  osType: z.string(),
  osSKU: z.string(),
  mode: z.string(),
  /** Desired version (what the last accepted PUT asked for). */
  orchestratorVersion: z.string(),
  /** Version the nodes actually run. */
  currentOrchestratorVersion: z.string(),
  nodeImageVersion: z.string(),
  provisioningState: z.string(),
  tags: z.record(z.string(), z.string()).optional(),
  /** Changes whenever a write changes the pool (If-Match compares it); absent in records stored before eTags. */
  eTag: z.string().optional(),
});
/** An agent pool as stored. */
export type PoolRecord = z.infer<typeof PoolRecordSchema>;

/** A managed cluster as stored: one table row, pools embedded so an upgrade is one atomic write. */
export const ClusterRecordSchema = z.object({
  subscriptionId: z.string(),
  resourceGroup: z.string(),
  name: z.string(),
  location: z.string(),
  tags: z.record(z.string(), z.string()),
  dnsPrefix: z.string(),
  kubernetesVersion: z.string(),
  currentKubernetesVersion: z.string(),
  provisioningState: z.string(),
  createdAt: z.string(),
  pools: z.array(PoolRecordSchema),
  /** Changes on every write of the cluster (If-Match compares it); absent in records stored before eTags. */
  eTag: z.string().optional(),
});
/** A managed cluster as stored. */
export type ClusterRecord = z.infer<typeof ClusterRecordSchema>;

/** A maintenance configuration as stored. */
export const MaintenanceRecordSchema = z.object({
  subscriptionId: z.string(),
  resourceGroup: z.string(),
  clusterName: z.string(),
  name: z.string(),
  properties: MaintenanceConfigurationPropertiesSchema,
});
/** A maintenance configuration as stored. */
export type MaintenanceRecord = z.infer<typeof MaintenanceRecordSchema>;

export const OPERATION_STATUSES = ['InProgress', 'Succeeded', 'Failed', 'Canceled'] as const;
/** ARM operation status; only InProgress is non-terminal. */
export type OperationStatus = (typeof OPERATION_STATUSES)[number];

const ChangeSchema = z.object({ from: z.string(), to: z.string() });

/** What one upgrade operation changes on one pool. */
export const PoolChangeSchema = z.object({
  name: z.string(),
  orchestratorVersion: ChangeSchema.optional(),
  nodeImageVersion: ChangeSchema.optional(),
});
/** What one upgrade operation changes on one pool. */
export type PoolChange = z.infer<typeof PoolChangeSchema>;

export const OPERATION_KINDS = ['ManagedClusterUpgrade', 'AgentPoolUpgrade', 'NodeImageUpgrade'] as const;
/** Which ARM call started an operation. */
export type OperationKind = (typeof OPERATION_KINDS)[number];

/** An upgrade operation: the ARM async operation and the log entry the e2e tests read. */
export const OperationRecordSchema = z.object({
  id: z.string(),
  kind: z.enum(OPERATION_KINDS),
  subscriptionId: z.string(),
  resourceGroup: z.string(),
  clusterName: z.string(),
  location: z.string(),
  /** ARM id of the resource the call addressed (cluster or agent pool). */
  resourceId: z.string(),
  status: z.enum(OPERATION_STATUSES),
  startTime: z.string(),
  expectedEndTime: z.string(),
  endTime: z.string().optional(),
  kubernetesVersion: ChangeSchema.optional(),
  pools: z.array(PoolChangeSchema),
  /** Decided at start from `sim-fail-next`: the operation fails with this at its end. */
  plannedFailure: z.object({ code: z.string(), message: z.string() }).optional(),
  error: z.object({ code: z.string(), message: z.string() }).optional(),
});
/** An upgrade operation and its log entry. */
export type OperationRecord = z.infer<typeof OperationRecordSchema>;
