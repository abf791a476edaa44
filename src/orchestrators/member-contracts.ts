import { z } from 'zod';
import { UpgradeStepSchema } from '../activities/cluster-activity.schema';
import { OperationHandleSchema } from '../clusters/operation-handle.schema';
import { ErrorDetailSchema, ManagedClusterUpdateSchema, RunRefSchema } from './contracts';

/** A member as its group reads it from its row (see GroupMember in src/domain/group-engine.ts). */
export const GroupMemberSchema = z.object({
  name: z.string().min(1),
  clusterResourceId: z.string().min(1),
  order: z.number().int(),
  startTime: z.string().optional(),
});

/** What a member's update needs: the run, where the member sits, and the run's update goal. */
export const MemberUpdateInputSchema = z.object({
  run: RunRefSchema,
  /** The run's attempt (start) this update belongs to: an earlier attempt's update begins nothing. */
  attempt: z.number().int().nonnegative(),
  stage: z.string().min(1),
  group: z.string().min(1),
  member: GroupMemberSchema,
  managedClusterUpdate: ManagedClusterUpdateSchema,
  selectedNodeImageVersions: z.array(z.string()).optional(),
  pollIntervalSeconds: z.number().positive(),
  /** How long retriable cluster errors (a busy cluster, throttling, 5xx) are retried before the member fails. */
  busyWaitSeconds: z.number().nonnegative(),
});
export type MemberUpdateInput = z.infer<typeof MemberUpdateInputSchema>;

/**
 * Where an upgrade stands: its steps, the current one, (once begun) that step's ARM operation, and what the member
 * says when the last step succeeds (absent: "Upgrade completed.").
 */
export const UpgradeProgressSchema = z.object({
  steps: z.array(UpgradeStepSchema).min(1),
  step: z.number().int().nonnegative(),
  operation: OperationHandleSchema.optional(),
  completedMessage: z.string().optional(),
});
export type UpgradeProgress = z.infer<typeof UpgradeProgressSchema>;

/**
 * How far a member's update got. `Running`: not over yet; it goes on after a durable timer from `progress` (no
 * progress: decide again), `retryAfterSeconds` from now; `retryingSince` is when retriable errors began.
 */
export const MemberOutcomeSchema = z.discriminatedUnion('state', [
  z.object({ state: z.literal('Completed') }),
  z.object({ state: z.literal('Skipped') }),
  z.object({ state: z.literal('Failed'), error: ErrorDetailSchema }),
  z.object({ state: z.literal('Pending'), until: z.string() }),
  /** The run was stopped or halted, or the member skipped, before anything was done. */
  z.object({ state: z.literal('NotStarted') }),
  z.object({
    state: z.literal('Running'),
    startTime: z.string(),
    progress: UpgradeProgressSchema.optional(),
    retryAfterSeconds: z.number().nonnegative().optional(),
    retryingSince: z.string().optional(),
  }),
]);
export type MemberOutcome = z.infer<typeof MemberOutcomeSchema>;

/** Input of the member orchestration and of the activity that advances an upgrade. */
export const MemberContinueInputSchema = MemberUpdateInputSchema.extend({
  running: MemberOutcomeSchema.options[5],
});
export type MemberContinueInput = z.infer<typeof MemberContinueInputSchema>;
