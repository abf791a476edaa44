import { SUBSCRIPTION, type FleetStack } from '../../support/fleet-stack';
import { RG } from '../../support/fleet-fixtures';

/** api-version 2026-06-01 calls the official 2.0.0 client cannot make (gates, gated strategies). */
const V = 'api-version=2026-06-01';

export interface RawGate {
  id: string;
  name: string;
  eTag: string;
  properties: {
    displayName?: string;
    gateType: string;
    state: string;
    target: { id: string; updateRunProperties: { name: string; stage?: string; group?: string; timing: string } };
  };
}

export interface RawGateStatus {
  displayName?: string;
  gateId?: string;
  status: { state: string };
}

export interface RawRunStatus {
  status: { state: string };
  stages: Array<{
    name: string;
    status: { state: string };
    beforeGates?: RawGateStatus[];
    afterGates?: RawGateStatus[];
    afterStageWaitStatus?: { status: { state: string } };
    groups: Array<{
      name: string;
      status: { state: string };
      beforeGates?: RawGateStatus[];
      afterGates?: RawGateStatus[];
      members: Array<{ name: string; status: { state: string }; message?: string }>;
    }>;
  }>;
}

const fleetPath = (fleet: string): string =>
  `/subscriptions/${SUBSCRIPTION}/resourceGroups/${RG}/providers/Microsoft.ContainerService/fleets/${fleet}`;

export async function raw(
  stack: FleetStack,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: Record<string, unknown> }> {
  const sep = path.includes('?') ? '&' : '?';
  const response = await fetch(`${stack.devhost.url}${path}${sep}${V}`, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

/** The fleet's gates; `filter` as `$filter`. */
export async function listGates(stack: FleetStack, fleet: string, filter?: string): Promise<RawGate[]> {
  const query = filter ? `?$filter=${encodeURIComponent(filter)}` : '';
  const response = await raw(stack, 'GET', `${fleetPath(fleet)}/gates${query}`);
  if (response.status !== 200) throw new Error(`list gates: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body.value as RawGate[];
}

export function approveGate(stack: FleetStack, fleet: string, gate: string, headers: Record<string, string> = {}) {
  return raw(stack, 'PATCH', `${fleetPath(fleet)}/gates/${gate}`, { properties: { state: 'Completed' } }, headers);
}

export function putRun(stack: FleetStack, fleet: string, run: string, properties: unknown) {
  return raw(stack, 'PUT', `${fleetPath(fleet)}/updateRuns/${run}`, { properties });
}

export async function runStatusOf(stack: FleetStack, fleet: string, run: string): Promise<RawRunStatus> {
  const response = await raw(stack, 'GET', `${fleetPath(fleet)}/updateRuns/${run}`);
  if (response.status !== 200) throw new Error(`GET run: ${response.status} ${JSON.stringify(response.body)}`);
  return (response.body.properties as { status: RawRunStatus }).status;
}

/** Polls the run's status until `done` holds; fails with the last status. */
export async function statusWhen(
  stack: FleetStack,
  fleet: string,
  run: string,
  done: (status: RawRunStatus) => boolean,
  timeoutMs = 60_000,
): Promise<RawRunStatus> {
  const deadline = Date.now() + timeoutMs;
  let last: RawRunStatus | undefined;
  while (Date.now() < deadline) {
    last = await runStatusOf(stack, fleet, run);
    if (done(last)) return last;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`run ${run}: condition not met; last status: ${JSON.stringify(last)}`);
}

/** Polls until the fleet has exactly one Pending gate, and returns it. */
export async function thePendingGate(stack: FleetStack, fleet: string, timeoutMs = 30_000): Promise<RawGate> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const pending = await listGates(stack, fleet, 'state eq Pending');
    if (pending.length === 1 && pending[0]) return pending[0];
    if (pending.length > 1) throw new Error(`more than one Pending gate: ${JSON.stringify(pending)}`);
    if (Date.now() > deadline) throw new Error('no Pending gate');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
