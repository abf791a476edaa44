import type { JWTVerifyGetKey } from 'jose' with { 'resolution-mode': 'import' };
import { loadJose } from '../../src/auth/entra-token';

export const TENANT = '11111111-2222-3333-4444-555555555555';
export const AUDIENCE = 'api://fleet-manager';
export const ISSUER = `https://login.microsoftonline.com/${TENANT}/v2.0`;

/** Claims of an Entra ID v2.0 access token for a user, overridable per test. */
export interface TokenClaims {
  [claim: string]: unknown;
}

/** A signing key pair made in the test, standing in for the tenant's: `keys` is what the verifier resolves. */
export interface TestIssuer {
  keys: JWTVerifyGetKey;
  /** A token signed with the tenant's key: valid for an hour unless `expiresIn` says otherwise. */
  token(claims?: TokenClaims, options?: { expiresIn?: string; key?: 'tenant' | 'stranger' }): Promise<string>;
}

export async function aTestIssuer(): Promise<TestIssuer> {
  const jose = await loadJose();
  const tenant = await jose.generateKeyPair('RS256');
  const stranger = await jose.generateKeyPair('RS256');
  const jwk = { ...(await jose.exportJWK(tenant.publicKey)), kid: 'tenant-key', alg: 'RS256', use: 'sig' };
  return {
    keys: jose.createLocalJWKSet({ keys: [jwk] }),
    token: (claims = {}, options = {}) =>
      new jose.SignJWT({
        aud: AUDIENCE,
        iss: ISSUER,
        sub: 'subject-1',
        oid: 'aaaaaaaa-0000-0000-0000-000000000001',
        tid: TENANT,
        scp: 'user_impersonation',
        preferred_username: 'ada@contoso.com',
        ...claims,
      })
        .setProtectedHeader({ alg: 'RS256', kid: 'tenant-key' })
        .setIssuedAt()
        .setExpirationTime(options.expiresIn ?? '1h')
        .sign(options.key === 'stranger' ? stranger.privateKey : tenant.privateKey),
  };
}
