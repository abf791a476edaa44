import { ArmError, invalidField } from '../api/errors';
import { checkPreconditions } from '../api/etag';
import { parseChildId, sameFleet, type FleetRef } from '../api/ids';
import { buildNextLink, listBody, type PageRequest } from '../api/paging';
import type { ResourceMeta } from '../api/resource';
import type { UpdateRunStrategy } from '../api/strategy.schema';
import { composeRunStatus, planMembers, type UpdateRunStatus } from '../api/update-run-status';
import { updateRunPutSchema, type UpdateRunDoc } from '../api/update-run.schema';
import { updateRunView } from '../api/views';
import { checkRunRequest, derivePending } from '../domain';
import { RunStatusSnapshots, type RunStatusSnapshot } from '../storage/run-status-snapshots';
import type { Stores } from '../storage/stores';
import { canonicalRef, confirmParentStillThere, requireFleet } from './fleet-guard';
import { nextMeta } from './meta';
import { writeWithRetry } from './optimistic';
import { parseBody } from './parse-body';
import type { Outcome, RequestContext } from './request-context';
import { checkGroupsExist, keepNewerFields } from './strategy-rules';
import type { RunDocuments } from './run-documents';
import { projectRunStatus } from './run-projection';
import { createUpdateRunReads } from './update-run-reads';

type FleetMembers = Array<{ name: string; clusterResourceId: string; group?: string }>;

export interface UpdateRunServiceOptions {
  /** The documents GETs answer from memory; shared with the fleet service, whose writes make them stale too. */
  documents: RunDocuments;
  /** RUN_STATUS_MAX_AGE_MS. */
  maxAgeMs: number;
}

