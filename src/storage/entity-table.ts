import { odata, RestError, type TableClient, type TableEntityResult } from '@azure/data-tables';

/** Raised when a create finds the row already there. */
export class EntityExistsError extends Error {
  constructor(
    readonly partitionKey: string,
    readonly rowKey: string,
  ) {
    super(`Row ${partitionKey}/${rowKey} already exists`);
    this.name = 'EntityExistsError';
  }
}

/** Raised when a conditional write or delete lost the race: the row changed (or vanished) since it was read. */
export class EntityChangedError extends Error {
  constructor(
    readonly partitionKey: string,
    readonly rowKey: string,
  ) {
    super(`Row ${partitionKey}/${rowKey} changed since it was read`);
    this.name = 'EntityChangedError';
  }
}

export type Columns = Record<string, string | number | boolean>;

/** A row as read: its columns (keys and system properties removed) and the table's own ETag for conditional writes. */
export interface Row {
  partitionKey: string;
  rowKey: string;
  columns: Record<string, unknown>;
  tableETag: string;
}

function statusOf(error: unknown): number | undefined {
  return error instanceof RestError ? error.statusCode : undefined;
}

function toRow(entity: TableEntityResult<Record<string, unknown>>): Row {
  const { partitionKey, rowKey, etag, timestamp: _timestamp, ...columns } = entity;
  delete columns['odata.metadata'];
  return { partitionKey: partitionKey ?? '', rowKey: rowKey ?? '', columns, tableETag: etag };
}

/** The exclusive upper bound of every key that starts with `prefix` (its last character incremented). */
export function prefixEnd(prefix: string): string {
  const last = prefix.charCodeAt(prefix.length - 1);
  return prefix.slice(0, -1) + String.fromCharCode(last + 1);
}

/** Thin typed layer over one table: conditional writes by table ETag, and keyset range listing. */
export class EntityTable {
  private ready: Promise<void> | undefined;

  constructor(readonly client: TableClient) {}

  /** Creates the table on first use. */
  ensure(): Promise<void> {
    this.ready ??= this.client.createTable().catch((error: unknown) => {
      this.ready = undefined;
      throw error;
    });
    return this.ready;
  }

  async get(partitionKey: string, rowKey: string): Promise<Row | undefined> {
    await this.ensure();
    try {
      return toRow(await this.client.getEntity<Record<string, unknown>>(partitionKey, rowKey));
    } catch (error) {
      if (statusOf(error) === 404) return undefined;
      throw error;
    }
  }

  async create(partitionKey: string, rowKey: string, columns: Columns): Promise<void> {
    await this.ensure();
    try {
      await this.client.createEntity({ partitionKey, rowKey, ...columns });
    } catch (error) {
      if (statusOf(error) === 409) throw new EntityExistsError(partitionKey, rowKey);
      throw error;
    }
  }

  /** Replaces the whole row only if it still carries `tableETag`. */
  async replace(partitionKey: string, rowKey: string, columns: Columns, tableETag: string): Promise<void> {
    await this.ensure();
    try {
      await this.client.updateEntity({ partitionKey, rowKey, ...columns }, 'Replace', { etag: tableETag });
    } catch (error) {
      const status = statusOf(error);
      if (status === 412 || status === 404) throw new EntityChangedError(partitionKey, rowKey);
      throw error;
    }
  }

  /** Deletes the row (only if it still carries `tableETag`, when given); false when it was already gone. */
  async delete(partitionKey: string, rowKey: string, tableETag?: string): Promise<boolean> {
    await this.ensure();
    try {
      await this.client.deleteEntity(partitionKey, rowKey, tableETag ? { etag: tableETag } : {});
      return true;
    } catch (error) {
      const status = statusOf(error);
      if (status === 404) return false;
      if (status === 412) throw new EntityChangedError(partitionKey, rowKey);
      throw error;
    }
  }

  /**
   * Rows of one partition with `from <= RowKey < to` (or `after < RowKey` when continuing), in key order,
   * at most `top`; `more` tells whether another row follows.
   */
  async range(options: {
    partitionKey: string;
    from: string;
    to: string;
    after?: string;
    top: number;
    /** A further OData condition on the rows' columns (built with `odata`). */
    where?: string;
  }): Promise<{ rows: Row[]; more: boolean }> {
    await this.ensure();
    const { partitionKey, from, to, after, top, where } = options;
    const lower = after !== undefined && after >= from ? odata`RowKey gt ${after}` : odata`RowKey ge ${from}`;
    const keys = `${odata`PartitionKey eq ${partitionKey}`} and ${lower} and ${odata`RowKey lt ${to}`}`;
    const filter = where === undefined ? keys : `${keys} and (${where})`;
    const rows: Row[] = [];
    const pages = this.client
      .listEntities<Record<string, unknown>>({ queryOptions: { filter } })
      .byPage({ maxPageSize: Math.min(top + 1, 1000) });
    for await (const page of pages) {
      for (const entity of page) {
        if (rows.length === top) return { rows, more: true };
        rows.push(toRow(entity));
      }
    }
    return { rows, more: false };
  }

  /** Every row of every partition whose key is in `[from, to)`, in key order (partitions that belong together). */
  allInPartitions(options: { from: string; to: string }): Promise<Row[]> {
    return this.where(`${odata`PartitionKey ge ${options.from}`} and ${odata`PartitionKey lt ${options.to}`}`);
  }

  /** Every row that matches an OData `filter` (build it with `odata` so values are escaped), in key order. */
  async where(filter: string): Promise<Row[]> {
    await this.ensure();
    const rows: Row[] = [];
    for await (const entity of this.client.listEntities<Record<string, unknown>>({ queryOptions: { filter } })) {
      rows.push(toRow(entity));
    }
    return rows;
  }

  /** Every row of a partition in the key range (for small sets such as a fleet's members or a run's status rows). */
  async all(options: { partitionKey: string; from: string; to: string; where?: string }): Promise<Row[]> {
    const rows: Row[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await this.range({ ...options, ...(after !== undefined ? { after } : {}), top: 1000 });
      rows.push(...page.rows);
      if (!page.more) return rows;
      after = page.rows[page.rows.length - 1]?.rowKey;
    }
  }
}

/** Rows (or entities) by their partition key, each partition's in the order given. */
export function byPartitionKey<T extends { partitionKey: string }>(rows: readonly T[]): Map<string, T[]> {
  const byPartition = new Map<string, T[]>();
  for (const row of rows) {
    const partition = byPartition.get(row.partitionKey);
    if (partition) partition.push(row);
    else byPartition.set(row.partitionKey, [row]);
  }
  return byPartition;
}
