import { odata } from '@azure/data-tables';
import { GateDocSchema, type GateDoc, type GateFilter, type GateState } from '../api/gate.schema';
import type { FleetRef } from '../api/ids';
import type { Page, PageRequest } from '../api/paging';
import { createdSystemData, modifiedSystemData, type Caller, type ResourceMeta } from '../api/resource';
import { newETag } from '../api/etag';
import { ChildStore } from './child-store';
import { EntityExistsError, type EntityTable } from './entity-table';
import type { StoredResource } from './resource-row';

/** Who the run's own writes to a gate are by. */
const RUN_CALLER: Caller = { id: 'Microsoft.ContainerService/fleets/updateRuns', type: 'Application' };

/**
 * A fleet's gates, rows of its fleet-resources partition (`gate|<name>`) with `state`, `gateType` and `runName`
 * columns that list filters run on. The run creates and skips them; a user completes them.
 */
export class GateStore {
  private readonly children: ChildStore<GateDoc>;

  constructor(table: EntityTable) {
    this.children = new ChildStore(table, 'gates', GateDocSchema, (doc) => ({
      state: doc.state,
      gateType: doc.gateType,
      runName: doc.target.updateRunProperties.name.toLowerCase(),
    }));
  }

  get(fleet: FleetRef, name: string): Promise<StoredResource<GateDoc> | undefined> {
    return this.children.get(fleet, name);
  }

  list(fleet: FleetRef, page: PageRequest, filter: GateFilter): Promise<Page<StoredResource<GateDoc>>> {
    return this.children.list(fleet, page, whereOf(filter));
  }

  /** Every gate the run created. */
  ofRun(fleet: FleetRef, runName: string): Promise<Array<StoredResource<GateDoc>>> {
    return this.children.all(fleet, whereOf({ runName }));
  }

  /** Creates the gate Pending unless it exists (a replay or a restart): either way, the gate as stored. */
  async open(fleet: FleetRef, name: string, doc: GateDoc, now: string): Promise<StoredResource<GateDoc>> {
    const existing = await this.children.get(fleet, name);
    if (existing) return existing;
    const meta: ResourceMeta = {
      name,
      eTag: newETag(),
      provisioningState: 'Succeeded',
      systemData: createdSystemData(RUN_CALLER, now),
    };
    try {
      await this.children.create(fleet, meta, doc);
    } catch (error) {
      if (!(error instanceof EntityExistsError)) throw error;
    }
    const stored = await this.children.get(fleet, name);
    if (!stored) throw new Error(`The gate '${name}' vanished as it was created.`);
    return stored;
  }

  /**
   * Moves a gate to `state` only if it is still what `current` read (EntityChangedError otherwise: re-read and
   * decide again). Returns the new meta.
   */
  async setState(
    fleet: FleetRef,
    current: StoredResource<GateDoc>,
    state: GateState,
    by: { caller?: Caller; now: string },
  ): Promise<ResourceMeta> {
    const meta: ResourceMeta = {
      ...current.meta,
      eTag: newETag(),
      systemData: modifiedSystemData(current.meta.systemData, by.caller ?? RUN_CALLER, by.now),
    };
    await this.children.replace(fleet, meta, { ...current.doc, state }, current.tableETag);
    return meta;
  }

  delete(fleet: FleetRef, name: string): Promise<boolean> {
    return this.children.delete(fleet, name);
  }
}

function whereOf(filter: GateFilter): string | undefined {
  const clauses = [
    ...(filter.state !== undefined ? [odata`state eq ${filter.state}`] : []),
    ...(filter.gateType !== undefined ? [odata`gateType eq ${filter.gateType}`] : []),
    ...(filter.runName !== undefined ? [odata`runName eq ${filter.runName.toLowerCase()}`] : []),
  ];
  return clauses.length > 0 ? clauses.join(' and ') : undefined;
}
