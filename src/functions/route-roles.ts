import type { HttpMethod } from '@azure/functions';
import type { Role } from '../auth/principal';

/** A route's required role: an app role, or `anonymous` for what load balancers probe. */
export type Access = Role | 'anonymous';

const READ = { GET: 'Fleet.Reader', HEAD: 'Fleet.Reader' } as const;
const ADMIN_WRITES = { PUT: 'Fleet.Admin', PATCH: 'Fleet.Admin', DELETE: 'Fleet.Admin' } as const;

/**
 * The one table of who may do what: each route family (the route's resource-type path, names left out) and method to
 * the app role it needs. Reading needs Fleet.Reader; acting on a run (start, stop, skip, approving a gate, generating
 * a run from a profile) Fleet.Operator; changing fleets, members, strategies, profiles and runs Fleet.Admin. A route
 * that is not here does not register (`requiredAccess` throws), so no route is ever open by omission.
 */
export const ACCESS_BY_ROUTE: Readonly<Record<string, Partial<Record<HttpMethod, Access>>>> = {
  healthz: { GET: 'anonymous', HEAD: 'anonymous' },
  fleets: { ...READ, ...ADMIN_WRITES },
  'fleets/members': { ...READ, ...ADMIN_WRITES },
  'fleets/memberClusters': { ...READ },
  'fleets/kubernetesVersions': { ...READ },
  'fleets/updateStrategies': { ...READ, ...ADMIN_WRITES },
  'fleets/updateRuns': { ...READ, ...ADMIN_WRITES },
  'fleets/updateRuns/start': { POST: 'Fleet.Operator' },
  'fleets/updateRuns/stop': { POST: 'Fleet.Operator' },
  'fleets/updateRuns/skip': { POST: 'Fleet.Operator' },
  'fleets/gates': { ...READ, PATCH: 'Fleet.Operator' },
  'fleets/autoUpgradeProfiles': { ...READ, ...ADMIN_WRITES },
  'fleets/autoUpgradeProfiles/generateUpdateRun': { POST: 'Fleet.Operator' },
  'fleets/auditEvents': { ...READ },
};

const ARM_SCAFFOLD = new Set(['subscriptions', 'resourcegroups', 'providers', 'microsoft.containerservice']);

/** `subscriptions/{s}/resourceGroups/{g}/providers/Microsoft.ContainerService/fleets/{f}/members` → `fleets/members`. */
export function routeFamily(route: string): string {
  return route
    .split('/')
    .filter((segment) => segment !== '' && !segment.startsWith('{') && !ARM_SCAFFOLD.has(segment.toLowerCase()))
    .join('/');
}

/** The access a route's method needs; throws for a route or method the table does not list. */
export function requiredAccess(route: string, method: HttpMethod): Access {
  const access = ACCESS_BY_ROUTE[routeFamily(route)]?.[method];
  if (access === undefined) {
    throw new Error(`No role is defined for ${method} ${route}: add it to ACCESS_BY_ROUTE in route-roles.ts.`);
  }
  return access;
}
