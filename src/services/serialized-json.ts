import { gzip } from 'node:zlib';
import { promisify } from 'node:util';

const gzipAsync = promisify(gzip);

/**
 * A response document serialized once and kept while it is unchanged: its UTF-8 JSON, and the same compressed with
 * gzip for clients that accept it (made on first use, off the event loop, then kept too).
 */
export interface SerializedJson {
  bytes: Uint8Array;
  gzipped(): Promise<Uint8Array>;
}

export function serializeJson(value: unknown): SerializedJson {
  const bytes = Buffer.from(JSON.stringify(value));
  let gzipped: Promise<Uint8Array> | undefined;
  return {
    bytes,
    // Fastest level: a status document shrinks about ninefold either way, and it is made again at each change.
    gzipped: () => (gzipped ??= gzipAsync(bytes, { level: 1 })),
  };
}
