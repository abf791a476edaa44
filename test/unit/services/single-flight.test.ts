import { describe, expect, it } from 'vitest';
import { SingleFlight } from '../../../src/services/single-flight';

/** A read that stays open until `finish` is called, counting how many reads started. */
function controllableReads() {
  const started: Array<{ finish: (value: string) => void; fail: (error: Error) => void }> = [];
  const read = () =>
    new Promise<string>((resolve, reject) => {
      started.push({ finish: resolve, fail: reject });
    });
  return { started, read };
}

const settled = () => new Promise((resolve) => setImmediate(resolve));

describe('SingleFlight', () => {
  it('answers a burst of callers with two reads: the first caller starts one, all the others share the next', async () => {
    const flights = new SingleFlight<string>();
    const { started, read } = controllableReads();
    const answers = Promise.all(Array.from({ length: 20 }, () => flights.run('run1', read)));
    await settled();
    expect(started).toHaveLength(1);
    started[0]?.finish('first');
    await settled();
    expect(started).toHaveLength(2);
    started[1]?.finish('second');
    expect(await answers).toEqual(['first', ...Array.from({ length: 19 }, () => 'second')]);
  });

  it('never hands a caller a read that began before it arrived: it waits for the next one, shared with later callers', async () => {
    const flights = new SingleFlight<string>();
    const { started, read } = controllableReads();
    const early = flights.run('run1', read);
    await settled();
    const late = [flights.run('run1', read), flights.run('run1', read)];
    await settled();
    expect(started).toHaveLength(1);
    started[0]?.finish('before the late callers came');
    expect(await early).toBe('before the late callers came');
    await settled();
    expect(started).toHaveLength(2);
    started[1]?.finish('after they came');
    expect(await Promise.all(late)).toEqual(['after they came', 'after they came']);
  });

  it('starts the next read after a failed one, and only its own callers see the failure', async () => {
    const flights = new SingleFlight<string>();
    const { started, read } = controllableReads();
    const failing = flights.run('run1', read);
    await settled();
    const next = flights.run('run1', read);
    started[0]?.fail(new Error('storage unavailable'));
    await expect(failing).rejects.toThrow('storage unavailable');
    await settled();
    started[1]?.finish('recovered');
    expect(await next).toBe('recovered');
  });

  it('keeps keys apart: reads of different runs do not wait for each other', async () => {
    const flights = new SingleFlight<string>();
    const { started, read } = controllableReads();
    const first = flights.run('run1', read);
    const second = flights.run('run2', read);
    await settled();
    expect(started).toHaveLength(2);
    started[1]?.finish('run2');
    expect(await second).toBe('run2');
    started[0]?.finish('run1');
    expect(await first).toBe('run1');
  });

  it('is busy while a read of the key runs or waits to run, and idle once they ended', async () => {
    const flights = new SingleFlight<string>();
    const { started, read } = controllableReads();
    expect(flights.busy('run1')).toBe(false);
    const first = flights.run('run1', read);
    const next = flights.run('run1', read);
    expect(flights.busy('run1')).toBe(true);
    expect(flights.busy('run2')).toBe(false);
    await settled();
    started[0]?.finish('first');
    await first;
    await settled();
    expect(flights.busy('run1')).toBe(true);
    started[1]?.finish('next');
    await next;
    await settled();
    expect(flights.busy('run1')).toBe(false);
  });
});
