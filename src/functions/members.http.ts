import {
  app,
  type HttpFunctionOptions,
  type HttpRequest,
  type HttpResponseInit,
  type InvocationContext,
} from '@azure/functions';
import { checkChildName } from '../api/names';
import { FLEET_ROUTE } from './fleets.http';
import { byMethod, fleetRef, handle, pageRequest, param, readJsonBody } from './http-support';

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

export const memberFunction: HttpFunctionOptions = {
  route: MEMBER_ROUTE,
  methods: ['GET', 'PUT', 'PATCH', 'DELETE'],
  authLevel: 'anonymous',
  handler: byMethod({ GET: getMember, PUT: putMember, PATCH: patchMember, DELETE: deleteMember }),
};
export const membersFunction: HttpFunctionOptions = {
  route: MEMBERS_ROUTE,
  methods: ['GET'],
  authLevel: 'anonymous',
  handler: listMembers,
};

app.http('fleetMember', memberFunction);
app.http('fleetMembers', membersFunction);
