import { z } from 'zod';

const ConfigSchema = z.object({
  /** Storage account for Tables (and the durable task hub); `UseDevelopmentStorage=true` means local Azurite. */
  AzureWebJobsStorage: z.string().min(1).default('UseDevelopmentStorage=true'),
  /** Prefix for every table this app owns, so several apps or test suites can share one account. */
  FLEET_TABLE_PREFIX: z
    .string()
    .regex(/^[A-Za-z][A-Za-z0-9]{0,29}$/, 'must start with a letter and hold at most 30 letters or digits')
    .default('fleet'),
  /** Seconds between polls of an in-flight AKS upgrade operation (durable timers). */
  MEMBER_POLL_INTERVAL_SECONDS: z.coerce.number().positive().max(3600).default(15),
});

/** The app's environment, validated once. */
export interface AppConfig {
  storageConnectionString: string;
  tablePrefix: string;
  memberPollIntervalSeconds: number;
}

export function parseConfig(env: NodeJS.ProcessEnv): AppConfig {
  const parsed = ConfigSchema.parse(env);
  return {
    storageConnectionString: parsed.AzureWebJobsStorage,
    tablePrefix: parsed.FLEET_TABLE_PREFIX,
    memberPollIntervalSeconds: parsed.MEMBER_POLL_INTERVAL_SECONDS,
  };
}

let current: AppConfig | undefined;
const listeners: Array<() => void> = [];

export function getConfig(): AppConfig {
  current ??= parseConfig(process.env);
  return current;
}

/** Replaces the configuration (tests isolate themselves with their own table prefix) and drops derived caches. */
export function setConfig(config: AppConfig): void {
  current = config;
  for (const listener of listeners) listener();
}

/** Lets modules that cache clients built from the configuration forget them when it changes. */
export function onConfigChange(listener: () => void): void {
  listeners.push(listener);
}
