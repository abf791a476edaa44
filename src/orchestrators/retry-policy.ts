import * as df from 'durable-functions';

/**
 * Every activity that touches storage or ARM runs with this durable retry policy: a Table Storage blip or an
 * unexpected exception is tried again (1, 2, 4, 8, 16 s apart) before the orchestration sees a failure. Activities
 * are idempotent for this: status rows are whole-row upserts and upgrade begins find the operation they started.
 * Cluster errors are not retried here: the member's own back-off handles them (MEMBER_BUSY_WAIT_SECONDS).
 */
export const ACTIVITY_RETRY = ((): df.RetryOptions => {
  const options = new df.RetryOptions(1_000, 6);
  options.backoffCoefficient = 2;
  options.maxRetryIntervalInMilliseconds = 30_000;
  return options;
})();
