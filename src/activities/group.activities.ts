import * as df from 'durable-functions';
import type { InvocationContext } from '@azure/functions';
import { z } from 'zod';
import {
  FIRST_PAGE_SIZE,
  GROUP_PAGE_SIZE,
  haltedState,
  isTolerated,
  orderMembersForUpdate,
  rollUpGroupState,
  withToleratedFailures,
} from '../domain';
import type { GroupMember, MembersPage } from '../domain';
import { maintenanceConfigurationFor, type UpdateState } from '../domain';
import type { FleetRef } from '../api/ids';
import type { ClusterClient } from '../clusters/cluster-client';
import { ACTIVITY } from '../orchestrators/names';
import {
  ErrorDetailSchema,
  ManagedClusterUpdateSchema,
  RunRefSchema,
  UpdateStatusSchema,
  statusKeys,
  type RunRef,
  type UpdateStatusData,
} from '../orchestrators/contracts';
import type { GroupMembersStore, GroupMemberRow, GroupRef } from '../storage/group-members-store';
import type { ControlReader } from './member-update.activities';
import { SKIPPED_BY_USER_MESSAGE } from '../domain';
import { memberRows, STOPPED_PENDING_MESSAGE, type StatusWriter } from './member-rows';
import type { LogSink } from './transition-logger';

// What a group reads and writes around its members' updates: its Running row and the intent as it begins, its
// members a page at a time in update order, the Pending ones whose window opened, skips, and its final row.

export const GroupActivityInputSchema = z.object({
  run: RunRefSchema,
  attempt: z.number().int().nonnegative(),
  stage: z.string().min(1),
  group: z.string().min(1),
  upgradeType: ManagedClusterUpdateSchema.shape.upgrade.shape.type,
});
type UpgradeType = z.infer<typeof GroupActivityInputSchema>['upgradeType'];
const BeginInputSchema = GroupActivityInputSchema.extend({ status: UpdateStatusSchema });
const PageInputSchema = GroupActivityInputSchema.extend({
  after: z.string().optional(),
  limit: z.number().int().positive().max(GROUP_PAGE_SIZE).optional(),
});
const SkipInputSchema = GroupActivityInputSchema.extend({
  names: z.array(z.string()),
  all: z.boolean(),
  inFlight: z.array(z.string()),
  ended: z.literal(true).optional(),
});
const EndInputSchema = GroupActivityInputSchema.extend({
  outcome: z.enum(['Ran', 'Stopped', 'Failed', 'Skipped']),
  /** Failed members the group tolerates: within it, a group with failed members ends Completed. */
  maxAllowedFailures: z.number().int().nonnegative().default(0),
  /** Stopped while its after-gates wait for approval: the group is not finished, whatever its members say. */
  awaitingApproval: z.boolean().optional(),
  startTime: z.string(),
  error: ErrorDetailSchema.optional(),
});

export interface GroupPorts {
  client: ClusterClient;
  members: GroupMembersStore;
  writeRows: StatusWriter;
  readControl: ControlReader;
}

const fleetOf = (run: RunRef): FleetRef => ({
  subscriptionId: run.subscriptionId,
  resourceGroupName: run.resourceGroupName,
  fleetName: run.fleetName,
});
const refOf = (i: { run: RunRef; stage: string; group: string }): GroupRef => ({
  fleet: fleetOf(i.run),
  runName: i.run.runName,
  stage: i.stage,
  group: i.group,
});
const asMember = (m: GroupMemberRow): GroupMember => ({
  name: m.name,
  clusterResourceId: m.clusterResourceId,
  order: m.order,
  ...(m.startTime ? { startTime: m.startTime } : {}),
});
const rowOf = (i: { stage: string; group: string }, member: GroupMemberRow) => ({ ...i, member });

