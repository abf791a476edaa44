import type { AuditOutcome, AuditRecord } from '../api/audit-event.schema';
import { toArmError } from '../api/error-response';
import type { FleetRef } from '../api/ids';
import type { Principal } from '../auth/principal';
import type { Stores } from '../storage/stores';

/** Where an audit line goes besides the table (an invocation's log). */
export interface AuditLog {
  info(message: string): void;
  error(message: string, error?: unknown): void;
}

/** What one audited write or action was, as the HTTP pipeline (or a timer) saw it. */
export interface AuditedAction {
  fleet: FleetRef;
  operation: string;
  target: string;
  principal: Pick<Principal, 'objectId' | 'name' | 'type'>;
  requestId: string;
  correlationId?: string;
  statusCode: number;
  errorCode?: string;
  now: string;
}

/** How a status reads in the trail: 403 is a refusal for want of a role, any other error a failure. */
export function outcomeOf(statusCode: number): AuditOutcome {
  if (statusCode === 403) return 'Denied';
  return statusCode >= 400 ? 'Failed' : 'Succeeded';
}

/**
 * Appends one record to the fleet's audit trail and logs it. A record the table refused is still logged in full, at
 * error level: the write it describes has happened and cannot be undone, and the log is the trail's second copy.
 */
export async function recordAudit(stores: Pick<Stores, 'audit'>, action: AuditedAction, log: AuditLog): Promise<void> {
  const { principal } = action;
  const record: AuditRecord = {
    timestamp: action.now,
    operation: action.operation,
    target: action.target,
    caller: { objectId: principal.objectId, name: principal.name, type: principal.type },
    requestId: action.requestId,
    ...(action.correlationId !== undefined ? { correlationId: action.correlationId } : {}),
    outcome: outcomeOf(action.statusCode),
    statusCode: action.statusCode,
    ...(action.errorCode !== undefined ? { errorCode: action.errorCode } : {}),
  };
  try {
    await stores.audit.append(action.fleet, record);
    log.info(auditLine(record));
  } catch (error) {
    log.error(`Audit record not stored ${JSON.stringify(record)}`, error);
  }
}

/** A write the app makes on its own (a timer starting a run), audited as one made by `caller`. */
export interface SystemAction {
  fleet: FleetRef;
  operation: string;
  target: string;
  caller: { id?: string; type?: string };
  requestId: string;
}

/** Runs `act` and appends its outcome to the fleet's trail, as the HTTP pipeline does for a request; rethrows. */
export async function auditSystemAction<T>(
  stores: Pick<Stores, 'audit'>,
  action: SystemAction,
  log: AuditLog,
  act: () => Promise<T>,
): Promise<T> {
  const id = action.caller.id ?? 'system';
  const principal = {
    objectId: id,
    name: id,
    type: action.caller.type === 'User' ? ('User' as const) : ('Application' as const),
  };
  const audited = { ...action, principal, now: new Date().toISOString() };
  try {
    const result = await act();
    await recordAudit(stores, { ...audited, statusCode: 200 }, log);
    return result;
  } catch (error) {
    const failure = toArmError(error);
    await recordAudit(stores, { ...audited, statusCode: failure.status, errorCode: failure.code }, log);
    throw error;
  }
}

/**
 * One readable line per audited request, as the log tells everything else (the record itself is in the table):
 * `Audit: anonymous fleets/members/write demo-fleet/members/member1 → Succeeded 201 (request <id>)`.
 */
export function auditLine(record: AuditRecord): string {
  const operation = record.operation.replace(/^Microsoft\.ContainerService\//, '');
  const target = record.target.replace(/^.*?\/fleets\//, '');
  const error = record.errorCode !== undefined ? ` ${record.errorCode}` : '';
  return `Audit: ${record.caller.name} ${operation} ${target} → ${record.outcome} ${record.statusCode}${error} (request ${record.requestId})`;
}
