import { randomUUID } from 'node:crypto';
import type { ClusterRecord, PoolRecord } from './state.schema';

/**
 * eTags as AKS keeps them for optimistic concurrency (If-Match): a cluster gets a new one on every write, each agent
 * pool a new one when the write changes that pool. Remembers what each pool looked like when it got its eTag, since
 * callers change records in place before saving them.
 */
export class ETagStamps {
  private readonly pools = new Map<string, string>();

  /** A cluster read from storage: keeps its eTags (one is given where a record stored before eTags has none). */
  loaded(key: string, cluster: ClusterRecord): void {
    cluster.eTag ??= randomUUID();
    for (const pool of cluster.pools) {
      pool.eTag ??= randomUUID();
      this.pools.set(poolKey(key, pool), fingerprint(pool));
    }
  }

  /** A cluster about to be written: a new eTag for it and for each pool the write changes. */
  stamp(key: string, cluster: ClusterRecord): void {
    cluster.eTag = randomUUID();
    for (const pool of cluster.pools) {
      const print = fingerprint(pool);
      if (pool.eTag !== undefined && this.pools.get(poolKey(key, pool)) === print) continue;
      pool.eTag = randomUUID();
      this.pools.set(poolKey(key, pool), print);
    }
  }
}

function poolKey(clusterKey: string, pool: PoolRecord): string {
  return `${clusterKey}~${pool.name.toLowerCase()}`;
}

function fingerprint(pool: PoolRecord): string {
  const fields = Object.entries(pool).filter(([name]) => name !== 'eTag');
  return JSON.stringify(fields.sort(([a], [b]) => a.localeCompare(b)));
}
