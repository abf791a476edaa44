import { beforeAll, describe, expect, it } from 'vitest';
import { parseAuthConfig } from '../../../src/auth/auth-config';
import { createAuthenticator, type Authenticator } from '../../../src/auth/authenticator';
import { ArmError } from '../../../src/api/errors';
import { grants } from '../../../src/auth/principal';
import { aTestIssuer, AUDIENCE, TENANT, type TestIssuer } from '../../support/entra-tokens';

const ENTRA = { AUTH_MODE: 'entra', AUTH_TENANT_ID: TENANT, AUTH_AUDIENCE: AUDIENCE };

const bearer = (token: string): Headers => new Headers({ authorization: `Bearer ${token}` });

/** The x-ms-client-principal App Service Authentication would set for a user with `roles`. */
function easyAuthHeader(roles: string[], tenant = TENANT): string {
  const claims = [
    {
      typ: 'http://schemas.microsoft.com/identity/claims/objectidentifier',
      val: 'bbbbbbbb-0000-0000-0000-000000000002',
    },
    { typ: 'http://schemas.microsoft.com/identity/claims/tenantid', val: tenant },
    { typ: 'http://schemas.microsoft.com/identity/claims/scope', val: 'user_impersonation' },
    { typ: 'preferred_username', val: 'mallory@contoso.com' },
    ...roles.map((val) => ({ typ: 'roles', val })),
  ];
  return Buffer.from(
    JSON.stringify({ auth_typ: 'aad', name_typ: 'preferred_username', role_typ: 'roles', claims }),
  ).toString('base64');
}

async function refusal(promise: Promise<unknown>): Promise<{ status: number; code: string; message: string }> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof ArmError)) throw new Error(`expected an ArmError, got ${String(error)}`);
  return { status: error.status, code: error.code, message: error.message };
}

