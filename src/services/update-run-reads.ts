import type { ApiVersion } from '../api/api-version';
import { notFound } from '../api/errors';
import type { FleetRef } from '../api/ids';
import type { UpdateRunStatus } from '../api/update-run-status';
import type { UpdateRunDoc } from '../api/update-run.schema';
import { updateRunView } from '../api/views';
import type { ChildStore } from '../storage/child-store';
import type { FleetStore, StoredFleet } from '../storage/fleet-store';
import { runStatusPartitionKey } from '../storage/keys';
import type { StoredResource } from '../storage/resource-row';
import type { RunStatusSnapshot, RunStatusSnapshots } from '../storage/run-status-snapshots';
import { canonicalRef, requireFleet } from './fleet-guard';
import { freshnessOf } from './read-freshness';
import type { ComposedRun, RunDocuments, RunRead } from './run-documents';
import { serializeJson, type SerializedJson } from './serialized-json';
import { SingleFlight } from './single-flight';

const KIND = 'Microsoft.ContainerService/fleets/updateRuns';

/** Monotonic milliseconds (`performance` by default). */
export interface ReadClock {
  now(): number;
}

export interface UpdateRunReadsDeps {
  stores: { fleets: Pick<FleetStore, 'get'>; runs: Pick<ChildStore<UpdateRunDoc>, 'get'> };
  snapshots: Pick<RunStatusSnapshots, 'read'>;
  /** `properties.status` of the run from a snapshot of its rows. */
  statusFrom: (fleet: FleetRef, doc: UpdateRunDoc, snapshot: RunStatusSnapshot) => Promise<UpdateRunStatus>;
  documents: RunDocuments;
  /** RUN_STATUS_MAX_AGE_MS: how old a read of storage a GET may answer from memory. */
  maxAgeMs: number;
  clock?: ReadClock;
}

/**
 * GET of one update run, cheap to repeat. A document composed from a read of storage younger than the max age is
 * answered from memory; an older one is answered at once while one read refreshes it, unless it is too old
 * (`freshnessOf`); a run without one waits for a read. Reads of a run are shared (SingleFlight): each asks storage
 * for the fleet, the run's spec and its status snapshot, and reuses the last composed document while their eTags and
 * the snapshot's version are unchanged. This instance's writes to a run or its fleet forget its document
 * (RunDocuments), so they show in the next GET.
 */
export function createUpdateRunReads(deps: UpdateRunReadsDeps) {
  const { stores, snapshots, statusFrom, documents, maxAgeMs } = deps;
  const clock = deps.clock ?? performance;
  const flights = new SingleFlight<RunRead>();

  async function read(ref: FleetRef, name: string): Promise<ComposedRun> {
    const ticket = documents.ticket(clock.now());
    try {
      const [fleet, current, snapshot] = await Promise.all([
        requireFleet(stores, ref),
        stores.runs.get(ref, name),
        snapshots.read(ref, name),
      ]);
      if (!current) throw notFound(KIND, name, 'updateRunName');
      const key = [fleet.meta.eTag, current.meta.eTag, snapshot.version].join('|');
      const known = documents.get(ref, name)?.run;
      const run = known?.key === key ? known : await compose({ fleet, current, snapshot, key }, statusFrom);
      // A run that never started shows a skeleton of the fleet's members of today, which the key does not cover.
      if (snapshot.progress) documents.remember(ref, name, run, ticket);
      else documents.forget(ref, name);
      return run;
    } catch (error) {
      // The next GET waits for storage and answers what it says (a 404 after a delete by another instance).
      documents.forget(ref, name);
      throw error;
    }
  }

  function refresh(ref: FleetRef, name: string): Promise<RunRead> {
    return flights.run(runStatusPartitionKey(ref, name), () => read(ref, name));
  }

  return {
    /** The run as GET answers it; 404 when the fleet or the run does not exist. */
    get(ref: FleetRef, name: string): Promise<RunRead> {
      const known = documents.get(ref, name);
      const freshness = known ? freshnessOf(clock.now() - known.readAt, maxAgeMs) : 'mustWait';
      if (!known || freshness === 'mustWait') return refresh(ref, name);
      if (freshness === 'stale' && !flights.busy(runStatusPartitionKey(ref, name))) {
        // Its failure is the next GET's to report: a failed read forgets the document.
        refresh(ref, name).catch(() => undefined);
      }
      return Promise.resolve(known.run);
    },
  };
}

interface ReadParts {
  fleet: StoredFleet;
  current: StoredResource<UpdateRunDoc>;
  snapshot: RunStatusSnapshot;
  key: string;
}

/** The run's document from one read, serialized on first use for each api-version. */
async function compose(
  { fleet, current, snapshot, key }: ReadParts,
  statusFrom: UpdateRunReadsDeps['statusFrom'],
): Promise<ComposedRun> {
  const canonical = canonicalRef(fleet);
  const status = await statusFrom(canonical, current.doc, snapshot);
  const bodies = new Map<ApiVersion, SerializedJson>();
  return {
    key,
    eTag: current.meta.eTag,
    json(version: ApiVersion): SerializedJson {
      let body = bodies.get(version);
      if (body === undefined) {
        body = serializeJson(updateRunView(canonical, current.meta, current.doc, status, version));
        bodies.set(version, body);
      }
      return body;
    },
  };
}
