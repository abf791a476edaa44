import { TableClient, type TableEntity, type TransactionAction } from '@azure/data-tables';
import type { HistoryEvent } from './history';

/** Azure Tables caps a string property at 32K UTF-16 characters; large JSON is split across columns. */
const CHUNK_CHARS = 30_000;
const MAX_CHUNKS = 30;
/** Azure Tables caps a batch transaction at 100 operations in one partition. */
const MAX_BATCH = 100;
/** History events packed into one row (keeps rows well under the 1 MiB entity limit for ordinary payloads). */
const EVENTS_PER_ROW = 400;

export const INSTANCE_ROW = '$instance';

export type RuntimeStatus =
  'Pending' | 'Running' | 'Completed' | 'ContinuedAsNew' | 'Failed' | 'Terminated' | 'Suspended';

export const TERMINAL_STATUSES: readonly RuntimeStatus[] = ['Completed', 'Failed', 'Terminated'];

/** The parent of a sub-orchestration, to notify on completion. */
export interface ParentRef {
  instanceId: string;
  executionId: string;
  taskScheduledId: number;
  name: string;
}

/** An instance's state. The newest history row holds the authoritative copy; the instance row is a summary. */
export interface InstanceRecord {
  instanceId: string;
  name: string;
  executionId: string;
  generation: number;
  episodes: number;
  status: RuntimeStatus;
  input: string | null;
  output: string | null;
  customStatus: string | null;
  createdTime: string;
  lastUpdatedTime: string;
  completedTime: string | null;
  parent: ParentRef | null;
  failureDetails: unknown;
  version: string;
}

/** One stored history row: a slice of an episode's events; the first slice carries the checkpoint. */
interface EpisodeRow {
  events: HistoryEvent[];
  snapshot?: InstanceRecord;
  consumed?: string[];
}

/** A durable inbox message: an event accepted from a client that must survive a crash. */
export interface InboxMessage {
  rowKey: string;
  event: HistoryEvent;
}

function packJson(value: unknown): Record<string, string | number> {
  const text = JSON.stringify(value);
  const chunks = Math.ceil(text.length / CHUNK_CHARS) || 1;
  if (chunks > MAX_CHUNKS) {
    throw new Error(
      `A durable payload of ${text.length} characters is too large for the devhost's table storage (max ${CHUNK_CHARS * MAX_CHUNKS})`,
    );
  }
  const out: Record<string, string | number> = { n: chunks };
  for (let i = 0; i < chunks; i++) out[`d${i}`] = text.slice(i * CHUNK_CHARS, (i + 1) * CHUNK_CHARS);
  return out;
}

function unpackJson<T>(entity: Record<string, unknown>): T {
  const chunks = typeof entity.n === 'number' ? entity.n : 1;
  let text = '';
  for (let i = 0; i < chunks; i++) text += typeof entity[`d${i}`] === 'string' ? (entity[`d${i}`] as string) : '';
  return JSON.parse(text) as T;
}

function historyRowKey(generation: number, episode: number, part: number): string {
  return `h${String(generation).padStart(6, '0')}-${String(episode).padStart(9, '0')}-${String(part).padStart(3, '0')}`;
}

/** Counts storage round trips (for benchmarks). */
export interface StoreStats {
  operations: number;
}

/**
 * Instances, their history and their inbox in one table, one partition per instance, so that an episode's
 * history and the instance row commit together in one batch transaction.
 */
export class DurableStore {
  readonly table: TableClient;
  readonly stats: StoreStats = { operations: 0 };

  constructor(connectionString: string, hubName: string) {
    this.table = TableClient.fromConnectionString(connectionString, `${hubName}Instances`, {
      allowInsecureConnection: true,
    });
  }

  async init(): Promise<void> {
    this.stats.operations++;
    await this.table.createTable();
  }

