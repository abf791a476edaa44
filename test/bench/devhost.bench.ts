import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { startAzurite } from '../../devhost/src/azurite';
import { createDurableExtension } from '../../devhost/src/durable/index';
import { FunctionHost } from '../../devhost/src/host/function-host';
import type { BenchRow } from './report';

const APP = path.resolve(__dirname, '..', '..', '..', 'test', 'devhost', 'apps', 'durable');
/** Published Azure Storage provider anchors (performance-reliability.md §1.2) and our goal: 10x each. */
const ANCHOR = { sequential: 5, fanOut: 100, fanIn: 150 };

/**
 * Runs a 100-activity chain and a 1,000-activity fan-out/fan-in through the devhost's durable engine
 * in-process, over an in-memory Azurite.
 */
export async function benchDevhost(): Promise<BenchRow[]> {
  const azurite = await startAzurite({ ports: 'free' });
  const starts: number[] = [];
  const ends: number[] = [];
  process.env.CONFORMANCE_HUB = 'Bench';
  const host = new FunctionHost(APP, {
    invocation: (entry) => {
      if (entry.functionName === 'Noop') {
        ends.push(performance.now());
        starts.push(performance.now() - entry.durationMs);
      }
    },
    log: () => undefined,
  });
  await host.start();
  const durable = createDurableExtension({
    host,
    storageConnectionString: azurite.connectionString,
    hubName: 'Bench',
    baseUrl: 'http://127.0.0.1:7071',
    settings: {},
    timeSkipping: false,
    verbose: false,
  });
  await durable.start();
  const { engine } = durable;
  const waitDone = async (id: string): Promise<number> => {
    for (;;) {
      // The engine drops an instance from memory once it finished: poll memory, read storage once.
      if (engine.instances.has(id)) {
        await new Promise((resolve) => setTimeout(resolve, 2));
        continue;
      }
      const record = await engine.store.getInstance(id);
      if (record && ['Completed', 'Failed', 'Terminated'].includes(record.status)) {
        if (record.status !== 'Completed') throw new Error(`${id} ${record.status}: ${record.output}`);
        return performance.now();
      }
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  };
  const rows: BenchRow[] = [];
  try {
    // Sequential chain of 100 activities.
    let ops = engine.store.stats.operations;
    let episodes = engine.stats.episodes;
    let t0 = performance.now();
    await engine.createInstance('NoopChain', 'chain-100', JSON.stringify({ count: 100 }), null);
    let t1 = await waitDone('chain-100');
    const chainSeconds = (t1 - t0) / 1000;
    rows.push(
      {
        scenario: 'chain x100',
        metric: 'activities/s',
        value: 100 / chainSeconds,
        unit: '1/s',
        goal: `>= ${ANCHOR.sequential * 10}`,
        pass: 100 / chainSeconds >= ANCHOR.sequential * 10,
      },
      {
        scenario: 'chain x100',
        metric: 'episodes/s',
        value: (engine.stats.episodes - episodes) / chainSeconds,
        unit: '1/s',
      },
      {
        scenario: 'chain x100',
        metric: 'storage ops/activity',
        value: (engine.store.stats.operations - ops) / 100,
        unit: 'ops',
      },
    );
    // Fan-out/fan-in of 1,000 no-op activities.
    starts.length = 0;
    ends.length = 0;
    ops = engine.store.stats.operations;
    episodes = engine.stats.episodes;
    t0 = performance.now();
    await engine.createInstance('FanOut', 'fan-1000', JSON.stringify({ count: 1000 }), null);
    t1 = await waitDone('fan-1000');
    const fanOutSeconds = (Math.max(...starts) - t0) / 1000;
    const fanInSeconds = (t1 - Math.min(...ends)) / 1000;
    const totalSeconds = (t1 - t0) / 1000;
    rows.push(
      {
        scenario: 'fan-out/in x1000',
        metric: 'fan-out activities/s',
        value: 1000 / fanOutSeconds,
        unit: '1/s',
        goal: `>= ${ANCHOR.fanOut * 10}`,
        pass: 1000 / fanOutSeconds >= ANCHOR.fanOut * 10,
      },
      {
        scenario: 'fan-out/in x1000',
        metric: 'fan-in activities/s',
        value: 1000 / fanInSeconds,
        unit: '1/s',
        goal: `>= ${ANCHOR.fanIn * 10}`,
        pass: 1000 / fanInSeconds >= ANCHOR.fanIn * 10,
      },
      { scenario: 'fan-out/in x1000', metric: 'end-to-end activities/s', value: 1000 / totalSeconds, unit: '1/s' },
      {
        scenario: 'fan-out/in x1000',
        metric: 'episodes/s',
        value: (engine.stats.episodes - episodes) / totalSeconds,
        unit: '1/s',
      },
      {
        scenario: 'fan-out/in x1000',
        metric: 'storage ops/activity',
        value: (engine.store.stats.operations - ops) / 1000,
        unit: 'ops',
      },
    );
  } finally {
    await durable.stop();
    await host.stop();
    await azurite.stop();
  }
  return rows;
}
