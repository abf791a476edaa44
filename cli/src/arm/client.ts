import { createContainerServiceFleet, type ContainerServiceFleetContext } from '@azure/arm-containerservicefleet/api';

/**
 * The api-version the CLI speaks. The official client 2.0.0 defaults to 2025-03-01, whose models drop member labels,
 * maxConcurrency and gates both ways; the CLI sends and shows the JSON of the newest version the API serves.
 */
export const API_VERSION = '2026-06-01';
export const DEFAULT_ENDPOINT = 'http://127.0.0.1:7071';
/** The AKS simulator's subscription, where `npm start` seeds its demo. */
export const DEFAULT_SUBSCRIPTION = '00000000-0000-0000-0000-000000000000';

type Credential = Parameters<typeof createContainerServiceFleet>[0];
type PipelinePolicy = Parameters<ContainerServiceFleetContext['pipeline']['addPolicy']>[0];

export interface ConnectionOptions {
  endpoint: string;
  subscription: string;
  /** Writes one line per request and response to stderr (`--verbose`), with bodies (`--debug`). */
  log?: ((line: string) => void) | undefined;
  logBodies?: boolean;
}

/** No token at all: the local API is anonymous, and a bearer token must never travel over plain http. */
const NO_CREDENTIAL: Credential = {
  getToken: () => Promise.resolve({ token: '', expiresOnTimestamp: Number.MAX_SAFE_INTEGER }),
};

/** The official fleet client's context, pointed at `endpoint`: Azure's credential chain over https, none over http. */
export async function connect(options: ConnectionOptions): Promise<ContainerServiceFleetContext> {
  const local = new URL(options.endpoint).protocol === 'http:';
  const credential = local ? NO_CREDENTIAL : await azureCredential();
  const context = createContainerServiceFleet(credential, options.subscription, {
    endpoint: options.endpoint.replace(/\/+$/, ''),
    apiVersion: API_VERSION,
    allowInsecureConnection: local,
    userAgentOptions: { userAgentPrefix: 'fleet-cli' },
  });
  if (local) context.pipeline.removePolicy({ name: 'bearerTokenAuthenticationPolicy' });
  if (options.log) context.pipeline.addPolicy(requestLog(options.log, options.logBodies ?? false));
  return context;
}

async function azureCredential(): Promise<Credential> {
  // Loaded only for Azure: @azure/identity costs a noticeable share of a local command's start-up.
  const { DefaultAzureCredential } = await import('@azure/identity');
  return new DefaultAzureCredential();
}

function requestLog(log: (line: string) => void, bodies: boolean): PipelinePolicy {
  return {
    name: 'fleetCliRequestLog',
    async sendRequest(request, next) {
      const started = performance.now();
      log(`Request: ${request.method} ${request.url}`);
      if (bodies && typeof request.body === 'string') log(`Request body: ${request.body}`);
      const response = await next(request);
      log(`Response: ${response.status} (${Math.round(performance.now() - started)} ms)`);
      if (bodies && response.bodyAsText) log(`Response body: ${response.bodyAsText}`);
      return response;
    },
  };
}
