import type { Clock } from './clock';
import type { LoadedInstance } from './instance';
import type { DurableStore } from './store';

/**
 * What the engine's parts read from the engine: the instances in memory, storage, the clock, and the one way to get
 * an instance an episode. DurableEngine implements it; each part receives the engine typed as this, nothing wider.
 */
export interface EngineCore {
  readonly instances: Map<string, LoadedInstance>;
  readonly store: DurableStore;
  readonly clock: Clock;
  /** Queues an episode for the instance; a no-op when one is queued already or the engine has stopped. */
  schedule(instance: LoadedInstance): void;
}
