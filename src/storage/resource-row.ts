import { z } from 'zod';
import type { ResourceMeta } from '../api/resource';
import type { Columns, Row } from './entity-table';

/** A string column holds at most 64 KiB (32K UTF-16 units); documents are split across `doc0..docN`. */
const DOC_CHUNK_CHARS = 30_000;

const EnvelopeSchema = z.object({
  name: z.string(),
  eTag: z.string(),
  provisioningState: z.string(),
  createdAt: z.string(),
  createdBy: z.string().optional(),
  createdByType: z.string().optional(),
  lastModifiedAt: z.string(),
  lastModifiedBy: z.string().optional(),
  lastModifiedByType: z.string().optional(),
  docChunks: z.number().int().min(1),
});

/** A resource as read from its row, with the table ETag its next conditional write must carry. */
export interface StoredResource<D> {
  meta: ResourceMeta;
  doc: D;
  tableETag: string;
}

export function toColumns(meta: ResourceMeta, doc: unknown, index: Columns = {}): Columns {
  const json = JSON.stringify(doc);
  const chunks: Columns = {};
  let count = 0;
  for (let offset = 0; offset < json.length || count === 0; offset += DOC_CHUNK_CHARS) {
    chunks[`doc${count}`] = json.slice(offset, offset + DOC_CHUNK_CHARS);
    count += 1;
  }
  const { systemData } = meta;
  return {
    ...index,
    name: meta.name,
    eTag: meta.eTag,
    provisioningState: meta.provisioningState,
    createdAt: systemData.createdAt,
    lastModifiedAt: systemData.lastModifiedAt,
    ...(systemData.createdBy !== undefined ? { createdBy: systemData.createdBy } : {}),
    ...(systemData.createdByType !== undefined ? { createdByType: systemData.createdByType } : {}),
    ...(systemData.lastModifiedBy !== undefined ? { lastModifiedBy: systemData.lastModifiedBy } : {}),
    ...(systemData.lastModifiedByType !== undefined ? { lastModifiedByType: systemData.lastModifiedByType } : {}),
    docChunks: count,
    ...chunks,
  };
}

/** Parses a row back, validating both the envelope and the document (rows are a trust boundary too). */
export function fromRow<D>(row: Row, docSchema: z.ZodType<D>): StoredResource<D> {
  try {
    return parseRow(row, docSchema);
  } catch (error) {
    // Not the caller's fault: must surface as a 500, never as a 400 naming a field of the request.
    throw new Error(`Stored row ${row.partitionKey}/${row.rowKey} is invalid`, { cause: error });
  }
}

function parseRow<D>(row: Row, docSchema: z.ZodType<D>): StoredResource<D> {
  const envelope = EnvelopeSchema.parse(row.columns);
  let json = '';
  for (let i = 0; i < envelope.docChunks; i += 1) json += z.string().parse(row.columns[`doc${i}`]);
  const doc = docSchema.parse(JSON.parse(json));
  const { name, eTag, provisioningState, docChunks: _chunks, ...systemData } = envelope;
  return { meta: { name, eTag, provisioningState, systemData }, doc, tableETag: row.tableETag };
}
