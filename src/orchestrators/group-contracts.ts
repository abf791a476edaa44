import { z } from 'zod';
import type { GroupState } from '../domain/group-engine';
import {
  ErrorDetailSchema,
  ManagedClusterUpdateSchema,
  PlannedGroupSchema,
  RunControlSchema,
  RunRefSchema,
  UpdateStateSchema,
  type RunPlan,
} from './contracts';
import { GroupMemberSchema } from './member-contracts';

// What the run orchestration and its group orchestrations hand each other.

/** A page of a group's members, as ReadGroupMembers reads it (BeginUpdateGroup reads the first). */
export const MembersPageSchema = z.object({
  members: z.array(GroupMemberSchema),
  cursor: z.string().optional(),
  exhausted: z.boolean(),
});
/** BeginUpdateGroup's answer: the intent as the group began, and its first page of members. */
export const GroupBegunSchema = z.object({ control: RunControlSchema, page: MembersPageSchema });
/** ReadDueMembers' answer: the Pending members whose windows opened, and when the next one opens. */
export const DueMembersSchema = z.object({ members: z.array(GroupMemberSchema), nextOpening: z.string().optional() });

/** A group's state between two executions of its orchestration (see GroupState in src/domain/group-engine.ts). */
export const GroupStateSchema: z.ZodType<GroupState> = z.object({
  stage: z.string(),
  group: z.string(),
  maxConcurrency: z.number().int().positive(),
  maxFailures: z.number().int().nonnegative().default(0),
  failures: z.number().int().nonnegative().default(0),
  queue: z.array(GroupMemberSchema),
  cursor: z.string().optional(),
  exhausted: z.boolean(),
  reading: z.boolean(),
  inFlight: z.array(GroupMemberSchema),
  awaitingIntent: z.boolean(),
  skippedInFlight: z.array(z.string()),
  nextOpening: z.string().optional(),
  halted: z.boolean(),
  skipped: z.boolean(),
  skipsApplied: z.number().int().nonnegative(),
  failure: ErrorDetailSchema.optional(),
  endedSinceCheckpoint: z.number().int().nonnegative(),
});

/** Input of one group orchestration; `carried` is its state when it continues as new (bounded history). */
export const GroupInputSchema = z.object({
  run: RunRefSchema,
  runInstanceId: z.string(),
  stage: z.string(),
  group: PlannedGroupSchema,
  managedClusterUpdate: ManagedClusterUpdateSchema,
  selectedNodeImageVersions: z.array(z.string()).optional(),
  pollIntervalSeconds: z.number().positive(),
  busyWaitSeconds: z.number().nonnegative(),
  attempt: z.number().int().nonnegative(),
  /**
   * The other groups of the stage: their instances (groupInstanceId) and the run's are woken when this group fails
   * (fail-fast). Names, not ids, keep the run's history small.
   */
  siblings: z.array(z.string()),
  /** The stage's threshold, which every member failure of the group is counted against (RecordMemberFailure). */
  stageMaxAllowedFailures: z.number().int().nonnegative().default(0),
  carried: z.object({ state: GroupStateSchema, startTime: z.string() }).optional(),
});
export type GroupInput = z.infer<typeof GroupInputSchema>;

/** What a group reports back: its final state. */
export const GroupResultSchema = z.object({ state: UpdateStateSchema, error: ErrorDetailSchema.optional() });
export type GroupResult = z.infer<typeof GroupResultSchema>;

/** A group orchestration's input, but its group. */
export function groupInputOf(o: {
  plan: RunPlan;
  selected: string[] | undefined;
  stage: string;
  stageMaxAllowedFailures: number;
  siblings: string[];
  runInstanceId: string;
}): Omit<GroupInput, 'group'> {
  return {
    run: o.plan.run,
    runInstanceId: o.runInstanceId,
    stage: o.stage,
    managedClusterUpdate: o.plan.managedClusterUpdate,
    ...(o.selected ? { selectedNodeImageVersions: o.selected } : {}),
    pollIntervalSeconds: o.plan.pollIntervalSeconds,
    busyWaitSeconds: o.plan.busyWaitSeconds,
    attempt: o.plan.attempt,
    siblings: o.siblings,
    stageMaxAllowedFailures: o.stageMaxAllowedFailures,
  };
}
