import { HttpResponse } from '@azure/functions';
import { describe, expect, it } from 'vitest';
import { preparedBody } from '../../../src/functions/prepared-body';

/** What the worker does with a handler's response before the host gets it (toRpcHttp). */
async function bytesSentFor(body: ReadableStream<Uint8Array>): Promise<Buffer> {
  return Buffer.from(await new HttpResponse({ body }).arrayBuffer());
}

describe('preparedBody', () => {
  it('hands the worker the prepared bytes, and leaves them intact for the next response', async () => {
    const bytes = Buffer.from(JSON.stringify({ members: Array.from({ length: 5000 }, (_, i) => `m${i}`) }));
    const copy = Buffer.from(bytes);
    expect((await bytesSentFor(preparedBody(bytes))).equals(copy)).toBe(true);
    expect((await bytesSentFor(preparedBody(bytes))).equals(copy)).toBe(true);
    expect(bytes.byteLength).toBe(copy.byteLength);
    expect(bytes.equals(copy)).toBe(true);
  });

  it('hands over an empty body as no bytes', async () => {
    expect(await bytesSentFor(preparedBody(new Uint8Array(0)))).toHaveLength(0);
  });
});