export function createGroupActivities(ports: GroupPorts) {
  /** Members in update order by maintenance window (open now, opens soon, none, closed; then plan order). */
  const inUpdateOrder = async (members: GroupMemberRow[], upgradeType: UpgradeType): Promise<GroupMember[]> => {
    const configuration = maintenanceConfigurationFor(upgradeType);
    const windows = await Promise.all(
      members.map(async (m) => {
        const window = await ports.client
          .getMaintenanceWindow(m.clusterResourceId, configuration)
          .catch(() => undefined);
        return { name: m.name, ...(window ? { window } : {}) };
      }),
    );
    const byName = new Map(members.map((m) => [m.name, m]));
    return orderMembersForUpdate(windows, new Date().toISOString()).flatMap((n) => {
      const member = byName.get(n);
      return member ? [asMember(member)] : [];
    });
  };

  return {
    /** The group's Running row, the intent it begins under and its first page of members: one round trip. */
    async beginGroup(raw: unknown) {
      const input = BeginInputSchema.parse(raw);
      const [control, page] = await Promise.all([
        ports.readControl(input.run),
        this.readMembers({ ...input, limit: FIRST_PAGE_SIZE }),
        ports.writeRows(input.run, [{ key: statusKeys.group(input.stage, input.group), status: input.status }]),
      ]);
      return { control, page };
    },

    /** The next page of unfinished members from `after` (the cursor of the page before), each in update order. */
    async readMembers(raw: unknown): Promise<MembersPage> {
      const input = PageInputSchema.parse(raw);
      const page = await ports.members.page(refOf(input), {
        ...(input.after !== undefined ? { cursor: input.after } : {}),
        limit: input.limit ?? GROUP_PAGE_SIZE,
      });
      const members = await inUpdateOrder(page.members, input.upgradeType);
      return { members, ...(page.cursor !== undefined ? { cursor: page.cursor } : {}), exhausted: page.exhausted };
    },

    /** Pending members whose window has opened (at most a page), and when the next of the others opens. */
    async readDueMembers(raw: unknown) {
      const input = GroupActivityInputSchema.parse(raw);
      const now = new Date().toISOString();
      const pending = await ports.members.pending(refOf(input));
      const due = pending.filter((m) => (m.notBefore ?? '') <= now).slice(0, GROUP_PAGE_SIZE);
      const later = pending.filter((m) => !due.includes(m)).map((m) => m.notBefore ?? now);
      const nextOpening = later.length > 0 ? later.reduce((a, b) => (b < a ? b : a)) : undefined;
      return { members: due.map(asMember), ...(nextOpening ? { nextOpening } : {}) };
    },

    /** Skipped rows for the members skipped (`all`: every member) that are neither finished nor in flight. */
    async skipMembers(raw: unknown): Promise<void> {
      const input = SkipInputSchema.parse(raw);
      const group = refOf(input);
      const rows = input.all ? await ports.members.all(group) : await ports.members.some(group, input.names);
      const now = new Date().toISOString();
      const hit = rows.filter(
        (m) =>
          (input.all || input.names.includes(m.name)) &&
          !input.inFlight.includes(m.name) &&
          (input.ended === true || (m.state !== 'Completed' && m.state !== 'Skipped')),
      );
      const writes = hit.map((m) => memberRows.skipped(rowOf(input, m), now, SKIPPED_BY_USER_MESSAGE, m.startTime));
      if (writes.length > 0) await ports.writeRows(input.run, writes);
    },

    /**
     * The group's end: a stopped group's Pending members show Stopped, and the group's row takes the state its
     * members roll up to (Skipped when the user skipped it, Stopped when stopped with members left).
     */
    async endGroup(raw: unknown): Promise<UpdateStatusData> {
      const input = EndInputSchema.parse(raw);
      const [rows, control] = await Promise.all([ports.members.all(refOf(input)), ports.readControl(input.run)]);
      const now = new Date().toISOString();
      const halted = input.outcome === 'Stopped' || input.outcome === 'Failed';
      const stopped = halted ? rows.filter((m) => m.state === 'Pending') : [];
      const states = rows.map((m): UpdateState => (stopped.includes(m) ? 'Stopped' : (m.state as UpdateState)));
      const failures = states.filter((state) => state === 'Failed').length;
      const counted = withToleratedFailures(states, isTolerated(failures, input.maxAllowedFailures));
      const natural = input.awaitingApproval ? 'Pending' : rollUpGroupState(counted);
      const state: UpdateState =
        input.outcome === 'Skipped' || input.outcome === 'Failed'
          ? input.outcome
          : ['Completed', 'Skipped', 'Failed'].includes(natural)
            ? natural
            : haltedState(natural, false);
      const status: UpdateStatusData = {
        state,
        startTime: input.startTime,
        completedTime: now,
        ...(input.error ? { error: input.error } : {}),
      };
      // A group of an earlier attempt (the run was started again meanwhile) leaves the rows to the current one.
      if (control.attempt !== input.attempt) return status;
      await ports.writeRows(input.run, [
        ...stopped.map((m) => memberRows.stopped(rowOf(input, m), now, STOPPED_PENDING_MESSAGE, m.startTime)),
        { key: statusKeys.group(input.stage, input.group), status },
      ]);
      return status;
    },
  };
}

/** Registers the group activities over ports built at each call (they are cheap), logging to its context. */
export function registerGroupActivities(ports: (log: LogSink) => Promise<GroupPorts>): void {
  type Activities = ReturnType<typeof createGroupActivities>;
  const on = (name: string, activity: (a: Activities, input: unknown) => Promise<unknown>) =>
    df.app.activity(name, {
      handler: async (input: unknown, context: InvocationContext) =>
        activity(createGroupActivities(await ports(context)), input),
    });
  on(ACTIVITY.beginGroup, (a, input) => a.beginGroup(input));
  on(ACTIVITY.readMembers, (a, input) => a.readMembers(input));
  on(ACTIVITY.readDueMembers, (a, input) => a.readDueMembers(input));
  on(ACTIVITY.skipMembers, (a, input) => a.skipMembers(input));
  on(ACTIVITY.endGroup, (a, input) => a.endGroup(input));
}
