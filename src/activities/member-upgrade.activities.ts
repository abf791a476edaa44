import * as df from 'durable-functions';
import { nextPollSeconds } from '../domain';
import type { ClusterClient } from '../clusters/cluster-client';
import { ACTIVITY } from '../orchestrators/names';
import {
  type RunControl,
  type RunRef,
  type StatusWrite,
  COMPLETED_MESSAGE,
  type MemberCursor,
  type MemberPlan,
  type MemberProgress,
  type ErrorDetail,
} from '../orchestrators/contracts';
import { BEGINNING_MESSAGE, operationOf, retryData, row, type MemberRecord, type StatusWriter } from './member-step';
import {
  AdvanceInputSchema,
  createMemberClusterSteps,
  PlanInputSchema,
  type PlanInput,
  type Reading,
  type TurnInput,
} from './member-turn';
import type { TurnTaker } from './stage.activities';
import { skippedMembers } from '../orchestrators/skips';
import { OperationHandleSchema } from '../clusters/operation-handle.schema';

/** Reads a run's intent (the control row). */
export type ControlReader = (run: RunRef) => Promise<RunControl>;

/** Reads one status row of a run (a member's), as its activities last wrote it. */
export type RowReader = (
  run: RunRef,
  key: string,
) => Promise<{ status?: { state: string; startTime?: string }; operationId?: string; message?: string } | undefined>;

/** How the activities pace the polls they make themselves. */
export interface InlinePolling {
  /** How long after beginning a step the activity keeps polling it itself (0: once, then return). */
  budgetSeconds: number;
  /** Waits between those polls (tests make it instant); real time by default. */
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

/**
 * How long before an upgrade's expected end the next member's cluster is read, and how old that reading may be
 * when its turn comes (younger than the cluster client's recent-read window, so the begin reuses it; If-Match
 * guards the cluster against a change in between).
 */
const READ_AHEAD_MS = 250;
const READ_AHEAD_FRESH_MS = 1_500;

/** A member's Completed row, as its upgrade completed. */
function completedRow(target: MemberRecord, done: { completedTime: string; operationId?: string }): StatusWrite {
  return row(
    { ...target, ...(done.operationId ? { operationId: done.operationId } : {}) },
    { state: 'Completed', startTime: target.startTime, completedTime: done.completedTime },
    { message: COMPLETED_MESSAGE },
  );
}

/** The promise, with its rejection still seen by whoever awaits it, but not reported as unhandled meanwhile. */
function quiet<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}

