import type { OrchestrationContext, Task, TimerTask } from 'durable-functions';
import {
  decideGroup,
  initialGroupState,
  intentStops,
  type GroupCommand,
  type GroupDecision,
  type GroupEvent,
  type GroupMember,
  type GroupState,
} from '../domain';
import { RunControlSchema, UpdateStatusSchema, groupInstanceId, type ErrorDetail, type RunControl } from './contracts';
import {
  DueMembersSchema,
  GroupBegunSchema,
  MembersPageSchema,
  type GroupInput,
  type GroupResult,
} from './group-contracts';
import { GateOutcomeSchema, gateInstanceId, type GateOutcome, type GateSetInput } from './gate-contracts';
import { MemberOutcomeSchema, type MemberUpdateInput } from './member-contracts';
import { ACTIVITY, INTENT_EVENT, ORCHESTRATOR } from './names';
import { raceTasks } from './race';
import { messageOf } from './failure-message';
import { ACTIVITY_RETRY } from './retry-policy';

/** What a task in flight stands for: a member's update, or one of the group's reads. */
type Work = { kind: 'member'; member: GroupMember } | { kind: 'members' } | { kind: 'due' } | { kind: 'intent' };

/**
 * One execution of a group orchestration (group.orchestrator.ts): it turns what happens (a task ends, the intent
 * event, the window timer) into decideGroup's events and carries out decideGroup's commands. It holds only what is
 * in flight: the tasks and the one window timer.
 */
export class GroupExecution {
  private readonly work = new Map<Task, Work>();
  private timer: { at: string; task: TimerTask } | undefined;
  private readonly ref;
  private readonly startTime: string;

  constructor(
    private readonly context: OrchestrationContext,
    private readonly input: GroupInput,
  ) {
    this.ref = {
      run: input.run,
      attempt: input.attempt,
      stage: input.stage,
      group: input.group.name,
      upgradeType: input.managedClusterUpdate.upgrade.type,
    };
    this.startTime = input.carried?.startTime ?? input.group.status.startTime ?? this.iso();
  }

  private call(name: string, data: unknown): Task {
    return this.context.df.callActivityWithRetry(name, ACTIVITY_RETRY, data);
  }

  private iso(): string {
    return this.context.df.currentUtcDateTime.toISOString();
  }

  decide(state: GroupState, event: GroupEvent): GroupDecision {
    return decideGroup(state, event, this.iso());
  }

  /**
   * The first decision of this execution: from the carried state (after continue-as-new), or from the group's
   * beginning once its before-gates passed; undefined when a stop ended the wait at those gates.
   */
  *firstDecision(): Generator<Task, GroupDecision | undefined, unknown> {
    const { input } = this;
    if (input.carried) {
      const control = RunControlSchema.parse(yield this.call(ACTIVITY.readControl, input.run));
      return this.decide(input.carried.state, { type: 'intent', intent: intentOf(control, input) });
    }
    // Approvals before the group come first; a skip that came meanwhile is the engine's to take, like any other.
    if ((yield* this.passGates('Before')) === 'Stopped') return undefined;
    const status = { state: 'Running' as const, startTime: this.startTime };
    const begun = GroupBegunSchema.parse(yield this.call(ACTIVITY.beginGroup, { ...this.ref, status }));
    const initial = initialGroupState(input.stage, input.group.name, {
      maxConcurrency: input.group.maxConcurrency,
      maxFailures: input.group.maxAllowedFailures,
    });
    return this.decide(initial, { type: 'begun', intent: intentOf(begun.control, input), page: begun.page });
  }

  /** Carries out one command; the group's result when the command ends this execution. */
  *carryOut(command: GroupCommand, state: GroupState): Generator<Task, GroupResult | undefined, unknown> {
    const { input, ref } = this;
    switch (command.type) {
      case 'begin': {
        const { member } = command;
        this.work.set(this.call(ACTIVITY.updateMember, memberInput(input, member)), { kind: 'member', member });
        return undefined;
      }
      case 'readMembers':
        this.work.set(this.call(ACTIVITY.readMembers, { ...ref, after: command.after }), { kind: 'members' });
        return undefined;
      case 'readDueMembers':
        this.work.set(this.call(ACTIVITY.readDueMembers, ref), { kind: 'due' });
        return undefined;
      case 'readIntent':
        this.work.set(this.call(ACTIVITY.readControl, input.run), { kind: 'intent' });
        return undefined;
      case 'skipMembers':
        yield this.call(ACTIVITY.skipMembers, { ...ref, ...command });
        return undefined;
      case 'recordFailure':
        yield this.call(ACTIVITY.recordFailure, {
          run: input.run,
          stage: input.stage,
          maxAllowedFailures: input.stageMaxAllowedFailures,
          error: command.error,
          notify: notified(input),
        });
        return undefined;
      case 'waitUntil':
        if (this.timer?.at !== command.at) {
          this.timer?.task.cancel();
          this.timer = { at: command.at, task: this.context.df.createTimer(new Date(command.at)) };
        }
        return undefined;
      case 'checkpoint':
        this.context.df.continueAsNew({ ...input, carried: { state, startTime: this.startTime } });
        return { state: 'Running' };
      case 'end': {
        if (command.outcome !== 'Ran') return yield* this.end(command.outcome, command.error);
        // Its members are done: approvals after the group decide when it ends.
        const passed = yield* this.passGates('After');
        return yield* this.end(passed === 'Completed' ? 'Ran' : passed, undefined, passed === 'Stopped');
      }
    }
  }

