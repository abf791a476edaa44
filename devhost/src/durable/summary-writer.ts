import type { DurableStore, InstanceRecord } from './store';

/**
 * Writes instance summary rows behind the checkpoint, in order per instance and coalesced: only the newest state
 * is written once the previous write has landed.
 */
export class SummaryWriter {
  #slots = new Map<string, { latest: InstanceRecord; writing: Promise<void> | undefined }>();

  constructor(
    private readonly store: DurableStore,
    private readonly log: (message: string) => void,
  ) {}

  write(record: InstanceRecord): Promise<void> {
    const slot = this.#slots.get(record.instanceId) ?? { latest: record, writing: undefined };
    slot.latest = record;
    this.#slots.set(record.instanceId, slot);
    slot.writing ??= (async () => {
      try {
        for (let written: InstanceRecord | undefined; written !== slot.latest;) {
          written = slot.latest;
          await this.store.putInstance(written);
        }
      } catch (error) {
        this.log(`[durable] could not write the summary of ${record.instanceId}: ${String(error)}`);
      } finally {
        slot.writing = undefined;
        if (this.#slots.get(record.instanceId) === slot) this.#slots.delete(record.instanceId);
      }
    })();
    return slot.writing;
  }
}
