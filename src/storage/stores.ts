import { RestError } from '@azure/data-tables';
import { z } from 'zod';
import { getConfig, onConfigChange, type AppConfig } from '../config';
import { MemberDocSchema, type MemberDoc } from '../api/member.schema';
import { strategySchema, type UpdateRunStrategy } from '../api/strategy.schema';
import { UpdateRunDocSchema, type UpdateRunDoc } from '../api/update-run.schema';
import { ChildStore } from './child-store';
import { ClusterClaims } from './cluster-claims';
import { EntityTable } from './entity-table';
import { FleetStore } from './fleet-store';
import { GateStore } from './gate-store';
import { GroupMembersStore } from './group-members-store';
import { ActiveRunsStore } from './active-runs-store';
import { AuditStore } from './audit-store';
import { AutoUpgradeProfileStore } from './auto-upgrade-profile-store';
import { RunControlStore } from './run-control-store';
import { RunStatusStore } from './run-status-store';
import { createTableClient } from './table-client';

/** Table names, after the configured prefix. Documented in docs/storage-layout.md. */
export const TABLE_SUFFIXES = {
  fleets: 'Fleets',
  fleetResources: 'FleetResources',
  clusterClaims: 'ClusterClaims',
  runStatus: 'UpdateRunStatus',
  auditEvents: 'AuditEvents',
} as const;

export interface StrategyDoc {
  strategy: UpdateRunStrategy;
}

/** Every repository the API uses, over one storage account. */
export interface Stores {
  fleets: FleetStore;
  fleetResources: EntityTable;
  members: ChildStore<MemberDoc>;
  strategies: ChildStore<StrategyDoc>;
  runs: ChildStore<UpdateRunDoc>;
  gates: GateStore;
  autoUpgradeProfiles: AutoUpgradeProfileStore;
  claims: ClusterClaims;
  runStatus: RunStatusStore;
  groupMembers: GroupMembersStore;
  runControl: RunControlStore;
  activeRuns: ActiveRunsStore;
  /** The append-only audit trail of every write and action. */
  audit: AuditStore;
}

export function createStores(config: AppConfig): Stores {
  const table = (suffix: string) => new EntityTable(createTableClient(config, suffix));
  const fleetResources = table(TABLE_SUFFIXES.fleetResources);
  const runStatusTable = table(TABLE_SUFFIXES.runStatus);
  return {
    fleets: new FleetStore(table(TABLE_SUFFIXES.fleets)),
    fleetResources,
    members: new ChildStore(fleetResources, 'members', MemberDocSchema, (doc) => ({
      clusterResourceId: doc.clusterResourceId.toLowerCase(),
      ...(doc.group !== undefined ? { group: doc.group } : {}),
    })),
    strategies: new ChildStore(
      fleetResources,
      'updateStrategies',
      z.object({ strategy: strategySchema('2026-06-01') }),
    ),
    runs: new ChildStore(fleetResources, 'updateRuns', UpdateRunDocSchema),
    gates: new GateStore(fleetResources),
    autoUpgradeProfiles: new AutoUpgradeProfileStore(fleetResources),
    claims: new ClusterClaims(table(TABLE_SUFFIXES.clusterClaims)),
    runStatus: new RunStatusStore(runStatusTable),
    groupMembers: new GroupMembersStore(runStatusTable),
    runControl: new RunControlStore(runStatusTable),
    activeRuns: new ActiveRunsStore(runStatusTable),
    audit: new AuditStore(table(TABLE_SUFFIXES.auditEvents)),
  };
}

let cached: Stores | undefined;
onConfigChange(() => (cached = undefined));

/** The process-wide stores for the current configuration. */
export function getStores(): Promise<Stores> {
  return Promise.resolve().then(() => (cached ??= createStores(getConfig())));
}

/** True when table storage answers (used by the health endpoint). */
export async function storageReachable(timeoutMs = 3000): Promise<boolean> {
  try {
    const client = createTableClient(getConfig(), TABLE_SUFFIXES.fleets);
    const probe = client
      .listEntities({ queryOptions: { filter: "PartitionKey eq 'healthz'" } })
      .byPage({ maxPageSize: 1 });
    const timeout = new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error('timeout')), timeoutMs).unref(),
    );
    await Promise.race([probe.next(), timeout]);
    return true;
  } catch (error) {
    // A missing table still proves the service answers.
    return error instanceof RestError && error.statusCode === 404;
  }
}
