import { TableClient } from '@azure/data-tables';
import type { AppConfig } from '../config';

/**
 * A client for `<prefix><suffix>`. `UseDevelopmentStorage=true` is read by @azure/data-tables itself (Azurite's
 * tables on 127.0.0.1:10002, http allowed); other http endpoints (Azurite elsewhere) need allowInsecureConnection.
 */
export function createTableClient(config: AppConfig, suffix: string): TableClient {
  const connectionString = config.storageConnectionString;
  const insecure = /(DefaultEndpointsProtocol=http;|TableEndpoint=http:)/i.test(connectionString);
  return TableClient.fromConnectionString(connectionString, `${config.tablePrefix}${suffix}`, {
    allowInsecureConnection: insecure,
  });
}
