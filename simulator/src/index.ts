export { startSimulator, type SimulatorHandle, type SimulatorOptions } from './server';
export {
  ensureDemoTopology,
  DEMO_CLUSTERS,
  DEMO_RESOURCE_GROUP,
  DEMO_SUBSCRIPTION_ID,
  type DemoTopology,
} from './demo-topology';
export { createLocalContainerServiceClient, LOCAL_CREDENTIAL } from './arm-client';
export { DEFAULT_CATALOG, CatalogSchema, type Catalog, type CatalogVersion } from './catalog.schema';
export { DEFAULT_SETTINGS, type Settings } from './settings.schema';
export { SIM_TAGS, DEFAULT_FAIL_CODE } from './sim-tags';
export type { OperationRecord, OperationKind, OperationStatus } from './state.schema';
