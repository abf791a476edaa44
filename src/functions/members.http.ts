import { app, type HttpRequest, type HttpResponseInit, type InvocationContext } from '@azure/functions';
import { checkChildName } from '../api/names';
import { FLEET_ROUTE } from './fleets.http';
import { armRoute, fleetRef, handle, pageRequest, param, readJsonBody } from './http-support';

export const MEMBERS_ROUTE = `${FLEET_ROUTE}/members`;
export const MEMBER_ROUTE = `${MEMBERS_ROUTE}/{memberName}`;

const memberName = (request: HttpRequest): string => checkChildName('memberName', param(request, 'memberName'));

export async function putMember(request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> {
  return handle(request, context, async (s, ctx) =>
    s.members.put(fleetRef(request), memberName(request), await readJsonBody(request), ctx),
  );
}

export async function patchMember(request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> {
  return handle(request, context, async (s, ctx) =>
    s.members.patch(fleetRef(request), memberName(request), await readJsonBody(request), ctx),
  );
}

export async function getMember(request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> {
  return handle(request, context, (s, ctx) => s.members.get(fleetRef(request), memberName(request), ctx));
}

export async function deleteMember(request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> {
  return handle(request, context, (s, ctx) => s.members.delete(fleetRef(request), memberName(request), ctx));
}

export async function listMembers(request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> {
  return handle(request, context, (s, ctx) => s.members.list(fleetRef(request), pageRequest(request), ctx));
}

export const memberFunction = armRoute(MEMBER_ROUTE, {
  GET: getMember,
  PUT: putMember,
  PATCH: patchMember,
  DELETE: deleteMember,
});
export const membersFunction = armRoute(MEMBERS_ROUTE, { GET: listMembers });

app.http('fleetMember', memberFunction);
app.http('fleetMembers', membersFunction);
