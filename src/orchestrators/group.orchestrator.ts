import * as df from 'durable-functions';
import type { OrchestrationContext, OrchestrationHandler, Task, TimerTask } from 'durable-functions';
import { z } from 'zod';
import {
  decideGroup,
  initialGroupState,
  type GroupCommand,
  type GroupDecision,
  type GroupEvent,
  type GroupMember,
  type GroupState,
} from '../domain';
import { RunControlSchema, UpdateStatusSchema, groupInstanceId, type RunControl } from './contracts';
import { GroupInputSchema, type GroupInput, type GroupResult } from './group-contracts';
import { GateOutcomeSchema, gateInstanceId, type GateOutcome, type GateSetInput } from './gate-contracts';
import { GroupMemberSchema, MemberOutcomeSchema, type MemberUpdateInput } from './member-contracts';
import { ACTIVITY, INTENT_EVENT, ORCHESTRATOR } from './names';
import { raceTasks } from './race';
import { messageOf } from './failure-message';
import { ACTIVITY_RETRY } from './retry-policy';

/** What a task in flight stands for: a member's update, or one of the group's reads. */
type Work = { kind: 'member'; member: GroupMember } | { kind: 'members' } | { kind: 'due' } | { kind: 'intent' };

const MembersReadSchema = z.object({
  members: z.array(GroupMemberSchema),
  cursor: z.string().optional(),
  exhausted: z.boolean(),
});
const BegunSchema = z.object({ control: RunControlSchema, page: MembersReadSchema });
const DueReadSchema = z.object({ members: MembersReadSchema.shape.members, nextOpening: z.string().optional() });

/**
 * One update group. Every decision (which member begins, when to read more members, when to wait, checkpoint or
 * end) is decideGroup's, in src/domain/group-engine.ts: this orchestration feeds it events and carries out its
 * commands. A member's update is the UpdateMember activity; one that outlasts it goes on in a member orchestration
 * (durable timers). Every so many members it continues as new, so its history stays small in a group of any size.
 */
