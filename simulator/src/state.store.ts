import { CatalogSchema, DEFAULT_CATALOG, type Catalog } from './catalog.schema';
import { CatalogView } from './catalog';
import {
  ClusterRecordSchema,
  MaintenanceRecordSchema,
  OperationRecordSchema,
  type ClusterRecord,
  type MaintenanceRecord,
  type OperationRecord,
} from './state.schema';
import { ETagStamps } from './etags';
import { JsonTable } from './table-store';

/** Case-insensitive identity of a cluster, as ARM resource names are. */
export function clusterKey(subscriptionId: string, resourceGroup: string, name: string): string {
  return `${subscriptionId}~${resourceGroup}~${name}`.toLowerCase();
}

/**
 * All simulator state: kept in memory for fast reads, written through to Azurite tables
 * (`<prefix>Clusters`, `<prefix>Maintenance`, `<prefix>Operations`, `<prefix>Config`) so a restart resumes.
 */
export class SimState {
  readonly clusters = new Map<string, ClusterRecord>();
  readonly maintenance = new Map<string, MaintenanceRecord>();
  readonly operations = new Map<string, OperationRecord>();
  /** The operations still InProgress (a handful), so nothing scans every operation ever run on each request. */
  readonly inProgress = new Map<string, OperationRecord>();
  catalog: CatalogView = new CatalogView(DEFAULT_CATALOG);
  private catalogStored = false;
  private readonly eTags = new ETagStamps();

  private constructor(
    private readonly clusterTable: JsonTable<ClusterRecord>,
    private readonly maintenanceTable: JsonTable<MaintenanceRecord>,
    private readonly operationTable: JsonTable<OperationRecord>,
    private readonly configTable: JsonTable<Catalog>,
  ) {}

  static async load(connectionString: string, prefix: string): Promise<SimState> {
    const state = new SimState(
      new JsonTable(connectionString, `${prefix}Clusters`, ClusterRecordSchema, clusterRow),
      new JsonTable(connectionString, `${prefix}Maintenance`, MaintenanceRecordSchema, maintenanceRow),
      new JsonTable(connectionString, `${prefix}Operations`, OperationRecordSchema, operationRow),
      new JsonTable(connectionString, `${prefix}Config`, CatalogSchema, () => CATALOG_ROW),
    );
    await Promise.all(state.tables().map((t) => t.ensure()));
    const [clusters, maintenance, operations, catalogs] = await Promise.all([
      state.clusterTable.all(),
      state.maintenanceTable.all(),
      state.operationTable.all(),
      state.configTable.all(),
    ]);
    for (const c of clusters) {
      const key = clusterKey(c.subscriptionId, c.resourceGroup, c.name);
      state.eTags.loaded(key, c);
      state.clusters.set(key, c);
    }
    for (const m of maintenance) state.maintenance.set(maintenanceKey(m), m);
    for (const o of operations) state.setOperation(o);
    if (catalogs[0]) {
      state.catalog = new CatalogView(catalogs[0]);
      state.catalogStored = true;
    }
    return state;
  }

  getCluster(subscriptionId: string, resourceGroup: string, name: string): ClusterRecord | undefined {
    return this.clusters.get(clusterKey(subscriptionId, resourceGroup, name));
  }

  /** Stores a cluster as it is now; every write gives it (and each pool it changes) a new eTag. */
  saveCluster(cluster: ClusterRecord): Promise<void> {
    const key = clusterKey(cluster.subscriptionId, cluster.resourceGroup, cluster.name);
    this.eTags.stamp(key, cluster);
    this.clusters.set(key, cluster);
    const [pk, rk] = clusterRow(cluster);
    return this.clusterTable.put(pk, rk, cluster);
  }

  async deleteCluster(cluster: ClusterRecord): Promise<void> {
    const key = clusterKey(cluster.subscriptionId, cluster.resourceGroup, cluster.name);
    this.clusters.delete(key);
    const configs = [...this.maintenance.values()].filter(
      (m) => clusterKey(m.subscriptionId, m.resourceGroup, m.clusterName) === key,
    );
    const [pk, rk] = clusterRow(cluster);
    await Promise.all([this.clusterTable.delete(pk, rk), ...configs.map((m) => this.deleteMaintenance(m))]);
  }

  maintenanceOf(cluster: ClusterRecord): MaintenanceRecord[] {
    const key = clusterKey(cluster.subscriptionId, cluster.resourceGroup, cluster.name);
    return [...this.maintenance.values()].filter(
      (m) => clusterKey(m.subscriptionId, m.resourceGroup, m.clusterName) === key,
    );
  }

  saveMaintenance(record: MaintenanceRecord): Promise<void> {
    const key = maintenanceKey(record);
    this.maintenance.set(key, record);
    return this.maintenanceTable.put(...maintenanceRow(record), record);
  }

  deleteMaintenance(record: MaintenanceRecord): Promise<void> {
    this.maintenance.delete(maintenanceKey(record));
    return this.maintenanceTable.delete(...maintenanceRow(record));
  }

  /** An operation as it is now, in memory (the one place both maps change). */
  setOperation(operation: OperationRecord): void {
    this.operations.set(operation.id, operation);
    if (operation.status === 'InProgress') this.inProgress.set(operation.id, operation);
    else this.inProgress.delete(operation.id);
  }

  saveOperation(operation: OperationRecord): Promise<void> {
    this.setOperation(operation);
    return this.operationTable.put(...operationRow(operation), operation);
  }

  /** True once a catalog was PUT (it then survives restarts). */
  hasStoredCatalog(): boolean {
    return this.catalogStored;
  }

  saveCatalog(catalog: Catalog): Promise<void> {
    this.catalog = new CatalogView(catalog);
    this.catalogStored = true;
    return this.configTable.put(...CATALOG_ROW, catalog);
  }

  async flush(): Promise<void> {
    await Promise.all(this.tables().map((t) => t.flush()));
  }

  private tables(): { ensure(): Promise<void>; flush(): Promise<void> }[] {
    return [this.clusterTable, this.maintenanceTable, this.operationTable, this.configTable];
  }
}

export function maintenanceKey(
  record: Pick<MaintenanceRecord, 'subscriptionId' | 'resourceGroup' | 'clusterName' | 'name'>,
): string {
  return `${clusterKey(record.subscriptionId, record.resourceGroup, record.clusterName)}~${record.name.toLowerCase()}`;
}

// Row keys: every cluster, its maintenance configurations and every operation have partitions of their own. The
// simulator reads its tables whole only when it starts, so nothing needs a range of rows, and a write never pays
// for a big partition (Azurite finds a row by a scan of its partition).
const CATALOG_ROW: [string, string] = ['catalog', 'current'];

function clusterRow(cluster: ClusterRecord): [string, string] {
  return [clusterKey(cluster.subscriptionId, cluster.resourceGroup, cluster.name), 'cluster'];
}

function maintenanceRow(record: MaintenanceRecord): [string, string] {
  return [clusterKey(record.subscriptionId, record.resourceGroup, record.clusterName), record.name.toLowerCase()];
}

function operationRow(operation: OperationRecord): [string, string] {
  return [operation.id, 'operation'];
}
