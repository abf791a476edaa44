import type { TestProject } from 'vitest/node' with { 'resolution-mode': 'import' };
import { startAzurite, type AzuriteHandle } from '../../devhost/src/azurite';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Connection string of the Azurite that this test run started (in-memory, free ports). */
    storageConnectionString: string;
  }
}

let azurite: AzuriteHandle | undefined;

/** One embedded Azurite for the whole test run; suites isolate themselves by table or hub name. */
export async function setup(project: TestProject): Promise<void> {
  const external = process.env.TEST_STORAGE_CONNECTION_STRING;
  if (external) {
    project.provide('storageConnectionString', external);
    return;
  }
  azurite = await startAzurite({ ports: 'free' });
  project.provide('storageConnectionString', azurite.connectionString);
}

export async function teardown(): Promise<void> {
  await azurite?.stop();
}
