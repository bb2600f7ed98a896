import { status } from '@grpc/grpc-js';
import { Client, Connection } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { CASE_SEARCH_ATTRIBUTES } from './searchAttributes';

const INDEXED_VALUE_TYPES = {
  KEYWORD: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  TEXT: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_TEXT,
  INT: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_INT,
  DOUBLE: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_DOUBLE,
  BOOL: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_BOOL,
  DATETIME: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_DATETIME,
  KEYWORD_LIST: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD_LIST,
} as const;

/** Connects to the Temporal frontend, waiting up to `timeoutMs` for it to come up. */
export async function connectTemporal(address: string, timeoutMs = 30_000): Promise<Connection> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await Connection.connect({ address, connectTimeout: 2_000 });
    } catch (err) {
      if (Date.now() > deadline) throw new Error(`Temporal at ${address} is not reachable: ${(err as Error).message}`);
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

/** A client that encrypts and decrypts every payload (src/temporal/codec.ts). */
export function temporalClient(connection: Connection, namespace: string, dataConverter: DataConverter): Client {
  return new Client({ connection, namespace, dataConverter });
}

/**
 * Registers the case search attributes that the namespace lacks (on a dev server started by
 * someone else, on the test server, on a production cluster). Safe to repeat.
 */
export async function ensureSearchAttributes(connection: Connection, namespace: string): Promise<void> {
  let known: Record<string, unknown> = {};
  try {
    const existing = await connection.operatorService.listSearchAttributes({ namespace });
    known = { ...existing.customAttributes, ...existing.systemAttributes };
  } catch (err) {
    // The time-skipping test server cannot list search attributes, only add them.
    if ((err as { code?: number }).code !== status.UNIMPLEMENTED) throw err;
  }
  const missing = CASE_SEARCH_ATTRIBUTES.filter((k) => !(k.name in known));
  if (missing.length === 0) return;
  await connection.operatorService.addSearchAttributes({
    namespace,
    searchAttributes: Object.fromEntries(missing.map((k) => [k.name, INDEXED_VALUE_TYPES[k.type]])),
  });
}
