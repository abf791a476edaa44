import { odata } from '@azure/data-tables';
import { randomUUID } from 'node:crypto';
import { AuditRecordSchema, type AuditFilter, type AuditRecord } from '../api/audit-event.schema';
import type { FleetRef } from '../api/ids';
import type { Page, PageRequest } from '../api/paging';
import type { EntityTable, Row } from './entity-table';
import { packJson, unpackJson } from './json-columns';
import { fleetScopeKey } from './keys';

/** A stored audit record and its name (its RowKey). */
export interface AuditEntry {
  name: string;
  record: AuditRecord;
}

/** Milliseconds since the epoch fit 13 digits until the year 2286; inverted, the newest record sorts first. */
const LATEST_MS = 9_999_999_999_999;
const invertedTime = (iso: string): string => String(LATEST_MS - Date.parse(iso)).padStart(13, '0');

let lastTime = '';
let sequence = 0;
/** Keeps this instance's records of one millisecond in the order they were appended (newest first, too). */
function invertedSequence(iso: string): string {
  sequence = iso === lastTime ? Math.min(sequence + 1, 999) : 0;
  lastTime = iso;
  return String(999 - sequence).padStart(3, '0');
}

/**
 * The audit trail: one partition per fleet (the fleet's scope key), one row per audited request, newest first.
 * Append-only: this store has no way to change or delete a row, and a fleet's delete leaves its trail.
 */
export class AuditStore {
  constructor(private readonly table: EntityTable) {}

  /** Appends a record and returns its name. */
  async append(fleet: FleetRef, record: AuditRecord): Promise<string> {
    const name = `${invertedTime(record.timestamp)}${invertedSequence(record.timestamp)}-${randomUUID()}`;
    await this.table.create(fleetScopeKey(fleet), name, {
      operation: record.operation.toLowerCase(),
      outcome: record.outcome,
      target: record.target.toLowerCase(),
      callerName: record.caller.name.toLowerCase(),
      callerObjectId: record.caller.objectId.toLowerCase(),
      ...packJson(record),
    });
    return name;
  }

  /** A page of a fleet's records, newest first, narrowed by `filter` (the time window is a key range). */
  async list(fleet: FleetRef, page: PageRequest, filter: AuditFilter = {}): Promise<Page<AuditEntry>> {
    const where = whereOf(filter);
    const { rows, more } = await this.table.range({
      partitionKey: fleetScopeKey(fleet),
      from: filter.to !== undefined ? invertedTime(filter.to) : '0',
      to: filter.from !== undefined ? String(Number(invertedTime(filter.from)) + 1).padStart(13, '0') : ':',
      ...(page.after !== undefined ? { after: page.after } : {}),
      top: page.top,
      ...(where !== undefined ? { where } : {}),
    });
    const items = rows.map((row) => ({ name: row.rowKey, record: recordOf(row) }));
    const last = items.at(-1);
    return more && last ? { items, continueAfter: last.name } : { items };
  }
}

/** A stored record, validated; a bad row is this app's fault (500), never a 400 naming a request field. */
function recordOf(row: Row): AuditRecord {
  const parsed = AuditRecordSchema.safeParse(unpackJson(row.columns));
  if (!parsed.success) throw new Error(`Stored audit row ${row.partitionKey}/${row.rowKey} is invalid`);
  return parsed.data;
}

function whereOf(filter: AuditFilter): string | undefined {
  const clauses = [
    ...(filter.operation !== undefined ? [odata`operation eq ${filter.operation.toLowerCase()}`] : []),
    ...(filter.outcome !== undefined ? [odata`outcome eq ${filter.outcome}`] : []),
    ...(filter.target !== undefined ? [odata`target eq ${filter.target.toLowerCase()}`] : []),
    ...(filter.callerName !== undefined ? [odata`callerName eq ${filter.callerName.toLowerCase()}`] : []),
    ...(filter.callerObjectId !== undefined ? [odata`callerObjectId eq ${filter.callerObjectId.toLowerCase()}`] : []),
  ];
  return clauses.length > 0 ? clauses.join(' and ') : undefined;
}
