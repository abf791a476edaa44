import { afterEach, beforeAll, beforeEach } from 'vitest';
import { parseAuthConfig, setAuthConfig } from '../../src/auth/auth-config';
import { createAuthenticator, useAuthenticator } from '../../src/auth/authenticator';
import { useCallerClusterReader, type CallerClusterReader } from '../../src/auth/cluster-reach';
import type { Role } from '../../src/auth/principal';
import { aTestIssuer, AUDIENCE, TENANT, type TestIssuer } from './entra-tokens';

/** A caller of the in-process API under AUTH_MODE=entra: no token, a token without a role, or one role. */
export type TestCaller = 'no token' | 'no role' | Role;

/**
 * Runs each test under AUTH_MODE=entra with keys made in the test, and `env` for further settings; clusters are read
 * on a caller's behalf by `reader` (default: every cluster is readable). Returns the headers each caller sends.
 */
export function useEntraMode(env: Record<string, string> = {}, reader?: () => CallerClusterReader) {
  let issuer: TestIssuer;
  beforeAll(async () => {
    issuer = await aTestIssuer();
  });
  beforeEach(() => {
    const config = parseAuthConfig({ AUTH_MODE: 'entra', AUTH_TENANT_ID: TENANT, AUTH_AUDIENCE: AUDIENCE, ...env });
    setAuthConfig(config);
    useAuthenticator(createAuthenticator(config, issuer.keys));
    useCallerClusterReader(reader?.() ?? (() => Promise.resolve()));
  });
  afterEach(() => {
    setAuthConfig(undefined);
    useAuthenticator(undefined);
    useCallerClusterReader(undefined);
  });
  return {
    /** The headers `caller` sends, with its own ARM token in `x-ms-authorization-auxiliary` when it has a role. */
    async headersOf(caller: TestCaller, name = 'ada@contoso.com'): Promise<Record<string, string>> {
      if (caller === 'no token') return {};
      const oid = `oid-${name}`;
      const roles = caller === 'no role' ? [] : [caller];
      const token = await issuer.token({ roles, preferred_username: name, oid });
      const arm = await issuer.token({ aud: 'https://management.azure.com/', oid, preferred_username: name });
      return { authorization: `Bearer ${token}`, 'x-ms-authorization-auxiliary': `Bearer ${arm}` };
    },
  };
}
