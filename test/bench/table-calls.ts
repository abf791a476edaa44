import { TableClient } from '@azure/data-tables';

/** Counts every Table Storage call this process makes (the app and its durable host; the simulator is separate). */
export function countTableCalls(): { count: () => number } {
  let calls = 0;
  const proto = TableClient.prototype as unknown as Record<string, (...args: unknown[]) => unknown>;
  for (const name of [
    'createEntity',
    'upsertEntity',
    'updateEntity',
    'deleteEntity',
    'getEntity',
    'submitTransaction',
    'listEntities',
  ]) {
    const original = proto[name];
    if (!original) continue;
    proto[name] = function (this: unknown, ...args: unknown[]) {
      calls++;
      return original.apply(this, args);
    };
  }
  return { count: () => calls };
}

/**
 * Preloaded (`node -r`) into a devhost child process: counts its table calls and answers the parent's
 * `tableCalls` message with the count so far.
 */
export function answerTableCallsOverIpc(): void {
  const counter = countTableCalls();
  process.on('message', (message: unknown) => {
    if (message === 'tableCalls') process.send?.({ tableCalls: counter.count() });
  });
}

if (process.send && process.env.BENCH_COUNT_TABLE_CALLS === '1') answerTableCallsOverIpc();
