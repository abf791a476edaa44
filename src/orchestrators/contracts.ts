import { z } from 'zod';
import { statusKey } from '../api/update-run-status';

/** The run an orchestration works on. */
export const RunRefSchema = z.object({
  subscriptionId: z.string().min(1),
  resourceGroupName: z.string().min(1),
  fleetName: z.string().min(1),
  runName: z.string().min(1),
});
export type RunRef = z.infer<typeof RunRefSchema>;

export const UpdateStateSchema = z.enum([
  'NotStarted',
  'Running',
  'Pending',
  'Stopping',
  'Stopped',
  'Skipped',
  'Failed',
  'Completed',
]);

export const ErrorDetailSchema = z.object({ code: z.string(), message: z.string(), target: z.string().optional() });
export type ErrorDetail = z.infer<typeof ErrorDetailSchema>;

export const UpdateStatusSchema = z.object({
  state: UpdateStateSchema,
  startTime: z.string().optional(),
  completedTime: z.string().optional(),
  error: ErrorDetailSchema.optional(),
});
export type UpdateStatusData = z.infer<typeof UpdateStatusSchema>;

/** States that need nothing more done: a stage, group or member in one is not run again. */
export const FINISHED_STATES: readonly string[] = ['Completed', 'Skipped'];

export const ManagedClusterUpdateSchema = z.object({
  upgrade: z.object({
    type: z.enum(['Full', 'NodeImageOnly', 'ControlPlaneOnly']),
    kubernetesVersion: z.string().optional(),
  }),
  nodeImageSelection: z
    .object({
      type: z.enum(['Latest', 'Consistent', 'Custom']),
      customNodeImageVersions: z.array(z.object({ version: z.string() })).optional(),
    })
    .optional(),
});
export type ManagedClusterUpdateData = z.infer<typeof ManagedClusterUpdateSchema>;

/** One status row to write: `key` as in statusKey (run, stage|s, wait|s, group|s|g, member|s|g|m, nodeImage). */
export const StatusWriteSchema = z.object({
  key: z.string().min(1),
  status: UpdateStatusSchema.optional(),
  clusterResourceId: z.string().optional(),
  operationId: z.string().optional(),
  message: z.string().optional(),
  order: z.number().int().optional(),
  selectedNodeImageVersions: z.array(z.string()).optional(),
});
export type StatusWrite = z.infer<typeof StatusWriteSchema>;

export const WriteStatusInputSchema = z.object({
  run: RunRefSchema,
  rows: z.array(StatusWriteSchema),
  /** Read the run's intent with the write and return it (default); false when the caller has no use for it. */
  readIntent: z.boolean().optional(),
});

/** The user's intent for a run, written by the start/stop/skip actions; orchestrations only read it. */
export const SkipTargetSchema = z.object({
  type: z.enum(['Member', 'Group', 'Stage', 'AfterStageWait']),
  name: z.string().min(1),
});
export type SkipTargetData = z.infer<typeof SkipTargetSchema>;

export const RunControlSchema = z.object({
  attempt: z.number().int().nonnegative(),
  stopRequested: z.boolean(),
  skips: z.array(SkipTargetSchema),
  halted: z.object({ code: z.string(), message: z.string() }).optional(),
});
export type RunControl = z.infer<typeof RunControlSchema>;

export const PlannedMemberSchema = z.object({
  name: z.string(),
  clusterResourceId: z.string(),
  order: z.number().int(),
  status: UpdateStatusSchema,
  operationId: z.string().optional(),
  message: z.string().optional(),
});
export type PlannedMemberData = z.infer<typeof PlannedMemberSchema>;

/**
 * A group as the run orchestrator knows it. Its members are not here: they live in the run's status rows (written
 * when the run's plan is loaded) and the group reads them when it begins, so the run's history stays small however
 * big the fleet (every episode of the run replays it).
 */
export const PlannedGroupSchema = z.object({
  name: z.string(),
  status: UpdateStatusSchema,
  maxConcurrency: z.number().int().positive(),
});
export type PlannedGroup = z.infer<typeof PlannedGroupSchema>;

export const PlannedStageSchema = z.object({
  name: z.string(),
  status: UpdateStatusSchema,
  groups: z.array(PlannedGroupSchema),
  afterStageWaitInSeconds: z.number().int().nonnegative(),
  /** Ceiling of member upgrades in flight across the stage's groups. */
  maxConcurrency: z.number().int().positive(),
  waitStatus: UpdateStatusSchema.optional(),
});
export type PlannedStage = z.infer<typeof PlannedStageSchema>;

/** Everything the run orchestrator needs, loaded once per start (the plan is frozen at the first start). */
export const RunPlanSchema = z.object({
  run: RunRefSchema,
  attempt: z.number().int().nonnegative(),
  status: UpdateStatusSchema,
  stages: z.array(PlannedStageSchema),
  managedClusterUpdate: ManagedClusterUpdateSchema,
  selectedNodeImageVersions: z.array(z.string()).optional(),
  /** Seconds between polls of an in-flight AKS operation (from configuration). */
  pollIntervalSeconds: z.number().positive(),
});
export type RunPlan = z.infer<typeof RunPlanSchema>;

