import * as df from 'durable-functions';
import { z } from 'zod';
import { selectConsistentNodeImages } from '../domain';
import type { ClusterClient } from '../clusters/cluster-client';
import { ACTIVITY } from '../orchestrators/names';
import { BeginStageInputSchema, RunRefSchema, type BeginStageResult, type RunRef } from '../orchestrators/contracts';
import { createClusterActivities } from './cluster.activities';
import type { StatusWriter } from './member-rows';
import type { ControlReader } from './member-update.activities';

/** Reads every planned member of a run from its status rows. */
export type MemberReader = (run: RunRef) => Promise<Array<{ name: string; clusterResourceId: string }>>;

/** The activities that begin a stage (its Running row, the intent) and choose a Consistent run's node images. */
export function createStageActivities(
  client: ClusterClient,
  writeRows: StatusWriter,
  readControl: ControlReader,
  readMembers: MemberReader,
) {
  const cluster = createClusterActivities(client);
  return {
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

    /** For Consistent: per image family, the newest version every pool of that family in the run can take. */
    async selectConsistentImages(raw: unknown): Promise<string[]> {
      const { run } = z.object({ run: RunRefSchema }).parse(raw);
      const members = (await readMembers(run)).map((m) => ({
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
): void {
  let activities: ReturnType<typeof createStageActivities> | undefined;
  const get = () => (activities ??= createStageActivities(client(), writeRows, readControl, readMembers));
  df.app.activity(ACTIVITY.beginStage, { handler: (input: unknown) => get().beginStage(input) });
  df.app.activity(ACTIVITY.selectConsistentImages, {
    handler: (input: unknown) => get().selectConsistentImages(input),
  });
}
