import { TableClient } from '@azure/data-tables';
import type { AppConfig } from '../config';

const DEVELOPMENT_STORAGE = 'UseDevelopmentStorage=true';

/**
 * Maps `UseDevelopmentStorage=true` to the local Azurite endpoints. The devhost module is loaded only in that case:
 * `.funcignore` leaves `devhost/` out of deployments, where the connection string is a real account.
 */
export async function resolveStorageConnectionString(value: string): Promise<string> {
  if (value.trim() !== DEVELOPMENT_STORAGE) return value;
  const { resolveConnectionString } = await import('../../devhost/src/azurite.js');
  return resolveConnectionString(value);
}

/** A client for `<prefix><suffix>`; http endpoints (Azurite) need allowInsecureConnection. */
export async function createTableClient(config: AppConfig, suffix: string): Promise<TableClient> {
  const connectionString = await resolveStorageConnectionString(config.storageConnectionString);
  const insecure = /(DefaultEndpointsProtocol=http;|TableEndpoint=http:)/i.test(connectionString);
  return TableClient.fromConnectionString(connectionString, `${config.tablePrefix}${suffix}`, {
    allowInsecureConnection: insecure,
  });
}
