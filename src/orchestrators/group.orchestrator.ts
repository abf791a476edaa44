import * as df from 'durable-functions';
import type { OrchestrationContext, OrchestrationHandler, Task } from 'durable-functions';
import {
  COMPLETED_MESSAGE,
  FINISHED_STATES,
  BeginGroupResultSchema,
  GroupInputSchema,
  MemberPlanSchema,
  MemberResultSchema,
  RunControlSchema,
  groupInstanceId,
  statusKeys,
  type GroupInput,
  type GroupResult,
  type MemberInput,
  type MemberResult,
  type PlannedMemberData,
  type RunControl,
  type StatusWrite,
  type UpdateStatusData,
} from './contracts';
import { ACTIVITY, INTENT_EVENT, ORCHESTRATOR } from './names';
import { raceTasks } from './race';
import { skippedMembers } from './skips';
import { planMemberInput, planResult } from './member.orchestrator';

/**
 * One group: members one at a time (or `maxConcurrency` at once), each a sub-orchestration. A member whose
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

  // The group's Running row, its members from the run's status rows in update order, the intent: one round trip.
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
  for (;;) {
    if (!halted()) {
      for (const name of queue) {
        if (inflight.size >= group.maxConcurrency) break;
        if (inflight.has(name) || (notBefore.get(name) ?? 0) > now()) continue;
        const member = byName.get(name);
        if (!member) continue;
        const memberInput: MemberInput = {
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
        };
        // The member's turn begins with its plan activity, run from here: most upgrades it takes to the end (or
        // to Skipped, Pending, Failed) and no member orchestration is needed.
        const startTime = member.status.startTime ?? iso();
        memberInput.member.status.startTime = startTime;
        startTimes.set(name, startTime);
        planning.set(name, memberInput);
        inflight.set(
          name,
          context.df.callActivity(
            ACTIVITY.planMember,
            planMemberInput(memberInput, iso(), startTime, unwritten.splice(0)),
          ),
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
    let result: MemberResult;
    if (planned) {
      const plan = MemberPlanSchema.parse(winner.result);
      const final = planResult(plan);
      if (!final) {
        // Still upgrading, or to be retried after a back-off: a member orchestration goes on from this plan (even
        // for a member skipped meanwhile: an AKS operation is never abandoned, the group waits for it).
        inflight.set(
          name,
          context.df.callSubOrchestrator(
            ORCHESTRATOR.member,
            { ...planned, resume: plan },
            `${context.df.instanceId}:${name}:${attempts++}`,
          ),
        );
        continue;
      }
      result = final;
    } else {
      result = MemberResultSchema.parse(winner.result);
    }
    const skippedRow = userSkipped.get(name);
    if (skippedRow) {
      // Skipped while in flight: its late result is ignored, and the row its activities just wrote with it is put
      // back to Skipped (a Skipped member absorbs memberSucceeded/memberFailed).
      yield write([skippedRow]);
      continue;
    }
    if (result.state === 'NotStarted') {
      states.set(name, prior.get(name) ?? 'NotStarted');
      yield* applyControl();
      continue;
    }
    if (result.state === 'Pending') {
      states.set(name, 'Pending');
      notBefore.set(name, Date.parse(result.nextAttemptAt ?? iso()));
      continue;
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
  yield write([
    ...unwritten.splice(0),
    ...stoppedRows,
    { key: statusKeys.group(stage, group.name), status: groupStatus },
  ]);
  return {
    state,
    members: Object.fromEntries(states),
    ...(failure ? { error: failure } : {}),
  };
}

const handler: OrchestrationHandler = groupOrchestrator;
df.app.orchestration(ORCHESTRATOR.group, handler);
