import * as df from 'durable-functions';
import type { OrchestrationContext, OrchestrationHandler, Task } from 'durable-functions';
import type { GroupDecision } from '../domain';
import { GroupInputSchema, type GroupResult } from './group-contracts';
import { GroupExecution } from './group-execution';
import { ORCHESTRATOR } from './names';

/**
 * One update group. Every decision (which member begins, when to read more members, when to wait, checkpoint or
 * end) is decideGroup's, in src/domain/group-engine.ts: this orchestration feeds it events and carries out its
 * commands. A member's update is the UpdateMember activity; one that outlasts it goes on in a member orchestration
 * (durable timers). Every so many members it continues as new, so its history stays small in a group of any size.
 */
export function* groupOrchestrator(context: OrchestrationContext): Generator<Task, GroupResult, unknown> {
  const group = new GroupExecution(context, GroupInputSchema.parse(context.df.getInput()));
  try {
    let decision: GroupDecision | undefined = yield* group.firstDecision();
    if (!decision) return { state: 'Stopped' };
    for (;;) {
      for (const command of decision.commands) {
        const ended = yield* group.carryOut(command, decision.state);
        if (ended) return ended;
      }
      decision = group.decide(decision.state, yield* group.nextEvent());
    }
  } catch (error) {
    return yield* group.fail(error);
  }
}

const handler: OrchestrationHandler = groupOrchestrator;
df.app.orchestration(ORCHESTRATOR.group, handler);
