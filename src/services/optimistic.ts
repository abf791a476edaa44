import { ArmError } from '../api/errors';
import { EntityChangedError, EntityExistsError } from '../storage/entity-table';

/** Enough rounds for every one of dozens of concurrent writers of one row to get its turn. */
export const MAX_WRITE_ATTEMPTS = 40;
const MAX_BACKOFF_MS = 50;

function pause(attempt: number): Promise<void> {
  const ceiling = Math.min(MAX_BACKOFF_MS, 2 ** attempt);
  return new Promise((resolve) => setTimeout(resolve, Math.random() * ceiling));
}

/**
 * Runs a read-check-write step until its conditional write lands. Each round re-reads, so preconditions
 * (If-Match) are judged against the latest state and no concurrent update is ever overwritten.
 */
export async function writeWithRetry<T>(step: () => Promise<T>): Promise<T> {
  for (let attempt = 0; attempt < MAX_WRITE_ATTEMPTS; attempt += 1) {
    try {
      return await step();
    } catch (error) {
      if (!(error instanceof EntityChangedError || error instanceof EntityExistsError)) throw error;
      await pause(attempt);
    }
  }
  throw new ArmError(
    'TooManyConcurrentWrites',
    'The resource is being changed by too many concurrent requests; retry.',
  );
}
