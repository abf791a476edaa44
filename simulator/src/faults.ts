import { setTimeout as sleep } from 'node:timers/promises';
import { ArmError } from './errors';
import type { Settings } from './settings.schema';

/** A fault to answer instead of handling the request. */
export interface InjectedFault {
  error: ArmError;
  headers: Record<string, string>;
}

/**
 * Applies the configured latency, then decides whether this ARM request is throttled (429 + Retry-After)
 * or fails transiently (5xx). Counted faults (`*NextRequests`) are consumed through `update`.
 */
export async function injectFaults(
  settings: Settings,
  update: (patch: Partial<Settings>) => void,
  random: () => number = Math.random,
): Promise<InjectedFault | undefined> {
  if (settings.latencyMs > 0) await sleep(settings.latencyMs);
  if (settings.throttleNextRequests > 0 || (settings.throttleRate > 0 && random() < settings.throttleRate)) {
    if (settings.throttleNextRequests > 0) update({ throttleNextRequests: settings.throttleNextRequests - 1 });
    const after = settings.throttleRetryAfterSeconds;
    return {
      error: new ArmError(
        'SubscriptionRequestsThrottled',
        `Number of requests for this subscription exceeded the limit. Please try again after '${after}' seconds.`,
      ),
      headers: { 'retry-after': String(after) },
    };
  }
  if (settings.transientNextRequests > 0 || (settings.transientRate > 0 && random() < settings.transientRate)) {
    if (settings.transientNextRequests > 0) update({ transientNextRequests: settings.transientNextRequests - 1 });
    const code = settings.transientStatus === 503 ? 'ServiceUnavailable' : 'InternalServerError';
    const message = 'A transient error occurred (simulated). Please retry the request.';
    return { error: new ArmError(code, message, undefined, { status: settings.transientStatus }), headers: {} };
  }
  return undefined;
}
