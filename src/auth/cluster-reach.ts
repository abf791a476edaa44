import type { AccessToken } from '@azure/core-auth';
import { z } from 'zod';
import { ArmError } from '../api/errors';
import { createArmClusterClient, parseClusterConfig } from '../clusters/cluster-config';
import { loadJose } from './entra-token';
import type { Principal } from './principal';

/**
 * ARM's header for further tokens of a request (`Bearer <token>`): here the caller's own token for Azure Resource
 * Manager, with which a joining member's cluster is read on the caller's behalf.
 */
export const ARM_TOKEN_HEADER = 'x-ms-authorization-auxiliary';
const ARM_AUDIENCES = ['https://management.azure.com', 'https://management.core.windows.net'];

/** Reads a managed cluster with a caller's ARM token; throws what ARM answered. */
export type CallerClusterReader = (armToken: string, clusterResourceId: string) => Promise<void>;

/** Whether a cluster id lies under one of the allowed scopes (none: any); ARM ids compare case-insensitively. */
export function inAllowedScope(scopes: readonly string[], clusterResourceId: string): boolean {
  const id = clusterResourceId.toLowerCase();
  return scopes.length === 0 || scopes.some((scope) => id.startsWith(`${scope.toLowerCase().replace(/\/+$/, '')}/`));
}

/** The bearer token of the auxiliary header, if there is one. */
export function armTokenOf(headers: Headers): string | undefined {
  return /^\s*Bearer\s+([^\s,]+)/i.exec(headers.get(ARM_TOKEN_HEADER) ?? '')?.[1];
}

const ArmTokenClaims = z.looseObject({ aud: z.string(), oid: z.string().optional(), sub: z.string() });

/**
 * Checks that an ARM token is for ARM and belongs to the verified caller, so nobody brings in a cluster with someone
 * else's token. Its signature is left to ARM, which refuses a token that does not verify.
 */
export async function requireOwnArmToken(principal: Principal, armToken: string | undefined): Promise<string> {
  const refuse = (why: string) =>
    new ArmError('LinkedAuthorizationFailed', `A member joins only a cluster the caller can read: ${why}`, {
      target: 'properties.clusterResourceId',
    });
  if (armToken === undefined) {
    throw refuse(`send your own Azure Resource Manager token in the '${ARM_TOKEN_HEADER}: Bearer <token>' header.`);
  }
  let claims: z.infer<typeof ArmTokenClaims>;
  try {
    claims = ArmTokenClaims.parse((await loadJose()).decodeJwt(armToken));
  } catch {
    throw refuse(`the '${ARM_TOKEN_HEADER}' header does not hold a token.`);
  }
  if (!ARM_AUDIENCES.includes(claims.aud.replace(/\/+$/, ''))) {
    throw refuse(`the '${ARM_TOKEN_HEADER}' token is not for Azure Resource Manager.`);
  }
  if ((claims.oid ?? claims.sub).toLowerCase() !== principal.objectId.toLowerCase()) {
    throw refuse(`the '${ARM_TOKEN_HEADER}' token belongs to someone other than the caller.`);
  }
  return armToken;
}

/** The default reader: the ARM cluster client of ARM_* settings, authenticated with the caller's token. */
export const readClusterWithArm: CallerClusterReader = async (armToken, clusterResourceId) => {
  const token: AccessToken = { token: armToken, expiresOnTimestamp: Date.now() + 60_000 };
  const client = createArmClusterClient(parseClusterConfig(process.env), {
    credential: { getToken: () => Promise.resolve(token) },
  });
  await client.getCluster(clusterResourceId);
};

let reader: CallerClusterReader = readClusterWithArm;

export function getCallerClusterReader(): CallerClusterReader {
  return reader;
}

/** Replaces how clusters are read on a caller's behalf (tests; a host against a simulator); undefined: ARM. */
export function useCallerClusterReader(next: CallerClusterReader | undefined): void {
  reader = next ?? readClusterWithArm;
}
