import * as df from 'durable-functions';
import type { OrchestrationContext, OrchestrationHandler, Task } from 'durable-functions';
import { z } from 'zod';
import {
  BeginStageResultSchema,
  FINISHED_STATES,
  RunRefSchema,
  RunControlSchema,
  RunPlanSchema,
  groupInstanceId,
  runInstanceId,
  statusKeys,
  type PlannedGates,
  type PlannedStage,
  type RunControl,
  type StatusWrite,
  type UpdateStatusData,
} from './contracts';
import { GroupResultSchema, groupInputOf, type GroupResult } from './group-contracts';
import {
  GateOutcomeSchema,
  afterStageInstanceId,
  gateInstanceId,
  type AfterStageInput,
  type GateOutcome,
  type GatePlace,
  type GateSetInput,
} from './gate-contracts';
import { ACTIVITY, INTENT_EVENT, ORCHESTRATOR } from './names';
import { raceTasks } from './race';
import { messageOf } from './failure-message';
import { ACTIVITY_RETRY } from './retry-policy';
import { isGroupSkipped, isStageSkipped, isWaitSkippedAfter, stageOutcome } from '../domain';

/** Input of the run orchestration: which run (the attempt comes from the stored intent). */
export const RunOrchestrationInputSchema = z.object({ run: RunRefSchema });

/**
 * An update run: stages strictly in order; the groups of a stage in parallel, each a sub-orchestration; then the
 * stage's after-stage wait as a durable timer that a skip ends at once. Stop and failures are graceful: nothing
 * new starts, in-flight member upgrades finish, the run shows Stopping until they end. Writes the run, stage and
 * wait rows; groups and members write their own.
 */
