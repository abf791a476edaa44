import type { z } from 'zod';
import type { ChildKind, FleetRef } from '../api/ids';
import type { Page, PageRequest } from '../api/paging';
import type { ResourceMeta } from '../api/resource';
import { prefixEnd, type Columns, type EntityTable } from './entity-table';
import { childPrefix, childRowKey, fleetScopeKey } from './keys';
import { fromRow, toColumns, type StoredResource } from './resource-row';

/**
 * One kind of nested fleet resource (members, update strategies, update-run specs or gates). All kinds of one fleet share
 * its partition (`sub|rg|fleet`), row key `<kind>|<name>`.
 */
export class ChildStore<D> {
  constructor(
    private readonly table: EntityTable,
    private readonly kind: ChildKind,
    private readonly docSchema: z.ZodType<D>,
    private readonly indexColumns: (doc: D) => Columns = () => ({}),
  ) {}

  async get(fleet: FleetRef, name: string): Promise<StoredResource<D> | undefined> {
    const row = await this.table.get(fleetScopeKey(fleet), childRowKey(this.kind, name));
    return row && fromRow(row, this.docSchema);
  }

  create(fleet: FleetRef, meta: ResourceMeta, doc: D): Promise<void> {
    return this.table.create(fleetScopeKey(fleet), childRowKey(this.kind, meta.name), this.columns(meta, doc));
  }

  replace(fleet: FleetRef, meta: ResourceMeta, doc: D, tableETag: string): Promise<void> {
    return this.table.replace(
      fleetScopeKey(fleet),
      childRowKey(this.kind, meta.name),
      this.columns(meta, doc),
      tableETag,
    );
  }

  delete(fleet: FleetRef, name: string, tableETag?: string): Promise<boolean> {
    return this.table.delete(fleetScopeKey(fleet), childRowKey(this.kind, name), tableETag);
  }

  /** One page of this kind's resources; `where`: an OData condition on their index columns. */
  async list(fleet: FleetRef, page: PageRequest, where?: string): Promise<Page<StoredResource<D>>> {
    const from = childPrefix(this.kind);
    const { rows, more } = await this.table.range({
      partitionKey: fleetScopeKey(fleet),
      from,
      to: prefixEnd(from),
      top: page.top,
      ...(page.after !== undefined ? { after: page.after } : {}),
      ...(where !== undefined ? { where } : {}),
    });
    const last = rows[rows.length - 1];
    return {
      items: rows.map((row) => fromRow(row, this.docSchema)),
      ...(more && last ? { continueAfter: last.rowKey } : {}),
    };
  }

  async all(fleet: FleetRef, where?: string): Promise<Array<StoredResource<D>>> {
    const from = childPrefix(this.kind);
    const scope = { partitionKey: fleetScopeKey(fleet), from, to: prefixEnd(from) };
    const rows = await this.table.all(where !== undefined ? { ...scope, where } : scope);
    return rows.map((row) => fromRow(row, this.docSchema));
  }

  private columns(meta: ResourceMeta, doc: D): Columns {
    return toColumns(meta, doc, this.indexColumns(doc));
  }
}
