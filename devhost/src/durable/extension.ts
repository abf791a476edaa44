import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FunctionHost } from '../host/function-host';
import type { VirtualTime } from '../timers/timer-clock';

/** Options the devhost passes to the Durable extension stand-in. */
export interface DurableExtensionOptions {
  host: FunctionHost;
  /** Azure Storage connection string (tables hold instances and history). */
  storageConnectionString: string;
  /** Task hub name (host.json extensions.durableTask.hubName, default TestHubName). */
  hubName: string;
  /** Public base URL of the devhost, e.g. http://127.0.0.1:7071 (used for management URLs). */
  baseUrl: string;
  /** host.json extensions.durableTask, raw. */
  settings: Record<string, unknown>;
  /** Virtual clock: when true, time jumps forward whenever only timers are pending. */
  timeSkipping: boolean;
  /** Print history on each episode. */
  verbose: boolean;
}

/** The Durable extension as the devhost sees it: lifecycle, management API and the durableClient binding. */
export interface DurableExtension {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Serves `/runtime/webhooks/durabletask/<subpath>`; `subpath` has no leading slash and no query. */
  handleManagementRequest(req: IncomingMessage, res: ServerResponse, subpath: string, body: Buffer): Promise<void>;
  /** The current time as the engine sees it (virtual when time-skipping). */
  now(): number;
  /** The engine's clock and timers, which timer triggers share under time-skipping. */
  virtualTime(): VirtualTime;
}
