import { RunControlSchema, type RunControl } from '../orchestrators/contracts';
import { EntityChangedError, EntityExistsError, type EntityTable, type Row } from './entity-table';
import type { FleetRef } from '../api/ids';
import { packJson, unpackJson } from './json-columns';
import { runStatusPartitionKey } from './keys';

/** Lives in the run's status partition, so deleting the run's rows deletes it too. */
export const CONTROL_ROW = 'control';

/** A fresh run's intent: first attempt, nothing stopped or skipped. */
export const INITIAL_CONTROL: RunControl = { attempt: 0, stopRequested: false, skips: [] };

/** The intent a control row holds; a run without one has the initial intent. */
export function controlOf(row: Row | undefined): RunControl {
  return row ? RunControlSchema.parse(unpackJson(row.columns)) : INITIAL_CONTROL;
}

/**
 * The user's intent for one run (attempt, stop, skips) and the fail-fast halt, one row per run beside its status
 * rows. Written by the start/stop/skip actions (and the halt activity) with optimistic concurrency; orchestrations
 * read it. Never part of the composed status.
 */
export class RunControlStore {
  constructor(readonly table: EntityTable) {}

  async get(fleet: FleetRef, runName: string): Promise<{ control: RunControl; tableETag?: string }> {
    const row = await this.table.get(runStatusPartitionKey(fleet, runName), CONTROL_ROW);
    if (!row) return { control: INITIAL_CONTROL };
    return { control: controlOf(row), tableETag: row.tableETag };
  }

  /** Writes `next` only if the row is unchanged since `tableETag` was read (EntityChangedError otherwise). */
  async put(fleet: FleetRef, runName: string, next: RunControl, tableETag: string | undefined): Promise<void> {
    const partitionKey = runStatusPartitionKey(fleet, runName);
    const columns = packJson(RunControlSchema.parse(next));
    if (tableETag) await this.table.replace(partitionKey, CONTROL_ROW, columns, tableETag);
    else await this.table.create(partitionKey, CONTROL_ROW, columns);
  }

  /** Read-modify-write until it lands. */
  async update(fleet: FleetRef, runName: string, change: (current: RunControl) => RunControl): Promise<RunControl> {
    for (let attempt = 0; attempt < 50; attempt++) {
      const { control, tableETag } = await this.get(fleet, runName);
      const next = change(control);
      try {
        await this.put(fleet, runName, next, tableETag);
        return next;
      } catch (error) {
        if (!(error instanceof EntityExistsError || error instanceof EntityChangedError)) throw error;
      }
    }
    throw new Error(`Could not update the control row of run ${runName}: too many concurrent writers`);
  }

  async delete(fleet: FleetRef, runName: string): Promise<void> {
    await this.table.delete(runStatusPartitionKey(fleet, runName), CONTROL_ROW);
  }
}
