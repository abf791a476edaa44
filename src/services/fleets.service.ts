import { ArmError, invalidField } from '../api/errors';
import { checkPreconditions, newETag } from '../api/etag';
import { FleetPatchSchema, FleetPutSchema, type FleetDoc } from '../api/fleet.schema';
import { formatChildId, type FleetRef } from '../api/ids';
import { buildNextLink, listBody, type PageRequest } from '../api/paging';
import { createdSystemData, modifiedSystemData } from '../api/resource';
import { fleetView } from '../api/views';
import { fleetScopeKey } from '../storage/keys';
import type { Stores } from '../storage/stores';
import { DELETING } from './fleet-guard';
import type { RunDocuments } from './run-documents';
import { writeWithRetry } from './optimistic';
import { parseBody } from './parse-body';
import type { Outcome, RequestContext } from './request-context';

const SUCCEEDED = 'Succeeded';

/**
 * Use-cases of the fleet resource itself. Each write, even one that failed, forgets the documents of the fleet's
 * runs that GETs answer from memory (`documents`): the next GET of one reads storage (a 404 once it is Deleting).
 */
export function createFleetService(stores: Stores, documents: RunDocuments) {
  return {
    async put(ref: FleetRef, body: unknown, ctx: RequestContext): Promise<Outcome> {
      const input = parseBody(FleetPutSchema, body);
      return writeWithRetry(async () => {
        const current = await stores.fleets.get(ref);
        checkPreconditions(ctx.preconditions, current?.meta.eTag);
        if (current?.meta.provisioningState === DELETING) {
          throw new ArmError('Conflict', `The fleet '${ref.fleetName}' is being deleted.`);
        }
        if (current && current.doc.location.toLowerCase() !== input.location.toLowerCase()) {
          throw invalidField(
            'location',
            `The location of fleet '${ref.fleetName}' cannot be changed from '${current.doc.location}'.`,
          );
        }
        const doc: FleetDoc = {
          subscriptionId: current?.doc.subscriptionId ?? ref.subscriptionId,
          resourceGroupName: current?.doc.resourceGroupName ?? ref.resourceGroupName,
          location: current?.doc.location ?? input.location,
          tags: input.tags ?? {},
          ...(input.identity ? { identity: input.identity } : {}),
          ...(input.properties?.hubProfile ? { hubProfile: input.properties.hubProfile } : {}),
        };
        const now = ctx.now();
        const meta = {
          name: current?.meta.name ?? ref.fleetName,
          eTag: newETag(),
          provisioningState: SUCCEEDED,
          systemData: current
            ? modifiedSystemData(current.meta.systemData, ctx.caller, now)
            : createdSystemData(ctx.caller, now),
        };
        if (current) await stores.fleets.replace(ref, meta, doc, current.tableETag);
        else await stores.fleets.create(ref, meta, doc);
        return { status: current ? 200 : 201, body: fleetView(meta, doc), eTag: meta.eTag };
      }).finally(() => documents.fleetWritten(ref));
    },

    async patch(ref: FleetRef, body: unknown, ctx: RequestContext): Promise<Outcome> {
      const input = parseBody(FleetPatchSchema, body);
      return writeWithRetry(async () => {
        const current = await stores.fleets.get(ref);
        checkPreconditions(ctx.preconditions, current?.meta.eTag);
        if (!current || current.meta.provisioningState === DELETING) throw fleetNotFound(ref);
        const doc: FleetDoc = {
          ...current.doc,
          ...(input.tags !== undefined ? { tags: input.tags } : {}),
          ...(input.identity !== undefined ? { identity: input.identity } : {}),
        };
        const meta = {
          ...current.meta,
          eTag: newETag(),
          systemData: modifiedSystemData(current.meta.systemData, ctx.caller, ctx.now()),
        };
        await stores.fleets.replace(ref, meta, doc, current.tableETag);
        return { status: 200, body: fleetView(meta, doc), eTag: meta.eTag };
      }).finally(() => documents.fleetWritten(ref));
    },

    async get(ref: FleetRef): Promise<Outcome> {
      const current = await stores.fleets.get(ref);
      if (!current || current.meta.provisioningState === DELETING) throw fleetNotFound(ref);
      return { status: 200, body: fleetView(current.meta, current.doc), eTag: current.meta.eTag };
    },

    async list(
      scope: { subscriptionId: string; resourceGroupName?: string },
      page: PageRequest,
      ctx: RequestContext,
    ): Promise<Outcome> {
      const result = await stores.fleets.list(scope.subscriptionId, scope.resourceGroupName, page);
      const items = result.items
        .filter((f) => f.meta.provisioningState !== DELETING)
        .map((f) => fleetView(f.meta, f.doc));
      return { status: 200, body: listBody(items, buildNextLink(ctx.url, result.continueAfter)) };
    },

    /**
     * Deletes the fleet and everything nested in it: marks it Deleting (children stop being accepted), sweeps
     * members (releasing their clusters), strategies, runs and run status, then removes the fleet row.
     */
    async delete(ref: FleetRef, ctx: RequestContext): Promise<Outcome> {
      const marked = await writeWithRetry(async () => {
        const current = await stores.fleets.get(ref);
        checkPreconditions(ctx.preconditions, current?.meta.eTag);
        if (!current) return undefined;
        // A run in progress would go on upgrading clusters that no fleet could stop any more.
        const active = Object.keys(await stores.activeRuns.read(ref));
        if (active.length > 0) {
          throw new ArmError(
            'OperationNotAllowed',
            `The fleet '${ref.fleetName}' has update runs in progress (${active.join(', ')}); stop them before deleting the fleet.`,
          );
        }
        if (current.meta.provisioningState === DELETING) return current;
        const meta = { ...current.meta, provisioningState: DELETING };
        await stores.fleets.replace(ref, meta, current.doc, current.tableETag);
        return stores.fleets.get(ref);
      }).finally(() => documents.fleetWritten(ref));
      if (!marked) return { status: 204 };
      // Marked Deleting, the fleet's runs answer 404 from storage; no read of them is remembered from here on.
      await sweepChildren(stores, ref);
      await stores.fleets.delete(ref);
      return { status: 200 };
    },
  };
}

function fleetNotFound(ref: FleetRef): ArmError {
  return new ArmError(
    'ResourceNotFound',
    `The Resource 'Microsoft.ContainerService/fleets/${ref.fleetName}' under resource group '${ref.resourceGroupName}' was not found.`,
  );
}

async function sweepChildren(stores: Stores, ref: FleetRef): Promise<void> {
  for (const member of await stores.members.all(ref)) {
    await stores.members.delete(ref, member.meta.name);
    await stores.claims.release(member.doc.clusterResourceId, { memberId: memberIdOf(ref, member.meta.name) });
  }
  for (const run of await stores.runs.all(ref)) {
    await stores.runStatus.deleteAll(ref, run.meta.name);
    await stores.runs.delete(ref, run.meta.name);
  }
  // Everything else of the fleet (strategies, gates, any later kind) shares its partition.
  const partitionKey = fleetScopeKey(ref);
  const rest = await stores.fleetResources.all({ partitionKey, from: '', to: '\uffff' });
  for (const row of rest) await stores.fleetResources.delete(partitionKey, row.rowKey);
}

function memberIdOf(ref: FleetRef, name: string): string {
  return formatChildId({ ...ref, kind: 'members', name });
}
