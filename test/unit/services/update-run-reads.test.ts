import { describe, expect, it } from 'vitest';
import type { FleetRef } from '../../../src/api/ids';
import type { UpdateRunDoc } from '../../../src/api/update-run.schema';
import type { StoredFleet } from '../../../src/storage/fleet-store';
import type { StoredResource } from '../../../src/storage/resource-row';
import type { RunStatusSnapshot } from '../../../src/storage/run-status-snapshots';
import { RunDocuments } from '../../../src/services/run-documents';
import { createUpdateRunReads } from '../../../src/services/update-run-reads';
import { aRunStatus, aStrategy } from '../../fixtures/domain-builders';

const MAX_AGE_MS = 500;
const FLEET: FleetRef = { subscriptionId: 'sub', resourceGroupName: 'rg', fleetName: 'fleet1' };
const OTHER_FLEET: FleetRef = { ...FLEET, fleetName: 'fleet2' };
const SYSTEM_DATA = { createdAt: '2026-01-01T00:00:00Z', lastModifiedAt: '2026-01-01T00:00:00Z' };
const STRATEGY = aStrategy({ stage1: ['canary'] });

/**
 * Storage as the reads see it (the fleet, the run's spec, its status snapshot), counting every request. While held,
 * a request answers what storage held when it was made, but only once released: a read in flight.
 */
class FakeRunStorage {
  requests = 0;
  fleetExists = true;
  runETag: string | undefined = '"run-1"';
  started = true;
  private held: Array<() => void> | undefined;

  readonly stores = {
    fleets: { get: (ref: FleetRef) => this.answer(this.fleetExists ? aFleet(ref) : undefined) },
    runs: { get: (_ref: FleetRef, name: string) => this.answer(this.runETag ? aRun(name, this.runETag) : undefined) },
  };
  readonly snapshots = {
    read: () => this.answer(aSnapshot(this.started, `${this.runETag}`)),
  };

  hold(): void {
    this.held = [];
  }

  release(): void {
    const held = this.held ?? [];
    this.held = undefined;
    for (const resume of held) resume();
  }

  private async answer<T>(value: T): Promise<T> {
    this.requests++;
    const held = this.held;
    if (held) await new Promise<void>((resume) => held.push(resume));
    return value;
  }
}

function aFleet(ref: FleetRef): StoredFleet {
  return {
    meta: { name: ref.fleetName, eTag: '"fleet-1"', provisioningState: 'Succeeded', systemData: SYSTEM_DATA },
    doc: { subscriptionId: ref.subscriptionId, resourceGroupName: ref.resourceGroupName, location: 'x', tags: {} },
    tableETag: 'fleet-row',
  };
}

function aRun(name: string, eTag: string): StoredResource<UpdateRunDoc> {
  return {
    meta: { name, eTag, provisioningState: 'Succeeded', systemData: SYSTEM_DATA },
    doc: { strategy: STRATEGY, managedClusterUpdate: { upgrade: { type: 'NodeImageOnly' } } },
    tableETag: 'run-row',
  };
}

function aSnapshot(started: boolean, version: string): RunStatusSnapshot {
  const progress = { planned: [], overlay: { statuses: new Map(), members: new Map() } };
  return {
    progress: started ? progress : undefined,
    control: { attempt: started ? 1 : 0, stopRequested: false, skips: [] },
    version,
  };
}

/** Reads over fake storage, with a clock the test moves. */
function readsOver(storage: FakeRunStorage, maxAgeMs = MAX_AGE_MS) {
  const clock = { ms: 10_000, now: () => clock.ms };
  const documents = new RunDocuments();
  const status = aRunStatus(STRATEGY, { canary: ['m1'] });
  const reads = createUpdateRunReads({
    stores: storage.stores,
    snapshots: storage.snapshots,
    statusFrom: () => Promise.resolve(status),
    documents,
    maxAgeMs,
    clock,
  });
  return { reads, documents, clock };
}

/** Lets every promise that can settle do so. */
const settled = () => new Promise((resolve) => setImmediate(resolve));

/** Whether `promise` settled by now. */
async function isSettled(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  promise.then(
    () => (done = true),
    () => (done = true),
  );
  await settled();
  return done;
}

