import { z } from 'zod';

/** Runtime knobs: simulated speed, default durations, and injected faults. */
export const SettingsSchema = z.strictObject({
  /** Simulated seconds per wall second: 10 makes every upgrade ten times faster. */
  speed: z.number().positive().max(1_000_000),
  /** Default control-plane upgrade duration in simulated seconds (tag `sim-control-plane-seconds` overrides). */
  controlPlaneSeconds: z.number().min(0),
  /** Default per-node upgrade duration in simulated seconds (tag `sim-node-seconds` overrides). */
  nodeSeconds: z.number().min(0),
  /** Retry-After (seconds) on LRO responses and operation polls; 0 lets the client use its own interval. */
  pollRetryAfterSeconds: z.number().int().min(0).max(600),
  /**
   * Also send `retry-after-ms` with an in-flight operation's remaining time (on its status and result URLs), as a
   * service that knows when it will be done may: a client that honours it polls once, when the operation ends.
   */
  pollRetryAfterRemaining: z.boolean(),
  /** Added latency in ms on every ARM request. */
  latencyMs: z.number().int().min(0).max(60_000),
  /** The next N ARM requests are answered 429. */
  throttleNextRequests: z.number().int().min(0),
  /** Probability (0..1) that an ARM request is answered 429. */
  throttleRate: z.number().min(0).max(1),
  /** Retry-After (seconds) sent with 429 responses. */
  throttleRetryAfterSeconds: z.number().int().min(0).max(600),
  /** The next N ARM requests are answered with `transientStatus`. */
  transientNextRequests: z.number().int().min(0),
  /** Probability (0..1) that an ARM request is answered with `transientStatus`. */
  transientRate: z.number().min(0).max(1),
  transientStatus: z.union([z.literal(500), z.literal(502), z.literal(503), z.literal(504)]),
  /** Page size of list operations (larger lists carry a `nextLink`). */
  pageSize: z.number().int().min(1).max(10_000),
});

/** Runtime knobs, see SettingsSchema. */
export type Settings = z.infer<typeof SettingsSchema>;

/** Body of `PUT /simulator/settings`: any subset of the settings. */
export const SettingsPatchSchema = SettingsSchema.partial();

export const DEFAULT_SETTINGS: Settings = {
  speed: 1,
  controlPlaneSeconds: 5,
  nodeSeconds: 2,
  pollRetryAfterSeconds: 1,
  pollRetryAfterRemaining: false,
  latencyMs: 0,
  throttleNextRequests: 0,
  throttleRate: 0,
  throttleRetryAfterSeconds: 1,
  transientNextRequests: 0,
  transientRate: 0,
  transientStatus: 503,
  pageSize: 100,
};

const ENV_KEYS: Record<string, keyof Settings> = {
  SIMULATOR_SPEED: 'speed',
  SIMULATOR_CONTROL_PLANE_SECONDS: 'controlPlaneSeconds',
  SIMULATOR_NODE_SECONDS: 'nodeSeconds',
  SIMULATOR_POLL_RETRY_AFTER_SECONDS: 'pollRetryAfterSeconds',
  SIMULATOR_POLL_RETRY_AFTER_REMAINING: 'pollRetryAfterRemaining',
  SIMULATOR_LATENCY_MS: 'latencyMs',
  SIMULATOR_THROTTLE_RATE: 'throttleRate',
  SIMULATOR_THROTTLE_RETRY_AFTER_SECONDS: 'throttleRetryAfterSeconds',
  SIMULATOR_TRANSIENT_RATE: 'transientRate',
  SIMULATOR_PAGE_SIZE: 'pageSize',
};

const FLAGS: Record<string, boolean> = { '1': true, true: true, '0': false, false: false };

/** Settings given through `SIMULATOR_*` environment variables (validated like the HTTP body). */
export function settingsFromEnv(env: NodeJS.ProcessEnv): Partial<Settings> {
  const raw: Record<string, unknown> = {};
  for (const [name, key] of Object.entries(ENV_KEYS)) {
    const value = env[name]?.trim();
    if (value === undefined || value === '') continue;
    // Flags read 1/true/0/false; anything else is left for the schema to refuse.
    if (typeof DEFAULT_SETTINGS[key] === 'boolean') raw[key] = FLAGS[value.toLowerCase()] ?? value;
    else raw[key] = Number(value);
  }
  return SettingsPatchSchema.parse(raw);
}
