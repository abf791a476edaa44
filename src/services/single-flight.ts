/**
 * Coalesces concurrent reads of one key. A caller never joins a read already under way (it may have missed a write
 * that completed just before the call): it joins the next read, which starts when the current one ends, and every
 * caller that arrives meanwhile shares that one. So at most one read per key runs at a time, each caller gets a
 * result read after it arrived, and a burst of N callers costs two reads, not N.
 */
export class SingleFlight<T> {
  private readonly running = new Map<string, Promise<T>>();
  private readonly next = new Map<string, Promise<T>>();

  run(key: string, read: () => Promise<T>): Promise<T> {
    const queued = this.next.get(key);
    if (queued) return queued;
    const running = this.running.get(key);
    if (!running) return this.start(key, read);
    const after = running.then(
      () => undefined,
      () => undefined,
    );
    const following = after.then(() => {
      this.next.delete(key);
      return this.start(key, read);
    });
    this.next.set(key, following);
    return following;
  }

  /** True while a read of `key` runs or waits to run (a caller content with either need not start another). */
  busy(key: string): boolean {
    return this.running.has(key) || this.next.has(key);
  }

  private start(key: string, read: () => Promise<T>): Promise<T> {
    const flight: Promise<T> = Promise.resolve()
      .then(read)
      .finally(() => {
        if (this.running.get(key) === flight) this.running.delete(key);
      });
    this.running.set(key, flight);
    return flight;
  }
}
