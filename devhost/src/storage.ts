import http from 'node:http';
import { isPortFree, resolveConnectionString, startAzurite, type AzuriteHandle, type AzuritePorts } from './azurite';
import type { DevhostLogger } from './log';

/** The storage the devhost uses, and the embedded Azurite it started for it, if any. */
export interface DevhostStorage {
  connectionString: string;
  azurite?: AzuriteHandle;
}

const SERVICES = ['Blob', 'Queue', 'Table'] as const;

function endpointPort(connectionString: string, service: (typeof SERVICES)[number]): number | undefined {
  const found = new RegExp(`${service}Endpoint=http://(?:127\\.0\\.0\\.1|localhost)(?::(\\d+))?/`, 'i').exec(
    connectionString,
  );
  return found ? Number(found[1] ?? 80) : undefined;
}

/**
 * The ports of the local Azurite the connection string points at: blob, queue and table endpoints all on loopback
 * over http (`UseDevelopmentStorage=true` resolves to 10000-10002); undefined for any other account.
 */
export function localAzuritePorts(connectionString: string): AzuritePorts | undefined {
  const [blob, queue, table] = SERVICES.map((service) => endpointPort(connectionString, service));
  if (blob === undefined || queue === undefined || table === undefined) return undefined;
  return { blob, queue, table };
}

/** The `Server` header of whatever answers HTTP on the port, or undefined when nothing sensible answers. */
function serverHeader(port: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/', timeout: 2000 }, (res) => {
      res.resume();
      resolve(String(res.headers.server ?? ''));
    });
    req.once('timeout', () => req.destroy());
    req.once('error', () => resolve(undefined));
  });
}

/**
 * Resolves AzureWebJobsStorage. When it means a local Azurite and nothing listens on its ports, starts an embedded,
 * persistent Azurite there (data in `location`); when something else holds those ports, fails clearly.
 */
export async function prepareStorage(raw: string, location: string, logger: DevhostLogger): Promise<DevhostStorage> {
  const connectionString = resolveConnectionString(raw);
  if (!/(^|;)\s*(AccountName|TableEndpoint|SharedAccessSignature)\s*=/i.test(connectionString)) {
    throw new Error(
      'AzureWebJobsStorage is not a storage connection string (expected AccountName=… or TableEndpoint=…)',
    );
  }
  const azuritePorts = localAzuritePorts(connectionString);
  if (!azuritePorts) return { connectionString };
  const ports = [azuritePorts.blob, azuritePorts.queue, azuritePorts.table];
  const free = await Promise.all(ports.map((port) => isPortFree(port)));
  if (free.every(Boolean)) {
    logger.info(`Starting embedded Azurite on ports ${ports.join(', ')} (data in ${location})`);
    const azurite = await startAzurite({ ports: azuritePorts, location });
    return { connectionString, azurite };
  }
  const servers = await Promise.all(ports.map(serverHeader));
  const silent = ports.filter((_port, index) => servers[index] === undefined);
  const foreign = ports.filter(
    (_port, index) => servers[index] !== undefined && !/^Azurite-/i.test(servers[index] ?? ''),
  );
  if (silent.length > 0 || foreign.length > 0) {
    const problems = [
      foreign.length > 0 ? `port(s) ${foreign.join(', ')} are taken by something that is not Azurite` : '',
      silent.length > 0 ? `port(s) ${silent.join(', ')} do not answer` : '',
    ].filter(Boolean);
    throw new Error(
      `AzureWebJobsStorage points at Azurite on ports ${ports.join(', ')}, but ${problems.join(' and ')}. ` +
        `Stop what holds those ports (or start Azurite on all three), or set AzureWebJobsStorage to another account.`,
    );
  }
  // Said once at most: under `npm start` the stack prepared this Azurite and already said so.
  logger.debug(`Using the Azurite already running on ports ${ports.join(', ')}`);
  return { connectionString };
}
