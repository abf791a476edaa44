import { z } from 'zod';

/** Which upgrade an operation performs. */
export const OPERATION_KINDS = ['ControlPlaneUpgrade', 'AgentPoolUpgrade', 'NodeImageUpgrade'] as const;
/** Which upgrade an operation performs. */
export type OperationKind = (typeof OPERATION_KINDS)[number];

/** ARM's terminal states are Succeeded, Failed and Canceled; everything else is InProgress. */
export const OPERATION_STATUSES = ['InProgress', 'Succeeded', 'Failed', 'Canceled'] as const;
/** ARM's operation status, normalised to the four values. */
export type OperationStatus = (typeof OPERATION_STATUSES)[number];

/** An ARM error as carried in data: the code and message the member fails with. */
export const ClusterErrorDetailSchema = z.object({ code: z.string().min(1), message: z.string() });
/** An ARM error as carried in data. */
export type ClusterErrorDetail = z.infer<typeof ClusterErrorDetailSchema>;

/**
 * How an operation is polled: `completed` (nothing was started, the resource was already at the target),
 * `asyncOperation` (GET ARM's Azure-AsyncOperation URL) or `resourceState` (GET the cluster or pool and read its
 * provisioningState and versions: used when an upgrade we did not start, or lost track of, is already running).
 */
export const PollMethodSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('completed') }),
  z.object({ type: z.literal('asyncOperation'), url: z.url({ protocol: /^https?$/ }) }),
  z.object({ type: z.literal('resourceState') }),
]);
/** How an operation is polled. */
export type PollMethod = z.infer<typeof PollMethodSchema>;

/** A started (or found, or unnecessary) upgrade, as plain JSON so it can live in orchestration history. */
export const OperationHandleSchema = z.object({
  /** ARM's operation id, or `completed:`/`inflight:` + the resource id when no operation of ours was started. */
  operationId: z.string().min(1),
  kind: z.enum(OPERATION_KINDS),
  clusterResourceId: z.string().min(1),
  agentPoolName: z.string().min(1).optional(),
  /** What the resource must reach for the operation to count as Succeeded. */
  target: z.object({
    kubernetesVersion: z.string().min(1).optional(),
    orchestratorVersion: z.string().min(1).optional(),
    nodeImageVersion: z.string().min(1).optional(),
  }),
  poll: PollMethodSchema,
});
/** A started (or found, or unnecessary) upgrade. */
export type OperationHandle = z.infer<typeof OperationHandleSchema>;

/** The result of one poll; `retryAfterSeconds` only when ARM sent Retry-After. */
export const OperationPollSchema = z.object({
  status: z.enum(OPERATION_STATUSES),
  error: ClusterErrorDetailSchema.optional(),
  retryAfterSeconds: z.number().min(0).optional(),
});
/** The result of one poll. */
export type OperationPoll = z.infer<typeof OperationPollSchema>;
