import { TableClient } from '@azure/data-tables';
import { describe, expect, inject, it } from 'vitest';
import { connectionStringFor, resolveConnectionString } from '../../devhost/src/azurite';

describe('embedded Azurite', () => {
  it('maps UseDevelopmentStorage=true to the default loopback ports', () => {
    expect(resolveConnectionString('UseDevelopmentStorage=true')).toBe(
      connectionStringFor({ blob: 10000, queue: 10001, table: 10002 }),
    );
  });

  it('serves tables to the test run', async () => {
    const client = TableClient.fromConnectionString(inject('storageConnectionString'), 'smoke', {
      allowInsecureConnection: true,
    });
    await client.createTable();
    await client.upsertEntity({ partitionKey: 'p', rowKey: 'r', value: 42 });
    const entity = await client.getEntity<{ value: number }>('p', 'r');
    expect(entity.value).toBe(42);
  });
});
