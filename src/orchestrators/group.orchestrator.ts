import * as df from 'durable-functions';
import type { OrchestrationContext, OrchestrationHandler, Task } from 'durable-functions';
import {
  COMPLETED_MESSAGE,
  FINISHED_STATES,
  BeginGroupResultSchema,
  GroupInputSchema,
  MemberPlanSchema,
  MemberProgressSchema,
  MemberResultSchema,
  RunControlSchema,
  groupInstanceId,
  statusKeys,
  type GroupInput,
  type GroupResult,
  type MemberInput,
  type MemberPlan,
  type MemberProgress,
  type MemberResult,
  type NextTurn,
  type PlannedMemberData,
  type RunControl,
  type StatusWrite,
  type UpdateStatusData,
} from './contracts';
import { ACTIVITY, INTENT_EVENT, ORCHESTRATOR } from './names';
import { raceTasks } from './race';
import { skippedMembers } from './skips';
import { memberRecord, planMemberInput, planResult } from './member.orchestrator';

/**
 * One group: members one at a time (or `maxConcurrency` at once). A member's turn is its plan activity; an upgrade
 * that outlasts it goes on in a member orchestration (durable timers). Activities also take turns on the group's
 * behalf, which the group then follows on: its first step begins the first member's upgrade, the activity that
 * sees an upgrade end begins the next member's, and the last member's writes the group's end. A member whose
 * maintenance window is closed comes back when it opens while the group moves on. Before each start the stored
 * intent is read: stop or a failure elsewhere (halt) means nothing new starts; in-flight upgrades finish. Skips
 * of members take effect at once. Returns the group's final state and each member's.
 */
