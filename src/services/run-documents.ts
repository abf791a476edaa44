import type { ApiVersion } from '../api/api-version';
import type { FleetRef } from '../api/ids';
import { fleetScopeKey, runStatusPartitionKey } from '../storage/keys';
import type { SerializedJson } from './serialized-json';

/** A GET's answer: the run's ARM eTag and its document, serialized once per api-version. */
export interface RunRead {
  eTag: string;
  json(version: ApiVersion): SerializedJson;
}

/** A composed answer and what it was composed from: the fleet's and the run's eTags and the snapshot's version. */
export interface ComposedRun extends RunRead {
  key: string;
}

/** A composed answer as remembered, and when the read of storage it came from began (monotonic ms). */
export interface RememberedRun {
  run: ComposedRun;
  readAt: number;
}

/** Taken as a read of storage begins; the read is remembered only if no write was recorded since. */
export interface ReadTicket {
  readAt: number;
  writes: number;
}

/** Documents of this many runs stay in memory (the least recently read go first). */
const MAX_REMEMBERED_RUNS = 32;

/**
 * The update-run documents this instance composed, by run, and the writes it made since. Every write that this
 * instance's services make to a run or its fleet is recorded here and forgets what it may have changed, so the next
 * GET on this instance reads storage again: a client sees its own writes (a 404 after its delete) at once. A read
 * that began before such a write is not remembered: it may have missed it. Writes are counted for all runs at once
 * (they are rare next to GETs): a write to one run only costs a concurrent read of another its place in memory.
 */
export class RunDocuments {
  private readonly runs = new Map<string, RememberedRun & { fleetKey: string }>();
  private writes = 0;

  get(fleet: FleetRef, runName: string): RememberedRun | undefined {
    return this.runs.get(runStatusPartitionKey(fleet, runName));
  }

  ticket(readAt: number): ReadTicket {
    return { readAt, writes: this.writes };
  }

  /** Keeps a composed document, unless this instance wrote to the run or its fleet since the read began. */
  remember(fleet: FleetRef, runName: string, run: ComposedRun, ticket: ReadTicket): void {
    if (ticket.writes !== this.writes) return;
    const runKey = runStatusPartitionKey(fleet, runName);
    this.runs.delete(runKey);
    this.runs.set(runKey, { run, readAt: ticket.readAt, fleetKey: fleetScopeKey(fleet) });
    for (const oldest of this.runs.keys()) {
      if (this.runs.size <= MAX_REMEMBERED_RUNS) break;
      this.runs.delete(oldest);
    }
  }

  /** Drops a run's document without recording a write (its read failed, or it shows what the key does not cover). */
  forget(fleet: FleetRef, runName: string): void {
    this.runs.delete(runStatusPartitionKey(fleet, runName));
  }

  /** This instance wrote the run (its spec, its intent, its status rows): the next GET reads storage. */
  runWritten(fleet: FleetRef, runName: string): void {
    this.writes++;
    this.forget(fleet, runName);
  }

  /** This instance wrote the fleet (updated, marked Deleting, deleted): the next GET of any of its runs reads storage. */
  fleetWritten(fleet: FleetRef): void {
    this.writes++;
    const fleetKey = fleetScopeKey(fleet);
    for (const [runKey, remembered] of this.runs) {
      if (remembered.fleetKey === fleetKey) this.runs.delete(runKey);
    }
  }
}
