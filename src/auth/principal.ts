import type { Caller } from '../api/resource';

/** The app roles of the API, lowest first: each grants every role before it. */
export const ROLES = ['Fleet.Reader', 'Fleet.Operator', 'Fleet.Admin'] as const;

/** An app role defined on the API's Entra ID app registration. */
export type Role = (typeof ROLES)[number];

/** Who made a request, as verified by the authenticator; never taken from a header a caller can set. */
export interface Principal {
  /** Stable id: the Entra object id (`oid`), or `anonymous` when authentication is off. */
  objectId: string;
  /** What systemData shows: a user's UPN, an application's client id. */
  name: string;
  type: 'User' | 'Application' | 'Anonymous';
  /** The app roles the credential carries (unknown role names dropped). */
  roles: readonly Role[];
  /** The tenant the credential was issued in, when there is one. */
  tenantId?: string;
}

/** The caller of `AUTH_MODE=none`: nobody is checked, so everyone may do everything, as before authentication. */
export const ANONYMOUS: Principal = {
  objectId: 'anonymous',
  name: 'anonymous',
  type: 'Anonymous',
  roles: ['Fleet.Admin'],
};

/** Whether `held` grants `required` (a higher role implies the lower ones). */
export function grants(held: readonly Role[], required: Role): boolean {
  const needed = ROLES.indexOf(required);
  return held.some((role) => ROLES.indexOf(role) >= needed);
}

/** The known app roles among a credential's `roles` claim values. */
export function knownRoles(values: readonly unknown[]): Role[] {
  return ROLES.filter((role) => values.includes(role));
}

/** What systemData records of a principal; the anonymous caller is recorded as nobody, as before authentication. */
export function callerOf(principal: Principal): Caller {
  return principal.type === 'Anonymous' ? {} : { id: principal.name, type: principal.type };
}
