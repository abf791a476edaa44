import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { FleetRef } from '../api/ids';
import { EntityChangedError, EntityExistsError, type EntityTable } from './entity-table';
import { packJson, unpackJson } from './json-columns';
import { fleetScopeKey } from './keys';

const ACTIVE_RUNS_ROW = 'activeRuns';

/**
 * A claimed cluster as the row keeps it: 16 hex digits of the SHA-256 of its lowercased id. A full id is ~130
 * characters, so 10,000 of them would pass Table Storage's 1 MiB entity limit; 10,000 keys are ~190 K characters
 * (the chance that two of a fleet's clusters share a key is below 10⁻¹¹). Rows written before keep full ids, which
 * are read as their keys.
 */
function claimKey(clusterResourceId: string): string {
  const id = clusterResourceId.toLowerCase();
  return id.includes('/') ? createHash('sha256').update(id).digest('hex').slice(0, 16) : id;
}
const ActiveRunsSchema = z.record(z.string(), z.array(z.string()));

/** Raised when a cluster is already being updated by another run of the fleet. */
export class ClusterBusyError extends Error {
  constructor(
    readonly runName: string,
    readonly clusterResourceId: string,
  ) {
    super(`The cluster '${clusterResourceId}' is already being updated by update run '${runName}'.`);
  }
}

/**
 * Which runs of a fleet are active and which clusters each holds: one row per fleet, changed with optimistic
 * concurrency, so two concurrent starts can never both take the same cluster.
 */
export class ActiveRunsStore {
  constructor(readonly table: EntityTable) {}

  async #change(fleet: FleetRef, change: (runs: Record<string, string[]>) => Record<string, string[]>): Promise<void> {
    const partitionKey = fleetScopeKey(fleet);
    for (let attempt = 0; attempt < 50; attempt++) {
      const row = await this.table.get(partitionKey, ACTIVE_RUNS_ROW);
      const current = row ? ActiveRunsSchema.parse(unpackJson(row.columns)) : {};
      const columns = packJson(change(current));
      try {
        if (row) await this.table.replace(partitionKey, ACTIVE_RUNS_ROW, columns, row.tableETag);
        else await this.table.create(partitionKey, ACTIVE_RUNS_ROW, columns);
        return;
      } catch (error) {
        if (!(error instanceof EntityChangedError || error instanceof EntityExistsError)) throw error;
      }
    }
    throw new Error('Too many concurrent changes of the active update runs');
  }

  /** Takes the clusters for `runName`, or throws ClusterBusyError naming the run that holds one of them. */
  claim(fleet: FleetRef, runName: string, clusterResourceIds: readonly string[]): Promise<void> {
    const wanted = new Map(clusterResourceIds.map((id) => [claimKey(id), id] as const));
    return this.#change(fleet, (runs) => {
      for (const [other, clusters] of Object.entries(runs)) {
        if (other === runName) continue;
        const busy = clusters.map(claimKey).find((key) => wanted.has(key));
        if (busy) throw new ClusterBusyError(other, wanted.get(busy) ?? busy);
      }
      return { ...runs, [runName]: [...wanted.keys()] };
    });
  }

  /** The fleet's active runs (name → the keys of the clusters each holds). */
  async read(fleet: FleetRef): Promise<Record<string, string[]>> {
    const row = await this.table.get(fleetScopeKey(fleet), ACTIVE_RUNS_ROW);
    return row ? ActiveRunsSchema.parse(unpackJson(row.columns)) : {};
  }

  /** The active run of the fleet that holds the cluster, if any. */
  async holderOf(fleet: FleetRef, clusterResourceId: string): Promise<string | undefined> {
    const key = claimKey(clusterResourceId);
    const runs = await this.read(fleet);
    return Object.entries(runs).find(([, clusters]) => clusters.map(claimKey).includes(key))?.[0];
  }

  release(fleet: FleetRef, runName: string): Promise<void> {
    return this.#change(fleet, (runs) => {
      const { [runName]: _released, ...rest } = runs;
      return rest;
    });
  }
}
