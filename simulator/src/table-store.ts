import { TableClient, type TableEntity, type TransactionAction } from '@azure/data-tables';
import type { z } from 'zod';

// Table string properties hold at most 32K UTF-16 characters; larger documents are split across columns.
const CHUNK = 30_000;
const MAX_CHUNKS = 30;
// Entity group transactions: at most 100 operations and 4 MiB; stay well below the size limit.
const MAX_BATCH_ROWS = 100;
const MAX_BATCH_CHARS = 1_000_000;

interface JsonRow {
  partitionKey: string;
  rowKey: string;
  chunks: number;
  [column: string]: string | number;
}

type Write = { kind: 'upsert'; row: JsonRow; size: number } | { kind: 'delete'; row: JsonRow; size: number };

interface PendingWrite {
  write: Write;
  waiters: Array<{ resolve: () => void; reject: (error: unknown) => void }>;
}

/**
 * One Azure table of JSON documents. Writes are group-committed: those issued in the same tick become
 * entity-group transactions per partition (a superseded write of the same row is coalesced), and each
 * caller's promise settles when its row has landed. Writes to one row land in the order they were issued.
 */
export class JsonTable<T> {
  private readonly client: TableClient;
  private readonly pending = new Map<string, PendingWrite>();
  private flushing: Promise<void> | undefined;

  /**
   * `keyOf`: where a document's row belongs. Rows found elsewhere when the table is loaded (written under an older
   * layout) are moved there, so later writes and deletes of the document find them.
   */
  constructor(
    connectionString: string,
    readonly tableName: string,
    private readonly schema: z.ZodType<T>,
    private readonly keyOf: (value: T) => [partitionKey: string, rowKey: string],
  ) {
    this.client = TableClient.fromConnectionString(connectionString, tableName, { allowInsecureConnection: true });
  }

  async ensure(): Promise<void> {
    try {
      await this.client.createTable();
    } catch (error) {
      // 409 TableAlreadyExists when another process created it first.
      if (!isStatus(error, 409)) throw error;
    }
  }

  put(partitionKey: string, rowKey: string, value: T): Promise<void> {
    const json = JSON.stringify(value);
    const chunks = Math.max(1, Math.ceil(json.length / CHUNK));
    if (chunks > MAX_CHUNKS) return Promise.reject(new Error(`document too large for table ${this.tableName}`));
    const row: JsonRow = { partitionKey, rowKey, chunks };
    for (let i = 0; i < chunks; i++) row[`json${i}`] = json.slice(i * CHUNK, (i + 1) * CHUNK);
    return this.submit({ kind: 'upsert', row, size: json.length });
  }

  delete(partitionKey: string, rowKey: string): Promise<void> {
    return this.submit({ kind: 'delete', row: { partitionKey, rowKey, chunks: 0 }, size: 0 });
  }

  /** Every document of the table, validated (invalid rows are reported and skipped), each in its row per `keyOf`. */
  async all(): Promise<T[]> {
    const values: T[] = [];
    const moves: Promise<void>[] = [];
    for await (const entity of this.client.listEntities<TableEntity<Record<string, unknown>>>()) {
      const chunks = typeof entity.chunks === 'number' ? entity.chunks : 1;
      let json = '';
      for (let i = 0; i < chunks; i++) json += typeof entity[`json${i}`] === 'string' ? String(entity[`json${i}`]) : '';
      const parsed = this.schema.safeParse(safeJson(json));
      if (parsed.success) {
        values.push(parsed.data);
        const [partitionKey, rowKey] = this.keyOf(parsed.data);
        if (partitionKey !== entity.partitionKey || rowKey !== entity.rowKey) {
          moves.push(this.put(partitionKey, rowKey, parsed.data));
          moves.push(this.delete(entity.partitionKey ?? '', entity.rowKey ?? ''));
        }
      } else
        console.error(
          `[aks-simulator] skipping invalid row ${entity.partitionKey}/${entity.rowKey} in ${this.tableName}`,
        );
    }
    await Promise.all(moves);
    return values;
  }

  /** Resolves when every write issued so far has landed (or failed). */
  async flush(): Promise<void> {
    while (this.flushing) await this.flushing;
  }

  private submit(write: Write): Promise<void> {
    const key = `${write.row.partitionKey}\u0000${write.row.rowKey}`;
    return new Promise<void>((resolve, reject) => {
      const existing = this.pending.get(key);
      if (existing) {
        existing.write = write;
        existing.waiters.push({ resolve, reject });
      } else {
        this.pending.set(key, { write, waiters: [{ resolve, reject }] });
      }
      this.kick();
    });
  }

  private kick(): void {
    if (this.flushing) return;
    this.flushing = (async () => {
      await new Promise((resolve) => setImmediate(resolve));
      while (this.pending.size > 0) {
        const batch = [...this.pending.values()];
        this.pending.clear();
        await Promise.all(groupIntoTransactions(batch).map((group) => this.commit(group)));
      }
    })().finally(() => {
      this.flushing = undefined;
      if (this.pending.size > 0) this.kick();
    });
  }

  private async commit(group: PendingWrite[]): Promise<void> {
    if (group.length > 1) {
      try {
        await this.client.submitTransaction(group.map(({ write }) => toAction(write)));
        for (const entry of group) entry.waiters.forEach((w) => w.resolve());
        return;
      } catch {
        // e.g. a delete of a missing row fails the whole transaction: fall back to one call per row.
      }
    }
    await Promise.all(group.map((entry) => this.commitOne(entry)));
  }

  private async commitOne(entry: PendingWrite): Promise<void> {
    const { write } = entry;
    try {
      if (write.kind === 'upsert') await this.client.upsertEntity(write.row, 'Replace');
      else await this.client.deleteEntity(write.row.partitionKey, write.row.rowKey).catch(ignoreStatus(404));
      entry.waiters.forEach((w) => w.resolve());
    } catch (error) {
      entry.waiters.forEach((w) => w.reject(error));
    }
  }
}

function groupIntoTransactions(batch: PendingWrite[]): PendingWrite[][] {
  const byPartition = new Map<string, PendingWrite[][]>();
  for (const entry of batch) {
    const groups = byPartition.get(entry.write.row.partitionKey) ?? [[]];
    let last = groups[groups.length - 1] ?? [];
    const size = last.reduce((sum, e) => sum + e.write.size, 0);
    if (last.length >= MAX_BATCH_ROWS || size + entry.write.size > MAX_BATCH_CHARS) {
      last = [];
      groups.push(last);
    }
    last.push(entry);
    byPartition.set(entry.write.row.partitionKey, groups);
  }
  return [...byPartition.values()].flat().filter((g) => g.length > 0);
}

function toAction(write: Write): TransactionAction {
  return write.kind === 'upsert' ? ['upsert', write.row, 'Replace'] : ['delete', write.row];
}

function ignoreStatus(status: number): (error: unknown) => void {
  return (error) => {
    if (!isStatus(error, status)) throw error;
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function isStatus(error: unknown, status: number): boolean {
  return typeof error === 'object' && error !== null && 'statusCode' in error && error.statusCode === status;
}