/** An update order computed ahead of time: when (`at`), and the member names in order. */
export const PriorOrderSchema = z.object({ at: z.string(), names: z.array(z.string()) });
export type PriorOrder = z.infer<typeof PriorOrderSchema>;

/** Input of one group sub-orchestration. */
export const GroupInputSchema = z.object({
  run: RunRefSchema,
  runInstanceId: z.string(),
  stage: z.string(),
  group: PlannedGroupSchema,
  managedClusterUpdate: ManagedClusterUpdateSchema,
  selectedNodeImageVersions: z.array(z.string()).optional(),
  pollIntervalSeconds: z.number().positive(),
  attempt: z.number().int().nonnegative(),
  /**
   * The other groups of the stage: their instances (groupInstanceId) and the run's are woken when this group fails
   * (fail-fast). Names, not ids, keep the run's history small.
   */
  siblings: z.array(z.string()),
  /** Started with its stage (BeginUpdateStage): the intent as the stage's start read it. */
  begun: z.object({ control: RunControlSchema }).optional(),
  /** Its members put in update order while the stage before ran (used only while fresh: applyPriorOrder). */
  order: PriorOrderSchema.optional(),
});
export type GroupInput = z.infer<typeof GroupInputSchema>;

/** What a group reports back: its final state and each member's. */
export const GroupResultSchema = z.object({
  state: UpdateStateSchema,
  members: z.record(z.string(), UpdateStateSchema),
  error: ErrorDetailSchema.optional(),
});
export type GroupResult = z.infer<typeof GroupResultSchema>;

/**
 * Where a member's upgrade stands: the index of its current step and, once that step began, its operation (the
 * handle the cluster client returned, untouched).
 */
export const MemberCursorSchema = z.object({
  step: z.number().int().nonnegative(),
  handle: z.unknown().optional(),
  operationId: z.string().optional(),
});
export type MemberCursor = z.infer<typeof MemberCursorSchema>;

/**
 * A member's turn taken by the activity of the member before it, right as that one completed: when it started, and
 * its plan (a MemberPlan, parsed by whoever follows it on).
 */
export const NextTurnSchema = z.object({ member: z.string(), startTime: z.string(), plan: z.unknown() });
export type NextTurn = z.infer<typeof NextTurnSchema>;

/** The message of a member's Completed row. */
export const COMPLETED_MESSAGE = 'Upgrade completed.';

/** What one advance of a member's upgrade reached: done, failed, or where to go on from after a durable timer. */
export const MemberProgressSchema = z.discriminatedUnion('outcome', [
  /**
   * Succeeded at `completedTime`. The Completed row is not written yet: the group writes it in one transaction
   * with the next member's first row (or on its own when nothing starts next), so the two flip together. With
   * `next`, the activity took the next member's turn itself and wrote the row with that turn's first one.
   */
  z.object({
    outcome: z.literal('completed'),
    completedTime: z.string(),
    operationId: z.string().optional(),
    next: NextTurnSchema.optional(),
    /** The member ended its group: its row was written with the group's Completed row (the activity's `close`). */
    closed: z.literal(true).optional(),
  }),
  z.object({ outcome: z.literal('failed'), error: ErrorDetailSchema }),
  /**
   * Still in flight; `retryAfterSeconds` is ARM's Retry-After on the last poll (see nextPollSeconds). `justBegun`:
   * the step was begun and not polled yet, so it is advanced at once.
   */
  z.object({
    outcome: z.literal('inProgress'),
    cursor: MemberCursorSchema,
    retryAfterSeconds: z.number().nonnegative().optional(),
    justBegun: z.literal(true).optional(),
  }),
  /** Throttled or a transient error: back off (Retry-After honoured) and advance again from the cursor. */
  z.object({
    outcome: z.literal('retry'),
    cursor: MemberCursorSchema,
    retryAfterSeconds: z.number().nonnegative(),
    error: ErrorDetailSchema,
  }),
]);
export type MemberProgress = z.infer<typeof MemberProgressSchema>;

/** Input of one member sub-orchestration. */
export const MemberInputSchema = z.object({
  run: RunRefSchema,
  stage: z.string(),
  group: z.string(),
  member: PlannedMemberSchema,
  managedClusterUpdate: ManagedClusterUpdateSchema,
  selectedNodeImageVersions: z.array(z.string()).optional(),
  pollIntervalSeconds: z.number().positive(),
  /**
   * The group already ran the member's plan activity and it did not end the member (the upgrade outlasted the
   * activity, or a retriable error needs a back-off): go on from that plan.
   */
  resume: z.unknown().optional(),
});
export type MemberInput = z.infer<typeof MemberInputSchema>;

