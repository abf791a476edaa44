import type { ApiVersion } from '../api/api-version';
import { notFound } from '../api/errors';
import type { FleetRef } from '../api/ids';
import type { UpdateRunStatus } from '../api/update-run-status';
import type { UpdateRunDoc } from '../api/update-run.schema';
import { updateRunView } from '../api/views';
import { runStatusPartitionKey } from '../storage/keys';
import type { RunStatusSnapshot, RunStatusSnapshots } from '../storage/run-status-snapshots';
import type { Stores } from '../storage/stores';
import { canonicalRef, requireFleet } from './fleet-guard';
import { serializeJson, type SerializedJson } from './serialized-json';
import { SingleFlight } from './single-flight';

const KIND = 'Microsoft.ContainerService/fleets/updateRuns';

/** Documents of this many runs stay in memory (the least recently read go first). */
const MAX_CACHED_RUNS = 32;

/** A GET's answer: the run's ARM eTag and its document, serialized once per api-version. */
export interface RunRead {
  eTag: string;
  json(version: ApiVersion): SerializedJson;
}

export interface UpdateRunReadsDeps {
  stores: Stores;
  snapshots: RunStatusSnapshots;
  /** `properties.status` of the run from a snapshot of its rows. */
  statusFrom: (fleet: FleetRef, doc: UpdateRunDoc, snapshot: RunStatusSnapshot) => Promise<UpdateRunStatus>;
}

/**
 * GET of one update run, cheap to repeat. Concurrent GETs of a run share one read of storage that started after
 * they arrived (SingleFlight). Each read still asks storage for the fleet, the run's spec and its status snapshot,
 * but while their eTags and the snapshot's version are unchanged the composed, serialized document of the last read
 * is answered instead of being built again.
 */
export function createUpdateRunReads({ stores, snapshots, statusFrom }: UpdateRunReadsDeps) {
  const flights = new SingleFlight<RunRead>();
  const documents = new Map<string, RunRead & { key: string }>();

  function remember(runKey: string, read: RunRead & { key: string }): void {
    documents.delete(runKey);
    documents.set(runKey, read);
    for (const oldest of documents.keys()) {
      if (documents.size <= MAX_CACHED_RUNS) break;
      documents.delete(oldest);
    }
  }

  async function read(ref: FleetRef, name: string, runKey: string): Promise<RunRead> {
    const [fleet, current, snapshot] = await Promise.all([
      requireFleet(stores, ref),
      stores.runs.get(ref, name),
      snapshots.read(ref, name),
    ]);
    if (!current) throw notFound(KIND, name, 'updateRunName');
    const key = [fleet.meta.eTag, current.meta.eTag, snapshot.version].join('|');
    const known = documents.get(runKey);
    if (known?.key === key) return known;
    const canonical = canonicalRef(fleet);
    const status = await statusFrom(canonical, current.doc, snapshot);
    const bodies = new Map<ApiVersion, SerializedJson>();
    const answer = {
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
    // A run that never started shows a skeleton of the fleet's members of today, which the key does not cover.
    if (snapshot.progress) remember(runKey, answer);
    return answer;
  }

  return {
    /** The run as GET answers it; 404 when the fleet or the run does not exist. */
    get(ref: FleetRef, name: string): Promise<RunRead> {
      const runKey = runStatusPartitionKey(ref, name);
      return flights.run(runKey, () => read(ref, name, runKey));
    },
  };
}
