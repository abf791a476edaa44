import * as df from 'durable-functions';
import type { OrchestrationContext, OrchestrationHandler, Task } from 'durable-functions';
import {
  MemberInputSchema,
  MemberPlanSchema,
  StepBeginSchema,
  StepPollSchema,
  statusKeys,
  type MemberInput,
  type MemberPlan,
  type StepBegin,
  type StepPoll,
  type MemberResult,
  type StatusWrite,
  type UpdateStatusData,
} from './contracts';
import { ACTIVITY, ORCHESTRATOR } from './names';

/** How often a retriable cluster error (throttling, 5xx) is retried before the member fails. */
export const MAX_RETRIES = 8;
const MAX_BACKOFF_S = 300;

function memberRow(input: MemberInput, status: UpdateStatusData, extra: Partial<StatusWrite> = {}): StatusWrite {
  return {
    key: statusKeys.member(input.stage, input.group, input.member.name),
    clusterResourceId: input.member.clusterResourceId,
    order: input.member.order,
    status,
    ...extra,
  };
}

/**
 * One member's upgrade: plan it now (at target → Skipped; window closed → Pending), then each step: begin the AKS
 * operation and poll it with durable timers until it ends. Retriable errors back off with timers (Retry-After
 * honoured); terminal ones fail the member with the ARM code and message. The only writer of its member row.
 */
export function* memberOrchestrator(context: OrchestrationContext): Generator<Task, MemberResult, unknown> {
  const input = MemberInputSchema.parse(context.df.getInput());
  const now = (): string => context.df.currentUtcDateTime.toISOString();
  const write = (rows: StatusWrite[]) => context.df.callActivity(ACTIVITY.writeStatus, { run: input.run, rows });
  const sleep = (seconds: number) =>
    context.df.createTimer(new Date(context.df.currentUtcDateTime.getTime() + Math.round(seconds * 1000)));

  const startTime = input.member.status.startTime ?? now();
  // The activities record the member's row with their own work: one round trip per step, not two.
  const record = {
    run: input.run,
    key: statusKeys.member(input.stage, input.group, input.member.name),
    clusterResourceId: input.member.clusterResourceId,
    order: input.member.order,
    startTime,
  };
  let plan: MemberPlan;
  for (let attempt = 0; ; attempt++) {
    plan = MemberPlanSchema.parse(
      yield context.df.callActivity(ACTIVITY.planMember, {
        clusterResourceId: input.member.clusterResourceId,
        managedClusterUpdate: input.managedClusterUpdate,
        selectedNodeImageVersions: input.selectedNodeImageVersions,
        now: now(),
        record,
        beginFirst: true,
        gate: { stage: input.stage, group: input.group, member: input.member.name },
      }),
    );
    if (plan.action !== 'retry') break;
    if (attempt >= MAX_RETRIES) {
      yield write([
        memberRow(
          input,
          { state: 'Failed', startTime, completedTime: now(), error: plan.error },
          { message: plan.error.message },
        ),
      ]);
      return { state: 'Failed', error: plan.error };
    }
    yield sleep(Math.min(MAX_BACKOFF_S, Math.max(plan.retryAfterSeconds, 2 ** attempt)));
  }
  if (plan.action === 'halted') return { state: 'NotStarted' };
  if (plan.action === 'skip') return { state: 'Skipped' };
  if (plan.action === 'wait') return { state: 'Pending', nextAttemptAt: plan.nextAttemptAt };
  if (plan.action === 'fail') return { state: 'Failed', error: plan.error };

  for (const [index, step] of plan.steps.entries()) {
    const first = index === 0 ? plan.first : undefined;
    let begun: StepBegin | undefined = first?.begun;
    for (let attempt = 0; ; attempt++) {
      if (begun && begun.outcome !== 'retry') break;
      if (begun?.outcome === 'retry') {
        if (attempt > MAX_RETRIES) break;
        yield sleep(Math.min(MAX_BACKOFF_S, Math.max(begun.retryAfterSeconds, 2 ** attempt)));
      }
      begun = StepBeginSchema.parse(
        yield context.df.callActivity(ACTIVITY.beginStep, {
          clusterResourceId: input.member.clusterResourceId,
          step,
          record,
        }),
      );
    }
    if (begun.outcome === 'retry') {
      yield write([
        memberRow(
          input,
          { state: 'Failed', startTime, completedTime: now(), error: begun.error },
          { message: begun.error.message },
        ),
      ]);
      return { state: 'Failed', error: begun.error };
    }
    if (begun.outcome === 'failed') return { state: 'Failed', error: begun.error };
    const polling = {
      ...record,
      ...(begun.operationId ? { operationId: begun.operationId } : {}),
      lastStep: index === plan.steps.length - 1,
    };
    // The first poll goes out at once (an operation may already be done; the plan activity may have made it);
    // then every poll interval.
    let prefetched: StepPoll | undefined = first?.polled;
    for (let retries = 0, interval = 0; ;) {
      if (interval > 0) yield sleep(interval);
      const polled =
        prefetched ??
        StepPollSchema.parse(
          yield context.df.callActivity(ACTIVITY.pollStep, { handle: begun.handle, record: polling }),
        );
      prefetched = undefined;
      if (polled.outcome === 'succeeded') break;
      if (polled.outcome === 'failed') return { state: 'Failed', error: polled.error };
      if (polled.outcome === 'retry') {
        if (++retries > MAX_RETRIES) {
          const error = polled.error;
          yield write([
            memberRow(
              input,
              { state: 'Failed', startTime, completedTime: now(), error },
              { operationId: polling.operationId ?? '', message: error.message },
            ),
          ]);
          return { state: 'Failed', error };
        }
        interval = Math.min(MAX_BACKOFF_S, Math.max(polled.retryAfterSeconds, input.pollIntervalSeconds));
      } else {
        // ARM's Retry-After on an in-flight operation is a hint; the configured interval keeps runs responsive.
        interval = input.pollIntervalSeconds;
        retries = 0;
      }
    }
  }
  return { state: 'Completed' };
}

const handler: OrchestrationHandler = memberOrchestrator;
df.app.orchestration(ORCHESTRATOR.member, handler);
