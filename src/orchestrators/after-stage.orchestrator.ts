import * as df from 'durable-functions';
import type { OrchestrationContext, OrchestrationHandler, Task, TimerTask } from 'durable-functions';
import { intentStops, isWaitSkipped } from '../domain';
import {
  BeginStageResultSchema,
  RunControlSchema,
  runInstanceId,
  statusKeys,
  type RunControl,
  type StatusWrite,
} from './contracts';
import {
  AfterStageInputSchema,
  GateOutcomeSchema,
  gateInstanceId,
  type AfterStageInput,
  type GateOutcome,
  type GateSetInput,
} from './gate-contracts';
import { ACTIVITY, INTENT_EVENT, ORCHESTRATOR } from './names';
import { raceTasks } from './race';
import { ACTIVITY_RETRY } from './retry-policy';

/**
 * What follows a stage's groups: its after-stage wait, a durable timer that a skip ends at once, and its after-gates
 * (a gate orchestration), side by side; the next stage begins when both are done. A stop ends the wait at once.
 * Writes the wait's row. Returns 'Completed', or 'Stopped' when the run stopped or failed meanwhile.
 */
export function* afterStageOrchestrator(context: OrchestrationContext): Generator<Task, GateOutcome, unknown> {
  const input = AfterStageInputSchema.parse(context.df.getInput());
  const { run, stage } = input;
  const call = (name: string, data: unknown): Task => context.df.callActivityWithRetry(name, ACTIVITY_RETRY, data);
  const iso = (): string => context.df.currentUtcDateTime.toISOString();
  const key = statusKeys.wait(stage);
  const stopping = (c: RunControl): boolean => intentStops(c, input.attempt);
  const waitStart = iso();
  const waitRow = (state: 'Running' | 'Completed' | 'Skipped' | 'Stopped'): StatusWrite => ({
    key,
    status: { state, startTime: waitStart, ...(state !== 'Running' ? { completedTime: iso() } : {}) },
  });

  // A stop that came while the stage's last members finished starts no wait and opens no gate.
  const begun = BeginStageResultSchema.parse(
    yield call(ACTIVITY.beginStage, {
      run,
      rows: [],
      unlessStopping: input.waitSeconds > 0 ? [waitRow('Running')] : [],
    }),
  );
  let control: RunControl = begun.control;
  if (stopping(control)) return 'Stopped';
  let timer: TimerTask | undefined =
    input.waitSeconds > 0
      ? context.df.createTimer(new Date(context.df.currentUtcDateTime.getTime() + input.waitSeconds * 1000))
      : undefined;
  let gates: Task | undefined = input.afterGates.length > 0 ? afterGates(context, input) : undefined;
  while (timer || gates) {
    const intent = context.df.waitForExternalEvent(INTENT_EVENT); // fresh per race (see group-execution.ts)
    const winner = yield* raceTasks(context, [...(timer ? [timer] : []), ...(gates ? [gates] : []), intent]);
    if (winner === timer) {
      timer = undefined;
      yield call(ACTIVITY.writeStatus, { run, rows: [waitRow('Completed')], readIntent: false });
      continue;
    }
    let gatesStopped = false;
    if (winner === gates) {
      gatesStopped = GateOutcomeSchema.parse(gates.result) === 'Stopped';
      gates = undefined;
      if (!gatesStopped) continue;
    } else {
      control = RunControlSchema.parse(yield call(ACTIVITY.readControl, run));
    }
    if (timer && isWaitSkipped(control.skips, stage)) {
      timer.cancel();
      timer = undefined;
      yield call(ACTIVITY.writeStatus, { run, rows: [waitRow('Skipped')], readIntent: false });
    }
    if (gatesStopped || stopping(control)) {
      timer?.cancel();
      if (timer) yield call(ACTIVITY.writeStatus, { run, rows: [waitRow('Stopped')], readIntent: false });
      // The gates' orchestration got the same stop: its end is awaited so nothing of this run outlives it.
      if (gates) yield gates;
      return 'Stopped';
    }
  }
  return 'Completed';
}

/** The stage's after-gates, waited for in a gate orchestration. */
function afterGates(context: OrchestrationContext, input: AfterStageInput): Task {
  const place = { stage: input.stage, timing: 'After' as const };
  const gateInput: GateSetInput = { run: input.run, attempt: input.attempt, place, gates: input.afterGates };
  const id = gateInstanceId(runInstanceId(input.run), input.attempt, place);
  return context.df.callSubOrchestrator(ORCHESTRATOR.gates, gateInput, id);
}

const handler: OrchestrationHandler = afterStageOrchestrator;
df.app.orchestration(ORCHESTRATOR.afterStage, handler);
