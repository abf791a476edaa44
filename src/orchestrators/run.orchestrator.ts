import * as df from 'durable-functions';
import type { OrchestrationContext, OrchestrationHandler, Task } from 'durable-functions';
import { z } from 'zod';
import { FINISHED_STATES, RunRefSchema, RunControlSchema, RunPlanSchema, statusKeys } from './contracts';
import type { PlannedStage, UpdateStatusData } from './contracts';
import { ACTIVITY, ORCHESTRATOR } from './names';
import { messageOf } from './failure-message';
import { ACTIVITY_RETRY } from './retry-policy';
import { RunExecution } from './run-execution';

/** Input of the run orchestration: which run (the attempt comes from the stored intent). */
export const RunOrchestrationInputSchema = z.object({ run: RunRefSchema });

/**
 * An update run: stages strictly in order (RunExecution, run-execution.ts); the groups of a stage in parallel, each
 * a sub-orchestration; then the stage's after-stage wait as a durable timer that a skip ends at once. Stop and
 * failures are graceful: nothing new starts, in-flight member upgrades finish, the run shows Stopping until they
 * end. Writes the run, stage and wait rows; groups and members write their own.
 */
export function* runOrchestrator(context: OrchestrationContext): Generator<Task, UpdateStatusData, unknown> {
  const { run } = RunOrchestrationInputSchema.parse(context.df.getInput());
  const call = (name: string, data: unknown): Task => context.df.callActivityWithRetry(name, ACTIVITY_RETRY, data);
  const plan = RunPlanSchema.parse(yield call(ACTIVITY.loadRunPlan, run));
  const control = RunControlSchema.parse(yield call(ACTIVITY.readControl, run));
  const runStart = plan.status.startTime ?? context.df.currentUtcDateTime.toISOString();
  const execution = new RunExecution(context, plan, control, runStart);
  yield* execution.chooseNodeImages();

  let outcome: 'Completed' | 'Stopped' | 'Failed' = 'Completed';
  let failure: UpdateStatusData['error'];
  try {
    for (const stage of plan.stages.filter(unfinished)) {
      const ended = yield* execution.runStage(stage);
      if (ended === 'Completed') continue;
      outcome = ended === 'NotBegun' ? (execution.control.halted ? 'Failed' : 'Stopped') : ended;
      break;
    }
  } catch (error) {
    // Something failed past its retries (storage, a group that could not record its end): the run is Failed with
    // the reason, its clusters are released below, and it can be started again or deleted.
    outcome = 'Failed';
    failure = { code: 'UpdateRunFailed', message: `The update run could not go on: ${messageOf(error)}` };
  }
  if (outcome === 'Failed') {
    const message = execution.control.halted?.message ?? 'A member of the update run failed.';
    failure ??= { code: 'UpdateRunFailed', message };
  }
  const final: UpdateStatusData = {
    state: outcome,
    startTime: runStart,
    completedTime: execution.iso(),
    ...(failure ? { error: failure } : {}),
  };
  try {
    yield* execution.write([...execution.carry, { key: statusKeys.run(), status: final }]);
  } finally {
    // Released even when the final row could not be written: the clusters are never left claimed.
    yield call(ACTIVITY.releaseRun, { run, state: outcome });
  }
  return final;
}

/** A stage a start before did not finish (its wait included). */
function unfinished(stage: PlannedStage): boolean {
  const waitUnfinished = stage.waitStatus !== undefined && !FINISHED_STATES.includes(stage.waitStatus.state);
  return !FINISHED_STATES.includes(stage.status.state) || waitUnfinished;
}

const handler: OrchestrationHandler = runOrchestrator;
df.app.orchestration(ORCHESTRATOR.run, handler);
