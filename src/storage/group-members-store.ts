import { odata } from '@azure/data-tables';
import { z } from 'zod';
import type { FleetRef } from '../api/ids';
import { statusKey } from '../api/update-run-status';
import type { GroupMember } from '../domain/group-engine';
import { prefixEnd, type EntityTable, type Row } from './entity-table';
import { runGroupPartitionKey, runStatusPartitionKey } from './keys';

const MemberRowSchema = z.object({
  status: z.string().optional(),
  clusterResourceId: z.string(),
  order: z.number().int().optional(),
  notBefore: z.string().optional(),
});
const StoredStatusSchema = z.object({ state: z.string(), startTime: z.string().optional() });

/** A member row of a group partition: the member, its state and (while Pending) when its window opens. */
export interface GroupMemberRow extends GroupMember {
  state: string;
  notBefore?: string;
}

/** Members that need nothing more done (their group never takes them again). */
const FINISHED = ['Completed', 'Skipped'];

/**
 * A group's member rows, read a page at a time (keyset on the row key, which orders members by name as the plan
 * does) or by what they wait for: what lets a group of any size read only what it works on next.
 */
export class GroupMembersStore {
  constructor(readonly table: EntityTable) {}

  /**
   * Up to `limit` unfinished members after the member named `after`, in plan order; `last` is the name of the last
   * row read (finished ones included), `exhausted` whether no row follows.
   */
  async page(
    group: GroupRef,
    options: { after?: string; limit: number },
  ): Promise<{ members: GroupMemberRow[]; last?: string; exhausted: boolean }> {
    const prefix = memberPrefix(group);
    const found: GroupMemberRow[] = [];
    let last = options.after;
    for (;;) {
      const { rows, more } = await this.table.range({
        partitionKey: partitionOf(group),
        from: prefix,
        to: prefixEnd(prefix),
        ...(last !== undefined ? { after: prefix + last } : {}),
        top: options.limit,
      });
      for (const row of rows) {
        const member = parseRow(row, prefix);
        last = member.name;
        if (!FINISHED.includes(member.state)) found.push(member);
      }
      if (!more) return { members: found, ...(last !== undefined ? { last } : {}), exhausted: true };
      if (found.length > 0) return { members: found, ...(last !== undefined ? { last } : {}), exhausted: false };
    }
  }

  /** Every member of the group still Pending on a maintenance window. */
  async pending(group: GroupRef): Promise<GroupMemberRow[]> {
    await this.table.ensure();
    const prefix = memberPrefix(group);
    const filter = `${odata`PartitionKey eq ${partitionOf(group)}`} and notBefore gt ''`;
    const rows: GroupMemberRow[] = [];
    for await (const entity of this.table.client.listEntities<Record<string, unknown>>({ queryOptions: { filter } })) {
      const { partitionKey, rowKey, etag, timestamp: _t, ...columns } = entity;
      const row = parseRow(
        { partitionKey: partitionKey ?? '', rowKey: rowKey ?? '', columns, tableETag: etag },
        prefix,
      );
      if (row.state === 'Pending') rows.push(row);
    }
    return rows;
  }

  /** The rows of the named members of the group (names of other groups' members are ignored). */
  async some(group: GroupRef, names: readonly string[]): Promise<GroupMemberRow[]> {
    const prefix = memberPrefix(group);
    const rows = await Promise.all(names.map((name) => this.table.get(partitionOf(group), prefix + name)));
    return rows.flatMap((row) => (row ? [parseRow(row, prefix)] : []));
  }

  /** Every member row of the group (for its end: the group's state rolls up from them). */
  async all(group: GroupRef): Promise<GroupMemberRow[]> {
    const prefix = memberPrefix(group);
    const rows = await this.table.all({ partitionKey: partitionOf(group), from: prefix, to: prefixEnd(prefix) });
    return rows.map((row) => parseRow(row, prefix));
  }
}

/** Which group: its run and its place in the run. */
export interface GroupRef {
  fleet: FleetRef;
  runName: string;
  stage: string;
  group: string;
}

const partitionOf = (g: GroupRef): string =>
  runGroupPartitionKey(runStatusPartitionKey(g.fleet, g.runName), g.stage, g.group);
const memberPrefix = (g: GroupRef): string => `${statusKey.member(g.stage, g.group, '')}`;

function parseRow(row: Row, prefix: string): GroupMemberRow {
  const columns = MemberRowSchema.parse(row.columns);
  const status = columns.status === undefined ? undefined : StoredStatusSchema.parse(JSON.parse(columns.status));
  return {
    name: row.rowKey.slice(prefix.length),
    clusterResourceId: columns.clusterResourceId,
    order: columns.order ?? 0,
    state: status?.state ?? 'NotStarted',
    ...(status?.startTime !== undefined && status.state === 'Pending' ? { startTime: status.startTime } : {}),
    ...(columns.notBefore !== undefined ? { notBefore: columns.notBefore } : {}),
  };
}