export const MemberResultSchema = z.object({
  /** NotStarted: the intent changed before anything was done (see MemberPlan 'halted'). */
  state: z.enum(['Completed', 'Skipped', 'Failed', 'Pending', 'NotStarted']),
  /** For Pending: when the member's maintenance window opens next (ISO). */
  nextAttemptAt: z.string().optional(),
  error: ErrorDetailSchema.optional(),
  /** Completed, with its row still to be written by the group (see MemberProgress 'completed'). */
  completedTime: z.string().optional(),
  operationId: z.string().optional(),
});
export type MemberResult = z.infer<typeof MemberResultSchema>;

/** Deterministic instance ids (no '/', '\\', '#', '?'): the actions raise events to them. */
export function runInstanceId(run: RunRef): string {
  return ['updaterun', run.subscriptionId, run.resourceGroupName, run.fleetName, run.runName].join(':').toLowerCase();
}

export function groupInstanceId(runInstance: string, attempt: number, stage: string, group: string): string {
  return `${runInstance}:${attempt}:${stage}:${group}`.toLowerCase();
}

/** Status row keys: the API's keys plus the row holding the Consistent node image selection. */
export const statusKeys = { ...statusKey, nodeImage: (): string => 'nodeImage' };

/** Outcome of planning one member's upgrade at the moment it is its turn. */
export const MemberPlanSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('skip'), message: z.string() }),
  /** At the target because this turn already upgraded it (the activity ran again after a crash): Completed. */
  z.object({ action: z.literal('completed') }),
  z.object({ action: z.literal('wait'), nextAttemptAt: z.string(), message: z.string() }),
  z.object({
    action: z.literal('upgrade'),
    steps: z.array(z.unknown()).min(1),
    message: z.string().optional(),
    /** When asked, the plan activity already began the upgrade and advanced it as far as it could. */
    progress: MemberProgressSchema.optional(),
  }),
  z.object({ action: z.literal('fail'), error: ErrorDetailSchema }),
  z.object({ action: z.literal('retry'), retryAfterSeconds: z.number().nonnegative(), error: ErrorDetailSchema }),
  /** The run was stopped or halted, or the member skipped, since the group decided to start it: nothing done. */
  z.object({ action: z.literal('halted') }),
]);
export type MemberPlan = z.infer<typeof MemberPlanSchema>;

export const OrderMembersInputSchema = z.object({
  members: z.array(z.object({ name: z.string(), clusterResourceId: z.string() })),
  upgradeType: z.enum(['Full', 'NodeImageOnly', 'ControlPlaneOnly']),
  now: z.string(),
});

/**
 * A group's first step: its Running row (unless its stage wrote it), its members read from the run's status rows
 * and put in update order by maintenance window, the intent.
 */
/** What a group's first step needs to take its first member's turn itself (see BeginGroupInput `first`). */
export const FirstTurnSchema = z.object({
  managedClusterUpdate: ManagedClusterUpdateSchema,
  selectedNodeImageVersions: z.array(z.string()).optional(),
  pollIntervalSeconds: z.number().positive(),
  /** When the group's attempt began (see the plan activity's `since`). */
  since: z.string(),
});

export const BeginGroupInputSchema = z.object({
  run: RunRefSchema,
  stage: z.string(),
  group: z.string(),
  /** The group's Running row: written with its first member's first row (or alone when none starts). */
  rows: z.array(StatusWriteSchema),
  upgradeType: OrderMembersInputSchema.shape.upgradeType,
  now: z.string(),
  order: PriorOrderSchema.optional(),
  /** The intent as the run just read it (a group begun with its stage): not read again. */
  control: RunControlSchema.optional(),
  /**
   * Take the turn of the member first in line (unless the intent says stop) as its plan activity would, as far as
   * beginning its upgrade: the group advances it and may start others meanwhile.
   */
  first: FirstTurnSchema.optional(),
});

/** A stage's groups to put in update order ahead of its start (while the stage before it runs). */
export const OrderStageInputSchema = z.object({
  run: RunRefSchema,
  stage: z.string(),
  groups: z.array(z.string()),
  upgradeType: OrderMembersInputSchema.shape.upgradeType,
  now: z.string(),
});
/** Each group's unfinished members in update order, as of `at`. */
export const StageOrderSchema = z.object({ at: z.string(), groups: z.record(z.string(), z.array(z.string())) });
export type StageOrder = z.infer<typeof StageOrderSchema>;
export const BeginGroupResultSchema = z.object({
  /** The group's members, in update order. */
  members: z.array(PlannedMemberSchema),
  control: RunControlSchema,
  /** The turn taken of the member first in line (see `first` of the input). */
  first: NextTurnSchema.optional(),
});
export type BeginGroupResult = z.infer<typeof BeginGroupResultSchema>;

/**
 * A stage's start in one round trip: the intent is read first; unless it says stop, the stage's Running row is
 * written (`rows` are written either way).
 */
export const BeginStageInputSchema = z.object({
  run: RunRefSchema,
  rows: z.array(StatusWriteSchema),
  unlessStopping: z.array(StatusWriteSchema),
});
export const BeginStageResultSchema = z.object({ control: RunControlSchema });
export type BeginStageResult = z.infer<typeof BeginStageResultSchema>;
