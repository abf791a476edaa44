import type { OrchestrationContext, Task } from 'durable-functions';

/** The parts of a durable-functions 3.x task that decide what a new compound task sends to the host. */
interface SchedulableTask {
  alreadyScheduled?: boolean;
  actionObj?: { actionType?: number; compoundActions?: unknown[] };
}

/** durable-functions' ActionType.WaitForExternalEvent: takes no sequence number, so sending it again is harmless. */
const WAIT_FOR_EXTERNAL_EVENT = 6;

const schedulable = (task: Task): SchedulableTask => task as unknown as SchedulableTask;

/**
 * `Task.any` over tasks that an earlier `Task.any` may already have raced (a group still in flight, raced again after
 * an intent won). Use as `const winner = yield* raceTasks(context, tasks)`. Works around two durable-functions 3.x
 * limits of a new compound task:
 * - it re-sends the actions of every child, so the host schedules an activity, sub-orchestration or timer again
 *   under a new sequence number: a sub-orchestration fails with "already exists" and every later result lands on
 *   the wrong task (Azure/azure-functions-durable-js#574). Children already scheduled lose their action here (event
 *   waits keep theirs: they take no sequence number, and the compound action is never empty);
 * - it never resolves when a child completed before it was built (while the orchestration awaited something else),
 *   so such a child wins at once, without a yield (deterministic: replay completes it at the same point).
 */
export function* raceTasks(context: OrchestrationContext, tasks: Task[]): Generator<Task, Task, unknown> {
  const done = tasks.find((task) => task.isCompleted || task.isFaulted);
  if (done) return done;
  const any = context.df.Task.any(tasks);
  const action = schedulable(any).actionObj;
  if (action?.compoundActions) {
    action.compoundActions = tasks
      .map(schedulable)
      .filter((t) => t.alreadyScheduled !== true || t.actionObj?.actionType === WAIT_FOR_EXTERNAL_EVENT)
      .map((t) => t.actionObj);
  }
  return (yield any) as Task;
}
