import type { OrchestrationContext, Task } from 'durable-functions';
import {
  BeginStageResultSchema,
  FINISHED_STATES,
  RunControlSchema,
  statusKeys,
  type PlannedGates,
  type PlannedStage,
  type RunControl,
  type RunPlan,
  type StatusWrite,
} from './contracts';
import {
  GateOutcomeSchema,
  afterStageInstanceId,
  gateInstanceId,
  type AfterStageInput,
  type GateOutcome,
  type GatePlace,
  type GateSetInput,
} from './gate-contracts';
import { ACTIVITY, ORCHESTRATOR } from './names';
import { runStageGroups } from './stage-groups';
import { ACTIVITY_RETRY } from './retry-policy';
import {
  intentStops,
  isStageSkipped,
  isWaitSkippedAfter,
  planStageGroups,
  stageOutcome,
  type UpdateState,
} from '../domain';

/** How a stage ended for the run; 'NotBegun' when the intent said stop as it was to start. */
export type StageEnd = 'Completed' | 'Stopped' | 'Failed' | 'NotBegun';

/**
 * One execution of the run orchestration (run.orchestrator.ts): the run's stages, one after another, each with its
 * gates, groups and after-stage wait. It holds the intent as last read (every write brings it back) and the rows
 * that go out with the next write: a finished stage's own row goes out with the next stage's start.
 */
export class RunExecution {
  /** The node images a Consistent run chose, kept for the life of the run. */
  selected: string[] | undefined;
  readonly carry: StatusWrite[];

  constructor(
    private readonly context: OrchestrationContext,
    readonly plan: RunPlan,
    public control: RunControl,
    readonly runStart: string,
  ) {
    this.selected = plan.selectedNodeImageVersions;
    this.carry = [{ key: statusKeys.run(), status: { state: 'Running', startTime: runStart } }];
  }

  call(name: string, data: unknown): Task {
    return this.context.df.callActivityWithRetry(name, ACTIVITY_RETRY, data);
  }

  iso(): string {
    return this.context.df.currentUtcDateTime.toISOString();
  }

  stopping(): boolean {
    return intentStops(this.control);
  }

  /** Writes status rows; the intent comes back with them. */
  *write(rows: StatusWrite[]): Generator<Task, void, unknown> {
    this.control = RunControlSchema.parse(yield this.call(ACTIVITY.writeStatus, { run: this.plan.run, rows }));
  }

  *readControl(): Generator<Task, void, unknown> {
    this.control = RunControlSchema.parse(yield this.call(ACTIVITY.readControl, this.plan.run));
  }

  /** For Consistent: the node images, chosen once before any member starts and kept across stop and start. */
  *chooseNodeImages(): Generator<Task, void, unknown> {
    if (this.plan.managedClusterUpdate.nodeImageSelection?.type !== 'Consistent' || this.selected) return;
    this.selected = (yield this.call(ACTIVITY.selectConsistentImages, { run: this.plan.run })) as string[];
    yield* this.write([{ key: statusKeys.nodeImage(), selectedNodeImageVersions: this.selected }]);
  }

  /** A stage from its before-gates to its end (and its wait). */
  *runStage(stage: PlannedStage): Generator<Task, StageEnd, unknown> {
    const stageStart = stage.status.startTime ?? this.iso();
    const stageKey = statusKeys.stage(stage.name);
    if (stage.beforeGates?.length && !isStageSkipped(this.control.skips, stage.name)) {
      // The run shows Running (then Pending, rolled up from the gate) while it waits for the approvals.
      if (this.carry.length > 0) yield* this.write(this.carry.splice(0));
      const passed = yield* this.passGates({ stage: stage.name, timing: 'Before' }, stage.beforeGates);
      yield* this.readControl();
      if (passed === 'Stopped') return 'NotBegun';
    }
    const groups = planStageGroups(stage, this.control.skips);
    // One round trip begins the stage: the intent is read first, and only if it lets the stage start is the stage
    // shown Running. The groups that start with it are handed that intent (each shows itself Running as it begins).
    const begin = BeginStageResultSchema.parse(
      yield this.call(ACTIVITY.beginStage, {
        run: this.plan.run,
        rows: this.carry.splice(0),
        unlessStopping: [{ key: stageKey, status: { state: 'Running', startTime: stageStart } }],
      }),
    );
    this.control = begin.control;
    if (this.stopping()) return 'NotBegun';
    const { plan, selected, control, runStart } = this;
    const ran = yield* runStageGroups(this.context, { plan, selected, stage, groups, control, runStart, stageStart });
    this.control = ran.control;
    const ended = new Map<string, UpdateState>(groups.skipped.map((name) => [name, 'Skipped']));
    for (const [name, result] of ran.ended) ended.set(name, result.state);
    const planned = stage.groups.map((g) => ({ name: g.name, planned: g.status.state }));
    const { state, error } = stageOutcome(planned, ended, this.control.halted);
    const stageRow = {
      key: stageKey,
      status: { state, startTime: stageStart, completedTime: this.iso(), ...(error ? { error } : {}) },
    };
    if (state === 'Completed' || state === 'Skipped') this.carry.push(stageRow);
    else yield* this.write([stageRow]);
    if (state === 'Failed') return 'Failed';
    if (state === 'Stopped') return this.control.halted ? 'Failed' : 'Stopped';
    return yield* this.afterStage(stage, state);
  }

  /** A set of gates as a sub-orchestration (gate.orchestrator.ts): how the wait there ended. */
  private *passGates(place: GatePlace, gates: PlannedGates): Generator<Task, GateOutcome, unknown> {
    const { context, plan } = this;
    const input: GateSetInput = { run: plan.run, attempt: plan.attempt, place, gates };
    const id = gateInstanceId(context.df.instanceId, plan.attempt, place);
    return GateOutcomeSchema.parse(yield context.df.callSubOrchestrator(ORCHESTRATOR.gates, input, id));
  }

  /** The stage's after-stage wait and after-gates, in an orchestration of their own (after-stage.orchestrator.ts). */
  private *afterStage(stage: PlannedStage, ended: 'Completed' | 'Skipped'): Generator<Task, StageEnd, unknown> {
    const { context, plan } = this;
    let waiting = stage.afterStageWaitInSeconds > 0 && !FINISHED_STATES.includes(stage.waitStatus?.state ?? '');
    // A stage that ended Skipped has nothing to soak or to approve.
    const gated = ended === 'Completed' && (stage.afterGates?.length ?? 0) > 0;
    if (waiting && isWaitSkippedAfter(this.control.skips, stage.name, ended)) {
      this.carry.push({ key: statusKeys.wait(stage.name), status: { state: 'Skipped', completedTime: this.iso() } });
      waiting = false;
    }
    if (!waiting && !gated) return 'Completed';
    yield* this.write(this.carry.splice(0));
    const input: AfterStageInput = {
      run: plan.run,
      attempt: plan.attempt,
      stage: stage.name,
      waitSeconds: waiting ? stage.afterStageWaitInSeconds : 0,
      afterGates: gated ? (stage.afterGates ?? []) : [],
    };
    const id = afterStageInstanceId(context.df.instanceId, plan.attempt, stage.name);
    const outcome = GateOutcomeSchema.parse(yield context.df.callSubOrchestrator(ORCHESTRATOR.afterStage, input, id));
    if (outcome === 'Completed') return 'Completed';
    yield* this.readControl();
    return this.control.halted ? 'Failed' : 'Stopped';
  }
}
