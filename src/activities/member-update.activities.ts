import * as df from 'durable-functions';
import type { InvocationContext } from '@azure/functions';
import { intentStops, memberIsSkipped } from '../domain';
import type { ClusterClient } from '../clusters/cluster-client';
import { getConfig } from '../config';
import { ACTIVITY } from '../orchestrators/names';
import type { RunControl, RunRef } from '../orchestrators/contracts';
import {
  MemberContinueInputSchema,
  MemberUpdateInputSchema,
  type MemberContinueInput,
  type MemberOutcome,
  type MemberUpdateInput,
  type UpgradeProgress,
} from '../orchestrators/member-contracts';
import { createMemberClusterSteps, type MemberPlan } from './member-cluster';
import type { StatusWriter } from './member-rows';
import { MemberUpdateStep, readMemberRow, upgradeUnderWayIn, type MemberUpdateStepOptions } from './member-update-step';
import type { LogSink } from './transition-logger';

/** Reads a run's intent (the control row). */
export type ControlReader = (run: RunRef) => Promise<RunControl>;
/** Reads one status row of a run (a member's, by its key and place in its group), as last written. */
export type RowReader = (
  run: RunRef,
  at: { key: string; order: number },
) => Promise<{ status?: { state: string }; operationId?: string; message?: string } | undefined>;

/** The ports a member's update works through, and how long it polls an operation itself before a durable timer. */
export interface MemberUpdatePorts {
  client: ClusterClient;
  writeRows: StatusWriter;
  readControl: ControlReader;
  readRow: RowReader;
  inlinePollSeconds: number;
  /** How long a member whose target its region does not offer yet waits Pending before it is checked again. */
  versionRecheckSeconds?: number;
  /** Waits between polls within the activity (tests make it instant) and the clock; real time by default. */
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

/** The member's row as an activity found it on starting (MemberUpdateStepOptions). */
type RowAtStart = Pick<MemberUpdateStepOptions, 'rowAtStart'>;

/** How an update continues: from the upgrade's progress, or from a decision about the member. */
type Continuation =
  { progress: UpgradeProgress; retryingSince?: string } | { plan: MemberPlan; retryingSince?: string };

/**
 * A member's update, as activities: `updateMember` reads the intent and the cluster, decides (Skipped at target,
 * Pending while the window is closed or its region does not offer a target yet, Failed on a terminal error, else
 * upgrade) and begins the upgrade;
 * `advanceMember` takes an upgrade further. Both poll an operation in flight for up to `inlinePollSeconds`
 * themselves and then hand back `Running` for a durable timer. They write the member's row at every change.
 */
export function createMemberUpdateActivities(ports: MemberUpdatePorts) {
  const versionRecheckSeconds = ports.versionRecheckSeconds ?? getConfig().memberVersionRecheckSeconds;
  const cluster = createMemberClusterSteps(ports.client, { versionRecheckSeconds });
  const clock = ports.now ?? Date.now;
  const sleep = ports.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const target = (input: MemberUpdateInput) => ({
    ...input,
    memberName: input.member.name,
    clusterResourceId: input.member.clusterResourceId,
    now: new Date(clock()).toISOString(),
  });
  /** Runs one activity's share of an update; its row writes have all landed when it answers. */
  const update = async (input: MemberUpdateInput, startTime: string, from: Continuation, start?: RowAtStart) => {
    const run = new MemberUpdateStep({ input, startTime, cluster, clock, sleep, ports, ...start });
    try {
      return 'progress' in from
        ? await run.advance(from.progress, from.retryingSince)
        : await run.act(from.plan, from.retryingSince);
    } finally {
      await run.rows.done();
    }
  };
  return {
    /** A member's update from the start: nothing at all when the run stopped or the member was skipped. */
    async updateMember(raw: unknown): Promise<MemberOutcome> {
      const input = MemberUpdateInputSchema.parse(raw);
      const startTime = input.member.startTime ?? new Date(clock()).toISOString();
      const seen = target(input);
      // The intent, the cluster and the member's row (what an earlier try left) are read at once.
      const [control, reading, rowAtStart] = await Promise.all([
        ports.readControl(input.run),
        cluster.read(seen),
        readMemberRow(ports, input),
      ]);
      const stopping = intentStops(control, input.attempt);
      const skipped = memberIsSkipped(control.skips, input.stage, input.group, input.member.name);
      // An upgrade an earlier try of this activity began (it crashed or was restarted) is in flight: a stop or skip
      // that came since lets it finish, as it does any upgrade in flight, and the member ends as the upgrade does.
      if ((stopping || skipped) && !upgradeUnderWayIn(rowAtStart)) return { state: 'NotStarted' };
      const plan = 'plan' in reading ? reading.plan : cluster.decide(seen, reading.seen);
      return update(input, startTime, { plan }, { rowAtStart });
    },

    /** Goes on with a member's update after a durable timer (see MemberOutcome `Running`). */
    async advanceMember(raw: unknown): Promise<MemberOutcome> {
      const input: MemberContinueInput = MemberContinueInputSchema.parse(raw);
      const { startTime, progress, retryingSince } = input.running;
      const since = retryingSince ? { retryingSince } : {};
      if (progress) return update(input, startTime, { progress, ...since });
      const seen = target(input);
      const reading = await cluster.read(seen);
      return update(input, startTime, {
        plan: 'plan' in reading ? reading.plan : cluster.decide(seen, reading.seen),
        ...since,
      });
    },
  };
}

/** Registers the member-update activities over ports built for each invocation (cheap), logging to its context. */
export function registerMemberUpdateActivities(ports: (log: LogSink) => MemberUpdatePorts): void {
  const get = (context: InvocationContext) => createMemberUpdateActivities(ports(context));
  df.app.activity(ACTIVITY.updateMember, {
    handler: (input: unknown, context: InvocationContext) => get(context).updateMember(input),
  });
  df.app.activity(ACTIVITY.advanceMember, {
    handler: (input: unknown, context: InvocationContext) => get(context).advanceMember(input),
  });
}
