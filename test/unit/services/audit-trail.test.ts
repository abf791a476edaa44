import { describe, expect, it } from 'vitest';
import type { AuditRecord } from '../../../src/api/audit-event.schema';
import { ArmError } from '../../../src/api/errors';
import type { FleetRef } from '../../../src/api/ids';
import { auditLine, auditSystemAction, outcomeOf } from '../../../src/services/audit-trail';
import type { AuditStore } from '../../../src/storage/audit-store';

const FLEET: FleetRef = {
  subscriptionId: '00000000-0000-0000-0000-000000000001',
  resourceGroupName: 'rg',
  fleetName: 'f',
};

/** An audit store that keeps what it is given, and a log that keeps its lines. */
function aTrail() {
  const records: AuditRecord[] = [];
  const lines: string[] = [];
  const audit = { append: (_fleet: FleetRef, record: AuditRecord) => Promise.resolve(String(records.push(record))) };
  const log = { info: (line: string) => lines.push(line), error: (line: string) => lines.push(`ERROR ${line}`) };
  return { stores: { audit: audit as unknown as AuditStore }, records, lines, log };
}

const START = {
  fleet: FLEET,
  operation: 'Microsoft.ContainerService/fleets/updateRuns/start/action',
  target: '/subscriptions/…/fleets/f/updateRuns/r1',
  caller: { id: 'Microsoft.ContainerService/fleets/autoUpgradeProfiles', type: 'Application' },
  requestId: 'invocation-1',
};

describe('audit of what the app does on its own', () => {
  it('records a timer-started run as done by the auto-upgrade caller, and logs it', async () => {
    const trail = aTrail();
    expect(await auditSystemAction(trail.stores, START, trail.log, () => Promise.resolve('started'))).toBe('started');
    expect(trail.records).toMatchObject([
      {
        operation: START.operation,
        caller: { name: 'Microsoft.ContainerService/fleets/autoUpgradeProfiles', type: 'Application' },
        outcome: 'Succeeded',
        requestId: 'invocation-1',
      },
    ]);
    expect(trail.lines[0]).toBe(
      'Audit: Microsoft.ContainerService/fleets/autoUpgradeProfiles fleets/updateRuns/start/action f/updateRuns/r1 → Succeeded 200 (request invocation-1)',
    );
  });

  it('records a refused start as Failed with its code, and still throws', async () => {
    const trail = aTrail();
    const refused = () => Promise.reject(new ArmError('Conflict', 'already running'));
    await expect(auditSystemAction(trail.stores, START, trail.log, refused)).rejects.toThrow('already running');
    expect(trail.records).toMatchObject([{ outcome: 'Failed', statusCode: 409, errorCode: 'Conflict' }]);
  });

  it('keeps the record in the log at error level when the table refuses it', async () => {
    const trail = aTrail();
    trail.stores.audit = { append: () => Promise.reject(new Error('table down')) } as unknown as AuditStore;
    await auditSystemAction(trail.stores, START, trail.log, () => Promise.resolve());
    expect(trail.lines[0]).toMatch(/^ERROR Audit record not stored \{.*"outcome":"Succeeded"/);
  });

  it('reads 403 as Denied, other errors as Failed', () => {
    expect([outcomeOf(201), outcomeOf(403), outcomeOf(409), outcomeOf(500)]).toEqual([
      'Succeeded',
      'Denied',
      'Failed',
      'Failed',
    ]);
  });
});

describe('the audit log line', () => {
  it('reads as one sentence: who, what, on which resource of the fleet, how it ended, which request', () => {
    const line = auditLine({
      timestamp: '2026-12-02T16:10:06.817Z',
      operation: 'Microsoft.ContainerService/fleets/members/write',
      target:
        '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/fleet-demo/providers/Microsoft.ContainerService/fleets/demo-fleet/members/member1',
      caller: { objectId: 'anonymous', name: 'anonymous', type: 'Anonymous' },
      requestId: 'r-1',
      outcome: 'Failed',
      statusCode: 409,
      errorCode: 'Conflict',
    });
    expect(line).toBe(
      'Audit: anonymous fleets/members/write demo-fleet/members/member1 → Failed 409 Conflict (request r-1)',
    );
  });
});
