import { createHash } from 'node:crypto';
import { odata } from '@azure/data-tables';
import type { FleetRef } from '../api/ids';
import type { RunControl } from '../orchestrators/contracts';
import { byPartitionKey, type EntityTable, type Row } from './entity-table';
import { partitionsUnder, runStatusPartitionKey } from './keys';
import { CONTROL_ROW, controlOf } from './run-control-store';
import {
  GROUP_VERSION_ROW,
  mergeProgress,
  parseRows,
  type ParsedRows,
  type StoredRunProgress,
} from './run-status-rows';

/** One run's status as stored when it was read, and a version that changes whenever anything in it changes. */
export interface RunStatusSnapshot {
  /** Undefined while the run never started: no status row in the run's partition yet. */
  progress: StoredRunProgress | undefined;
  control: RunControl;
  /** Equal versions mean equal rows: the run partition's content and every group partition's version. */
  version: string;
}

/** A group partition as last read: `label` is its version row's writeId, or a digest of its rows if it has none. */
interface GroupPartition {
  label: string;
  versioned: boolean;
  parsed: ParsedRows;
}

interface CachedRun {
  groups: Map<string, GroupPartition>;
  snapshot: RunStatusSnapshot;
}

/** Runs whose group partitions stay in memory (the least recently read go first). */
const MAX_CACHED_RUNS = 32;
/** Changed partitions read by one query (a filter of partition keys): a busy run of 250 groups costs a few queries. */
const PARTITIONS_PER_QUERY = 25;

/**
 * Reads a run's status rows, keeping each group partition in memory and reading it again only when its version row
 * changed. Every read asks storage, started after it was called: one query returns the run's own partition (run,
 * stage and wait rows, the intent) and the version row of each group partition, then only the group partitions
 * whose version differs from the one in memory are read. The version row is written in the same transaction as the
 * rows it stands for (RunStatusStore.write), so an unchanged version means unchanged rows: a read shows every write
 * that completed before it began, whatever instance made it, and never anything older than storage held then.
 * Group partitions without a version row (written before version rows existed) are read in full every time.
 */
export class RunStatusSnapshots {
  private readonly runs = new Map<string, CachedRun>();

  constructor(private readonly table: EntityTable) {}

  async read(fleet: FleetRef, runName: string): Promise<RunStatusSnapshot> {
    const runPartition = runStatusPartitionKey(fleet, runName);
    const cached = this.runs.get(runPartition);
    const [head, all] = await Promise.all([
      this.readHead(runPartition),
      cached ? undefined : this.readGroups(runPartition),
    ]);
    const groups = all ?? (await this.refresh(runPartition, cached?.groups ?? new Map(), head.versions));
    const version = versionOf(head.own, groups);
    const snapshot =
      cached?.snapshot.version === version ? cached.snapshot : toSnapshot(head.own, [...groups.values()], version);
    this.runs.delete(runPartition);
    this.runs.set(runPartition, { groups, snapshot });
    for (const stale of this.runs.keys()) {
      if (this.runs.size <= MAX_CACHED_RUNS) break;
      this.runs.delete(stale);
    }
    return snapshot;
  }

  /** In one range query: every row of the run's partition, and the version row of each of its group partitions. */
  private async readHead(runPartition: string): Promise<{ own: Row[]; versions: Map<string, string> }> {
    const { from, to } = partitionsUnder(runPartition);
    const rows = await this.table.where(
      `${odata`PartitionKey ge ${runPartition}`} and ${odata`PartitionKey lt ${to}`} and ` +
        `(${odata`PartitionKey eq ${runPartition}`} or (${odata`PartitionKey ge ${from}`} and ` +
        `${odata`RowKey eq ${GROUP_VERSION_ROW}`}))`,
    );
    const versions = new Map<string, string>();
    for (const row of rows) {
      if (row.partitionKey !== runPartition) versions.set(row.partitionKey, writeIdOf(row));
    }
    return { own: rows.filter((row) => row.partitionKey === runPartition), versions };
  }

  /** Every group partition of the run, read whole. */
  private async readGroups(runPartition: string): Promise<Map<string, GroupPartition>> {
    const rows = await this.table.allInPartitions(partitionsUnder(runPartition));
    return new Map([...byPartitionKey(rows)].map(([partitionKey, rows]) => [partitionKey, groupPartition(rows)]));
  }

  /** Keeps the partitions whose version is unchanged and reads the others again (a deleted one is gone). */
  private async refresh(
    runPartition: string,
    known: ReadonlyMap<string, GroupPartition>,
    versions: ReadonlyMap<string, string>,
  ): Promise<Map<string, GroupPartition>> {
    const groups = new Map<string, GroupPartition>();
    for (const [partitionKey, writeId] of versions) {
      const group = known.get(partitionKey);
      if (group?.versioned && group.label === writeId) groups.set(partitionKey, group);
    }
    const unversioned = [...known].filter(([, group]) => !group.versioned).map(([partitionKey]) => partitionKey);
    const changed = [...new Set([...versions.keys(), ...unversioned])].filter((key) => !groups.has(key));
    const chunks = Array.from({ length: Math.ceil(changed.length / PARTITIONS_PER_QUERY) }, (_, i) =>
      changed.slice(i * PARTITIONS_PER_QUERY, (i + 1) * PARTITIONS_PER_QUERY),
    );
    // Bounded by the run's range, so Table Storage scans this run's partitions only, not the table.
    const { from, to } = partitionsUnder(runPartition);
    const inRun = `${odata`PartitionKey ge ${from}`} and ${odata`PartitionKey lt ${to}`}`;
    const reads = await Promise.all(
      chunks.map((keys) =>
        this.table.where(`${inRun} and (${keys.map((key) => odata`PartitionKey eq ${key}`).join(' or ')})`),
      ),
    );
    // A partition with no rows left (deleted) is gone from the run.
    for (const [partitionKey, rows] of byPartitionKey(reads.flat())) groups.set(partitionKey, groupPartition(rows));
    return groups;
  }
}

function writeIdOf(row: Row): string {
  return typeof row.columns.writeId === 'string' ? row.columns.writeId : '';
}

/** A group partition's rows, parsed, labelled by the version row read with them (never by one read before). */
function groupPartition(rows: readonly Row[]): GroupPartition {
  const version = rows.find((row) => row.rowKey === GROUP_VERSION_ROW);
  const label = version ? writeIdOf(version) : digest(rows.map((row) => [row.rowKey, row.columns]));
  return { label, versioned: version !== undefined, parsed: parseRows(rows) };
}

/** The run partition's content (a handful of rows) and each group partition's label. */
function versionOf(own: readonly Row[], groups: ReadonlyMap<string, GroupPartition>): string {
  const labels = [...groups].map(([partitionKey, group]) => `${partitionKey}=${group.label}`).sort();
  return digest([own.map((row) => [row.rowKey, row.columns]), labels]);
}

function digest(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('base64url');
}

function toSnapshot(own: readonly Row[], groups: readonly GroupPartition[], version: string): RunStatusSnapshot {
  const started = own.some((row) => row.rowKey !== CONTROL_ROW);
  return {
    progress: started ? mergeProgress([parseRows(own), ...groups.map((group) => group.parsed)]) : undefined,
    control: controlOf(own.find((row) => row.rowKey === CONTROL_ROW)),
    version,
  };
}