export function* runOrchestrator(context: OrchestrationContext): Generator<Task, UpdateStatusData, unknown> {
  const { run } = RunOrchestrationInputSchema.parse(context.df.getInput());
  const call = (name: string, data: unknown): Task => context.df.callActivityWithRetry(name, ACTIVITY_RETRY, data);
  const iso = (): string => context.df.currentUtcDateTime.toISOString();
  const plan = RunPlanSchema.parse(yield call(ACTIVITY.loadRunPlan, run));
  const runStart = plan.status.startTime ?? iso();
  let control: RunControl = RunControlSchema.parse(yield call(ACTIVITY.readControl, run));
  /** Every write brings the current intent back with it. */
  const write = function* (rows: StatusWrite[]): Generator<Task, void, unknown> {
    control = RunControlSchema.parse(yield call(ACTIVITY.writeStatus, { run, rows }));
  };
  const readControl = function* (): Generator<Task, void, unknown> {
    control = RunControlSchema.parse(yield call(ACTIVITY.readControl, run));
  };
  const stopping = (): boolean => control.stopRequested || control.halted !== undefined;

  let selected = plan.selectedNodeImageVersions;
  if (plan.managedClusterUpdate.nodeImageSelection?.type === 'Consistent' && !selected) {
    // Chosen once, before any member starts, and kept for the life of the run (also across stop/start).
    selected = (yield call(ACTIVITY.selectConsistentImages, { run })) as string[];
    yield* write([{ key: statusKeys.nodeImage(), selectedNodeImageVersions: selected }]);
  }
  /** Rows written with the next write: a finished stage's own row goes out with the next stage's start. */
  const carry: StatusWrite[] = [{ key: statusKeys.run(), status: { state: 'Running', startTime: runStart } }];

  let outcome: 'Completed' | 'Stopped' | 'Failed' = 'Completed';
  let runError: UpdateStatusData['error'];
  let runFailure: UpdateStatusData['error'];
  const unfinished = (stage: PlannedStage): boolean =>
    !FINISHED_STATES.includes(stage.status.state) ||
    (stage.waitStatus !== undefined && !FINISHED_STATES.includes(stage.waitStatus.state));
  try {
    for (const stage of plan.stages) {
      if (!unfinished(stage)) continue;
      const result = yield* runStage(stage);
      if (result === 'NotBegun') {
        outcome = control.halted ? 'Failed' : 'Stopped';
        break;
      }
      if (result !== 'Completed') {
        outcome = result;
        break;
      }
    }
  } catch (error) {
    // Something failed past its retries (storage, a group that could not record its end): the run is Failed with
    // the reason, its clusters are released below, and it can be started again or deleted.
    outcome = 'Failed';
    runFailure = { code: 'UpdateRunFailed', message: `The update run could not go on: ${messageOf(error)}` };
  }

  const completedTime = iso();
  if (outcome === 'Failed') {
    runError = runFailure ?? {
      code: 'UpdateRunFailed',
      message: control.halted?.message ?? 'A member of the update run failed.',
    };
  }
  const final: UpdateStatusData = {
    state: outcome,
    startTime: runStart,
    completedTime,
    ...(runError ? { error: runError } : {}),
  };
  try {
    yield* write([...carry, { key: statusKeys.run(), status: final }]);
  } finally {
    // Released even when the final row could not be written: the clusters are never left claimed.
    yield call(ACTIVITY.releaseRun, { run, state: outcome });
  }
  return final;

  /** A stage from its start to its end (and its wait); 'NotBegun' when the intent said stop as it was to start. */
  function* runStage(stage: PlannedStage): Generator<Task, 'Completed' | 'Stopped' | 'Failed' | 'NotBegun', unknown> {
    const stageStart = stage.status.startTime ?? iso();
    const stageKey = statusKeys.stage(stage.name);
    if (stage.beforeGates?.length && !isStageSkipped(control.skips, stage.name)) {
      // The run shows Running (then Pending, rolled up from the gate) while it waits for the approvals.
      if (carry.length > 0) yield* write(carry.splice(0));
      const passed = yield* passGates({ stage: stage.name, timing: 'Before' }, stage.beforeGates);
      yield* readControl();
      if (passed === 'Stopped') return 'NotBegun';
    }
    const stageSkipped = isStageSkipped(control.skips, stage.name);
    const pending = new Map<Task, string>();
    const results = new Map<string, GroupResult>();
    const toRun = stage.groups.filter((group) => {
      if (FINISHED_STATES.includes(group.status.state)) return false;
      if (stageSkipped || isGroupSkipped(control.skips, stage.name, group.name)) {
        results.set(group.name, { state: 'Skipped' });
        return false;
      }
      return true;
    });
    // The stage's ceiling bounds member upgrades in flight across its groups: at most that many groups at once,
    // each with an equal share of it (at least one).
    const parallel = Math.max(1, Math.min(toRun.length, stage.maxConcurrency));
    const share = Math.max(1, Math.floor(stage.maxConcurrency / parallel));
    const runId = runInstanceId(run);
    const ids = new Map(toRun.map((g) => [g.name, groupInstanceId(runId, plan.attempt, stage.name, g.name)]));
    const queue = [...toRun];

    // One round trip begins the stage: the intent is read first, and only if it lets the stage start is the stage
    // shown Running. The groups that start with it are handed that intent (each shows itself Running as it begins).
    const begin = BeginStageResultSchema.parse(
      yield call(ACTIVITY.beginStage, {
        run,
        rows: carry.splice(0),
        unlessStopping: [{ key: stageKey, status: { state: 'Running', startTime: stageStart } }],
      }),
    );
    control = begin.control;
    if (stopping()) return 'NotBegun';
    const startGroups = (): void => {
      while (pending.size < parallel && queue.length > 0 && !stopping()) {
        const group = queue.shift();
        if (!group) break;
        const siblings = toRun.filter((g) => g.name !== group.name).map((g) => g.name);
        const input = groupInputOf({
          plan,
          selected,
          stage: stage.name,
          stageMaxAllowedFailures: stage.maxAllowedFailures,
          siblings,
          runInstanceId: context.df.instanceId,
        });
        const limited = { ...group, maxConcurrency: Math.min(group.maxConcurrency, share) };
        const id = ids.get(group.name);
        pending.set(context.df.callSubOrchestrator(ORCHESTRATOR.group, { ...input, group: limited }, id), group.name);
      }
    };
    startGroups();
    let stageStatus: UpdateStatusData = { state: 'Running', startTime: stageStart };
    while (pending.size > 0) {
      const intent = context.df.waitForExternalEvent(INTENT_EVENT); // fresh per race (see group.orchestrator.ts)
      const winner = yield* raceTasks(context, [...pending.keys(), intent]);
      if (winner === intent) {
        yield* readControl();
      } else if (pending.has(winner)) {
        const name = pending.get(winner) ?? '';
        pending.delete(winner);
        if (winner.isFaulted) throw new Error(`Group '${name}' failed: ${messageOf(winner.result)}`);
        const result = GroupResultSchema.parse(winner.result);
        results.set(name, result);
        if (result.state === 'Failed') yield* readControl();
        startGroups();
      }
      if (stopping() && pending.size > 0 && stageStatus.state !== 'Stopping') {
        stageStatus = { state: 'Stopping', startTime: stageStart };
        yield* write([
          { key: stageKey, status: stageStatus },
          { key: statusKeys.run(), status: { state: 'Stopping', startTime: runStart } },
        ]);
      }
    }
    const planned = stage.groups.map((g) => ({ name: g.name, planned: g.status.state }));
    const ended = new Map([...results].map(([name, r]) => [name, r.state]));
    const { state, error } = stageOutcome(planned, ended, control.halted);
    const stageRow = {
      key: stageKey,
      status: { state, startTime: stageStart, completedTime: iso(), ...(error ? { error } : {}) },
    };
    if (state === 'Completed' || state === 'Skipped') carry.push(stageRow);
    else yield* write([stageRow]);
    if (state === 'Failed') return 'Failed';
    if (state === 'Stopped') return control.halted ? 'Failed' : 'Stopped';
    return yield* afterStage(stage, state);
  }

  /** A set of gates as a sub-orchestration (gate.orchestrator.ts): how the wait there ended. */
  function* passGates(place: GatePlace, gates: PlannedGates): Generator<Task, GateOutcome, unknown> {
    const input: GateSetInput = { run, attempt: plan.attempt, place, gates };
    const id = gateInstanceId(context.df.instanceId, plan.attempt, place);
    return GateOutcomeSchema.parse(yield context.df.callSubOrchestrator(ORCHESTRATOR.gates, input, id));
  }

  /** The stage's after-stage wait and after-gates, in an orchestration of their own (after-stage.orchestrator.ts). */
  function* afterStage(
    stage: PlannedStage,
    ended: 'Completed' | 'Skipped',
  ): Generator<Task, 'Completed' | 'Stopped' | 'Failed', unknown> {
    let waiting = stage.afterStageWaitInSeconds > 0 && !FINISHED_STATES.includes(stage.waitStatus?.state ?? '');
    // A stage that ended Skipped has nothing to soak or to approve.
    const gated = ended === 'Completed' && (stage.afterGates?.length ?? 0) > 0;
    if (waiting && isWaitSkippedAfter(control.skips, stage.name, ended)) {
      carry.push({ key: statusKeys.wait(stage.name), status: { state: 'Skipped', completedTime: iso() } });
      waiting = false;
    }
    if (!waiting && !gated) return 'Completed';
    yield* write(carry.splice(0));
    const input: AfterStageInput = {
      run,
      attempt: plan.attempt,
      stage: stage.name,
      waitSeconds: waiting ? stage.afterStageWaitInSeconds : 0,
      afterGates: gated ? (stage.afterGates ?? []) : [],
    };
    const id = afterStageInstanceId(context.df.instanceId, plan.attempt, stage.name);
    const outcome = GateOutcomeSchema.parse(yield context.df.callSubOrchestrator(ORCHESTRATOR.afterStage, input, id));
    if (outcome === 'Completed') return 'Completed';
    yield* readControl();
    return control.halted ? 'Failed' : 'Stopped';
  }
}

const handler: OrchestrationHandler = runOrchestrator;
df.app.orchestration(ORCHESTRATOR.run, handler);
