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
  /** A member row's place in its group's plan (0 first): it decides the row's partition. */
  order: z.number().int().optional(),
  /** Member rows only, while Pending: when its maintenance window opens (its group reads the due ones back). */
  notBefore: z.string().optional(),
  /** Gate rows only: the gate resource's id. */
  gateId: z.string().optional(),
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

export const RunControlSchema = z.object({
  attempt: z.number().int().nonnegative(),
  stopRequested: z.boolean(),
  skips: z.array(SkipTargetSchema),
  halted: z.object({ code: z.string(), message: z.string() }).optional(),
  /** Member failures of this attempt by stage, counted against each stage's maxAllowedFailures. */
  failures: z.record(z.string(), z.number().int().nonnegative()).optional(),
  /** When the latest start took its attempt: a concurrent start finds it and stands back (see the start action). */
  startRequestedAt: z.string().optional(),
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
/** The approval gates before or after a stage or group, in the strategy's order (only their names are needed). */
export const GatesSchema = z.array(z.object({ displayName: z.string().optional() }));
export type PlannedGates = z.infer<typeof GatesSchema>;

export const PlannedGroupSchema = z.object({
  name: z.string(),
  status: UpdateStatusSchema,
  maxConcurrency: z.number().int().positive(),
  /** Failed members the group tolerates (resolved maxAllowedFailures; 0 = fail-fast). */
  maxAllowedFailures: z.number().int().nonnegative().default(0),
  beforeGates: GatesSchema.optional(),
  afterGates: GatesSchema.optional(),
});

export const PlannedStageSchema = z.object({
  name: z.string(),
  status: UpdateStatusSchema,
  groups: z.array(PlannedGroupSchema),
  afterStageWaitInSeconds: z.number().int().nonnegative(),
  /** Ceiling of member upgrades in flight across the stage's groups. */
  maxConcurrency: z.number().int().positive(),
  waitStatus: UpdateStatusSchema.optional(),
  /** Failed members the stage tolerates across its groups before the run halts (resolved; 0 = fail-fast). */
  maxAllowedFailures: z.number().int().nonnegative().default(0),
  beforeGates: GatesSchema.optional(),
  afterGates: GatesSchema.optional(),
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
  /** How long a member retries a busy or throttling cluster before it fails (from configuration). */
  busyWaitSeconds: z.number().nonnegative(),
});
export type RunPlan = z.infer<typeof RunPlanSchema>;

/** Deterministic instance ids (no '/', '\\', '#', '?'): the actions raise events to them. */
export function runInstanceId(run: RunRef): string {
  return ['updaterun', run.subscriptionId, run.resourceGroupName, run.fleetName, run.runName].join(':').toLowerCase();
}

export function groupInstanceId(runInstance: string, attempt: number, stage: string, group: string): string {
  return `${runInstance}:${attempt}:${stage}:${group}`.toLowerCase();
}

/** Status row keys: the API's keys plus the row holding the Consistent node image selection. */
export const statusKeys = { ...statusKey, nodeImage: (): string => 'nodeImage' };

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