/** Use-cases of update runs (CRUD; start/stop/skip come with the orchestration). */
export function createUpdateRunService(stores: Stores, { documents, maxAgeMs }: UpdateRunServiceOptions) {
  const snapshots = new RunStatusSnapshots(stores.runStatus.table);
  const reads = createUpdateRunReads({ stores, snapshots, statusFrom, documents, maxAgeMs });

  /** `properties.status`: stored progress when the run has started, else a NotStarted skeleton of today's members. */
  async function statusOf(
    fleet: FleetRef,
    name: string,
    doc: UpdateRunDoc,
    members: () => Promise<FleetMembers> = () => membersOf(fleet),
  ): Promise<UpdateRunStatus> {
    return statusFrom(fleet, doc, await snapshots.read(fleet, name), members);
  }

  /** `properties.status` from a snapshot of the run's status rows and intent. */
  async function statusFrom(
    fleet: FleetRef,
    doc: UpdateRunDoc,
    { progress, control }: RunStatusSnapshot,
    members: () => Promise<FleetMembers> = () => membersOf(fleet),
  ): Promise<UpdateRunStatus> {
    const stored = progress
      ? composeRunStatus(doc.strategy, progress.planned, progress.overlay)
      : composeRunStatus(doc.strategy, planMembers(doc.strategy, await members()));
    // Intent not yet applied by an orchestration (a skip, a stop) shows at once; waiting rolls up as Pending.
    return derivePending(projectRunStatus(stored, control, new Date().toISOString()));
  }

  async function membersOf(fleet: FleetRef): Promise<FleetMembers> {
    return (await stores.members.all(fleet)).map((m) => ({ name: m.meta.name, ...m.doc }));
  }

  async function snapshot(fleet: FleetRef, updateStrategyId: string): Promise<UpdateRunStrategy> {
    const target = 'properties.updateStrategyId';
    const ref = parseChildId(updateStrategyId, 'updateStrategies');
    if (!ref) throw invalidField(target, `'${updateStrategyId}' is not an update strategy resource id.`);
    if (!sameFleet(ref, fleet))
      throw invalidField(target, `The update strategy must belong to fleet '${fleet.fleetName}'.`);
    const strategy = await stores.strategies.get(fleet, ref.name);
    if (!strategy) throw invalidField(target, `The update strategy '${ref.name}' does not exist.`);
    return strategy.doc.strategy;
  }

  function view(fleet: FleetRef, meta: ResourceMeta, doc: UpdateRunDoc, status: UpdateRunStatus, ctx: RequestContext) {
    return updateRunView(fleet, meta, doc, status, ctx.version);
  }

  async function putRun(ref: FleetRef, name: string, body: unknown, ctx: RequestContext): Promise<Outcome> {
    const input = parseBody(updateRunPutSchema(ctx.version), body).properties;
    const fleet = canonicalRef(await requireFleet(stores, ref));
    // A run made from a strategy keeps a snapshot: later edits of the strategy never reach it.
    const requested =
      input.updateStrategyId !== undefined ? await snapshot(fleet, input.updateStrategyId) : input.strategy;
    if (requested) {
      const root =
        input.updateStrategyId !== undefined ? ['properties', 'updateStrategyId'] : ['properties', 'strategy'];
      await checkGroupsExist(stores, fleet, requested, root);
    }
    const outcome = await writeWithRetry(async () => {
      const current = await stores.runs.get(fleet, name);
      checkPreconditions(ctx.preconditions, current?.meta.eTag);
      const strategy = requested && keepNewerFields(requested, current?.doc.strategy, ctx.version);
      const doc: UpdateRunDoc = {
        // Set by the profile that generated the run; read-only for users, so a PUT keeps it.
        ...(current?.doc.autoUpgradeProfileId !== undefined
          ? { autoUpgradeProfileId: current.doc.autoUpgradeProfileId }
          : {}),
        ...(input.updateStrategyId !== undefined ? { updateStrategyId: input.updateStrategyId } : {}),
        ...(strategy ? { strategy } : {}),
        managedClusterUpdate: input.managedClusterUpdate,
      };
      let status: UpdateRunStatus | undefined;
      if (current) {
        status = await statusOf(fleet, name, current.doc);
        const changed =
          JSON.stringify(current.doc.strategy) !== JSON.stringify(doc.strategy) ||
          JSON.stringify(current.doc.managedClusterUpdate) !== JSON.stringify(doc.managedClusterUpdate);
        if (changed && status.status.state !== 'NotStarted') {
          throw new ArmError(
            'OperationNotAllowed',
            `The update run '${name}' is ${status.status.state}: its strategy and managedClusterUpdate can change only before it starts.`,
            { target: 'properties' },
          );
        }
      }
      const meta = nextMeta(current?.meta, name, ctx);
      if (current) await stores.runs.replace(fleet, meta, doc, current.tableETag);
      else {
        // What a delete of an earlier run of this name left behind when it failed halfway (status rows, intent,
        // gates) is not this run's: it starts from nothing.
        await forgetRun(fleet, name);
        await stores.runs.create(fleet, meta, doc);
      }
      return { created: !current, meta, doc };
    });
    if (outcome.created) {
      await confirmParentStillThere(stores, fleet, () => stores.runs.delete(fleet, name));
    }
    const status = await statusOf(fleet, name, outcome.doc);
    return {
      status: outcome.created ? 201 : 200,
      body: view(fleet, outcome.meta, outcome.doc, status, ctx),
      eTag: outcome.meta.eTag,
    };
  }

  /** Deletes what a run keeps besides its spec: status rows and intent, gates, cluster claims. */
  async function forgetRun(fleet: FleetRef, name: string): Promise<void> {
    await stores.runStatus.deleteAll(fleet, name);
    // A gate is deleted only with its run.
    await Promise.all(
      (await stores.gates.ofRun(fleet, name)).map((gate) => stores.gates.delete(fleet, gate.meta.name)),
    );
    await stores.activeRuns.release(fleet, name);
  }

  async function deleteRun(ref: FleetRef, name: string, ctx: RequestContext): Promise<Outcome> {
    const fleet = canonicalRef(await requireFleet(stores, ref));
    const deleted = await writeWithRetry(async () => {
      const current = await stores.runs.get(fleet, name);
      checkPreconditions(ctx.preconditions, current?.meta.eTag);
      if (!current) return false;
      checkRunRequest(name, (await statusOf(fleet, name, current.doc)).status.state, 'delete');
      await stores.runs.delete(fleet, name, current.tableETag);
      return true;
    });
    if (!deleted) return { status: 204 };
    await forgetRun(fleet, name);
    return { status: 200 };
  }

  return {
    statusOf,

    /** Records that this instance wrote the run (its spec or intent): the next GET reads storage. */
    runWritten(ref: FleetRef, name: string): void {
      documents.runWritten(ref, name);
    },

    /** A write that ended, even in a failure, may have changed the run: this instance's next GET reads storage. */
    put(ref: FleetRef, name: string, body: unknown, ctx: RequestContext): Promise<Outcome> {
      return putRun(ref, name, body, ctx).finally(() => documents.runWritten(ref, name));
    },

    /** Answered from memory while the last read of storage is fresh enough (update-run-reads.ts). */
    async get(ref: FleetRef, name: string, ctx: RequestContext): Promise<Outcome> {
      const read = await reads.get(ref, name);
      return { status: 200, json: read.json(ctx.version), eTag: read.eTag };
    },

    async list(ref: FleetRef, page: PageRequest, ctx: RequestContext): Promise<Outcome> {
      const fleet = canonicalRef(await requireFleet(stores, ref));
      const result = await stores.runs.list(fleet, page);
      let members: Promise<FleetMembers> | undefined;
      const sharedMembers = (): Promise<FleetMembers> => (members ??= membersOf(fleet));
      const items = await Promise.all(
        result.items.map(async (run) =>
          view(fleet, run.meta, run.doc, await statusOf(fleet, run.meta.name, run.doc, sharedMembers), ctx),
        ),
      );
      return { status: 200, body: listBody(items, buildNextLink(ctx.url, result.continueAfter)) };
    },

    /** Deletes the run's spec, then its status rows (status without a spec is never read). */
    delete(ref: FleetRef, name: string, ctx: RequestContext): Promise<Outcome> {
      return deleteRun(ref, name, ctx).finally(() => documents.runWritten(ref, name));
    },
  };
}
