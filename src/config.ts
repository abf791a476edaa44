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
  /**
   * For this long after beginning an upgrade step, the activity that began it keeps polling it itself (every poll
   * interval) and goes straight on to the next step: quick operations end without a durable round trip per poll.
   * Later polls run on durable timers. Bounded so that no activity is held for minutes; 0 = poll once and return.
   */
  MEMBER_INLINE_POLL_SECONDS: z.coerce.number().min(0).max(60).default(10),
  /**
   * How long a member keeps retrying a cluster that is busy (AKS 409: another operation in progress), throttling
   * or failing with 5xx, backing off and honouring Retry-After, before it fails. Shown Pending meanwhile.
   */
  MEMBER_BUSY_WAIT_SECONDS: z.coerce.number().min(0).max(86_400).default(7_200),
  /**
   * A member whose target Kubernetes version or node image its region does not offer yet waits Pending this long
   * before it is checked again (Fleet checks hourly), and upgrades once the region offers it.
   */
  MEMBER_VERSION_RECHECK_SECONDS: z.coerce.number().positive().max(86_400).default(3_600),
  /**
   * A GET of an update run answers the document this instance composed from a read of storage younger than this
   * (the orchestrations' progress shows up to this late; this instance's own writes to the run show at once). When
   * older it is still answered while one read refreshes it, up to five times this age. 0 = every GET reads storage.
   */
  RUN_STATUS_MAX_AGE_MS: z.coerce.number().int().min(0).max(60_000).default(500),
});

/** The app's environment, validated once. */
export interface AppConfig {
  storageConnectionString: string;
  tablePrefix: string;
  memberPollIntervalSeconds: number;
  memberInlinePollSeconds: number;
  memberBusyWaitSeconds: number;
  memberVersionRecheckSeconds: number;
  runStatusMaxAgeMs: number;
}

export function parseConfig(env: NodeJS.ProcessEnv): AppConfig {
  const parsed = ConfigSchema.parse(env);
  return {
    storageConnectionString: parsed.AzureWebJobsStorage,
    tablePrefix: parsed.FLEET_TABLE_PREFIX,
    memberPollIntervalSeconds: parsed.MEMBER_POLL_INTERVAL_SECONDS,
    memberInlinePollSeconds: parsed.MEMBER_INLINE_POLL_SECONDS,
    memberBusyWaitSeconds: parsed.MEMBER_BUSY_WAIT_SECONDS,
    memberVersionRecheckSeconds: parsed.MEMBER_VERSION_RECHECK_SECONDS,
    runStatusMaxAgeMs: parsed.RUN_STATUS_MAX_AGE_MS,
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
