import type * as Jose from 'jose' with { 'resolution-mode': 'import' };
import type { JWTVerifyGetKey } from 'jose' with { 'resolution-mode': 'import' };
import { z } from 'zod';
import { ArmError } from '../api/errors';
import { knownRoles, type Principal } from './principal';

/** What an Entra ID access token must say of its caller (v1.0 and v2.0 tokens alike). */
const ClaimsSchema = z.looseObject({
  sub: z.string().min(1),
  oid: z.string().min(1).optional(),
  tid: z.string().optional(),
  roles: z.array(z.string()).optional(),
  scp: z.string().optional(),
  idtyp: z.string().optional(),
  upn: z.string().optional(),
  preferred_username: z.string().optional(),
  unique_name: z.string().optional(),
  appid: z.string().optional(),
  azp: z.string().optional(),
});

/** Where the token must come from and be for; `keys` resolves the signing key (the tenant's JWKS in production). */
export interface EntraTokenOptions {
  audiences: readonly string[];
  issuers: readonly string[];
  keys: JWTVerifyGetKey;
}

/** Skew allowed between Entra ID's clock and ours when checking `exp` and `nbf`. */
const CLOCK_TOLERANCE_S = 60;

/** Loads jose, which ships only as an ES module; this CommonJS app reaches it through `import()`. */
export const loadJose = (): Promise<typeof Jose> => import('jose');

/** The tenant's signing keys, fetched on first use and cached (and refreshed on an unknown `kid`) by jose. */
export async function remoteKeys(jwksUri: string): Promise<JWTVerifyGetKey> {
  return (await loadJose()).createRemoteJWKSet(new URL(jwksUri));
}

/** Verifies an Entra ID access token (signature, lifetime, audience, issuer) and returns its caller. */
export async function verifyEntraToken(token: string, options: EntraTokenOptions): Promise<Principal> {
  const jose = await loadJose();
  let payload: unknown;
  try {
    ({ payload } = await jose.jwtVerify(token, options.keys, {
      audience: [...options.audiences],
      issuer: [...options.issuers],
      algorithms: ['RS256'],
      clockTolerance: CLOCK_TOLERANCE_S,
      requiredClaims: ['exp'],
    }));
  } catch (error) {
    throw tokenError(error, jose);
  }
  const claims = ClaimsSchema.safeParse(payload);
  if (!claims.success) throw invalidToken('The access token does not name its caller (sub).');
  const c = claims.data;
  const isUser = c.idtyp === 'user' || (c.idtyp === undefined && c.scp !== undefined);
  const objectId = c.oid ?? c.sub;
  return {
    objectId,
    name: isUser ? (c.upn ?? c.preferred_username ?? c.unique_name ?? objectId) : (c.appid ?? c.azp ?? objectId),
    type: isUser ? 'User' : 'Application',
    roles: knownRoles(c.roles ?? []),
    ...(c.tid !== undefined ? { tenantId: c.tid } : {}),
  };
}

function invalidToken(message: string): ArmError {
  return new ArmError('InvalidAuthenticationToken', message);
}

/** A token that does not verify is the caller's (401); signing keys we cannot fetch are ours (503). */
function tokenError(error: unknown, jose: typeof Jose): ArmError {
  const { errors } = jose;
  if (error instanceof errors.JWTExpired) return invalidToken('The access token has expired.');
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'aud') return invalidToken('The access token was obtained for another audience.');
    if (error.claim === 'iss') return invalidToken('The access token was issued by an issuer this API does not trust.');
    return invalidToken(`The access token is invalid: claim '${error.claim}' ${error.reason}.`);
  }
  if (error instanceof errors.JWKSTimeout || !(error instanceof errors.JOSEError)) {
    return new ArmError('ServiceUnavailable', 'The signing keys of the tenant could not be read; try again.');
  }
  return invalidToken('The access token is invalid: its signature or format does not verify.');
}
