const MIN_HINT_SECONDS = 0.005;
/** Polled a hair after the hint: timers may fire a millisecond early, and a poll just too soon costs a second one. */
const HINT_SLACK_SECONDS = 0.002;

/**
 * When to poll an in-flight operation again: after the poll interval, or sooner when ARM's Retry-After says the
 * operation may be done sooner (a service that knows its remaining time is polled once, as it ends). A longer
 * Retry-After is not waited out: the interval keeps runs responsive, and polls are cheap reads. 0 means no hint;
 * a hint is never taken below MIN_HINT_SECONDS, so a service answering "1 ms" over and over is not polled in a loop.
 */
export function nextPollSeconds(intervalSeconds: number, retryAfterSeconds: number | undefined): number {
  return retryAfterSeconds !== undefined && retryAfterSeconds > 0
    ? Math.min(intervalSeconds, Math.max(MIN_HINT_SECONDS, retryAfterSeconds + HINT_SLACK_SECONDS))
    : intervalSeconds;
}
