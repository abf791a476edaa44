import * as df from 'durable-functions';
import type { OrchestrationContext, OrchestrationHandler, Task } from 'durable-functions';
import { MemberContinueInputSchema, MemberOutcomeSchema, type MemberOutcome } from './member-contracts';
import { ACTIVITY, ORCHESTRATOR } from './names';
import { ACTIVITY_RETRY } from './retry-policy';

/** Never poll in a loop, whatever ARM's Retry-After says. */
const MIN_WAIT_MS = 5;

/**
 * A member's update that outlasted its first activity: a durable timer, then AdvanceMemberUpdate, until the update
 * ends. The wait is the poll interval (sooner when ARM's Retry-After says the operation ends sooner) or, after a
 * retriable cluster error, ARM's Retry-After; the activity fails the member once MEMBER_BUSY_WAIT_SECONDS of such
 * errors have passed. Only the activity writes the member's row. Returns the member's final outcome.
 */
export function* memberOrchestrator(context: OrchestrationContext): Generator<Task, MemberOutcome, unknown> {
  const input = MemberContinueInputSchema.parse(context.df.getInput());
  let running = input.running;
  for (;;) {
    const waitMs = Math.max(MIN_WAIT_MS, Math.round((running.retryAfterSeconds ?? input.pollIntervalSeconds) * 1000));
    yield context.df.createTimer(new Date(context.df.currentUtcDateTime.getTime() + waitMs));
    const outcome = MemberOutcomeSchema.parse(
      yield context.df.callActivityWithRetry(ACTIVITY.advanceMember, ACTIVITY_RETRY, { ...input, running }),
    );
    if (outcome.state !== 'Running') return outcome;
    running = outcome;
  }
}

const handler: OrchestrationHandler = memberOrchestrator;
df.app.orchestration(ORCHESTRATOR.member, handler);
