import type { OperationEngine } from './operations.engine';
import type { Settings } from './settings.schema';
import type { SimState } from './state.store';

/** What every route handler works with. */
export interface SimContext {
  state: SimState;
  engine: OperationEngine;
  settings: () => Settings;
  updateSettings: (patch: Partial<Settings>) => Settings;
  clock: () => number;
}
