import * as df from 'durable-functions';
import type { InvocationContext } from '@azure/functions';
import { z } from 'zod';
import { intentStops, selectConsistentNodeImages } from '../domain';
import type { ClusterClient } from '../clusters/cluster-client';
import { ACTIVITY } from '../orchestrators/names';
import { BeginStageInputSchema, RunRefSchema, type BeginStageResult, type RunRef } from '../orchestrators/contracts';
import { createClusterActivities } from './cluster.activities';
import type { StatusWriter } from './member-rows';
import type { ControlReader } from './member-update.activities';
import type { LogSink } from './transition-logger';

/** Reads every planned member of a run from its status rows. */
export type MemberReader = (run: RunRef) => Promise<Array<{ name: string; clusterResourceId: string }>>;

/** What the stage activities work through. */
export interface StagePorts {
  client: ClusterClient;
  writeRows: StatusWriter;
  readControl: ControlReader;
  readMembers: MemberReader;
}

/** The activities that begin a stage (its Running row, the intent) and choose a Consistent run's node images. */
export function createStageActivities({ client, writeRows, readControl, readMembers }: StagePorts) {
  const cluster = createClusterActivities(client);
  return {
    /**
     * A stage's start in one round trip (BeginStageInputSchema): the intent first; unless it says stop, the stage's
     * Running row is written with the carried rows.
     */
    async beginStage(raw: unknown): Promise<BeginStageResult> {
      const { run, rows, unlessStopping } = BeginStageInputSchema.parse(raw);
      const control = await readControl(run);
      const writes = intentStops(control) ? rows : [...rows, ...unlessStopping];
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

/** Registers the stage activities over ports built for each invocation (cheap), logging to its context. */
export function registerStageActivities(ports: (log: LogSink) => StagePorts): void {
  const get = (context: InvocationContext) => createStageActivities(ports(context));
  df.app.activity(ACTIVITY.beginStage, {
    handler: (input: unknown, context: InvocationContext) => get(context).beginStage(input),
  });
  df.app.activity(ACTIVITY.selectConsistentImages, {
    handler: (input: unknown, context: InvocationContext) => get(context).selectConsistentImages(input),
  });
}