describe('GET of an update run (update-run-reads)', () => {
  it('answers repeated GETs within the max age from memory, without asking storage', async () => {
    const storage = new FakeRunStorage();
    const { reads, clock } = readsOver(storage);
    const first = await reads.get(FLEET, 'run1');
    const asked = storage.requests;
    expect(asked).toBe(3);
    for (let i = 0; i < 10; i++) {
      clock.ms += (MAX_AGE_MS - 1) / 10;
      expect(await reads.get(FLEET, 'run1')).toBe(first);
    }
    expect(storage.requests).toBe(asked);
  });

  it('answers a stale document at once while one read refreshes it, then the refreshed one', async () => {
    const storage = new FakeRunStorage();
    const { reads, clock } = readsOver(storage);
    await reads.get(FLEET, 'run1');
    clock.ms += MAX_AGE_MS;
    storage.runETag = '"run-2"';
    storage.hold();
    const answers = await Promise.all(Array.from({ length: 20 }, () => reads.get(FLEET, 'run1')));
    expect(answers.map((answer) => answer.eTag)).toEqual(Array.from({ length: 20 }, () => '"run-1"'));
    expect(storage.requests).toBe(6);
    storage.release();
    await settled();
    expect((await reads.get(FLEET, 'run1')).eTag).toBe('"run-2"');
    expect(storage.requests).toBe(6);
  });

  it('waits for storage when the document reached five max ages, rather than answer it', async () => {
    const storage = new FakeRunStorage();
    const { reads, clock } = readsOver(storage);
    await reads.get(FLEET, 'run1');
    clock.ms += 5 * MAX_AGE_MS;
    storage.runETag = '"run-2"';
    storage.hold();
    const answer = reads.get(FLEET, 'run1');
    expect(await isSettled(answer)).toBe(false);
    storage.release();
    expect((await answer).eTag).toBe('"run-2"');
  });

  it('asks storage on every GET when the max age is 0', async () => {
    const storage = new FakeRunStorage();
    const { reads } = readsOver(storage, 0);
    await reads.get(FLEET, 'run1');
    await reads.get(FLEET, 'run1');
    expect(storage.requests).toBe(6);
  });

  it('asks storage on the next GET after this instance wrote the run, and shows the write', async () => {
    const storage = new FakeRunStorage();
    const { reads, documents } = readsOver(storage);
    await reads.get(FLEET, 'run1');
    storage.runETag = '"run-2"';
    documents.runWritten(FLEET, 'run1');
    expect((await reads.get(FLEET, 'run1')).eTag).toBe('"run-2"');
  });

  it('after a write to the fleet, asks storage for each of its runs but not for runs of other fleets', async () => {
    const storage = new FakeRunStorage();
    const { reads, documents } = readsOver(storage);
    await reads.get(FLEET, 'run1');
    await reads.get({ ...FLEET, fleetName: 'FLEET1' }, 'run2');
    await reads.get(OTHER_FLEET, 'run1');
    storage.fleetExists = false;
    documents.fleetWritten(FLEET);
    await expect(reads.get(FLEET, 'run1')).rejects.toMatchObject({ code: 'ResourceNotFound' });
    await expect(reads.get(FLEET, 'run2')).rejects.toMatchObject({ code: 'ResourceNotFound' });
    const asked = storage.requests;
    await reads.get(OTHER_FLEET, 'run1');
    expect(storage.requests).toBe(asked);
  });

  it('does not remember a read that began before this instance wrote the run: it may have missed the write', async () => {
    const storage = new FakeRunStorage();
    const { reads, documents } = readsOver(storage);
    storage.hold();
    const before = reads.get(FLEET, 'run1');
    await settled();
    storage.runETag = '"run-2"';
    documents.runWritten(FLEET, 'run1');
    storage.release();
    expect((await before).eTag).toBe('"run-1"');
    expect((await reads.get(FLEET, 'run1')).eTag).toBe('"run-2"');
  });

  it('a failed refresh forgets the document: the next GET waits for storage and answers its 404', async () => {
    const storage = new FakeRunStorage();
    const { reads, clock } = readsOver(storage);
    await reads.get(FLEET, 'run1');
    clock.ms += MAX_AGE_MS;
    storage.runETag = undefined; // deleted by another instance
    expect((await reads.get(FLEET, 'run1')).eTag).toBe('"run-1"');
    await settled();
    await expect(reads.get(FLEET, 'run1')).rejects.toMatchObject({ code: 'ResourceNotFound' });
  });

  it('asks storage on every GET of a run that never started (its skeleton shows the fleet members of today)', async () => {
    const storage = new FakeRunStorage();
    storage.started = false;
    const { reads } = readsOver(storage);
    await reads.get(FLEET, 'run1');
    await reads.get(FLEET, 'run1');
    expect(storage.requests).toBe(6);
  });
});