export function* groupOrchestrator(context: OrchestrationContext): Generator<Task, GroupResult, unknown> {
  const input: GroupInput = GroupInputSchema.parse(context.df.getInput());
  const { group, stage } = input;
  const now = (): number => context.df.currentUtcDateTime.getTime();
  const iso = (): string => context.df.currentUtcDateTime.toISOString();
  const write = (rows: StatusWrite[]) =>
    context.df.callActivity(ACTIVITY.writeStatus, { run: input.run, rows, readIntent: false });
  const memberRow = (m: PlannedMemberData, status: UpdateStatusData, message?: string): StatusWrite => ({
    key: statusKeys.member(stage, group.name, m.name),
    clusterResourceId: m.clusterResourceId,
    order: m.order,
    status,
    ...(message ? { message } : {}),
  });

  /** The first moment of this attempt of the group: its members' rows stamped since then are this attempt's. */
  const since = iso();
  // The group's Running row, its members from the run's status rows in update order, the intent, and the turn of
  // the member first in line: one round trip.
  const groupStart = group.status.startTime ?? iso();
  const begun = BeginGroupResultSchema.parse(
    yield context.df.callActivity(ACTIVITY.beginGroup, {
      run: input.run,
      stage,
      group: group.name,
      rows: [{ key: statusKeys.group(stage, group.name), status: { state: 'Running', startTime: groupStart } }],
      upgradeType: input.managedClusterUpdate.upgrade.type,
      now: iso(),
      ...(input.order ? { order: input.order } : {}),
      ...(input.begun ? { control: input.begun.control } : {}),
      first: {
        managedClusterUpdate: input.managedClusterUpdate,
        ...(input.selectedNodeImageVersions ? { selectedNodeImageVersions: input.selectedNodeImageVersions } : {}),
        pollIntervalSeconds: input.pollIntervalSeconds,
        since,
      },
    }),
  );
  const states = new Map<string, UpdateStatusData['state']>(begun.members.map((m) => [m.name, m.status.state]));
  const byName = new Map(begun.members.map((m) => [m.name, m]));
  const ordered = begun.members.map((m) => m.name);
  const queue = ordered.filter((name) => !FINISHED_STATES.includes(states.get(name) ?? ''));
  const notBefore = new Map<string, number>();
  /** Each member in flight: its plan activity, or (when the upgrade outlasts that) its member orchestration. */
  const inflight = new Map<string, Task>();
  const planning = new Map<string, MemberInput>();
  /** Members the user skipped, with the Skipped row written for them. */
  const userSkipped = new Map<string, StatusWrite>();
  /** Each member's turn: its startTime. */
  const startTimes = new Map<string, string>();
  /**
   * Completed rows not written yet: they go with the next member's first row (one transaction, so one member
   * shows Completed as the next shows Running), or on their own when nothing starts next.
   */
  const unwritten: StatusWrite[] = [];
  let control: RunControl | undefined;
  let failure: GroupResult['error'];
  let attempts = 0;

  const applyControl = function* (known?: RunControl): Generator<Task, void, unknown> {
    control = known ?? RunControlSchema.parse(yield context.df.callActivity(ACTIVITY.readControl, input.run));
    const skipped = skippedMembers(control.skips, stage, group.name, [...byName.keys()]);
    const rows: StatusWrite[] = [];
    for (const name of skipped) {
      if (userSkipped.has(name) || FINISHED_STATES.includes(states.get(name) ?? '')) continue;
      states.set(name, 'Skipped');
      queue.splice(queue.indexOf(name), queue.includes(name) ? 1 : 0);
      const member = byName.get(name);
      if (!member) continue;
      const row = memberRow(member, { state: 'Skipped', completedTime: iso() }, 'Skipped by the user.');
      userSkipped.set(name, row);
      rows.push(row);
    }
    if (rows.length > 0) yield write(rows);
  };
  const halted = (): boolean =>
    control?.stopRequested === true || control?.halted !== undefined || failure !== undefined;

  // Skips and a stop recorded before the group began; later changes wake the group, and each member's plan
  // activity checks the intent again at the last moment (a member that finds it changed comes back NotStarted).
  yield* applyControl(begun.control);
  const prior = new Map<string, UpdateStatusData['state']>();
  /** The members whose upgrade the group advances itself (an activity the next turn may follow on from). */
  const advancing = new Map<string, { input: MemberInput; steps: unknown[] }>();

  const inputOf = (name: string, member: PlannedMemberData): MemberInput => ({
    run: input.run,
    stage,
    group: group.name,
    member: {
      ...member,
      status: {
        state: states.get(name) ?? 'NotStarted',
        ...(member.status.startTime ? { startTime: member.status.startTime } : {}),
      },
    },
    managedClusterUpdate: input.managedClusterUpdate,
    selectedNodeImageVersions: input.selectedNodeImageVersions,
    pollIntervalSeconds: input.pollIntervalSeconds,
  });
  /**
   * The member whose turn comes when `current` ends, handed to the activity of `current` so it starts it the
   * moment `current` completes: one member at a time only (with more, whichever ends first would pick), and only
   * the member next in line if it may start now (a waiting member ahead of it, whose window may open meanwhile,
   * keeps its place).
   */
  const nextTurn = (current: string) => {
    if (group.maxConcurrency !== 1 || halted()) return {};
    const name = queue.find((n) => n !== current && !inflight.has(n));
    const member = name === undefined ? undefined : byName.get(name);
    if (!name || !member || (notBefore.get(name) ?? 0) > now()) return {};
    const start = member.status.startTime;
    return {
      next: {
        ...planMemberInput(inputOf(name, member), iso(), start ?? iso()),
        since,
        ...(start ? {} : { stampStart: true }),
      },
    };
  };
  /** Whether the group's Completed row went out with its last member's (see `closing`). */
  let closedByActivity = false;
  /**
   * The group's Completed row, handed to the activity of the member that ends the group: written with that
   * member's Completed row if it completes there (one hop less at every group's end).
   */
  const closing = (current: string) =>
    failure === undefined && inflight.size === 0 && queue.every((name) => name === current)
      ? {
          close: {
            key: statusKeys.group(stage, group.name),
            status: { state: 'Completed' as const, startTime: groupStart },
          },
        }
      : {};
  /**
   * Where a member's upgrade goes on from `plan` (its plan, or its upgrade as an advance left it): an upgrade just
   * begun by the activity of the member before it is advanced by the group itself (and may hand on in turn); else
   * a member orchestration takes it on, for its durable waits.
   */
  const goOn = (name: string, turn: MemberInput, plan: MemberPlan) => {
    const progress = plan.action === 'upgrade' ? plan.progress : undefined;
    if (plan.action === 'upgrade' && progress?.outcome === 'inProgress' && progress.justBegun) {
      const startTime = startTimes.get(name) ?? iso();
      const operation = progress.cursor.operationId ? { operationId: progress.cursor.operationId } : {};
      advancing.set(name, { input: turn, steps: plan.steps });
      inflight.set(
        name,
        context.df.callActivity(ACTIVITY.advanceMember, {
          clusterResourceId: turn.member.clusterResourceId,
          steps: plan.steps,
          cursor: progress.cursor,
          record: { ...memberRecord(turn, startTime), ...operation },
          pollIntervalSeconds: turn.pollIntervalSeconds,
          ...nextTurn(name),
          ...closing(name),
        }),
      );
      return;
    }
    // Still upgrading, or to be retried after a back-off: a member orchestration goes on from this plan (even for a
    // member skipped meanwhile: an AKS operation is never abandoned, the group waits for it).
    inflight.set(
      name,
      context.df.callSubOrchestrator(
        ORCHESTRATOR.member,
        { ...turn, resume: plan },
        `${context.df.instanceId}:${name}:${attempts++}`,
      ),
    );
  };
  /** A member's completion: with the next turn it took, the activity wrote the Completed row already. */
  const completion = (progress: Extract<MemberProgress, { outcome: 'completed' }>) => {
    if (progress.closed) closedByActivity = true;
    const result: MemberResult =
      progress.next || progress.closed
        ? { state: 'Completed' }
        : {
            state: 'Completed',
            completedTime: progress.completedTime,
            ...(progress.operationId ? { operationId: progress.operationId } : {}),
          };
    return { result, ...(progress.next ? { next: progress.next } : {}) };
  };
  /** What a member's plan means: its result, or its upgrade going on (no result yet), and a turn taken after it. */
  const followPlan = (
    name: string,
    turn: MemberInput,
    plan: MemberPlan,
  ): { result?: MemberResult; next?: NextTurn } => {
    if (plan.action === 'upgrade' && plan.progress?.outcome === 'completed') return completion(plan.progress);
    const final = planResult(plan);
    if (final) return { result: final };
    goOn(name, turn, plan);
    return {};
  };
  const followProgress = (name: string, progress: MemberProgress): { result?: MemberResult; next?: NextTurn } => {
    const turn = advancing.get(name);
    advancing.delete(name);
    if (progress.outcome === 'completed') return completion(progress);
    if (progress.outcome === 'failed') return { result: { state: 'Failed', error: progress.error } };
    if (!turn) throw new Error(`No upgrade of member '${name}' is advancing.`);
    goOn(name, turn.input, { action: 'upgrade', steps: turn.steps, progress });
    return {};
  };

  /** A member's turn is over (or came back undone): its state, its row, and a failure's halt of the run. */
  const settle = function* (name: string, result: MemberResult): Generator<Task, void, unknown> {
    const skippedRow = userSkipped.get(name);
    if (skippedRow) {
      // Skipped while in flight: its late result is ignored, and the row its activities just wrote with it is put
      // back to Skipped (a Skipped member absorbs memberSucceeded/memberFailed).
      yield write([skippedRow]);
      return;
    }
    if (result.state === 'NotStarted') {
      states.set(name, prior.get(name) ?? 'NotStarted');
      yield* applyControl();
      return;
    }
    if (result.state === 'Pending') {
      states.set(name, 'Pending');
      notBefore.set(name, Date.parse(result.nextAttemptAt ?? iso()));
      return;
    }
    states.set(name, result.state);
    queue.splice(queue.indexOf(name), 1);
    const member = byName.get(name);
    if (result.state === 'Completed' && result.completedTime !== undefined && member) {
      const status = {
        state: 'Completed' as const,
        startTime: startTimes.get(name),
        completedTime: result.completedTime,
      };
      const row = memberRow(member, status, COMPLETED_MESSAGE);
      unwritten.push(result.operationId ? { ...row, operationId: result.operationId } : row);
    }
    if (result.state === 'Failed') {
      failure = {
        code: 'UpdateGroupFailed',
        message: `Member '${name}' failed: ${result.error?.message ?? 'unknown error'}`,
      };
      yield context.df.callActivity(ACTIVITY.haltRun, {
        run: input.run,
        error: failure,
        notify: [
          input.runInstanceId,
          ...input.siblings.map((name) => groupInstanceId(input.runInstanceId, input.attempt, stage, name)),
        ],
      });
    }
  };

  /**
   * A turn an activity took on the group's behalf (its first step took the first member's; the activity of a member
   * that completed took the next one's): followed on as if the member's own plan activity had answered.
   */
  const takeOver = function* (taken: NextTurn): Generator<Task, void, unknown> {
    const member = byName.get(taken.member);
    if (!member) return;
    startTimes.set(taken.member, taken.startTime);
    if (!userSkipped.has(taken.member)) {
      prior.set(taken.member, states.get(taken.member) ?? 'NotStarted');
      states.set(taken.member, 'Running');
    }
    const turn = inputOf(taken.member, member);
    turn.member.status.startTime = taken.startTime;
    const followed = followPlan(taken.member, turn, MemberPlanSchema.parse(taken.plan));
    if (followed.result) yield* settle(taken.member, followed.result);
    if (followed.next) yield* takeOver(followed.next);
  };

  if (begun.first) yield* takeOver(begun.first);
  for (;;) {
    if (!halted()) {
      for (const name of queue) {
        if (inflight.size >= group.maxConcurrency) break;
        if (inflight.has(name) || (notBefore.get(name) ?? 0) > now()) continue;
        const member = byName.get(name);
        if (!member) continue;
        const memberInput = inputOf(name, member);
        // The member's turn begins with its plan activity, run from here: most upgrades it takes to the end (or
        // to Skipped, Pending, Failed) and no member orchestration is needed.
        const startTime = member.status.startTime ?? iso();
        memberInput.member.status.startTime = startTime;
        startTimes.set(name, startTime);
        planning.set(name, memberInput);
        inflight.set(
          name,
          context.df.callActivity(ACTIVITY.planMember, {
            ...planMemberInput(memberInput, iso(), startTime, unwritten.splice(0)),
            since,
            ...nextTurn(name),
            ...closing(name),
          }),
        );
        prior.set(name, states.get(name) ?? 'NotStarted');
        states.set(name, 'Running');
      }
    }
    if (inflight.size === 0 && (queue.length === 0 || halted())) break;
    if (unwritten.length > 0) yield write(unwritten.splice(0));
    // A fresh wait per race: DF completes the newest waiter first, and a waiter raced twice is tracked twice, so a
    // later event could land on the stale, already-completed copy and be lost.
    const intent = context.df.waitForExternalEvent(INTENT_EVENT);
    const waits: Task[] = [...inflight.values(), intent];
    const waiting = queue.filter((name) => !inflight.has(name)).map((name) => notBefore.get(name) ?? 0);
    const timer =
      inflight.size < group.maxConcurrency && !halted() && waiting.length > 0
        ? context.df.createTimer(new Date(Math.max(now(), Math.min(...waiting))))
        : undefined;
    if (timer) waits.push(timer);
    const winner = yield* raceTasks(context, waits);
    if (timer && winner !== timer) timer.cancel();
    if (winner === intent) {
      yield* applyControl();
      continue;
    }
    if (winner === timer) continue;
    const name = [...inflight.entries()].find(([, task]) => task === winner)?.[0];
    if (name === undefined) continue;
    inflight.delete(name);
    const planned = planning.get(name);
    planning.delete(name);
    let outcome: { result?: MemberResult; next?: NextTurn };
    if (planned) outcome = followPlan(name, planned, MemberPlanSchema.parse(winner.result));
    else if (advancing.has(name)) outcome = followProgress(name, MemberProgressSchema.parse(winner.result));
    else outcome = { result: MemberResultSchema.parse(winner.result) };
    if (outcome.result) yield* settle(name, outcome.result);
    if (outcome.next) yield* takeOver(outcome.next);
  }

  // Members never started because of a stop or a failure elsewhere: Pending ones show Stopped.
  const stoppedRows: StatusWrite[] = [];
  for (const name of queue) {
    const member = byName.get(name);
    if (member && states.get(name) === 'Pending') {
      states.set(name, 'Stopped');
      stoppedRows.push(
        memberRow(member, { state: 'Stopped', completedTime: iso() }, 'Stopped before its maintenance window opened.'),
      );
    }
  }
  const memberStates = [...states.values()];
  const state: GroupResult['state'] = failure
    ? 'Failed'
    : queue.length > 0
      ? 'Stopped'
      : memberStates.every((s) => s === 'Skipped')
        ? 'Skipped'
        : 'Completed';
  const groupStatus: UpdateStatusData = {
    state,
    startTime: groupStart,
    completedTime: iso(),
    ...(failure ? { error: failure } : {}),
  };
  // Unless the last member's activity wrote exactly this already (see `closing`).
  if (!closedByActivity || state !== 'Completed' || unwritten.length > 0 || stoppedRows.length > 0) {
    yield write([
      ...unwritten.splice(0),
      ...stoppedRows,
      { key: statusKeys.group(stage, group.name), status: groupStatus },
    ]);
  }
  return {
    state,
    members: Object.fromEntries(states),
    ...(failure ? { error: failure } : {}),
  };
}

const handler: OrchestrationHandler = groupOrchestrator;
df.app.orchestration(ORCHESTRATOR.group, handler);
