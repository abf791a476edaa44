import { createHash } from 'node:crypto';
import { z } from 'zod';
import { ArmError } from './errors';
import { REQUIRED } from './common.schema';

/**
 * Gates (`Microsoft.ContainerService/fleets/gates`, api-version 2026-06-01): created by an update run when it
 * reaches a gate of a stage or group, approved by a user (`PATCH` to Completed), skipped with what they guard, and
 * deleted with their run.
 */
export const GATE_STATES = ['Pending', 'Skipped', 'Completed'] as const;
export type GateState = (typeof GATE_STATES)[number];
export type GateTiming = 'Before' | 'After';

export const GateDocSchema = z.object({
  displayName: z.string().optional(),
  gateType: z.enum(['Approval']),
  target: z.object({
    id: z.string(),
    updateRunProperties: z.object({
      name: z.string(),
      stage: z.string().optional(),
      group: z.string().optional(),
      timing: z.enum(['Before', 'After']),
    }),
  }),
  state: z.enum(GATE_STATES),
  /** Internal, never shown: the gate's row in its run's status (`statusKey.gate`). */
  statusKey: z.string(),
});
export type GateDoc = z.infer<typeof GateDocSchema>;

/** `PATCH …/gates/{name}`: only `properties.state`, and only to Completed (the run sets Pending and Skipped). */
export const GatePatchSchema = z.strictObject({
  properties: z.strictObject(
    {
      state: z
        .enum(GATE_STATES, REQUIRED)
        .refine(
          (state) => state === 'Completed',
          "must be 'Completed': a gate is approved by setting it Completed; the update run sets Pending and Skipped",
        ),
    },
    REQUIRED,
  ),
});

/**
 * A gate's name: a GUID derived from what it guards (the run, when the run was created, the stage, group, timing and
 * place in its list), so a restarted or replayed run finds the gate it created instead of making a second one.
 */
export function gateNameFor(seed: string): string {
  const hex = createHash('sha256').update(seed.toLowerCase()).digest('hex');
  // Shaped as a version-5-style UUID (version and variant bits set) so it looks like any other GUID.
  const variant = ((parseInt(hex.charAt(16), 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export const GATE_NAME_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** What a list of gates may be filtered on (`$filter`). */
export interface GateFilter {
  state?: GateState;
  gateType?: string;
  runName?: string;
}

const FILTER_FIELDS: Record<string, keyof GateFilter> = {
  state: 'state',
  'properties/state': 'state',
  gatetype: 'gateType',
  'properties/gatetype': 'gateType',
  'target/updaterunproperties/name': 'runName',
  'properties/target/updaterunproperties/name': 'runName',
};

const CLAUSE = /^\s*([A-Za-z/]+)\s+eq\s+(?:'((?:[^']|'')*)'|([A-Za-z0-9-]+))\s*$/i;

function invalidFilter(message: string): ArmError {
  return new ArmError('InvalidParameter', `The $filter is not valid: ${message}`, { target: '$filter' });
}

/**
 * Parses the OData `$filter` a gate list takes: `<field> eq <value>` clauses joined by `and`, on `state`,
 * `gateType` and `target/updateRunProperties/name` (each also under `properties/`); `az fleet gate list --state`
 * sends `state eq Pending`.
 */
export function parseGateFilter(text: string | null): GateFilter {
  if (text === null || text.trim() === '') return {};
  const filter: GateFilter = {};
  for (const clause of text.split(/\s+and\s+/i)) {
    const match = CLAUSE.exec(clause);
    if (!match) throw invalidFilter(`'${clause.trim()}' is not '<field> eq <value>'.`);
    const field = FILTER_FIELDS[(match[1] ?? '').toLowerCase()];
    if (!field) {
      throw invalidFilter(
        `gates can be filtered on state, gateType and target/updateRunProperties/name, not '${match[1]}'.`,
      );
    }
    const value = match[2] !== undefined ? match[2].replaceAll("''", "'") : (match[3] ?? '');
    if (field === 'state') {
      const state = GATE_STATES.find((s) => s.toLowerCase() === value.toLowerCase());
      if (!state) throw invalidFilter(`state must be one of ${GATE_STATES.join(', ')}, not '${value}'.`);
      filter.state = state;
    } else {
      filter[field] = value;
    }
  }
  return filter;
}
