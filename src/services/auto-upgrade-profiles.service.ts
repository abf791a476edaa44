import {
  autoUpgradeProfilePutSchema,
  profileDocOf,
  type AutoUpgradeProfileDoc,
} from '../api/auto-upgrade-profile.schema';
import { invalidField, notFound } from '../api/errors';
import { checkPreconditions } from '../api/etag';
import { parseChildId, sameFleet, type FleetRef } from '../api/ids';
import { buildNextLink, listBody, type PageRequest } from '../api/paging';
import { autoUpgradeProfileView } from '../api/views';
import type { Stores } from '../storage/stores';
import { canonicalRef, confirmParentStillThere, requireFleet } from './fleet-guard';
import { nextMeta } from './meta';
import { writeWithRetry } from './optimistic';
import { parseBody } from './parse-body';
import type { Outcome, RequestContext } from './request-context';

export const AUTO_UPGRADE_PROFILE_KIND = 'Microsoft.ContainerService/fleets/autoUpgradeProfiles';
const STRATEGY_TARGET = 'properties.updateStrategyId';

/** The profile's strategy must be one of its fleet's (a run made from it snapshots it then). */
async function checkStrategy(stores: Stores, fleet: FleetRef, updateStrategyId: string | undefined): Promise<void> {
  if (updateStrategyId === undefined) return;
  const ref = parseChildId(updateStrategyId, 'updateStrategies');
  if (!ref) throw invalidField(STRATEGY_TARGET, `'${updateStrategyId}' is not an update strategy resource id.`);
  if (!sameFleet(ref, fleet)) {
    throw invalidField(STRATEGY_TARGET, `The update strategy must belong to fleet '${fleet.fleetName}'.`);
  }
  if (!(await stores.strategies.get(fleet, ref.name))) {
    throw invalidField(STRATEGY_TARGET, `The update strategy '${ref.name}' does not exist.`);
  }
}

/** updateStrategyId is create-only (ARM compares ids case-insensitively). */
function checkStrategyUnchanged(current: AutoUpgradeProfileDoc, next: AutoUpgradeProfileDoc): void {
  if (current.updateStrategyId?.toLowerCase() === next.updateStrategyId?.toLowerCase()) return;
  throw invalidField(
    STRATEGY_TARGET,
    `updateStrategyId can be set only when the profile is created (it is '${current.updateStrategyId ?? 'not set'}'); ` +
      'delete the profile and create it again to use another strategy.',
  );
}

/** Use-cases of auto-upgrade profiles: PUT, GET, list and DELETE (generateUpdateRun is the trigger's). */
export function createAutoUpgradeProfileService(stores: Stores) {
  return {
    async put(ref: FleetRef, name: string, body: unknown, ctx: RequestContext): Promise<Outcome> {
      const requested = profileDocOf(parseBody(autoUpgradeProfilePutSchema(ctx.version), body).properties);
      const fleet = canonicalRef(await requireFleet(stores, ref));
      const outcome = await writeWithRetry(async () => {
        const current = await stores.autoUpgradeProfiles.get(fleet, name);
        checkPreconditions(ctx.preconditions, current?.meta.eTag);
        if (current) checkStrategyUnchanged(current.doc, requested);
        else await checkStrategy(stores, fleet, requested.updateStrategyId);
        // What the trigger recorded stays: a PUT says what to follow, not what happened.
        const doc = current?.doc.status ? { ...requested, status: current.doc.status } : requested;
        const meta = nextMeta(current?.meta, name, ctx);
        if (current) await stores.autoUpgradeProfiles.replace(fleet, meta, doc, current.tableETag);
        else await stores.autoUpgradeProfiles.create(fleet, meta, doc);
        return {
          status: current ? 200 : 201,
          body: autoUpgradeProfileView(fleet, meta, doc, ctx.version),
          eTag: meta.eTag,
        };
      });
      if (outcome.status === 201) {
        await confirmParentStillThere(stores, fleet, () => stores.autoUpgradeProfiles.delete(fleet, name));
      }
      return outcome;
    },

    async get(ref: FleetRef, name: string, ctx: RequestContext): Promise<Outcome> {
      const fleet = canonicalRef(await requireFleet(stores, ref));
      const current = await stores.autoUpgradeProfiles.get(fleet, name);
      if (!current) throw notFound(AUTO_UPGRADE_PROFILE_KIND, name, 'autoUpgradeProfileName');
      return {
        status: 200,
        body: autoUpgradeProfileView(fleet, current.meta, current.doc, ctx.version),
        eTag: current.meta.eTag,
      };
    },

    async list(ref: FleetRef, page: PageRequest, ctx: RequestContext): Promise<Outcome> {
      const fleet = canonicalRef(await requireFleet(stores, ref));
      const result = await stores.autoUpgradeProfiles.list(fleet, page);
      const items = result.items.map((p) => autoUpgradeProfileView(fleet, p.meta, p.doc, ctx.version));
      return { status: 200, body: listBody(items, buildNextLink(ctx.url, result.continueAfter)) };
    },

    /** Runs the profile generated are left as they are: deleting (or disabling) it never touches them. */
    async delete(ref: FleetRef, name: string, ctx: RequestContext): Promise<Outcome> {
      const fleet = canonicalRef(await requireFleet(stores, ref));
      const deleted = await writeWithRetry(async () => {
        const current = await stores.autoUpgradeProfiles.get(fleet, name);
        checkPreconditions(ctx.preconditions, current?.meta.eTag);
        if (!current) return false;
        await stores.autoUpgradeProfiles.delete(fleet, name, current.tableETag);
        return true;
      });
      return { status: deleted ? 200 : 204 };
    },
  };
}
