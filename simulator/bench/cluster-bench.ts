import { createLocalContainerServiceClient } from '../src/arm-client';

/** Options of runClusterBenchmark. */
export interface ClusterBenchOptions {
  url: string;
  subscriptionId: string;
  count: number;
  /** Creates in flight at once (default 50). */
  concurrency?: number;
  resourceGroup?: string;
}

/** Wall-clock figures of one benchmark run. */
export interface ClusterBenchResult {
  count: number;
  createMs: number;
  listMs: number;
  listed: number;
}

/** Creates `count` clusters through the real ARM client, then lists the subscription page by page. */
export async function runClusterBenchmark(options: ClusterBenchOptions): Promise<ClusterBenchResult> {
  const client = createLocalContainerServiceClient(options.url, options.subscriptionId);
  const group = options.resourceGroup ?? 'bench';
  const names = Array.from({ length: options.count }, (_, i) => `bench-${String(i).padStart(4, '0')}`);
  const started = performance.now();
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < names.length) {
      const name = names[next++] ?? '';
      await client.managedClusters.beginCreateOrUpdateAndWait(group, name, {
        location: next % 2 === 0 ? 'eastus' : 'westeurope',
        kubernetesVersion: '1.31.8',
        agentPoolProfiles: [{ name: 'system', count: 3, vmSize: 'Standard_D2s_v3', mode: 'System' }],
      });
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 50 }, worker));
  const createMs = performance.now() - started;
  const listStarted = performance.now();
  let listed = 0;
  for await (const _cluster of client.managedClusters.list()) listed++;
  return { count: options.count, createMs, listMs: performance.now() - listStarted, listed };
}
