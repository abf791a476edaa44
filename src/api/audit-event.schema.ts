import { z } from 'zod';
import { ArmError } from './errors';

/** How an audited request ended: done, refused by the API (4xx/5xx), or refused for want of a role (403). */
export const AUDIT_OUTCOMES = ['Succeeded', 'Failed', 'Denied'] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

/** One audit record: who did what to which resource, when, in which request, and how it ended. Stored as is. */
export const AuditRecordSchema = z.object({
  timestamp: z.iso.datetime({ offset: true }),
  /** ARM's operation name, e.g. `Microsoft.ContainerService/fleets/updateRuns/start/action`. */
  operation: z.string().min(1),
  /** The ARM id of the resource acted on. */
  target: z.string().min(1),
  caller: z.object({ objectId: z.string(), name: z.string(), type: z.string() }),
  requestId: z.string().min(1),
  correlationId: z.string().optional(),
  outcome: z.enum(AUDIT_OUTCOMES),
  statusCode: z.number().int(),
  errorCode: z.string().optional(),
});
export type AuditRecord = z.infer<typeof AuditRecordSchema>;

export const AUDIT_EVENT_TYPE = 'Microsoft.ContainerService/fleets/auditEvents';

/** The ARM view of a stored record: a read-only proxy resource under its fleet. */
export function auditEventView(fleetId: string, name: string, record: AuditRecord) {
  return { id: `${fleetId}/auditEvents/${name}`, name, type: AUDIT_EVENT_TYPE, properties: record };
}

/** What a list of audit events may be filtered on: exact values (case-insensitive) and a time window. */
export interface AuditFilter {
  operation?: string;
  outcome?: AuditOutcome;
  target?: string;
  callerName?: string;
  callerObjectId?: string;
  from?: string;
  to?: string;
}

type EqField = 'operation' | 'outcome' | 'target' | 'callerName' | 'callerObjectId';
const EQ_FIELDS: Record<string, EqField> = {
  operation: 'operation',
  outcome: 'outcome',
  target: 'target',
  'caller/name': 'callerName',
  'caller/objectid': 'callerObjectId',
};
const CLAUSE = /^\s*(?:properties\/)?([A-Za-z/]+)\s+(eq|ge|le)\s+'((?:[^']|'')*)'\s*$/i;

function invalidFilter(message: string): ArmError {
  return new ArmError('InvalidParameter', `The $filter is not valid: ${message}`, { target: '$filter' });
}

/**
 * Parses `$filter`: clauses joined by `and`, each `<field> eq '<value>'` on operation, outcome, target, caller/name
 * or caller/objectId, or `timestamp ge|le '<ISO time>'` (each field also under `properties/`).
 */
export function parseAuditFilter(text: string | null): AuditFilter {
  if (text === null || text.trim() === '') return {};
  const filter: AuditFilter = {};
  for (const clause of text.split(/\s+and\s+/i)) {
    const match = CLAUSE.exec(clause);
    if (!match) throw invalidFilter(`'${clause.trim()}' is not '<field> eq|ge|le '<value>''.`);
    const [, rawField = '', op = '', rawValue = ''] = match;
    const field = rawField.toLowerCase();
    const value = rawValue.replaceAll("''", "'");
    if (field === 'timestamp') {
      if (op.toLowerCase() === 'eq' || Number.isNaN(Date.parse(value))) {
        throw invalidFilter(`timestamp takes ge or le and an ISO 8601 time, not '${clause.trim()}'.`);
      }
      filter[op.toLowerCase() === 'ge' ? 'from' : 'to'] = new Date(value).toISOString();
      continue;
    }
    const key = EQ_FIELDS[field];
    if (!key || op.toLowerCase() !== 'eq') {
      throw invalidFilter(`audit events can be filtered with eq on ${Object.keys(EQ_FIELDS).join(', ')}.`);
    }
    if (key === 'outcome') {
      const outcome = AUDIT_OUTCOMES.find((o) => o.toLowerCase() === value.toLowerCase());
      if (!outcome) throw invalidFilter(`outcome must be one of ${AUDIT_OUTCOMES.join(', ')}, not '${value}'.`);
      filter.outcome = outcome;
    } else filter[key] = value;
  }
  return filter;
}