  /** Something failed past its retries: the group is Failed with the reason, and the run halts (fail-fast). */
  *fail(error: unknown): Generator<Task, GroupResult, unknown> {
    const failure = { code: 'UpdateGroupFailed', message: `The group could not go on: ${messageOf(error)}` };
    yield this.call(ACTIVITY.haltRun, { run: this.input.run, error: failure, notify: notified(this.input) });
    return yield* this.end('Failed', failure);
  }

  /** The group's gates at `timing` (none: Completed at once), waited for in a gate orchestration. */
  private *passGates(timing: 'Before' | 'After'): Generator<Task, GateOutcome, unknown> {
    const { input } = this;
    const gates = timing === 'Before' ? input.group.beforeGates : input.group.afterGates;
    if (!gates?.length) return 'Completed';
    const place = { stage: input.stage, group: input.group.name, timing };
    const id = gateInstanceId(input.runInstanceId, input.attempt, place);
    const gateInput: GateSetInput = { run: input.run, attempt: input.attempt, place, gates };
    return GateOutcomeSchema.parse(yield this.context.df.callSubOrchestrator(ORCHESTRATOR.gates, gateInput, id));
  }

  /** Writes the group's end (EndUpdateGroup rolls its state up from its members' rows) and says how it ended. */
  private *end(outcome: string, error?: ErrorDetail, awaitingApproval = false): Generator<Task, GroupResult, unknown> {
    this.timer?.task.cancel();
    const status = UpdateStatusSchema.parse(
      yield this.call(ACTIVITY.endGroup, {
        ...this.ref,
        outcome,
        maxAllowedFailures: this.input.group.maxAllowedFailures,
        startTime: this.startTime,
        ...(error ? { error } : {}),
        ...(awaitingApproval ? { awaitingApproval } : {}),
      }),
    );
    return { state: status.state, ...(status.error ? { error: status.error } : {}) };
  }

  /** Waits for the first task in flight, the intent event or the window timer, and says what happened. */
  *nextEvent(): Generator<Task, GroupEvent, unknown> {
    for (;;) {
      // A fresh wait per race: DF completes the newest waiter first, and a waiter raced twice is tracked twice.
      const intent = this.context.df.waitForExternalEvent(INTENT_EVENT);
      const timer = this.timer;
      const winner = yield* raceTasks(this.context, [...this.work.keys(), intent, ...(timer ? [timer.task] : [])]);
      if (winner === intent) {
        this.work.set(this.call(ACTIVITY.readControl, this.input.run), { kind: 'intent' });
        continue;
      }
      if (winner === timer?.task) {
        this.timer = undefined;
        return { type: 'windowOpened' };
      }
      const done = this.work.get(winner);
      this.work.delete(winner);
      if (!done) continue;
      if (done.kind === 'member') {
        const event = this.memberEvent(done.member, winner);
        if (event) return event;
        continue;
      }
      if (winner.isFaulted) throw new Error(`${done.kind} read failed: ${messageOf(winner.result)}`);
      if (done.kind === 'intent') {
        return { type: 'intent', intent: intentOf(RunControlSchema.parse(winner.result), this.input) };
      }
      if (done.kind === 'due') return { type: 'dueMembersRead', ...DueMembersSchema.parse(winner.result) };
      return { type: 'membersRead', ...MembersPageSchema.parse(winner.result) };
    }
  }

  /** A member task's end as an event; a `Running` outcome goes on in a member orchestration (no event yet). */
  private memberEvent(member: GroupMember, task: Task): GroupEvent | undefined {
    if (task.isFaulted) {
      const error = { code: 'MemberUpdateFailed', message: messageOf(task.result) };
      return { type: 'memberEnded', member: member.name, state: 'Failed', error };
    }
    const outcome = MemberOutcomeSchema.parse(task.result);
    switch (outcome.state) {
      case 'Running': {
        const { df } = this.context;
        const id = `${df.instanceId}:${member.name}:${df.currentUtcDateTime.getTime()}`;
        const running = { ...memberInput(this.input, member), running: outcome };
        this.work.set(df.callSubOrchestrator(ORCHESTRATOR.member, running, id), { kind: 'member', member });
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
  return { stopping: intentStops(control, input.attempt), skips: control.skips };
}
