import { TableClient, type TableEntity } from '@azure/data-tables';
import type { z } from 'zod';

// Table string properties hold at most 32K UTF-16 characters; larger documents are split across columns.
const CHUNK = 30_000;
const MAX_CHUNKS = 30;

interface JsonRow {
  partitionKey: string;
  rowKey: string;
  chunks: number;
  [column: string]: string | number;
}

/** One Azure table holding JSON documents, with writes to the same row kept in order. */
export class JsonTable<T> {
  private readonly client: TableClient;
  private readonly queues = new Map<string, Promise<void>>();

  constructor(
    connectionString: string,
    readonly tableName: string,
    private readonly schema: z.ZodType<T>,
  ) {
    this.client = TableClient.fromConnectionString(connectionString, tableName, { allowInsecureConnection: true });
  }

  async ensure(): Promise<void> {
    try {
      await this.client.createTable();
    } catch (error) {
      // Azurite answers 409 TableAlreadyExists when another process created it first.
      if (!isStatus(error, 409)) throw error;
    }
  }

  put(partitionKey: string, rowKey: string, value: T): Promise<void> {
    const json = JSON.stringify(value);
    const chunks = Math.max(1, Math.ceil(json.length / CHUNK));
    if (chunks > MAX_CHUNKS) throw new Error(`document too large for table ${this.tableName}`);
    const row: JsonRow = { partitionKey, rowKey, chunks };
    for (let i = 0; i < chunks; i++) row[`json${i}`] = json.slice(i * CHUNK, (i + 1) * CHUNK);
    return this.enqueue(partitionKey, rowKey, () => this.client.upsertEntity(row, 'Replace').then(() => undefined));
  }

  delete(partitionKey: string, rowKey: string): Promise<void> {
    return this.enqueue(partitionKey, rowKey, async () => {
      try {
        await this.client.deleteEntity(partitionKey, rowKey);
      } catch (error) {
        if (!isStatus(error, 404)) throw error;
      }
    });
  }

  /** Every document of the table, validated; invalid rows are reported and skipped. */
  async all(): Promise<T[]> {
    const values: T[] = [];
    for await (const entity of this.client.listEntities<TableEntity<Record<string, unknown>>>()) {
      const chunks = typeof entity.chunks === 'number' ? entity.chunks : 1;
      let json = '';
      for (let i = 0; i < chunks; i++) json += typeof entity[`json${i}`] === 'string' ? String(entity[`json${i}`]) : '';
      const parsed = this.schema.safeParse(safeJson(json));
      if (parsed.success) values.push(parsed.data);
      else
        console.error(
          `[aks-simulator] skipping invalid row ${entity.partitionKey}/${entity.rowKey} in ${this.tableName}`,
        );
    }
    return values;
  }

  /** Resolves when every write queued so far has landed. */
  async flush(): Promise<void> {
    await Promise.allSettled([...this.queues.values()]);
  }

  private enqueue(partitionKey: string, rowKey: string, write: () => Promise<void>): Promise<void> {
    const key = `${partitionKey}\u0000${rowKey}`;
    const previous = this.queues.get(key) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(write);
    this.queues.set(key, next);
    void next
      .finally(() => {
        if (this.queues.get(key) === next) this.queues.delete(key);
      })
      .catch(() => undefined);
    return next;
  }
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