/** The member-upgrade activities the orchestrations call, over a ClusterClient (adapts results to the contracts). */
export function createMemberUpgradeActivities(
  client: ClusterClient,
  writeRows: StatusWriter,
  readControl: ControlReader,
  inline: InlinePolling = { budgetSeconds: 0 },
  readRow?: RowReader,
) {
  const cluster = createMemberClusterSteps(client);
  const record = async (
    target: MemberRecord | undefined,
    rows: (r: MemberRecord) => StatusWrite,
    carry: StatusWrite[] = [],
  ): Promise<void> => {
    if (target) await writeRows(target.run, [...carry, rows(target)]);
  };
  const at = (): string => new Date().toISOString();
  const clock = inline.now ?? Date.now;
  const sleep = inline.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  return {
    async planMember(raw: unknown): Promise<MemberPlan> {
      const input = PlanInputSchema.parse(raw);
      // The intent is checked at the last moment before anything is done, in the same round trip; the cluster is
      // read meanwhile (reading changes nothing).
      const [control, reading] = await Promise.all([readControl(input.record.run), cluster.read(input)]);
      return this.turn(input, control, reading);
    },

    /**
     * A member's turn with the intent already read, as far as beginning its upgrade (a group's first step takes its
     * first member's turn this way; the group advances the upgrade itself and stays free to start others).
     */
    async takeTurn(raw: unknown, control: RunControl): Promise<MemberPlan> {
      const input = PlanInputSchema.parse(raw);
      return this.turn(input, control, await cluster.read(input), true);
    },

    /**
     * A member's turn, with the intent and the cluster read: nothing when the run was stopped or halted or the
     * member skipped (the carried rows are written all the same); else Skipped at the target, Pending while its
     * window is closed, or the upgrade begun and advanced (only begun with `beginOnly`).
     */
    async turn(input: PlanInput, control: RunControl, reading: Reading, beginOnly = false): Promise<MemberPlan> {
      const { stage, group, member } = input.gate;
      const carry = input.carry ?? [];
      const skipped = skippedMembers(control.skips, stage, group, [member]).length > 0;
      if (control.stopRequested || control.halted || skipped) {
        if (carry.length > 0) await writeRows(input.record.run, carry);
        return { action: 'halted' };
      }
      const now = input.now;
      const plan = 'plan' in reading ? reading.plan : cluster.decide(input, reading.seen);
      if (plan.action === 'skip' && readRow && (await this.upgradedThisTurn(input.record, carry, input.since))) {
        return { action: 'completed' };
      }
      if (plan.action === 'upgrade') {
        // The member shows Running (and the members carried show Completed, in the same transaction) while the
        // upgrade's first request goes out. The row also tells a re-run after a crash that this turn may have begun
        // an upgrade; a crash in the moment before the row is stored, followed by an upgrade that ends before the
        // restart, would record the member Skipped ("already at target") instead of Completed: a label, never a
        // second upgrade (begins are idempotent), and in Azure the row is stored long before ARM accepts the PUT.
        const beginning = quiet(
          record(
            input.record,
            (r) => row(r, { state: 'Running', startTime: r.startTime }, { message: BEGINNING_MESSAGE }),
            carry,
          ),
        );
        const progress = await this.advance(
          {
            clusterResourceId: input.clusterResourceId,
            steps: plan.steps,
            cursor: { step: 0 },
            record: input.record,
            pollIntervalSeconds: input.advance.pollIntervalSeconds,
            ...(input.next ? { next: input.next } : {}),
            ...(input.close ? { close: input.close } : {}),
          },
          beginning,
          beginOnly,
        );
        return { ...plan, progress };
      }
      await record(
        input.record,
        (r) => {
          switch (plan.action) {
            case 'skip':
              return row(
                r,
                { state: 'Skipped', startTime: r.startTime, completedTime: now },
                { message: plan.message },
              );
            case 'wait':
              return row(r, { state: 'Pending', startTime: r.startTime }, { message: plan.message });
            case 'fail':
              return row(
                r,
                { state: 'Failed', startTime: r.startTime, completedTime: now, error: plan.error },
                { message: plan.error.message },
              );
            case 'retry':
              return row(
                r,
                { state: 'Running', startTime: r.startTime },
                { message: `Waiting to retry: ${plan.error.message}` },
              );
          }
        },
        carry,
      );
      return plan;
    },

    /**
     * Whether this member's turn already began an upgrade, which has since ended: the activity is running again
     * after a crash, and the member at its target is Completed (recorded so), not Skipped. This turn's rows carry its
     * startTime, or (`since`) any startTime since the group's attempt began.
     */
    async upgradedThisTurn(target: MemberRecord, carry: StatusWrite[] = [], since?: string): Promise<boolean> {
      const mine = await readRow?.(target.run, target.key);
      const status = mine?.status;
      const ours = mine?.operationId !== undefined || mine?.message === BEGINNING_MESSAGE;
      const startTime = status?.startTime;
      const thisTurn =
        startTime !== undefined && (startTime === target.startTime || (since !== undefined && startTime >= since));
      if (!status || !thisTurn || !ours) return false;
      if (status.state === 'Completed') {
        if (carry.length > 0) await writeRows(target.run, carry);
        return true;
      }
      if (status.state !== 'Running') return false;
      await writeRows(target.run, [
        ...carry,
        row(
          { ...target, ...(mine?.operationId ? { operationId: mine.operationId } : {}) },
          { state: 'Completed', startTime, completedTime: at() },
          { message: COMPLETED_MESSAGE },
        ),
      ]);
      return true;
    },

    /**
     * Takes a member's upgrade as far as it goes now: begins the current step (idempotently: a re-run finds the
     * operation it started), polls it, goes on to the next step when it succeeds; while a step is in flight keeps
     * polling it every poll interval for up to the inline budget, then hands back the cursor for a durable timer.
     * Records the member's row as it goes: Running with the operation id and what it does, or Failed with ARM's
     * code and message; a success comes back with its time, for the group to record (MemberProgress 'completed').
     * Retriable errors come back as data (`retry`) with the cursor. `written`: a write of the member's row already
     * under way, which every later write of it follows. `beginOnly`: return once the step has begun.
     *
     * With `next`, the next member's turn follows at once when the upgrade ends here: its cluster is read a moment
     * before the last step's expected end and the intent with the poll that finds it ended, then its upgrade is
     * begun (see `handOn`). The group's orchestration learns of both from the result.
     */
    async advance(
      raw: unknown,
      written: Promise<void> = Promise.resolve(),
      beginOnly = false,
    ): Promise<MemberProgress> {
      const input = AdvanceInputSchema.parse(raw);
      const target = input.record;
      const next = target ? input.next : undefined;
      const deadline = clock() + inline.budgetSeconds * 1000;
      let cursor: MemberCursor = input.cursor;
      let recording: Promise<void> = written;
      let ahead: { at: number; reading: Promise<Reading> } | undefined;
      const finish = async (status: StatusWrite['status'], extra: Partial<StatusWrite>): Promise<void> => {
        await recording;
        if (target) await writeRows(target.run, [row({ ...target, ...operationOf(cursor) }, status, extra)]);
      };
      /** ARM's code and message fail the member. */
      const failed = async (error: ErrorDetail): Promise<MemberProgress> => {
        await finish(
          { state: 'Failed', startTime: target?.startTime, completedTime: at(), error },
          { message: error.message },
        );
        return { outcome: 'failed', error };
      };
      for (;;) {
        const step = input.steps[cursor.step];
        if (!step) throw new Error(`Member step ${cursor.step} is out of range (${input.steps.length} steps).`);
        if (cursor.handle === undefined) {
          const begun = await cluster.beginStep({ clusterResourceId: input.clusterResourceId, step });
          if (begun.outcome === 'retry') {
            await recording; // the rows written with the plan (carried ones too) land before the activity returns
            return { outcome: 'retry', cursor, ...retryData(begun) };
          }
          if (begun.outcome === 'failed') return failed(begun.error);
          cursor = {
            ...cursor,
            handle: begun.handle,
            ...(begun.operationId ? { operationId: begun.operationId } : {}),
          };
          // Written while the first poll goes out; every later write waits for it.
          const begunCursor = cursor;
          recording = quiet(
            recording.then(() =>
              record(target, (r) =>
                row(
                  { ...r, ...operationOf(begunCursor) },
                  { state: 'Running', startTime: r.startTime },
                  { message: begun.message },
                ),
              ),
            ),
          );
          if (beginOnly) {
            await recording;
            return { outcome: 'inProgress', cursor, justBegun: true };
          }
        }
        const polledAt = clock();
        // The poll after a read-ahead is expected to find the upgrade ended: the intent is read with it.
        const control = ahead && next ? quiet(readControl(next.record.run)) : undefined;
        const polled = await cluster.poll(OperationHandleSchema.parse(cursor.handle));
        if (polled.outcome === 'succeeded') {
          if (cursor.step + 1 < input.steps.length) {
            await recording;
            cursor = { step: cursor.step + 1 };
            continue;
          }
          const completedTime = at();
          await recording;
          const done = { outcome: 'completed' as const, completedTime, ...operationOf(cursor) };
          if (target && !next && input.close) {
            const close = input.close;
            await writeRows(target.run, [
              completedRow(target, done),
              { ...close, status: { state: 'Completed', ...close.status, completedTime } },
            ]);
            return { ...done, closed: true };
          }
          if (!next || !target) return done;
          const fresh = ahead && clock() - ahead.at <= READ_AHEAD_FRESH_MS ? ahead.reading : undefined;
          return this.handOn(done, target, next, control, fresh);
        }
        if (polled.outcome === 'failed') return failed(polled.error);
        await recording;
        if (polled.outcome === 'retry') return { outcome: 'retry', cursor, ...retryData(polled) };
        const hint = polled.retryAfterSeconds;
        // Counted from when the poll went out: ARM's "done in N ms" was true then, not when its answer got here.
        const due = polledAt + Math.round(nextPollSeconds(input.pollIntervalSeconds, hint) * 1000);
        if (due > deadline) {
          return { outcome: 'inProgress', cursor, ...(hint !== undefined ? { retryAfterSeconds: hint } : {}) };
        }
        const lastStep = cursor.step + 1 === input.steps.length;
        if (next && lastStep && due - clock() > READ_AHEAD_MS) {
          await sleep(due - READ_AHEAD_MS - clock());
          ahead = { at: clock(), reading: quiet(cluster.read(next)) };
        }
        await sleep(Math.max(0, due - clock()));
      }
    },

    /**
     * The next member's turn, right as the one before it completed: the completed member's row goes with the next
     * one's first row (or alone when the intent says stop). Nothing the next turn does can undo the completion: if
     * it cannot be taken now, the group takes it as usual (the completed row is then the group's to write).
     */
    async handOn(
      done: Extract<MemberProgress, { outcome: 'completed' }>,
      target: MemberRecord,
      next: TurnInput,
      control: Promise<RunControl> | undefined,
      reading: Promise<Reading> | undefined,
    ): Promise<MemberProgress> {
      const startTime = next.stampStart ? at() : next.record.startTime;
      const completed = completedRow(target, done);
      const input: PlanInput = { ...next, now: at(), record: { ...next.record, startTime }, carry: [completed] };
      try {
        const [intent, read] = await Promise.all([
          control ?? readControl(next.record.run),
          reading ?? cluster.read(input),
        ]);
        const plan = await this.turn(input, intent, read, true);
        return { ...done, next: { member: next.gate.member, startTime, plan } };
      } catch {
        return done;
      }
    },
  };
}

/** Registers the member-upgrade activities with the cluster client built from configuration. */
export function registerMemberUpgradeActivities(
  client: () => ClusterClient,
  writeRows: StatusWriter,
  readControl: ControlReader,
  inline: () => InlinePolling,
  readRow: RowReader,
): TurnTaker {
  let activities: ReturnType<typeof createMemberUpgradeActivities> | undefined;
  const get = () => (activities ??= createMemberUpgradeActivities(client(), writeRows, readControl, inline(), readRow));
  df.app.activity(ACTIVITY.planMember, { handler: (input: unknown) => get().planMember(input) });
  df.app.activity(ACTIVITY.advanceMember, {
    handler: (input: unknown) => get().advance(input),
  });
  return (input, control) => get().takeTurn(input, control);
}
