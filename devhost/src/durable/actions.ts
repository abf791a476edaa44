import type { HistoryIndex } from './history';
import { event, EventType, type HistoryEvent } from './history';

/** durable-functions action types (durable-host-protocol.md §3.5). */
export const ActionType = {
  CallActivity: 0,
  CallActivityWithRetry: 1,
  CallSubOrchestrator: 2,
  CallSubOrchestratorWithRetry: 3,
  ContinueAsNew: 4,
  CreateTimer: 5,
  WaitForExternalEvent: 6,
  CallEntity: 7,
  CallHttp: 8,
  SignalEntity: 9,
  WhenAny: 11,
  WhenAll: 12,
} as const;

export interface RetryOptions {
  firstRetryIntervalInMilliseconds: number;
  maxNumberOfAttempts: number;
  backoffCoefficient?: number;
  maxRetryIntervalInMilliseconds?: number;
}

/** One action as durable-functions returns it (only the fields the devhost reads). */
export interface Action {
  actionType: number;
  functionName?: string;
  input?: unknown;
  instanceId?: string;
  fireAt?: string;
  isCanceled?: boolean;
  retryOptions?: RetryOptions;
  compoundActions?: Action[];
}

/** Work the host must start after the episode commits. */
export type Work =
  | { kind: 'activity'; id: number; name: string; input: string | null }
  | { kind: 'timer'; id: number; fireAt: number }
  | { kind: 'subOrchestration'; id: number; name: string; instanceId: string; input: string | null };

/** Raised when the orchestrator's actions do not match its recorded history. */
export class NonDeterminismError extends Error {
  override name = 'NonDeterministicOrchestrationException';
}

/** Raised for actions the devhost does not implement. */
export class UnsupportedActionError extends Error {
  override name = 'NotSupportedException';
}

export const MAX_SHORT_TIMER_MS = 6 * 24 * 3600_000;
export const LONG_TIMER_INTERVAL_MS = 3 * 24 * 3600_000;

/** Activity input as the extension sends it: strings as they are (DF already JSON-encoded them), else JSON. */
export function encodeInput(input: unknown): string | null {
  if (input === undefined) return null;
  return typeof input === 'string' ? input : JSON.stringify(input);
}

interface WalkContext {
  index: HistoryIndex;
  now: number;
  executionId: string;
  next: number;
  events: HistoryEvent[];
  work: Work[];
}

const KIND_BY_EVENT: Record<number, string> = {
  [EventType.TaskScheduled]: 'activity',
  [EventType.TimerCreated]: 'timer',
  [EventType.SubOrchestrationInstanceCreated]: 'sub-orchestration',
  [EventType.EventSent]: 'entity',
};

/** Checks the recorded scheduling event for `id` against the action; returns it if present. */
function recorded(ctx: WalkContext, id: number, kind: string, name: string | undefined): HistoryEvent | undefined {
  const e = ctx.index.scheduled.get(id);
  if (!e) return undefined;
  const recordedKind = KIND_BY_EVENT[e.EventType];
  const recordedName = typeof e.Name === 'string' ? e.Name : undefined;
  if (recordedKind !== kind || (name !== undefined && recordedName?.toLowerCase() !== name.toLowerCase())) {
    throw new NonDeterminismError(
      `Non-deterministic workflow detected: history has a ${recordedKind}${recordedName ? ` '${recordedName}'` : ''} ` +
        `at sequence ${id}, but the orchestrator now schedules a ${kind}${name ? ` '${name}'` : ''}.`,
    );
  }
  return e;
}

function scheduleTask(ctx: WalkContext, action: Action, sub: boolean): number {
  const id = ctx.next++;
  const name = action.functionName ?? '';
  if (recorded(ctx, id, sub ? 'sub-orchestration' : 'activity', name)) return id;
  if (sub) {
    const instanceId = action.instanceId ?? `${ctx.executionId}:${id}`;
    const input = action.input === undefined ? null : JSON.stringify(action.input);
    ctx.events.push(
      event(
        EventType.SubOrchestrationInstanceCreated,
        ctx.now,
        { Name: name, Version: '', InstanceId: instanceId, Input: input },
        id,
      ),
    );
    ctx.work.push({ kind: 'subOrchestration', id, name, instanceId, input });
  } else {
    const input = encodeInput(action.input);
    ctx.events.push(event(EventType.TaskScheduled, ctx.now, { Name: name, Version: '', Input: input }, id));
    ctx.work.push({ kind: 'activity', id, name, input });
  }
  return id;
}

function createTimer(ctx: WalkContext, fireAt: number, finalFireAt: number): number {
  const id = ctx.next++;
  if (recorded(ctx, id, 'timer', undefined)) return id;
  ctx.events.push(
    event(
      EventType.TimerCreated,
      ctx.now,
      { FireAt: new Date(fireAt).toISOString(), FinalFireAt: new Date(finalFireAt).toISOString() },
      id,
    ),
  );
  ctx.work.push({ kind: 'timer', id, fireAt });
  return id;
}

