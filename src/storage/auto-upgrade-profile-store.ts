import { z } from 'zod';
import {
  AutoUpgradeProfileDocSchema,
  type AutoUpgradeProfileDoc,
  type AutoUpgradeProfileStatus,
} from '../api/auto-upgrade-profile.schema';
import type { FleetRef } from '../api/ids';
import type { Page, PageRequest } from '../api/paging';
import type { ResourceMeta } from '../api/resource';
import { ChildStore } from './child-store';
import { EntityExistsError, type EntityTable } from './entity-table';
import { fleetScopeKey, SEPARATOR } from './keys';
import type { StoredResource } from './resource-row';

/**
 * The partition listing every fleet's profiles, so the timer finds them without scanning every fleet's partition.
 * Fleet partitions are `sub|rg|fleet`, so this key (no separator) is never one of them.
 */
const INDEX_PARTITION = 'autoupgradeprofiles';

const IndexRowSchema = z.object({
  subscriptionId: z.string(),
  resourceGroupName: z.string(),
  fleetName: z.string(),
  profileName: z.string(),
});

/** Where a profile lives, as the index lists it. */
export interface ProfileRef {
  fleet: FleetRef;
  name: string;
}

function indexRowKey(fleet: FleetRef, name: string): string {
  return `${fleetScopeKey(fleet)}${SEPARATOR}${name.toLowerCase()}`;
}

/**
 * A fleet's auto-upgrade profiles (rows `autoupgradeprofile|<name>` of its partition) and the index of every fleet's
 * profiles. The index row is written before the profile and removed after it, so the index holds every profile (and
 * at worst one that is gone, which `forget` drops when the timer finds it missing).
 */
export class AutoUpgradeProfileStore {
  private readonly children: ChildStore<AutoUpgradeProfileDoc>;

  constructor(private readonly table: EntityTable) {
    this.children = new ChildStore(table, 'autoUpgradeProfiles', AutoUpgradeProfileDocSchema);
  }

  get(fleet: FleetRef, name: string): Promise<StoredResource<AutoUpgradeProfileDoc> | undefined> {
    return this.children.get(fleet, name);
  }

  list(fleet: FleetRef, page: PageRequest): Promise<Page<StoredResource<AutoUpgradeProfileDoc>>> {
    return this.children.list(fleet, page);
  }

  async create(fleet: FleetRef, meta: ResourceMeta, doc: AutoUpgradeProfileDoc): Promise<void> {
    await this.remember(fleet, meta.name);
    await this.children.create(fleet, meta, doc);
  }

  replace(fleet: FleetRef, meta: ResourceMeta, doc: AutoUpgradeProfileDoc, tableETag: string): Promise<void> {
    return this.children.replace(fleet, meta, doc, tableETag);
  }

  /** Records what the trigger did, if the row still carries `current.tableETag` (EntityChangedError otherwise). */
  setStatus(
    fleet: FleetRef,
    current: StoredResource<AutoUpgradeProfileDoc>,
    status: AutoUpgradeProfileStatus,
  ): Promise<void> {
    // The status is observed, not asked for: the profile's eTag and systemData stay as its last PUT left them.
    return this.children.replace(fleet, current.meta, { ...current.doc, status }, current.tableETag);
  }

  async delete(fleet: FleetRef, name: string, tableETag?: string): Promise<boolean> {
    const deleted = await this.children.delete(fleet, name, tableETag);
    await this.forget({ fleet, name });
    return deleted;
  }

  /** Every profile of every fleet (the index; a profile deleted meanwhile may still be listed). */
  async everywhere(): Promise<ProfileRef[]> {
    const rows = await this.table.all({ partitionKey: INDEX_PARTITION, from: '', to: '\uffff' });
    return rows.map((row) => {
      const { profileName, ...fleet } = IndexRowSchema.parse(row.columns);
      return { fleet, name: profileName };
    });
  }

  /** Drops a profile from the index. */
  async forget(ref: ProfileRef): Promise<void> {
    await this.table.delete(INDEX_PARTITION, indexRowKey(ref.fleet, ref.name));
  }

  private async remember(fleet: FleetRef, name: string): Promise<void> {
    try {
      await this.table.create(INDEX_PARTITION, indexRowKey(fleet, name), {
        subscriptionId: fleet.subscriptionId,
        resourceGroupName: fleet.resourceGroupName,
        fleetName: fleet.fleetName,
        profileName: name,
      });
    } catch (error) {
      if (!(error instanceof EntityExistsError)) throw error;
    }
  }
}
