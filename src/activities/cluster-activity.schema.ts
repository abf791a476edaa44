import { z } from 'zod';
import { ClusterErrorDetailSchema, OperationHandleSchema } from '../clusters/operation-handle.schema';

const Version = z.string().trim().min(1);
const ClusterResourceId = z.string().trim().min(1);
/** Instants travel as ISO strings (the orchestrator passes context.df.currentUtcDateTime.toISOString()). */
const IsoInstant = z.iso.datetime({ offset: true });

export const UpgradeSpecSchema = z.object({
  type: z.enum(['Full', 'NodeImageOnly', 'ControlPlaneOnly']),
  kubernetesVersion: Version.optional(),
});

export const NodeImageSelectionSchema = z.object({
  type: z.enum(['Latest', 'Consistent', 'Custom']),
  customNodeImageVersions: z.array(z.object({ version: Version })).optional(),
});

/** Input of inspectMember. */
export const InspectMemberInputSchema = z.object({
  clusterResourceId: ClusterResourceId,
  upgradeType: UpgradeSpecSchema.shape.type,
  /** The run's Kubernetes target: without a patch (`1.33`), the versions the cluster is offered are read too. */
  kubernetesVersion: z.string().optional(),
});
export type InspectMemberInput = z.input<typeof InspectMemberInputSchema>;

/** Input of planMember: the run's upgrade and node image selection, and the orchestrator's `now`. */
export const PlanMemberInputSchema = z.object({
  clusterResourceId: ClusterResourceId,
  upgrade: UpgradeSpecSchema,
  nodeImageSelection: NodeImageSelectionSchema.default({ type: 'Latest' }),
  /** The run's `status.nodeImageSelection.selectedNodeImageVersions` (Consistent). */
  selectedNodeImageVersions: z.array(z.object({ version: Version })).default([]),
  now: IsoInstant,
  /** The fleet member's name, as its messages name it (default: the cluster's). */
  member: z.string().min(1).optional(),
});
export type PlanMemberInput = z.input<typeof PlanMemberInputSchema>;

/** One upgrade call on a Member; run in order, each to completion, before the next. */
export const UpgradeStepSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('ControlPlane'), kubernetesVersion: Version }),
  z.object({
    kind: z.literal('AgentPool'),
    agentPoolName: z.string().min(1),
    kubernetesVersion: Version,
    nodeImageVersion: Version.optional(),
  }),
  z.object({ kind: z.literal('NodeImage'), agentPoolName: z.string().min(1), nodeImageVersion: Version.optional() }),
]);
/** One upgrade call on a Member. */
export type UpgradeStep = z.infer<typeof UpgradeStepSchema>;

/** Input of beginStep. */
export const BeginStepInputSchema = z.object({ clusterResourceId: ClusterResourceId, step: UpgradeStepSchema });
export type BeginStepInput = z.input<typeof BeginStepInputSchema>;

/** Input of pollStep: the handle beginStep returned, untouched. */
export const PollStepInputSchema = OperationHandleSchema;
export type PollStepInput = z.input<typeof PollStepInputSchema>;

/** Input of collectNodeImageInventory: the run's Members and their clusters. */
export const InventoryInputSchema = z.object({
  members: z.array(z.object({ member: z.string().min(1), clusterResourceId: ClusterResourceId })),
});
export type InventoryInput = z.input<typeof InventoryInputSchema>;

/** A terminal failure as data: the Member fails with this ARM code and message. */
export const ActivityFailureSchema = z.object({ ok: z.literal(false), error: ClusterErrorDetailSchema });
export type ActivityFailure = z.infer<typeof ActivityFailureSchema>;

/** What every cluster activity returns: its value, or a terminal failure. Retriable failures are thrown. */
export type ActivityResult<T> = { ok: true; value: T } | ActivityFailure;