  async getInstance(instanceId: string): Promise<InstanceRecord | undefined> {
    this.stats.operations++;
    try {
      const entity = await this.table.getEntity(instanceId, INSTANCE_ROW);
      return unpackJson<InstanceRecord>(entity);
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode === 404) return undefined;
      throw error;
    }
  }

  private instanceEntity(record: InstanceRecord): TableEntity<Record<string, unknown>> {
    return {
      partitionKey: record.instanceId,
      rowKey: INSTANCE_ROW,
      RuntimeStatus: record.status,
      Name: record.name,
      CreatedTime: record.createdTime,
      ...packJson(record),
    };
  }

  /** Creates the instance row of a new id; false (nothing written) when the id has a row already. */
  async insertInstance(record: InstanceRecord): Promise<boolean> {
    this.stats.operations++;
    try {
      await this.table.createEntity(this.instanceEntity(record));
      return true;
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode === 409) return false;
      throw error;
    }
  }

  /** Creates or overwrites an instance row (a new instance, or a new execution after continue-as-new). */
  async putInstance(record: InstanceRecord): Promise<void> {
    this.stats.operations++;
    await this.table.upsertEntity(this.instanceEntity(record), 'Replace');
  }

  /** Every instance row (optionally only those in the given statuses). */
  async listInstances(statuses?: readonly RuntimeStatus[]): Promise<InstanceRecord[]> {
    let filter = `RowKey eq '${INSTANCE_ROW}'`;
    if (statuses && statuses.length > 0) {
      filter += ` and (${statuses.map((s) => `RuntimeStatus eq '${s}'`).join(' or ')})`;
    }
    const out: InstanceRecord[] = [];
    this.stats.operations++;
    for await (const entity of this.table.listEntities({ queryOptions: { filter } })) out.push(unpackJson(entity));
    return out;
  }

  /**
   * The committed history of the instance's current execution, its pending inbox and the authoritative record:
   * the snapshot in the newest history row, which may be ahead of the (written-behind) instance row.
   */
  async loadPartition(
    summary: InstanceRecord,
  ): Promise<{ record: InstanceRecord; history: HistoryEvent[]; inbox: InboxMessage[]; stale: string[] }> {
    const history: HistoryEvent[] = [];
    const inbox: InboxMessage[] = [];
    const stale: string[] = [];
    const consumed = new Set<string>();
    const prefix = `h${String(summary.generation).padStart(6, '0')}-`;
    let record = summary;
    this.stats.operations++;
    const rows: Record<string, unknown>[] = [];
    for await (const entity of this.table.listEntities({
      queryOptions: { filter: `PartitionKey eq '${summary.instanceId.replace(/'/g, "''")}'` },
    })) {
      rows.push(entity);
    }
    rows.sort((a, b) => String(a.rowKey).localeCompare(String(b.rowKey)));
    for (const row of rows) {
      const rowKey = String(row.rowKey);
      if (rowKey === INSTANCE_ROW) continue;
      if (rowKey.startsWith('m')) inbox.push({ rowKey, event: unpackJson(row) });
      else if (rowKey.startsWith(prefix)) {
        const part = unpackJson<EpisodeRow>(row);
        history.push(...part.events);
        if (part.snapshot) record = part.snapshot;
        for (const key of part.consumed ?? []) consumed.add(key);
      } else stale.push(rowKey);
    }
    const pending = inbox.filter((m) => !consumed.has(m.rowKey));
    stale.push(...inbox.filter((m) => consumed.has(m.rowKey)).map((m) => m.rowKey));
    return { record, history, inbox: pending, stale };
  }

  /** Writes a client's event to the instance's inbox before it is acknowledged. */
  async addInbox(instanceId: string, rowKey: string, event: HistoryEvent): Promise<void> {
    this.stats.operations++;
    await this.table.createEntity({ partitionKey: instanceId, rowKey, ...packJson(event) });
  }

  /**
   * The checkpoint of one episode, written atomically: its history rows, the first carrying the instance
   * snapshot and the inbox messages it consumed. One write for ordinary episodes; a batch when the episode
   * spans several rows. The instance row is a summary written behind (see `putInstance`).
   */
  async commitEpisode(record: InstanceRecord, events: HistoryEvent[], consumedInbox: string[]): Promise<void> {
    const episode = record.episodes - 1;
    const rows: TableEntity<Record<string, unknown>>[] = [];
    for (let part = 0, i = 0; i === 0 || i < events.length; part++, i += EVENTS_PER_ROW) {
      const body: EpisodeRow = { events: events.slice(i, i + EVENTS_PER_ROW) };
      if (part === 0) Object.assign(body, { snapshot: record, consumed: consumedInbox });
      rows.push({
        partitionKey: record.instanceId,
        rowKey: historyRowKey(record.generation, episode, part),
        ...packJson(body),
      });
    }
    if (rows.length > MAX_BATCH)
      throw new Error(`An episode of ${events.length} events is too large to commit atomically`);
    this.stats.operations++;
    const [only] = rows;
    if (rows.length === 1 && only) await this.table.upsertEntity(only, 'Replace');
    else await this.table.submitTransaction(rows.map((row) => ['upsert', row, 'Replace'] as TransactionAction));
  }

  /** Deletes rows (stale history of earlier executions, purged instances). Best effort, in batches. */
  async deleteRows(instanceId: string, rowKeys: string[]): Promise<void> {
    for (let i = 0; i < rowKeys.length; i += MAX_BATCH) {
      this.stats.operations++;
      await this.table.submitTransaction(
        rowKeys.slice(i, i + MAX_BATCH).map((rowKey) => ['delete', { partitionKey: instanceId, rowKey }]),
      );
    }
  }

  /** Deletes an instance with all its rows. */
  async purge(instanceId: string): Promise<boolean> {
    const keys: string[] = [];
    this.stats.operations++;
    for await (const entity of this.table.listEntities({
      queryOptions: { filter: `PartitionKey eq '${instanceId.replace(/'/g, "''")}'`, select: ['RowKey'] },
    })) {
      keys.push(String(entity.rowKey));
    }
    if (keys.length === 0) return false;
    await this.deleteRows(instanceId, keys);
    return true;
  }
}
