import * as df from 'durable-functions';
import type { OrchestrationContext, OrchestrationHandler, Task } from 'durable-functions';
import {
  MemberInputSchema,
  MemberPlanSchema,
  MemberProgressSchema,
  statusKeys,
  type MemberCursor,
  type MemberInput,
  type MemberPlan,
  type MemberProgress,
  type MemberResult,
  type StatusWrite,
} from './contracts';
import { ACTIVITY, ORCHESTRATOR } from './names';
import { nextPollSeconds } from '../domain';

/** How often a retriable cluster error (throttling, 5xx) is retried before the member fails. */
export const MAX_RETRIES = 8;
const MAX_BACKOFF_S = 300;

/** Waits before retry number `retry` (1-based): Retry-After when ARM sent a longer one, else 1, 2, 4 … 300 s. */
export function backoffSeconds(retry: number, retryAfterSeconds: number): number {
  return Math.min(MAX_BACKOFF_S, Math.max(retryAfterSeconds, 2 ** Math.max(0, retry - 1)));
}

/** Where the member's activities record its row (saving the orchestration a round trip per step). */
export function memberRecord(input: Pick<MemberInput, 'run' | 'stage' | 'group' | 'member'>, startTime: string) {
  return {
    run: input.run,
    key: statusKeys.member(input.stage, input.group, input.member.name),
    clusterResourceId: input.member.clusterResourceId,
    order: input.member.order,
    startTime,
  };
}

/**
 * The planMember activity's input for a member whose turn it is: plan, and begin and advance the upgrade. `carry`:
 * rows the group still owes (members that completed), written in one transaction with this member's first row.
 */
export function planMemberInput(
  input: Omit<MemberInput, 'resume'>,
  now: string,
  startTime: string,
  carry: StatusWrite[] = [],
) {
  return {
    ...(carry.length > 0 ? { carry } : {}),
    clusterResourceId: input.member.clusterResourceId,
    managedClusterUpdate: input.managedClusterUpdate,
    selectedNodeImageVersions: input.selectedNodeImageVersions,
    now,
    record: memberRecord(input, startTime),
    advance: { pollIntervalSeconds: input.pollIntervalSeconds },
    gate: { stage: input.stage, group: input.group, member: input.member.name },
  };
}

/** A Completed result whose row the group still writes (see MemberProgress 'completed'). */
function completedResult(progress: Extract<MemberProgress, { outcome: 'completed' }>): MemberResult {
  return {
    state: 'Completed',
    completedTime: progress.completedTime,
    ...(progress.operationId ? { operationId: progress.operationId } : {}),
  };
}

/**
 * What a plan means for the member's group: a final result, or the upgrade still going (`undefined`: it needs
 * durable waits, so a member orchestration takes it on).
 */
export function planResult(plan: MemberPlan): MemberResult | undefined {
  switch (plan.action) {
    case 'halted':
      return { state: 'NotStarted' };
    case 'skip':
      return { state: 'Skipped' };
    case 'completed':
      return { state: 'Completed' };
    case 'wait':
      return { state: 'Pending', nextAttemptAt: plan.nextAttemptAt };
    case 'fail':
      return { state: 'Failed', error: plan.error };
    case 'retry':
      return undefined;
    case 'upgrade':
      if (plan.progress?.outcome === 'completed') return completedResult(plan.progress);
      if (plan.progress?.outcome === 'failed') return { state: 'Failed', error: plan.progress.error };
      return undefined;
  }
}

/**
 * One member's upgrade, for as long as it needs durable waits: plan it (at target → Skipped; window closed →
 * Pending; retriable errors back off on timers), then advance it (the activity begins each step and polls it for
 * a while itself) with a durable timer between advances until it ends. Terminal AKS errors fail the member with
 * ARM's code and message. The group runs a member's first plan itself and starts this orchestration only when
 * the upgrade outlasts that activity (`resume`). Only its activities write the member's row.
 */
export function* memberOrchestrator(context: OrchestrationContext): Generator<Task, MemberResult, unknown> {
  const input = MemberInputSchema.parse(context.df.getInput());
  const now = (): string => context.df.currentUtcDateTime.toISOString();
  const sleep = (seconds: number) =>
    context.df.createTimer(new Date(context.df.currentUtcDateTime.getTime() + Math.round(seconds * 1000)));
  const startTime = input.member.status.startTime ?? now();
  const record = memberRecord(input, startTime);
  const fail = function* (error: MemberResult['error'] & object, operationId?: string) {
    const row: StatusWrite = {
      key: record.key,
      clusterResourceId: record.clusterResourceId,
      order: record.order,
      status: { state: 'Failed', startTime, completedTime: now(), error },
      message: error.message,
      ...(operationId ? { operationId } : {}),
    };
    yield context.df.callActivity(ACTIVITY.writeStatus, { run: input.run, rows: [row], readIntent: false });
    return { state: 'Failed', error } as const;
  };

  let plan = input.resume ? MemberPlanSchema.parse(input.resume) : undefined;
  for (let retry = 0; plan === undefined || plan.action === 'retry'; retry++) {
    if (plan?.action === 'retry') {
      if (retry > MAX_RETRIES) return yield* fail(plan.error);
      yield sleep(backoffSeconds(retry, plan.retryAfterSeconds));
    }
    plan = MemberPlanSchema.parse(
      yield context.df.callActivity(ACTIVITY.planMember, planMemberInput(input, now(), startTime)),
    );
  }
  const result = planResult(plan);
  if (result || plan.action !== 'upgrade') return result ?? { state: 'NotStarted' };
  const steps = plan.steps;
  let progress = plan.progress;

  let cursor: MemberCursor = { step: 0 };
  for (let retries = 0; ;) {
    if (progress?.outcome === 'completed') return completedResult(progress);
    if (progress?.outcome === 'failed') return { state: 'Failed', error: progress.error };
    if (progress?.outcome === 'retry') {
      cursor = progress.cursor;
      if (++retries > MAX_RETRIES) return yield* fail(progress.error, cursor.operationId);
      yield sleep(backoffSeconds(retries, progress.retryAfterSeconds));
    } else if (progress?.outcome === 'inProgress') {
      cursor = progress.cursor;
      retries = 0;
      yield sleep(nextPollSeconds(input.pollIntervalSeconds, progress.retryAfterSeconds));
    }
    progress = MemberProgressSchema.parse(
      yield context.df.callActivity(ACTIVITY.advanceMember, {
        clusterResourceId: input.member.clusterResourceId,
        steps,
        cursor,
        record: { ...record, ...(cursor.operationId ? { operationId: cursor.operationId } : {}) },
        pollIntervalSeconds: input.pollIntervalSeconds,
      }),
    );
  }
}

const handler: OrchestrationHandler = memberOrchestrator;
df.app.orchestration(ORCHESTRATOR.member, handler);
