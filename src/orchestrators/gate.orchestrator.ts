import * as df from 'durable-functions';
import type { OrchestrationContext, OrchestrationHandler, Task } from 'durable-functions';
import { decideGates, intentStops } from '../domain';
import { GateSetInputSchema, GatesReadSchema, type GateOutcome, type GatesRead } from './gate-contracts';
import { ACTIVITY, INTENT_EVENT, ORCHESTRATOR } from './names';
import { ACTIVITY_RETRY } from './retry-policy';

/**
 * The approval gates before or after one stage or group. Opens them (creates the gate resources, shows them Pending
 * in the run's status), then sleeps until the intent event (an approval, a skip, a stop) and asks decideGates
 * (src/domain/gates.ts) what follows: wait on, pass, be skipped with what they guard, or stop. No polling: the
 * approve, skip and stop actions raise the event to this orchestration (gateInstanceId).
 */
export function* gateOrchestrator(context: OrchestrationContext): Generator<Task, GateOutcome, unknown> {
  const input = GateSetInputSchema.parse(context.df.getInput());
  const call = (name: string, data: unknown): Task => context.df.callActivityWithRetry(name, ACTIVITY_RETRY, data);
  let read: GatesRead = GatesReadSchema.parse(yield call(ACTIVITY.openGates, input));
  for (;;) {
    const intent = {
      // A later start of the run (another attempt) ends this wait too.
      stopping: intentStops(read.control, input.attempt),
      skips: read.control.skips,
    };
    const decision = decideGates(read.states, intent, input.place);
    if (decision === 'Stopped') return 'Stopped';
    if (decision !== 'Wait') {
      yield call(ACTIVITY.settleGates, { ...input, names: read.names, to: decision });
      return decision;
    }
    yield context.df.waitForExternalEvent(INTENT_EVENT);
    read = GatesReadSchema.parse(yield call(ACTIVITY.readGates, { ...input, names: read.names }));
  }
}

const handler: OrchestrationHandler = gateOrchestrator;
df.app.orchestration(ORCHESTRATOR.gates, handler);
