import type { IncomingMessage, ServerResponse } from 'node:http';
import os from 'node:os';
import { Clock } from './clock';
import { DurableEngine } from './engine';
import type { DurableExtension, DurableExtensionOptions } from './extension';
import { ManagementApi } from './management-api';
import { DurableStore } from './store';

export type { DurableExtension, DurableExtensionOptions } from './extension';
export { DurableEngine } from './engine';

const WEBHOOK_PATH = '/runtime/webhooks/durabletask';

function numberSetting(settings: Record<string, unknown>, key: string, fallback: number): number {
  const value = settings[key];
  return typeof value === 'number' && value > 0 ? value : fallback;
}

/** The management URLs of one instance, with the public origin the client reached us on. */
export function managementLinks(base: string, hubName: string, instanceId: string): Record<string, string> {
  const q = `taskHub=${hubName}&connection=Storage`;
  const root = `${base}${WEBHOOK_PATH}/instances/${instanceId}`;
  return {
    statusQueryGetUri: `${root}?${q}`,
    sendEventPostUri: `${root}/raiseEvent/{eventName}?${q}`,
    terminatePostUri: `${root}/terminate?reason={text}&${q}`,
    rewindPostUri: `${root}/rewind?reason={text}&${q}`,
    purgeHistoryDeleteUri: `${root}?${q}`,
    restartPostUri: `${root}/restart?${q}`,
    suspendPostUri: `${root}/suspend?reason={text}&${q}`,
    resumePostUri: `${root}/resume?reason={text}&${q}`,
  };
}

/** The devhost's Durable extension: engine, storage, management API and the durableClient binding. */
export function createDurableExtension(options: DurableExtensionOptions): DurableExtension & { engine: DurableEngine } {
  const clock = new Clock(options.timeSkipping);
  const store = new DurableStore(options.storageConnectionString, options.hubName);
  const engine = new DurableEngine({
    host: options.host,
    store,
    clock,
    maxConcurrentActivities: numberSetting(options.settings, 'maxConcurrentActivityFunctions', 10 * os.cpus().length),
    verbose: options.verbose,
    log: (message) => console.error(message),
  });
  const api = new ManagementApi(engine, (id, origin) => managementLinks(origin, options.hubName, id));
  const clientData = (): string => {
    const links = managementLinks(options.baseUrl, options.hubName, 'INSTANCEID');
    const base = `${options.baseUrl}${WEBHOOK_PATH}`;
    return JSON.stringify({
      taskHubName: options.hubName,
      connectionName: 'Storage',
      creationUrls: {
        createNewInstancePostUri: `${base}/orchestrators/{functionName}[/{instanceId}]`,
        createAndWaitOnNewInstancePostUri: `${base}/orchestrators/{functionName}[/{instanceId}]?timeout={timeoutInSeconds}&pollingInterval={intervalInSeconds}`,
      },
      managementUrls: { id: 'INSTANCEID', ...links },
      baseUrl: base,
      requiredQueryStringParameters: '',
      rpcBaseUrl: null,
      httpBaseUrl: null,
    });
  };
  return {
    engine,
    async start() {
      await store.init();
      options.host.inputProviders.set('durableclient', () => ({ string: clientData() }));
      options.host.inputProviders.set('orchestrationclient', () => ({ string: clientData() }));
      await engine.recover();
    },
    stop() {
      engine.stop();
      return Promise.resolve();
    },
    handleManagementRequest(req: IncomingMessage, res: ServerResponse, subpath: string, body: Buffer) {
      return api.handle(req, res, subpath, body);
    },
    now: () => clock.now(),
    virtualTime: () => engine.virtualTime(),
  };
}
