import { ContainerServiceClient, type ContainerServiceClientOptionalParams } from '@azure/arm-containerservice';
import type { TokenCredential } from '@azure/core-auth';
import { DefaultAzureCredential } from '@azure/identity';
import { z } from 'zod';
import { ArmClusterClient } from './arm-cluster-client';

const ClusterEnvSchema = z.object({
  /** ARM endpoint: Azure's, or a local simulator's http URL. */
  ARM_ENDPOINT: z.url({ protocol: /^https?$/ }).default('https://management.azure.com'),
  /** `default`: DefaultAzureCredential. `none`: no Authorization header (local simulator only). */
  ARM_AUTH: z.enum(['none', 'default']).default('default'),
  /**
   * In-activity retries of 429/5xx/network failures by the SDK pipeline. Kept low: the orchestrator retries
   * with durable timers, and a long in-process wait holds an activity slot.
   */
  ARM_MAX_RETRIES: z.coerce.number().int().min(0).max(10).default(2),
});

/** How the cluster access layer reaches ARM. */
export interface ClusterConfig {
  armEndpoint: string;
  armAuth: 'none' | 'default';
  maxRetries: number;
}

/** Parses the ARM_* environment variables this layer owns (src/config.ts is left to the app's own settings). */
export function parseClusterConfig(env: NodeJS.ProcessEnv): ClusterConfig {
  const parsed = ClusterEnvSchema.parse(env);
  return {
    armEndpoint: parsed.ARM_ENDPOINT.replace(/\/+$/, ''),
    armAuth: parsed.ARM_AUTH,
    maxRetries: parsed.ARM_MAX_RETRIES,
  };
}

/** The simulator ignores Authorization; the SDK still wants a credential object. */
const NO_CREDENTIAL: TokenCredential = {
  getToken: () => Promise.resolve({ token: 'unused', expiresOnTimestamp: Number.MAX_SAFE_INTEGER }),
};

/** Extra client options (tests shorten retry delays) and an injectable credential. */
export interface ClientFactoryOptions {
  clientOptions?: ContainerServiceClientOptionalParams;
  credential?: TokenCredential;
}

/** One ContainerServiceClient per subscription, built on first use and reused (pipelines and sockets are shared). */
export function createContainerServiceClientFactory(
  config: ClusterConfig,
  options: ClientFactoryOptions = {},
): (subscriptionId: string) => ContainerServiceClient {
  const clients = new Map<string, ContainerServiceClient>();
  let credential = options.credential;
  return (subscriptionId) => {
    const key = subscriptionId.toLowerCase();
    const cached = clients.get(key);
    if (cached) return cached;
    credential ??= config.armAuth === 'none' ? NO_CREDENTIAL : new DefaultAzureCredential();
    const client = new ContainerServiceClient(credential, subscriptionId, {
      ...options.clientOptions,
      endpoint: config.armEndpoint,
      retryOptions: { maxRetries: config.maxRetries, ...options.clientOptions?.retryOptions },
      allowInsecureConnection: config.armEndpoint.startsWith('http:'),
    });
    // bearerTokenAuthenticationPolicy refuses http endpoints, and local mode has no token to send anyway.
    if (config.armAuth === 'none') client.pipeline.removePolicy({ name: 'bearerTokenAuthenticationPolicy' });
    clients.set(key, client);
    return client;
  };
}

/** The ARM-backed ClusterClient for a configuration. */
export function createArmClusterClient(config: ClusterConfig, options: ClientFactoryOptions = {}): ArmClusterClient {
  return new ArmClusterClient({
    clientFor: createContainerServiceClientFactory(config, options),
    endpoint: config.armEndpoint,
  });
}

let fromEnv: ArmClusterClient | undefined;

/** The process-wide ClusterClient built from ARM_* environment variables (what registered activities use). */
export function getArmClusterClient(env: NodeJS.ProcessEnv = process.env): ArmClusterClient {
  fromEnv ??= createArmClusterClient(parseClusterConfig(env));
  return fromEnv;
}
