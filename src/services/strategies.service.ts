import { notFound } from '../api/errors';
import { checkPreconditions } from '../api/etag';
import type { FleetRef } from '../api/ids';
import { buildNextLink, listBody, type PageRequest } from '../api/paging';
import { updateStrategyPutSchema } from '../api/strategy.schema';
import { updateStrategyView } from '../api/views';
import type { Stores, StrategyDoc } from '../storage/stores';
import { canonicalRef, confirmParentStillThere, requireFleet } from './fleet-guard';
import { nextMeta } from './meta';
import { writeWithRetry } from './optimistic';
import { parseBody } from './parse-body';
import type { Outcome, RequestContext } from './request-context';
import { checkGroupsExist, keepNewerFields } from './strategy-rules';

const KIND = 'Microsoft.ContainerService/fleets/updateStrategies';

/** Use-cases of fleet update strategies (reusable stages and groups). */
export function createStrategyService(stores: Stores) {
  return {
    async put(ref: FleetRef, name: string, body: unknown, ctx: RequestContext): Promise<Outcome> {
      const input = parseBody(updateStrategyPutSchema(ctx.version), body).properties;
      const fleet = canonicalRef(await requireFleet(stores, ref));
      await checkGroupsExist(stores, fleet, input.strategy, ['properties', 'strategy']);
      const outcome = await writeWithRetry(async () => {
        const current = await stores.strategies.get(fleet, name);
        checkPreconditions(ctx.preconditions, current?.meta.eTag);
        const doc: StrategyDoc = { strategy: keepNewerFields(input.strategy, current?.doc.strategy, ctx.version) };
        const meta = nextMeta(current?.meta, name, ctx);
        if (current) await stores.strategies.replace(fleet, meta, doc, current.tableETag);
        else await stores.strategies.create(fleet, meta, doc);
        return {
          status: current ? 200 : 201,
          body: updateStrategyView(fleet, meta, doc, ctx.version),
          eTag: meta.eTag,
        };
      });
      if (outcome.status === 201) {
        await confirmParentStillThere(stores, fleet, () => stores.strategies.delete(fleet, name));
      }
      return outcome;
    },

    async get(ref: FleetRef, name: string, ctx: RequestContext): Promise<Outcome> {
      const fleet = canonicalRef(await requireFleet(stores, ref));
      const current = await stores.strategies.get(fleet, name);
      if (!current) throw notFound(KIND, name, 'updateStrategyName');
      return {
        status: 200,
        body: updateStrategyView(fleet, current.meta, current.doc, ctx.version),
        eTag: current.meta.eTag,
      };
    },

    async list(ref: FleetRef, page: PageRequest, ctx: RequestContext): Promise<Outcome> {
      const fleet = canonicalRef(await requireFleet(stores, ref));
      const result = await stores.strategies.list(fleet, page);
      const items = result.items.map((s) => updateStrategyView(fleet, s.meta, s.doc, ctx.version));
      return { status: 200, body: listBody(items, buildNextLink(ctx.url, result.continueAfter)) };
    },

    /** Runs keep their own snapshot of the strategy, so deleting it never affects them. */
    async delete(ref: FleetRef, name: string, ctx: RequestContext): Promise<Outcome> {
      const fleet = canonicalRef(await requireFleet(stores, ref));
      const deleted = await writeWithRetry(async () => {
        const current = await stores.strategies.get(fleet, name);
        checkPreconditions(ctx.preconditions, current?.meta.eTag);
        if (!current) return false;
        await stores.strategies.delete(fleet, name, current.tableETag);
        return true;
      });
      return { status: deleted ? 200 : 204 };
    },
  };
}