/** Mirrors DF's LongTimerTask: slices of 3 days while more than 6 days remain, one id per slice. */
function walkTimer(ctx: WalkContext, action: Action): void {
  const finalFireAt = Date.parse(action.fireAt ?? '');
  if (Number.isNaN(finalFireAt))
    throw new UnsupportedActionError(`CreateTimer action without a valid fireAt: ${action.fireAt}`);
  let id = ctx.next;
  const first = ctx.index.scheduled.get(id);
  const createdAt = first ? Date.parse(first.Timestamp) : ctx.now;
  const isLong = finalFireAt - createdAt > MAX_SHORT_TIMER_MS;
  if (!isLong) {
    createTimer(ctx, finalFireAt, finalFireAt);
    return;
  }
  let sliceStart = createdAt;
  for (;;) {
    const sliceFireAt =
      finalFireAt - sliceStart > MAX_SHORT_TIMER_MS ? sliceStart + LONG_TIMER_INTERVAL_MS : finalFireAt;
    id = createTimer(ctx, sliceFireAt, finalFireAt);
    if (!ctx.index.completed.has(id)) return;
    const deliveredAt = ctx.index.deliveredAt.get(id) ?? ctx.now;
    if (!(finalFireAt > deliveredAt)) return;
    sliceStart = deliveredAt;
  }
}

/** Mirrors DF's RetryableTask: task, timer, task, timer… with a timer after every failed attempt. */
function walkRetry(ctx: WalkContext, action: Action, sub: boolean): void {
  const options = action.retryOptions;
  if (!options) throw new UnsupportedActionError('Retry action without retryOptions');
  for (let attempt = 1; ; attempt++) {
    const taskId = scheduleTask(ctx, action, sub);
    const completion = ctx.index.completed.get(taskId);
    if (!completion) return;
    if (
      completion.EventType === EventType.TaskCompleted ||
      completion.EventType === EventType.SubOrchestrationInstanceCompleted
    )
      return;
    const failedAt = ctx.index.deliveredAt.get(taskId) ?? ctx.now;
    const coefficient = options.backoffCoefficient ?? 1;
    const maxInterval = options.maxRetryIntervalInMilliseconds ?? MAX_SHORT_TIMER_MS;
    const delay =
      attempt >= options.maxNumberOfAttempts
        ? 0
        : Math.min(options.firstRetryIntervalInMilliseconds * coefficient ** (attempt - 1), maxInterval);
    const timerId = createTimer(ctx, failedAt + delay, failedAt + delay);
    if (!ctx.index.completed.has(timerId) || attempt >= options.maxNumberOfAttempts) return;
  }
}

function walk(ctx: WalkContext, action: Action): void {
  switch (action.actionType) {
    case ActionType.CallActivity:
      scheduleTask(ctx, action, false);
      return;
    case ActionType.CallSubOrchestrator:
      scheduleTask(ctx, action, true);
      return;
    case ActionType.CallActivityWithRetry:
      walkRetry(ctx, action, false);
      return;
    case ActionType.CallSubOrchestratorWithRetry:
      walkRetry(ctx, action, true);
      return;
    case ActionType.CreateTimer:
      walkTimer(ctx, action);
      return;
    case ActionType.WhenAll:
    case ActionType.WhenAny:
      for (const child of action.compoundActions ?? []) walk(ctx, child);
      return;
    case ActionType.WaitForExternalEvent:
    case ActionType.ContinueAsNew:
      return;
    case ActionType.CallEntity:
    case ActionType.SignalEntity:
      throw new UnsupportedActionError('Durable entities are not supported by the devhost yet');
    case ActionType.CallHttp:
      throw new UnsupportedActionError('callHttp is not supported by the devhost yet');
    default:
      throw new UnsupportedActionError(`Unknown action type ${action.actionType}`);
  }
}

/** Result of replaying the actions against history: new scheduling events and the work they start. */
export interface Decisions {
  events: HistoryEvent[];
  work: Work[];
  continueAsNew?: { input: string | null };
}

/** Walks the cumulative action list, assigning sequence ids as DF does, and returns what is new. */
export function decide(actions: Action[], index: HistoryIndex, now: number, executionId: string): Decisions {
  const ctx: WalkContext = { index, now, executionId, next: 0, events: [], work: [] };
  let continueAsNew: Decisions['continueAsNew'];
  for (const action of actions) {
    walk(ctx, action);
    if (action.actionType === ActionType.ContinueAsNew) continueAsNew = { input: encodeInput(action.input) };
  }
  if (index.maxScheduledId >= ctx.next) {
    const extra = index.scheduled.get(index.maxScheduledId);
    throw new NonDeterminismError(
      `Non-deterministic workflow detected: history has ${KIND_BY_EVENT[extra?.EventType ?? -1] ?? 'work'} ` +
        `'${typeof extra?.Name === 'string' ? extra.Name : ''}' at sequence ${index.maxScheduledId}, which the orchestrator no longer schedules.`,
    );
  }
  return { events: ctx.events, work: ctx.work, continueAsNew };
}