export function* groupOrchestrator(context: OrchestrationContext): Generator<Task, GroupResult, unknown> {
  const input = GroupInputSchema.parse(context.df.getInput());
  const iso = (): string => context.df.currentUtcDateTime.toISOString();
  const call = (name: string, data: unknown): Task => context.df.callActivityWithRetry(name, ACTIVITY_RETRY, data);
  const ref = {
    run: input.run,
    attempt: input.attempt,
    stage: input.stage,
    group: input.group.name,
    upgradeType: input.managedClusterUpdate.upgrade.type,
  };
  const startTime = input.carried?.startTime ?? input.group.status.startTime ?? iso();
  const work = new Map<Task, Work>();
  let timer: { at: string; task: TimerTask } | undefined;
  try {
    let decision: GroupDecision;
    if (input.carried) {
      const control = RunControlSchema.parse(yield call(ACTIVITY.readControl, input.run));
      decision = decideGroup(input.carried.state, { type: 'intent', intent: intentOf(control, input) }, iso());
    } else {
      // Approvals before the group come first; a skip that came meanwhile is the engine's to take, like any other.
      if ((yield* passGates('Before')) === 'Stopped') return { state: 'Stopped' };
      const status = { state: 'Running' as const, startTime };
      const begun = BegunSchema.parse(yield call(ACTIVITY.beginGroup, { ...ref, status }));
      const initial = initialGroupState(input.stage, input.group.name, {
        maxConcurrency: input.group.maxConcurrency,
        maxFailures: input.group.maxAllowedFailures,
      });
      decision = decideGroup(
        initial,
        { type: 'begun', intent: intentOf(begun.control, input), page: begun.page },
        iso(),
      );
    }
    for (;;) {
      for (const command of decision.commands) {
        const ended = yield* carryOut(command, decision.state);
        if (ended) return ended;
      }
      decision = decideGroup(decision.state, yield* nextEvent(), iso());
    }
  } catch (error) {
    // Something failed past its retries: the group is Failed with the reason, and the run halts (fail-fast).
    const failure = { code: 'UpdateGroupFailed', message: `The group could not go on: ${messageOf(error)}` };
    yield call(ACTIVITY.haltRun, { run: input.run, error: failure, notify: notified(input) });
    return yield* end('Failed', failure);
  }

  /** Carries out one command; the group's result when the command ends this execution. */
  function* carryOut(command: GroupCommand, state: GroupState): Generator<Task, GroupResult | undefined, unknown> {
    switch (command.type) {
      case 'begin':
        work.set(call(ACTIVITY.updateMember, memberInput(input, command.member)), {
          kind: 'member',
          member: command.member,
        });
        return undefined;
      case 'readMembers':
        work.set(call(ACTIVITY.readMembers, { ...ref, after: command.after }), { kind: 'members' });
        return undefined;
      case 'readDueMembers':
        work.set(call(ACTIVITY.readDueMembers, ref), { kind: 'due' });
        return undefined;
      case 'readIntent':
        work.set(call(ACTIVITY.readControl, input.run), { kind: 'intent' });
        return undefined;
      case 'skipMembers':
        yield call(ACTIVITY.skipMembers, { ...ref, ...command });
        return undefined;
      case 'recordFailure':
        yield call(ACTIVITY.recordFailure, {
          run: input.run,
          stage: input.stage,
          maxAllowedFailures: input.stageMaxAllowedFailures,
          error: command.error,
          notify: notified(input),
        });
        return undefined;
      case 'waitUntil':
        if (timer?.at !== command.at) {
          timer?.task.cancel();
          timer = { at: command.at, task: context.df.createTimer(new Date(command.at)) };
        }
        return undefined;
      case 'checkpoint':
        context.df.continueAsNew({ ...input, carried: { state, startTime } });
        return { state: 'Running' };
      case 'end': {
        if (command.outcome !== 'Ran') return yield* end(command.outcome, command.error);
        // Its members are done: approvals after the group decide when it ends.
        const passed = yield* passGates('After');
        return yield* end(passed === 'Completed' ? 'Ran' : passed, undefined, passed === 'Stopped');
      }
    }
  }

  /** The group's gates at `timing` (none: Completed at once), waited for in a gate orchestration. */
  function* passGates(timing: 'Before' | 'After'): Generator<Task, GateOutcome, unknown> {
    const gates = timing === 'Before' ? input.group.beforeGates : input.group.afterGates;
    if (!gates?.length) return 'Completed';
    const place = { stage: input.stage, group: input.group.name, timing };
    const id = gateInstanceId(input.runInstanceId, input.attempt, place);
    const gateInput: GateSetInput = { run: input.run, attempt: input.attempt, place, gates };
    return GateOutcomeSchema.parse(yield context.df.callSubOrchestrator(ORCHESTRATOR.gates, gateInput, id));
  }

  function* end(
    outcome: string,
    error?: { code: string; message: string },
    awaitingApproval = false,
  ): Generator<Task, GroupResult, unknown> {
    timer?.task.cancel();
    const status = UpdateStatusSchema.parse(
      yield call(ACTIVITY.endGroup, {
        ...ref,
        outcome,
        maxAllowedFailures: input.group.maxAllowedFailures,
        startTime,
        ...(error ? { error } : {}),
        ...(awaitingApproval ? { awaitingApproval } : {}),
      }),
    );
    return { state: status.state, ...(status.error ? { error: status.error } : {}) };
  }

  /** Waits for the first task in flight, the intent event or the window timer, and says what happened. */
  function* nextEvent(): Generator<Task, GroupEvent, unknown> {
    for (;;) {
      // A fresh wait per race: DF completes the newest waiter first, and a waiter raced twice is tracked twice.
      const intent = context.df.waitForExternalEvent(INTENT_EVENT);
      const winner = yield* raceTasks(context, [...work.keys(), intent, ...(timer ? [timer.task] : [])]);
      if (winner === intent) {
        work.set(call(ACTIVITY.readControl, input.run), { kind: 'intent' });
        continue;
      }
      if (winner === timer?.task) {
        timer = undefined;
        return { type: 'windowOpened' };
      }
      const done = work.get(winner);
      work.delete(winner);
      if (!done) continue;
      if (done.kind === 'member') {
        const event = memberEvent(done.member, winner);
        if (event) return event;
        continue;
      }
      if (winner.isFaulted) throw new Error(`${done.kind} read failed: ${messageOf(winner.result)}`);
      if (done.kind === 'intent') {
        return { type: 'intent', intent: intentOf(RunControlSchema.parse(winner.result), input) };
      }
      if (done.kind === 'due') return { type: 'dueMembersRead', ...DueReadSchema.parse(winner.result) };
      return { type: 'membersRead', ...MembersReadSchema.parse(winner.result) };
    }
  }

  /** A member task's end as an event; a `Running` outcome goes on in a member orchestration (no event yet). */
  function memberEvent(member: GroupMember, task: Task): GroupEvent | undefined {
    if (task.isFaulted) {
      const error = { code: 'MemberUpdateFailed', message: messageOf(task.result) };
      return { type: 'memberEnded', member: member.name, state: 'Failed', error };
    }
    const outcome = MemberOutcomeSchema.parse(task.result);
    switch (outcome.state) {
      case 'Running': {
        const id = `${context.df.instanceId}:${member.name}:${context.df.currentUtcDateTime.getTime()}`;
        const running = { ...memberInput(input, member), running: outcome };
        work.set(context.df.callSubOrchestrator(ORCHESTRATOR.member, running, id), { kind: 'member', member });
        return undefined;
      }
      case 'Pending':
        return { type: 'memberPending', member: member.name, until: outcome.until };
      case 'Failed':
        return { type: 'memberEnded', member: member.name, state: 'Failed', error: outcome.error };
      default:
        return { type: 'memberEnded', member: member.name, state: outcome.state };
    }
  }
}

function memberInput(input: GroupInput, member: GroupMember): MemberUpdateInput {
  return {
    run: input.run,
    attempt: input.attempt,
    stage: input.stage,
    group: input.group.name,
    member,
    managedClusterUpdate: input.managedClusterUpdate,
    ...(input.selectedNodeImageVersions ? { selectedNodeImageVersions: input.selectedNodeImageVersions } : {}),
    pollIntervalSeconds: input.pollIntervalSeconds,
    busyWaitSeconds: input.busyWaitSeconds,
  };
}

/** The run and the stage's other groups: woken when this group halts the run. */
function notified(input: GroupInput): string[] {
  const sibling = (name: string) => groupInstanceId(input.runInstanceId, input.attempt, input.stage, name);
  return [input.runInstanceId, ...input.siblings.map(sibling)];
}

/** The intent as this group sees it: a later start of the run (another attempt) stops it too. */
function intentOf(control: RunControl, input: GroupInput) {
  const superseded = control.attempt !== input.attempt;
  return { stopping: control.stopRequested || control.halted !== undefined || superseded, skips: control.skips };
}

const handler: OrchestrationHandler = groupOrchestrator;
df.app.orchestration(ORCHESTRATOR.group, handler);
