import { z } from 'zod';
import type { ClusterClient } from '../clusters/cluster-client';
import type { OperationHandle } from '../clusters/operation-handle.schema';
import {
  ManagedClusterUpdateSchema,
  MemberCursorSchema,
  StatusWriteSchema,
  type MemberPlan,
} from '../orchestrators/contracts';
import { BeginStepInputSchema, UpgradeStepSchema } from './cluster-activity.schema';
import { createClusterActivities, decideInspected, type MemberInspection } from './cluster.activities';
import { describe, MemberRecordSchema, retryOf, type StepBegin, type StepPoll } from './member-step';

// A member's turn as the group hands it to its activities, and that turn's calls to its cluster: read, decide,
// begin a step, poll it. Every outcome comes back as data (terminal errors fail the member, retriable ones retry).

/** When a window is closed with no known next opening, look again after this long. */
const NO_OPENING_RECHECK_MS = 3_600_000;
const DEFAULT_FAILURE_CODE = 'UpgradeFailed';

/** A member's turn as the group hands it to planMember. */
export const TurnInputSchema = z.object({
  clusterResourceId: z.string().min(1),
  managedClusterUpdate: ManagedClusterUpdateSchema,
  selectedNodeImageVersions: z.array(z.string()).optional(),
  now: z.string(),
  record: MemberRecordSchema,
  /** An upgrade is begun and advanced in this same activity (see `advance`), polling at this interval. */
  advance: z.object({ pollIntervalSeconds: z.number().positive() }),
  /** The run's intent is checked first: a stop, a halt or a skip of this member means do nothing ('halted'). */
  gate: z.object({ stage: z.string(), group: z.string(), member: z.string() }),
  /**
   * When the group's current attempt began: a row of this member stamped since then, Running or Completed by an
   * upgrade's own hand, is this turn's (an activity running again after a crash finds it).
   */
  since: z.string().optional(),
  /** The turn starts when the member before it ends (see `next`): its startTime is stamped then. */
  stampStart: z.boolean().optional(),
});
export type TurnInput = z.infer<typeof TurnInputSchema>;

export const PlanInputSchema = TurnInputSchema.extend({
  /** Rows the group still owes (members that completed): written in one transaction with this member's row. */
  carry: z.array(StatusWriteSchema).optional(),
  /**
   * The member whose turn comes when this one's upgrade ends: if it ends within the activity, the activity begins
   * the next one's upgrade at once (see `advance`).
   */
  next: TurnInputSchema.optional(),
  /** See AdvanceInput `close`. */
  close: StatusWriteSchema.optional(),
});
export type PlanInput = z.infer<typeof PlanInputSchema>;

export const AdvanceInputSchema = z.object({
  clusterResourceId: z.string().min(1),
  steps: z.array(UpgradeStepSchema).min(1),
  cursor: MemberCursorSchema,
  record: MemberRecordSchema.optional(),
  pollIntervalSeconds: z.number().positive(),
  /** The member whose turn comes when this upgrade ends (see PlanInput `next`); needs `record`. */
  next: TurnInputSchema.optional(),
  /**
   * The group's Completed row, when this member is the last of its group: if the upgrade completes here, it is
   * written (with its completedTime) in one transaction with the member's Completed row. Needs `record`.
   */
  close: StatusWriteSchema.optional(),
});

/** What a member's turn read from its cluster, or the outcome of a read that failed. */
export type Reading = { seen: MemberInspection } | { plan: Extract<MemberPlan, { action: 'fail' | 'retry' }> };

/** A member's calls to its cluster over a ClusterClient, with their outcomes as data. */
export function createMemberClusterSteps(client: ClusterClient) {
  const cluster = createClusterActivities(client);
  return {
    /** Reads what a member's turn decides on: its cluster, its maintenance window, its pools' newest images. */
    async read(input: TurnInput): Promise<Reading> {
      try {
        const result = await cluster.inspectMember({
          clusterResourceId: input.clusterResourceId,
          upgradeType: input.managedClusterUpdate.upgrade.type,
        });
        return result.ok ? { seen: result.value } : { plan: { action: 'fail', error: result.error } };
      } catch (error) {
        return { plan: { action: 'retry', ...retryOf(error) } };
      }
    },

    decide(input: TurnInput, seen: MemberInspection): Exclude<MemberPlan, { action: 'halted' | 'completed' }> {
      const decision = decideInspected(
        {
          clusterResourceId: input.clusterResourceId,
          upgrade: input.managedClusterUpdate.upgrade,
          ...(input.managedClusterUpdate.nodeImageSelection
            ? { nodeImageSelection: input.managedClusterUpdate.nodeImageSelection }
            : {}),
          selectedNodeImageVersions: (input.selectedNodeImageVersions ?? []).map((version) => ({ version })),
          now: input.now,
        },
        seen,
      );
      if (decision.action === 'wait') {
        const next = decision.nextOpening ?? new Date(Date.parse(input.now) + NO_OPENING_RECHECK_MS).toISOString();
        return { action: 'wait', nextAttemptAt: next, message: decision.message };
      }
      return decision;
    },
    async beginStep(raw: unknown): Promise<StepBegin> {
      const input = BeginStepInputSchema.parse(raw);
      try {
        const result = await cluster.beginStep(input);
        if (!result.ok) return { outcome: 'failed', error: result.error };
        return {
          outcome: 'started',
          handle: result.value,
          operationId: result.value.operationId,
          message: describe(input.step),
        };
      } catch (error) {
        return { outcome: 'retry', ...retryOf(error) };
      }
    },

    async poll(handle: OperationHandle): Promise<StepPoll> {
      try {
        const result = await cluster.pollStep(handle);
        if (!result.ok) return { outcome: 'failed', error: result.error };
        const poll = result.value;
        if (poll.status === 'Succeeded') return { outcome: 'succeeded' };
        if (poll.status === 'InProgress') {
          return {
            outcome: 'inProgress',
            ...(poll.retryAfterSeconds !== undefined ? { retryAfterSeconds: poll.retryAfterSeconds } : {}),
          };
        }
        return {
          outcome: 'failed',
          error: poll.error ?? { code: DEFAULT_FAILURE_CODE, message: `The upgrade operation ended ${poll.status}.` },
        };
      } catch (error) {
        return { outcome: 'retry', ...retryOf(error) };
      }
    },
  };
}
