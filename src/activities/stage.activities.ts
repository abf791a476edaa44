import * as df from 'durable-functions';
import { z } from 'zod';
import {
  applyPriorOrder,
  maintenanceConfigurationFor,
  orderMembersForUpdate,
  selectConsistentNodeImages,
  type MaintenanceWindow,
} from '../domain';
import type { ClusterClient } from '../clusters/cluster-client';
import { ACTIVITY } from '../orchestrators/names';
import {
  BeginGroupInputSchema,
  BeginStageInputSchema,
  FINISHED_STATES,
  OrderMembersInputSchema,
  OrderStageInputSchema,
  RunRefSchema,
  type BeginGroupResult,
  type BeginStageResult,
  type MemberPlan,
  type PlannedMemberData,
  type RunControl,
  type RunRef,
  type StageOrder,
  statusKeys,
} from '../orchestrators/contracts';
import { membersWithTurn } from '../orchestrators/skips';

import { createClusterActivities } from './cluster.activities';
import type { StatusWriter } from './member-step';
import type { ControlReader } from './member-upgrade.activities';

/** A member that needs no turn (Completed or Skipped). */
const finished = (member: PlannedMemberData): boolean => FINISHED_STATES.includes(member.status.state);

/**
 * Takes a member's turn with the intent already read, as its plan activity would (see `takeTurn` of the member
 * upgrade activities): the input is the plan activity's.
 */
export type TurnTaker = (input: unknown, control: RunControl) => Promise<MemberPlan>;

/** Reads a run's planned members from its status rows: one group's (with their status), or every member's. */
export interface MemberReader {
  group(run: RunRef, stage: string, group: string): Promise<PlannedMemberData[]>;
  all(run: RunRef): Promise<Array<{ name: string; clusterResourceId: string }>>;
}

/**
 * The activities that begin stages and groups (their Running rows, their members' update order, the intent) and
 * choose a Consistent run's node images: what happens before any member's turn.
 */
