import { auditEventView, parseAuditFilter } from '../api/audit-event.schema';
import { formatFleetId, type FleetRef } from '../api/ids';
import { buildNextLink, listBody, type PageRequest } from '../api/paging';
import type { Stores } from '../storage/stores';
import type { Outcome, RequestContext } from './request-context';

/**
 * Reading a fleet's audit trail. The trail outlives its fleet (a deleted fleet's trail is what an investigation
 * wants), so this reads it whether or not the fleet exists; a fleet never audited has an empty trail.
 */
export function createAuditEventService(stores: Pick<Stores, 'audit'>) {
  return {
    async list(fleet: FleetRef, page: PageRequest, filter: string | null, ctx: RequestContext): Promise<Outcome> {
      const result = await stores.audit.list(fleet, page, parseAuditFilter(filter));
      const fleetId = formatFleetId(fleet);
      const items = result.items.map((entry) => auditEventView(fleetId, entry.name, entry.record));
      return { status: 200, body: listBody(items, buildNextLink(ctx.url, result.continueAfter)) };
    },
  };
}
