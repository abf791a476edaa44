/** ARM `systemData`, timestamps as ISO strings. */
export interface SystemData {
  createdBy?: string;
  createdByType?: string;
  createdAt: string;
  lastModifiedBy?: string;
  lastModifiedByType?: string;
  lastModifiedAt: string;
}

/** What every stored resource carries besides its own properties. */
export interface ResourceMeta {
  name: string;
  eTag: string;
  provisioningState: string;
  systemData: SystemData;
}

/** Who is writing, as far as the request says (local mode has no token, so this is often unknown). */
export interface Caller {
  id?: string;
  type?: string;
}

export function createdSystemData(caller: Caller, now: string): SystemData {
  return {
    ...(caller.id !== undefined ? { createdBy: caller.id, lastModifiedBy: caller.id } : {}),
    ...(caller.type !== undefined ? { createdByType: caller.type, lastModifiedByType: caller.type } : {}),
    createdAt: now,
    lastModifiedAt: now,
  };
}

export function modifiedSystemData(previous: SystemData, caller: Caller, now: string): SystemData {
  const { lastModifiedBy: _by, lastModifiedByType: _type, ...kept } = previous;
  return {
    ...kept,
    ...(caller.id !== undefined ? { lastModifiedBy: caller.id } : {}),
    ...(caller.type !== undefined ? { lastModifiedByType: caller.type } : {}),
    lastModifiedAt: now,
  };
}
