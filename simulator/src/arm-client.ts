import { ContainerServiceClient, type ContainerServiceClientOptionalParams } from '@azure/arm-containerservice';

/** A token credential for local mode: the simulator ignores Authorization, the SDK just needs one. */
export const LOCAL_CREDENTIAL = {
  getToken: () => Promise.resolve({ token: 'aks-simulator', expiresOnTimestamp: Date.now() + 3_600_000 }),
};

/**
 * The real `@azure/arm-containerservice` client pointed at a simulator over http: insecure connections allowed
 * and the bearer-token policy removed (it refuses non-TLS endpoints).
 */
export function createLocalContainerServiceClient(
  endpoint: string,
  subscriptionId: string,
  options: ContainerServiceClientOptionalParams = {},
): ContainerServiceClient {
  const client = new ContainerServiceClient(LOCAL_CREDENTIAL, subscriptionId, {
    ...options,
    endpoint,
    allowInsecureConnection: true,
  });
  client.pipeline.removePolicy({ name: 'bearerTokenAuthenticationPolicy' });
  return client;
}
