import type { FleetRef } from '../api/ids';
import { FleetDocSchema, type FleetDoc } from '../api/fleet.schema';
import type { Page, PageRequest } from '../api/paging';
import type { ResourceMeta } from '../api/resource';
import { prefixEnd, type EntityTable } from './entity-table';
import { fleetPartitionKey, fleetRowKey, resourceGroupPrefix } from './keys';
import { fromRow, toColumns, type StoredResource } from './resource-row';

export type StoredFleet = StoredResource<FleetDoc>;

/** Fleets, one partition per subscription (row key `rg|fleet`), so both list scopes are range scans. */
export class FleetStore {
  constructor(private readonly table: EntityTable) {}

  async get(ref: FleetRef): Promise<StoredFleet | undefined> {
    const row = await this.table.get(
      fleetPartitionKey(ref.subscriptionId),
      fleetRowKey(ref.resourceGroupName, ref.fleetName),
    );
    return row && fromRow(row, FleetDocSchema);
  }

  create(ref: FleetRef, meta: ResourceMeta, doc: FleetDoc): Promise<void> {
    return this.table.create(this.pk(ref), this.rk(ref), toColumns(meta, doc));
  }

  replace(ref: FleetRef, meta: ResourceMeta, doc: FleetDoc, tableETag: string): Promise<void> {
    return this.table.replace(this.pk(ref), this.rk(ref), toColumns(meta, doc), tableETag);
  }

  delete(ref: FleetRef, tableETag?: string): Promise<boolean> {
    return this.table.delete(this.pk(ref), this.rk(ref), tableETag);
  }

  /** Fleets of a subscription, or of one resource group when given, in key order. */
  async list(
    subscriptionId: string,
    resourceGroupName: string | undefined,
    page: PageRequest,
  ): Promise<Page<StoredFleet>> {
    const from = resourceGroupName === undefined ? '' : resourceGroupPrefix(resourceGroupName);
    const to = resourceGroupName === undefined ? '\uffff' : prefixEnd(from);
    const { rows, more } = await this.table.range({
      partitionKey: fleetPartitionKey(subscriptionId),
      from,
      to,
      top: page.top,
      ...(page.after !== undefined ? { after: page.after } : {}),
    });
    const last = rows[rows.length - 1];
    return {
      items: rows.map((row) => fromRow(row, FleetDocSchema)),
      ...(more && last ? { continueAfter: last.rowKey } : {}),
    };
  }

  private pk(ref: FleetRef): string {
    return fleetPartitionKey(ref.subscriptionId);
  }

  private rk(ref: FleetRef): string {
    return fleetRowKey(ref.resourceGroupName, ref.fleetName);
  }
}
