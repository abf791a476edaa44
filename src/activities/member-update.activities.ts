import * as df from 'durable-functions';
import { nextPollSeconds } from '../domain';
import { skippedMembers } from '../orchestrators/skips';
import type { ClusterClient } from '../clusters/cluster-client';
import type { OperationHandle } from '../clusters/operation-handle.schema';
import { ACTIVITY } from '../orchestrators/names';
import type { ErrorDetail, RunControl, RunRef } from '../orchestrators/contracts';
import {
  MemberContinueInputSchema,
  MemberUpdateInputSchema,
  type MemberContinueInput,
  type MemberOutcome,
  type MemberUpdateInput,
  type UpgradeProgress,
} from '../orchestrators/member-contracts';
import { createMemberClusterSteps, type MemberPlan } from './member-cluster';
import { memberRows, type StatusWriter } from './member-rows';
import { BEGINNING_MESSAGE } from './member-step';

/** Reads a run's intent (the control row). */
export type ControlReader = (run: RunRef) => Promise<RunControl>;
/** Reads one status row of a run (a member's), as last written. */
export type RowReader = (
  run: RunRef,
  key: string,
) => Promise<{ status?: { state: string }; operationId?: string; message?: string } | undefined>;

/** The ports a member's update works through, and how long it polls an operation itself before a durable timer. */
export interface MemberUpdatePorts {
  client: ClusterClient;
  writeRows: StatusWriter;
  readControl: ControlReader;
  readRow: RowReader;
  inlinePollSeconds: number;
  /** Waits between polls within the activity (tests make it instant) and the clock; real time by default. */
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

/**
 * A member's update, as activities: `updateMember` reads the intent and the cluster, decides (Skipped at target,
 * Pending while the window is closed, Failed on a terminal error, else upgrade) and begins the upgrade;
 * `advanceMember` takes an upgrade further. Both poll an operation in flight for up to `inlinePollSeconds`
 * themselves and then hand back `Running` for a durable timer. They write the member's row at every change.
 */
export function createMemberUpdateActivities(ports: MemberUpdatePorts) {
  const cluster = createMemberClusterSteps(ports.client);
  const clock = ports.now ?? Date.now;
  const iso = (): string => new Date(clock()).toISOString();
  const sleep = ports.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const write = (input: MemberUpdateInput, row: ReturnType<typeof memberRows.running>) =>
    ports.writeRows(input.run, [row]);

  const fail = async (input: MemberUpdateInput, startTime: string, error: ErrorDetail, operationId?: string) => {
    await write(input, memberRows.failed(input, startTime, iso(), error, operationId));
    return { state: 'Failed', error } as const;
  };

  /** A retriable error: back off (Running, with the member shown Pending) until the budget is spent, then fail. */
  const retry = async (
    input: MemberUpdateInput,
    startTime: string,
    failure: { retryAfterSeconds: number; error: ErrorDetail },
    progress: UpgradeProgress | undefined,
    since: string | undefined,
  ): Promise<MemberOutcome> => {
    const retryingSince = since ?? iso();
    const deadline = Date.parse(retryingSince) + input.busyWaitSeconds * 1000;
    if (clock() >= deadline) return fail(input, startTime, failure.error, progress?.operation?.operationId);
    const until = new Date(deadline).toISOString();
    const message = `Waiting for the cluster to accept the upgrade (${failure.error.code}: ${failure.error.message}); retrying until ${until}.`;
    await write(input, memberRows.waiting(input, startTime, message));
    return {
      state: 'Running',
      startTime,
      ...(progress ? { progress } : {}),
      retryAfterSeconds: failure.retryAfterSeconds,
      retryingSince,
    };
  };

  /** Whether the member's row shows an upgrade of this run under way (a re-run after a crash finds it so). */
  const upgradeUnderWay = async (input: MemberUpdateInput): Promise<boolean> => {
    const row = await ports.readRow(input.run, memberRows.key(input));
    return row?.status?.state === 'Running' && (row.operationId !== undefined || row.message === BEGINNING_MESSAGE);
  };

  const act = async (input: MemberUpdateInput, startTime: string, plan: MemberPlan, since?: string) => {
    const now = iso();
    switch (plan.action) {
      case 'skip':
        if (await upgradeUnderWay(input)) {
          await write(input, memberRows.completed(input, startTime, now));
          return { state: 'Completed' } as const;
        }
        await write(input, memberRows.skipped(input, now, plan.message, startTime));
        return { state: 'Skipped' } as const;
      case 'wait':
        await write(input, memberRows.pending(input, startTime, plan.nextAttemptAt, plan.message));
        return { state: 'Pending', until: plan.nextAttemptAt } as const;
      case 'fail':
        return fail(input, startTime, plan.error);
      case 'retry':
        return retry(input, startTime, plan, undefined, since);
      case 'upgrade':
        await write(input, memberRows.running(input, startTime, BEGINNING_MESSAGE));
        return advance(input, { startTime, progress: { steps: plan.steps, step: 0 } });
    }
  };

  /** Takes an upgrade as far as it goes now: begins the step, polls it, goes on to the next when it succeeds. */
  const advance = async (
    input: MemberUpdateInput,
    at: { startTime: string; progress: UpgradeProgress; retryingSince?: string },
  ): Promise<MemberOutcome> => {
    const { startTime, retryingSince } = at;
    const deadline = clock() + ports.inlinePollSeconds * 1000;
    let progress = at.progress;
    for (;;) {
      const step = progress.steps[progress.step];
      if (!step) throw new Error(`Upgrade step ${progress.step} is out of range (${progress.steps.length} steps).`);
      let operation: OperationHandle | undefined = progress.operation;
      if (!operation) {
        const begun = await cluster.beginStep(input.member.clusterResourceId, step);
        if (begun.outcome === 'retry') return retry(input, startTime, begun, progress, retryingSince);
        if (begun.outcome === 'failed') return fail(input, startTime, begun.error);
        operation = begun.handle;
        progress = { ...progress, operation };
        await write(input, memberRows.running(input, startTime, begun.message, operation.operationId));
      }
      const polledAt = clock();
      const polled = await cluster.poll(operation);
      if (polled.outcome === 'failed') return fail(input, startTime, polled.error, operation.operationId);
      if (polled.outcome === 'retry') return retry(input, startTime, polled, progress, retryingSince);
      if (polled.outcome === 'succeeded') {
        if (progress.step + 1 < progress.steps.length) {
          progress = { steps: progress.steps, step: progress.step + 1 };
          continue;
        }
        await write(input, memberRows.completed(input, startTime, iso(), operation.operationId));
        return { state: 'Completed' };
      }
      const wait = nextPollSeconds(input.pollIntervalSeconds, polled.retryAfterSeconds);
      // Counted from when the poll went out: ARM's "done in N ms" was true then.
      const due = polledAt + Math.round(wait * 1000);
      if (due > deadline) return { state: 'Running', startTime, progress, retryAfterSeconds: wait };
      await sleep(Math.max(0, due - clock()));
    }
  };

  return {
    /** A member's update from the start: nothing at all when the run stopped or the member was skipped. */
    async updateMember(raw: unknown): Promise<MemberOutcome> {
      const input = MemberUpdateInputSchema.parse(raw);
      const startTime = input.member.startTime ?? iso();
      const target = { ...input, clusterResourceId: input.member.clusterResourceId, now: iso() };
      const [control, reading] = await Promise.all([ports.readControl(input.run), cluster.read(target)]);
      const stopping = control.stopRequested || control.halted !== undefined || control.attempt !== input.attempt;
      if (stopping || skippedMembers(control.skips, input.stage, input.group, [input.member.name]).length > 0) {
        return { state: 'NotStarted' };
      }
      return act(input, startTime, 'plan' in reading ? reading.plan : cluster.decide(target, reading.seen));
    },

    /** Goes on with a member's update after a durable timer (see MemberOutcome `Running`). */
    async advanceMember(raw: unknown): Promise<MemberOutcome> {
      const input: MemberContinueInput = MemberContinueInputSchema.parse(raw);
      const { startTime, progress, retryingSince } = input.running;
      if (progress) return advance(input, { startTime, progress, ...(retryingSince ? { retryingSince } : {}) });
      return act(input, startTime, await decideAgain(input), retryingSince);
    },
  };

  async function decideAgain(input: MemberContinueInput): Promise<MemberPlan> {
    const target = { ...input, clusterResourceId: input.member.clusterResourceId, now: iso() };
    const reading = await cluster.read(target);
    return 'plan' in reading ? reading.plan : cluster.decide(target, reading.seen);
  }
}

/** Registers the member-update activities over ports built from configuration on first use. */
export function registerMemberUpdateActivities(ports: () => MemberUpdatePorts): void {
  let activities: ReturnType<typeof createMemberUpdateActivities> | undefined;
  const get = () => (activities ??= createMemberUpdateActivities(ports()));
  df.app.activity(ACTIVITY.updateMember, { handler: (input: unknown) => get().updateMember(input) });
  df.app.activity(ACTIVITY.advanceMember, { handler: (input: unknown) => get().advanceMember(input) });
}
