import type { JWTVerifyGetKey } from 'jose' with { 'resolution-mode': 'import' };
import { ArmError } from '../api/errors';
import { APP_SERVICE_PRINCIPAL_HEADER, appServicePrincipal } from './app-service-principal';
import { getAuthConfig, type AuthConfig } from './auth-config';
import { remoteKeys, verifyEntraToken } from './entra-token';
import { ANONYMOUS, type Principal } from './principal';

/** Decides who made a request from its headers; throws a 401 ArmError when it cannot tell. */
export interface Authenticator {
  authenticate(headers: Headers): Promise<Principal>;
  /** The `WWW-Authenticate` value of a 401, telling a client where to get a token. */
  readonly challenge: string | undefined;
}

/** `AUTH_MODE=none`: everyone is the anonymous caller, who may do everything. */
export const anonymousAuthenticator: Authenticator = {
  authenticate: () => Promise.resolve(ANONYMOUS),
  challenge: undefined,
};

type EntraConfig = Extract<AuthConfig, { mode: 'entra' }>;

/**
 * `AUTH_MODE=entra`: a bearer token for this API, verified against the tenant's keys; else, where trusted, the caller
 * App Service Authentication verified. Nothing else (no `x-ms-client-principal-name`) ever names the caller.
 */
export function createEntraAuthenticator(config: EntraConfig, keys?: JWTVerifyGetKey): Authenticator {
  let resolvedKeys: Promise<JWTVerifyGetKey> | undefined = keys ? Promise.resolve(keys) : undefined;
  return {
    challenge: `Bearer authorization_uri="${config.authority}/${config.tenantId}", resource_id="${config.audiences[0] ?? ''}"`,
    async authenticate(headers) {
      const authorization = headers.get('authorization');
      if (authorization !== null) {
        const token = /^Bearer\s+(\S+)$/i.exec(authorization.trim())?.[1];
        if (!token)
          throw new ArmError('InvalidAuthenticationToken', "The 'Authorization' header is not a bearer token.");
        resolvedKeys ??= remoteKeys(config.jwksUri);
        return verifyEntraToken(token, {
          audiences: config.audiences,
          issuers: config.issuers,
          keys: await resolvedKeys,
        });
      }
      const easyAuth = headers.get(APP_SERVICE_PRINCIPAL_HEADER);
      if (config.trustAppService && easyAuth !== null) {
        const principal = appServicePrincipal(easyAuth);
        if (principal.tenantId !== undefined && principal.tenantId.toLowerCase() !== config.tenantId.toLowerCase()) {
          throw new ArmError('InvalidAuthenticationToken', 'The signed-in caller belongs to another tenant.');
        }
        return principal;
      }
      throw new ArmError('AuthenticationFailed', "Authentication failed. The 'Authorization' header is missing.");
    },
  };
}

export function createAuthenticator(config: AuthConfig, keys?: JWTVerifyGetKey): Authenticator {
  return config.mode === 'none' ? anonymousAuthenticator : createEntraAuthenticator(config, keys);
}

let current: Authenticator | undefined;

/** The authenticator for the process's settings (AUTH_MODE …), built on first use. */
export function getAuthenticator(): Authenticator {
  current ??= createAuthenticator(getAuthConfig());
  return current;
}

/** Replaces the process's authenticator (tests with keys of their own); undefined builds it from settings again. */
export function useAuthenticator(authenticator: Authenticator | undefined): void {
  current = authenticator;
}
