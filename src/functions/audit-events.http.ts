import { app, type HttpRequest, type HttpResponseInit, type InvocationContext } from '@azure/functions';
import { createAuditEventService } from '../services/audit-events.service';
import { getStores } from '../storage/stores';
import { FLEET_ROUTE } from './fleets.http';
import { armRoute, fleetRef, handle, pageRequest } from './http-support';

export const AUDIT_EVENTS_ROUTE = `${FLEET_ROUTE}/auditEvents`;

/** GET …/fleets/{fleet}/auditEvents with `$filter`, `$top`, `$skipToken`: the fleet's audit trail, newest first. */
export async function listAuditEvents(request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> {
  return handle(request, context, async (_s, ctx) =>
    createAuditEventService(await getStores()).list(
      fleetRef(request),
      pageRequest(request),
      request.query.get('$filter'),
      ctx,
    ),
  );
}

export const auditEventsFunction = armRoute(AUDIT_EVENTS_ROUTE, { GET: listAuditEvents });

app.http('fleetAuditEvents', auditEventsFunction);
