import { TableClient } from '@azure/data-tables';

/** Counts the Table Storage reads (queries and point reads) this process makes until `restore()`. */
export function countStorageReads(): { count: () => number; restore: () => void } {
  const proto = TableClient.prototype as unknown as Record<string, (...args: unknown[]) => unknown>;
  const originals = { listEntities: proto.listEntities, getEntity: proto.getEntity };
  let calls = 0;
  for (const [name, original] of Object.entries(originals)) {
    proto[name] = function (this: unknown, ...args: unknown[]) {
      calls++;
      return original?.apply(this, args);
    };
  }
  return { count: () => calls, restore: () => Object.assign(proto, originals) };
}
