import type { OrchestrationContext, Task } from 'durable-functions';
import { intentStops, type StageGroupsPlan } from '../domain';
import {
  RunControlSchema,
  groupInstanceId,
  statusKeys,
  type PlannedStage,
  type RunControl,
  type RunPlan,
} from './contracts';
import { GroupResultSchema, groupInputOf, type GroupResult } from './group-contracts';
import { ACTIVITY, INTENT_EVENT, ORCHESTRATOR } from './names';
import { raceTasks } from './race';
import { messageOf } from './failure-message';
import { ACTIVITY_RETRY } from './retry-policy';

type PlannedGroup = PlannedStage['groups'][number];

/** A stage's groups to run, as the run orchestration hands them over. */
export interface StageGroupsInput {
  plan: RunPlan;
  selected: string[] | undefined;
  stage: PlannedStage;
  groups: StageGroupsPlan<PlannedGroup>;
  /** The intent the stage began with. */
  control: RunControl;
  runStart: string;
  stageStart: string;
}

/** How the groups ended (by name; a group never started has no entry) and the intent as last read. */
export interface StageGroupsOutcome {
  ended: Map<string, GroupResult>;
  control: RunControl;
}

/**
 * Runs a stage's groups, each a sub-orchestration (group.orchestrator.ts), `parallel` at a time. A stop, a halt or
 * a later start (the intent event, or a group that failed) starts no further group; the groups in flight are
 * waited for, the stage and the run shown Stopping meanwhile.
 */
export function* runStageGroups(
  context: OrchestrationContext,
  input: StageGroupsInput,
): Generator<Task, StageGroupsOutcome, unknown> {
  const { plan, stage, groups } = input;
  const run = plan.run;
  const call = (name: string, data: unknown): Task => context.df.callActivityWithRetry(name, ACTIVITY_RETRY, data);
  let control = input.control;
  const stopping = (): boolean => intentStops(control);
  const ended = new Map<string, GroupResult>();
  const pending = new Map<Task, string>();
  const queue = [...groups.toRun];
  let shownStopping = false;
  startGroups();
  while (pending.size > 0) {
    const intent = context.df.waitForExternalEvent(INTENT_EVENT); // fresh per race (see group-execution.ts)
    const winner = yield* raceTasks(context, [...pending.keys(), intent]);
    if (winner === intent) {
      control = RunControlSchema.parse(yield call(ACTIVITY.readControl, run));
    } else if (pending.has(winner)) {
      const name = pending.get(winner) ?? '';
      pending.delete(winner);
      if (winner.isFaulted) throw new Error(`Group '${name}' failed: ${messageOf(winner.result)}`);
      const result = GroupResultSchema.parse(winner.result);
      ended.set(name, result);
      if (result.state === 'Failed') control = RunControlSchema.parse(yield call(ACTIVITY.readControl, run));
      startGroups();
    }
    if (stopping() && pending.size > 0 && !shownStopping) {
      shownStopping = true;
      const rows = [
        { key: statusKeys.stage(stage.name), status: { state: 'Stopping' as const, startTime: input.stageStart } },
        { key: statusKeys.run(), status: { state: 'Stopping' as const, startTime: input.runStart } },
      ];
      control = RunControlSchema.parse(yield call(ACTIVITY.writeStatus, { run, rows }));
    }
  }
  return { ended, control };

  /** Starts queued groups while fewer than `parallel` run and the intent lets the stage go on. */
  function startGroups(): void {
    while (pending.size < groups.parallel && queue.length > 0 && !stopping()) {
      const group = queue.shift();
      if (!group) break;
      pending.set(startGroup(context, input, group), group.name);
    }
  }
}

/** One group's sub-orchestration, with its share of the stage's ceiling. */
function startGroup(context: OrchestrationContext, input: StageGroupsInput, group: PlannedGroup): Task {
  const { plan, stage, groups } = input;
  const groupInput = groupInputOf({
    plan,
    selected: input.selected,
    stage: stage.name,
    stageMaxAllowedFailures: stage.maxAllowedFailures,
    siblings: groups.toRun.filter((g) => g.name !== group.name).map((g) => g.name),
    runInstanceId: context.df.instanceId,
  });
  const limited = { ...group, maxConcurrency: Math.min(group.maxConcurrency, groups.share) };
  // The same run instance id the group derives its siblings' ids from (groupInputOf).
  const id = groupInstanceId(context.df.instanceId, plan.attempt, stage.name, group.name);
  return context.df.callSubOrchestrator(ORCHESTRATOR.group, { ...groupInput, group: limited }, id);
}
