import { z } from 'zod';
import { ArmError } from '../api/errors';
import { knownRoles, type Principal } from './principal';

/** The header App Service Authentication (EasyAuth) sets for a signed-in caller: base64 JSON of the claims. */
export const APP_SERVICE_PRINCIPAL_HEADER = 'x-ms-client-principal';

const PrincipalSchema = z.object({
  auth_typ: z.string(),
  name_typ: z.string().optional(),
  role_typ: z.string().optional(),
  claims: z.array(z.object({ typ: z.string(), val: z.string() })),
});

const OBJECT_ID = ['http://schemas.microsoft.com/identity/claims/objectidentifier', 'oid'];
const TENANT_ID = ['http://schemas.microsoft.com/identity/claims/tenantid', 'tid'];
const SCOPE = ['http://schemas.microsoft.com/identity/claims/scope', 'scp'];
const NAME = ['preferred_username', 'upn', 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn', 'name'];

/**
 * The caller App Service Authentication verified. Read only when the app is configured to trust it
 * (AUTH_TRUST_APP_SERVICE=true) and the platform says EasyAuth runs (WEBSITE_AUTH_ENABLED): EasyAuth then strips the
 * header from what a client sends and sets its own, so it cannot be forged; anywhere else anyone could send it.
 */
export function appServicePrincipal(header: string): Principal {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(header, 'base64').toString('utf8'));
  } catch {
    throw new ArmError('InvalidAuthenticationToken', `The ${APP_SERVICE_PRINCIPAL_HEADER} header is not valid.`);
  }
  const parsed = PrincipalSchema.safeParse(decoded);
  if (!parsed.success || parsed.data.auth_typ.toLowerCase() !== 'aad') {
    throw new ArmError('InvalidAuthenticationToken', `The ${APP_SERVICE_PRINCIPAL_HEADER} header is not valid.`);
  }
  const { claims, name_typ, role_typ = 'roles' } = parsed.data;
  const first = (types: readonly string[]): string | undefined => claims.find((c) => types.includes(c.typ))?.val;
  const objectId = first(OBJECT_ID);
  if (!objectId) throw new ArmError('InvalidAuthenticationToken', 'The signed-in caller has no object id.');
  const isUser = first(SCOPE) !== undefined;
  const appId = first(['appid', 'azp']);
  const tenantId = first(TENANT_ID);
  return {
    objectId,
    name: isUser ? (first([...(name_typ ? [name_typ] : []), ...NAME]) ?? objectId) : (appId ?? objectId),
    type: isUser ? 'User' : 'Application',
    roles: knownRoles(claims.filter((c) => c.typ === role_typ || c.typ === 'roles').map((c) => c.val)),
    ...(tenantId !== undefined ? { tenantId } : {}),
  };
}
