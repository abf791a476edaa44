import * as df from 'durable-functions';
import { z } from 'zod';
import {
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
  OrderMembersInputSchema,
  type BeginGroupResult,
  type BeginStageResult,
} from '../orchestrators/contracts';
import { createClusterActivities } from './cluster.activities';
import type { StatusWriter } from './member-step';
import type { ControlReader } from './member-upgrade.activities';

/**
 * The activities that begin stages and groups (their Running rows, their members' update order, the intent) and
 * choose a Consistent run's node images: what happens before any member's turn.
 */
export function createStageActivities(client: ClusterClient, writeRows: StatusWriter, readControl: ControlReader) {
  const cluster = createClusterActivities(client);
  return {
    /** A group's first step in one round trip: its Running row, its members' order, the run's intent. */
    async beginGroup(raw: unknown): Promise<BeginGroupResult> {
      const { run, rows, ...order } = BeginGroupInputSchema.parse(raw);
      const [names, control] = await Promise.all([this.orderMembers(order), readControl(run), writeRows(run, rows)]);
      return { order: names, control };
    },

    /**
     * A stage's start in one round trip (BeginStageInputSchema): the intent first; unless it says stop, the rows and
     * the first groups' Running rows are written while those groups' members are ordered.
     */
    async beginStage(raw: unknown): Promise<BeginStageResult> {
      const { run, rows, unlessStopping, groups, upgradeType, now } = BeginStageInputSchema.parse(raw);
      const control = await readControl(run);
      if (control.stopRequested || control.halted !== undefined) {
        if (rows.length > 0) await writeRows(run, rows);
        return { control, orders: {} };
      }
      const [orders] = await Promise.all([
        Promise.all(
          groups.map(async (g) => [g.name, await this.orderMembers({ members: g.members, upgradeType, now })] as const),
        ),
        writeRows(run, [...rows, ...unlessStopping]),
      ]);
      return { control, orders: Object.fromEntries(orders) };
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
      const input = z
        .object({ members: z.array(z.object({ member: z.string(), clusterResourceId: z.string() })) })
        .parse(raw);
      const result = await cluster.collectNodeImageInventory(input);
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
): void {
  let activities: ReturnType<typeof createStageActivities> | undefined;
  const get = () => (activities ??= createStageActivities(client(), writeRows, readControl));
  df.app.activity(ACTIVITY.beginGroup, { handler: (input: unknown) => get().beginGroup(input) });
  df.app.activity(ACTIVITY.beginStage, { handler: (input: unknown) => get().beginStage(input) });
  df.app.activity(ACTIVITY.selectConsistentImages, {
    handler: (input: unknown) => get().selectConsistentImages(input),
  });
}