describe('the entra authenticator', () => {
  let issuer: TestIssuer;
  let auth: Authenticator;

  beforeAll(async () => {
    issuer = await aTestIssuer();
    auth = createAuthenticator(parseAuthConfig(ENTRA), issuer.keys);
  });

  it('accepts a valid token and takes the caller and app roles from it, never from headers', async () => {
    const token = await issuer.token({ roles: ['Fleet.Operator', 'Something.Else'] });
    const headers = bearer(token);
    headers.set('x-ms-client-principal-name', 'someone-else@contoso.com');
    const principal = await auth.authenticate(headers);
    expect(principal).toEqual({
      objectId: 'aaaaaaaa-0000-0000-0000-000000000001',
      name: 'ada@contoso.com',
      type: 'User',
      roles: ['Fleet.Operator'],
      tenantId: TENANT,
    });
  });

  it('takes an application token (no scp) as the Application caller named by its client id', async () => {
    const token = await issuer.token({ scp: undefined, idtyp: 'app', appid: 'client-123', roles: ['Fleet.Reader'] });
    expect(await auth.authenticate(bearer(token))).toMatchObject({ type: 'Application', name: 'client-123' });
  });

  it('refuses an expired token with 401 InvalidAuthenticationToken', async () => {
    const token = await issuer.token({ roles: ['Fleet.Admin'] }, { expiresIn: '-5m' });
    expect(await refusal(auth.authenticate(bearer(token)))).toMatchInlineSnapshot(`
      {
        "code": "InvalidAuthenticationToken",
        "message": "The access token has expired.",
        "status": 401,
      }
    `);
  });

  it('refuses a token for another audience', async () => {
    const token = await issuer.token({ aud: 'https://management.azure.com', roles: ['Fleet.Admin'] });
    expect(await refusal(auth.authenticate(bearer(token)))).toMatchObject({
      status: 401,
      message: 'The access token was obtained for another audience.',
    });
  });

  it('refuses a token from another issuer (another tenant)', async () => {
    const other = 'https://login.microsoftonline.com/99999999-2222-3333-4444-555555555555/v2.0';
    const token = await issuer.token({ iss: other, roles: ['Fleet.Admin'] });
    expect(await refusal(auth.authenticate(bearer(token)))).toMatchObject({
      status: 401,
      message: 'The access token was issued by an issuer this API does not trust.',
    });
  });

  it('refuses a token signed by a key that is not the tenant’s', async () => {
    const token = await issuer.token({ roles: ['Fleet.Admin'] }, { key: 'stranger' });
    expect(await refusal(auth.authenticate(bearer(token)))).toMatchObject({
      status: 401,
      code: 'InvalidAuthenticationToken',
    });
  });

  it('refuses an unsigned token (alg none) and a header that is not a bearer token', async () => {
    const [header = '', payload = ''] = (await issuer.token({ roles: ['Fleet.Admin'] })).split('.');
    const unsigned = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${payload}.`;
    expect(header).not.toBe('');
    expect((await refusal(auth.authenticate(bearer(unsigned)))).status).toBe(401);
    const basic = new Headers({ authorization: 'Basic YWRhOnNlY3JldA==' });
    expect((await refusal(auth.authenticate(basic))).code).toBe('InvalidAuthenticationToken');
  });

  it('authenticates a valid token without an app role, whose caller then holds no role at all', async () => {
    const principal = await auth.authenticate(bearer(await issuer.token()));
    expect(principal.roles).toEqual([]);
    expect(grants(principal.roles, 'Fleet.Reader')).toBe(false);
  });

  it('refuses a request without credentials with 401 AuthenticationFailed and a challenge naming the tenant', async () => {
    expect((await refusal(auth.authenticate(new Headers()))).code).toBe('AuthenticationFailed');
    expect(auth.challenge).toBe(
      `Bearer authorization_uri="https://login.microsoftonline.com/${TENANT}", resource_id="${AUDIENCE}"`,
    );
  });

  it('ignores a forged x-ms-client-principal unless App Service Authentication is trusted and running', async () => {
    const forged = new Headers({ 'x-ms-client-principal': easyAuthHeader(['Fleet.Admin']) });
    expect((await refusal(auth.authenticate(forged))).code).toBe('AuthenticationFailed');
    const optedInOnly = createAuthenticator(parseAuthConfig({ ...ENTRA, AUTH_TRUST_APP_SERVICE: 'true' }));
    expect((await refusal(optedInOnly.authenticate(forged))).code).toBe('AuthenticationFailed');
  });

  it('takes the caller App Service Authentication verified when trusted and the platform runs it', async () => {
    const easyAuth = createAuthenticator(
      parseAuthConfig({ ...ENTRA, AUTH_TRUST_APP_SERVICE: 'true', WEBSITE_AUTH_ENABLED: 'True' }),
    );
    const headers = new Headers({ 'x-ms-client-principal': easyAuthHeader(['Fleet.Reader']) });
    expect(await easyAuth.authenticate(headers)).toMatchObject({
      name: 'mallory@contoso.com',
      type: 'User',
      roles: ['Fleet.Reader'],
    });
    const otherTenant = new Headers({
      'x-ms-client-principal': easyAuthHeader(['Fleet.Admin'], '99999999-2222-3333-4444-555555555555'),
    });
    expect((await refusal(easyAuth.authenticate(otherTenant))).status).toBe(401);
  });
});

describe('roles', () => {
  it('lets each role imply the lower ones and none the higher', () => {
    expect(grants(['Fleet.Admin'], 'Fleet.Reader')).toBe(true);
    expect(grants(['Fleet.Admin'], 'Fleet.Operator')).toBe(true);
    expect(grants(['Fleet.Operator'], 'Fleet.Reader')).toBe(true);
    expect(grants(['Fleet.Operator'], 'Fleet.Admin')).toBe(false);
    expect(grants(['Fleet.Reader'], 'Fleet.Operator')).toBe(false);
  });
});

describe('the auth settings', () => {
  it('default to no authentication, and refuse entra without a tenant and an audience', () => {
    expect(parseAuthConfig({})).toEqual({ mode: 'none', allowedClusterScopes: [] });
    expect(() => parseAuthConfig({ AUTH_MODE: 'entra' })).toThrow(/AUTH_TENANT_ID and AUTH_AUDIENCE/);
  });

  it('refuse a cluster scope that is not a subscription or resource group id', () => {
    expect(() => parseAuthConfig({ ALLOWED_CLUSTER_SCOPES: '/subscriptions/nope' })).toThrow(/each scope/);
  });
});