export function createStageActivities(
  client: ClusterClient,
  writeRows: StatusWriter,
  readControl: ControlReader,
  readMembers: MemberReader,
  takeTurn: TurnTaker,
) {
  const cluster = createClusterActivities(client);
  return {
    /**
     * A group's first step in one round trip: its members (read from the run's status rows) in update order, the
     * run's intent, and (with `first`, unless the intent says stop) the turn of the member first in line, taken as
     * its plan activity would as far as beginning the upgrade: the group's Running row goes with that member's first
     * row.
     */
    async beginGroup(raw: unknown): Promise<BeginGroupResult> {
      const input = BeginGroupInputSchema.parse(raw);
      const { run, stage, group, rows, upgradeType, now, order, control: known, first } = input;
      const [members, control] = await Promise.all([
        readMembers.group(run, stage, group).then(async (members) => {
          // Only members with a turn left are ordered (and their windows read); finished ones follow.
          const pending = members.filter((m) => !finished(m));
          const names =
            (order &&
              applyPriorOrder(
                pending.map((m) => m.name),
                order,
                now,
              )) ??
            (await this.orderMembers({ members: pending, upgradeType, now }));
          const byName = new Map(pending.map((m) => [m.name, m]));
          return [...names.flatMap((name) => byName.get(name) ?? []), ...members.filter(finished)];
        }),
        known ?? readControl(run),
      ]);
      const stopping = control.stopRequested || control.halted !== undefined;
      const [name] = first && !stopping ? membersWithTurn(members, control.skips, stage, group) : [];
      const member = members.find((m) => m.name === name);
      if (!first || !member) {
        if (rows.length > 0) await writeRows(run, rows);
        return { members, control };
      }
      const at = new Date().toISOString();
      const startTime = member.status.startTime ?? at;
      const plan = await takeTurn(
        {
          clusterResourceId: member.clusterResourceId,
          managedClusterUpdate: first.managedClusterUpdate,
          ...(first.selectedNodeImageVersions ? { selectedNodeImageVersions: first.selectedNodeImageVersions } : {}),
          now: at,
          record: {
            run,
            key: statusKeys.member(stage, group, member.name),
            clusterResourceId: member.clusterResourceId,
            order: member.order,
            startTime,
          },
          advance: { pollIntervalSeconds: first.pollIntervalSeconds },
          gate: { stage, group, member: member.name },
          since: first.since,
          carry: rows,
        },
        control,
      );
      return { members, control, first: { member: member.name, startTime, plan } };
    },

    /**
     * A stage's start in one round trip (BeginStageInputSchema): the intent first; unless it says stop, the stage's
     * Running row is written with the carried rows.
     */
    async beginStage(raw: unknown): Promise<BeginStageResult> {
      const { run, rows, unlessStopping } = BeginStageInputSchema.parse(raw);
      const control = await readControl(run);
      const stopping = control.stopRequested || control.halted !== undefined;
      const writes = stopping ? rows : [...rows, ...unlessStopping];
      if (writes.length > 0) await writeRows(run, writes);
      return { control };
    },

    /**
     * A stage's groups put in update order ahead of its start (while the stage before it runs): each group's
     * unfinished members, by the windows as they are now. Its groups then begin without reading every window at
     * once (see applyPriorOrder).
     */
    async orderStage(raw: unknown): Promise<StageOrder> {
      const { run, stage, groups, upgradeType, now } = OrderStageInputSchema.parse(raw);
      const orders = await Promise.all(
        groups.map(async (group) => {
          const members = (await readMembers.group(run, stage, group)).filter((m) => !finished(m));
          return [group, await this.orderMembers({ members, upgradeType, now })] as const;
        }),
      );
      return { at: now, groups: Object.fromEntries(orders) };
    },

    /** Member names in update order by maintenance window (open now, opens soon, none, closed; then name). */
    async orderMembers(raw: unknown): Promise<string[]> {
      const input = OrderMembersInputSchema.parse(raw);
      const configuration = maintenanceConfigurationFor(input.upgradeType);
      const members = await Promise.all(
        input.members.map(async (member) => {
          let window: MaintenanceWindow | undefined;
          try {
            window = await client.getMaintenanceWindow(member.clusterResourceId, configuration);
          } catch {
            window = undefined; // unreadable now: ordered as "no window"; planMember decides for real at its turn
          }
          return { name: member.name, ...(window ? { window } : {}) };
        }),
      );
      return orderMembersForUpdate(members, input.now);
    },

    /** For Consistent: per image family, the newest version every pool of that family in the run can take. */
    async selectConsistentImages(raw: unknown): Promise<string[]> {
      const { run } = z.object({ run: RunRefSchema }).parse(raw);
      const members = (await readMembers.all(run)).map((m) => ({
        member: m.name,
        clusterResourceId: m.clusterResourceId,
      }));
      const result = await cluster.collectNodeImageInventory({ members });
      if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
      return selectConsistentNodeImages(result.value.members).map((v) => v.version);
    },
  };
}

/** Registers the stage and group activities with the cluster client built from configuration. */
export function registerStageActivities(
  client: () => ClusterClient,
  writeRows: StatusWriter,
  readControl: ControlReader,
  readMembers: MemberReader,
  takeTurn: TurnTaker,
): void {
  let activities: ReturnType<typeof createStageActivities> | undefined;
  const get = () => (activities ??= createStageActivities(client(), writeRows, readControl, readMembers, takeTurn));
  df.app.activity(ACTIVITY.beginGroup, { handler: (input: unknown) => get().beginGroup(input) });
  df.app.activity(ACTIVITY.beginStage, { handler: (input: unknown) => get().beginStage(input) });
  df.app.activity(ACTIVITY.orderStage, { handler: (input: unknown) => get().orderStage(input) });
  df.app.activity(ACTIVITY.selectConsistentImages, {
    handler: (input: unknown) => get().selectConsistentImages(input),
  });
}
